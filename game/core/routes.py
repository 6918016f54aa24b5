"""Moving objects (a guide walking its route): one target each, whose cell changes with the step.

A moving object is ONE target slot of a LayoutBatch. Its maps there (distance, action, perception)
are those of where it starts. `RouteMaps` holds, for every step of its walk (one row per step,
start included), the distance and the next action from every cell to where it stands then, per
routing, so at step t the planner values it, perceives it and walks to it where it stands
(`moving.MovingPlannerPolicy`). Rows are built once per compiled batch and shared by its subsets.

Memory: 3 bytes per route step and cell (2 for the distance, 1 for the action), twice when some
layout has hazards (a hazard-avoiding routing differs); a guide's walk is a shortest path, so at
most one row per cell of its maze. `cost.estimate` counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .maze import BFS_CHUNK, UNREACHABLE, distance_maps, next_actions

NO_ROUTE = 32767  # RouteMaps.dist where a cell has no route to the row's cell (UNREACHABLE in the batch)
ROUTE_BYTES = 3  # per routing, route step and cell


@dataclass(frozen=True, eq=False)
class RouteMaps:
    """Every moving object's walk, one row per step, over the batch's distinct layouts."""

    cell: np.ndarray  # (R,) flat cell where the object stands at that step
    dist: np.ndarray  # (K, R, C) int16: distance from each cell to the row's cell, NO_ROUTE if none
    act: np.ndarray  # (K, R, C) int8: next action from each cell towards it (K routings: plain,
    # hazards as walls; K = 1 when no layout has hazards, where both are the same)

    @property
    def nbytes(self) -> int:
        return self.cell.nbytes + self.dist.nbytes + self.act.nbytes

    def routing(self, avoid: np.ndarray) -> np.ndarray:
        """Index of the routing (plain 0, hazard-avoiding 1) each episode uses, (B,) int64."""
        return avoid.astype(np.int64) if len(self.dist) == 2 else np.zeros(len(avoid), np.int64)


def no_routes(cells: int) -> RouteMaps:
    return RouteMaps(np.zeros(0, np.int64), np.zeros((1, 0, cells), np.int16), np.zeros((1, 0, cells), np.int8))


def blocked_cells(ends: Sequence[tuple[int, int]], sources: np.ndarray, shape: tuple[int, int]) -> np.ndarray | None:
    """Per source, the terminal objects a plan towards it must not cross (its own cell excepted):
    (n_sources, H, W) bool, or None when there are none."""
    if not ends:
        return None
    blocked = np.zeros((len(sources),) + shape, bool)
    for r, c in ends:
        blocked[:, r, c] = True
    blocked.reshape(len(sources), -1)[np.arange(len(sources)), sources] = False
    return blocked


def compile_routes(walks: Sequence[list[int]], grids: Sequence[tuple], shape: tuple[int, int]) -> RouteMaps:
    """RouteMaps for a batch being compiled: `walks` holds per layout the flat cells of its moving
    objects' walks, in row order; `grids` per layout (walls, hazard walls or None, terminal ends).
    Distances and actions are the ones a target standing on each cell would get (maze.route_maps:
    round terminal objects where a way round exists, straight through where none does). Every
    row is one source of a batched BFS with its own layout's walls, in chunks of bounded memory."""
    h, w = shape
    cells = h * w
    moving = [li for li, walk in enumerate(walks) if walk]
    if not moving:
        return no_routes(cells)
    src = np.concatenate([np.asarray(walks[li], np.int64) for li in moving])
    owner = np.repeat(np.arange(len(moving)), [len(walks[li]) for li in moving])  # row -> moving layout
    ends = np.zeros((len(moving), h, w), bool)
    for j, li in enumerate(moving):
        for r, c in grids[li][2]:
            ends[j, r, c] = True
    routings = (0, 1) if any(grids[li][1] is not None for li in moving) else (0,)
    dist = np.empty((len(routings), len(src), cells), np.int16)
    act = np.empty((len(routings), len(src), cells), np.int8)
    step = max(1, BFS_CHUNK // ((h + 2) * (w + 2)))
    for k in routings:
        walls = np.stack([grids[li][1] if k and grids[li][1] is not None else grids[li][0] for li in moving])
        for lo in range(0, len(src), step):
            rows = np.arange(lo, min(lo + step, len(src)))
            grid, source = walls[owner[rows]], src[rows]
            plain = distance_maps(grid, source)
            plain_act = next_actions(grid[0], plain)
            blocked = ends[owner[rows]]
            blocked.reshape(len(rows), -1)[np.arange(len(rows)), source] = False
            detour = np.flatnonzero(blocked.any(axis=(1, 2)))
            if detour.size:
                around = distance_maps(grid[detour], source[detour], blocked[detour])
                ok = around < UNREACHABLE
                plain[detour] = np.where(ok, around, plain[detour])
                plain_act[detour] = np.where(ok, next_actions(grid[0], around), plain_act[detour])
            dist[k, rows] = np.where(plain >= UNREACHABLE, NO_ROUTE, np.minimum(plain, NO_ROUTE - 1))
            act[k, rows] = plain_act
    return RouteMaps(src, dist, act)
