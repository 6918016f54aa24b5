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
from typing import TYPE_CHECKING

import numpy as np

from .maze import UNREACHABLE, route_maps

if TYPE_CHECKING:
    from .batch import LayoutBatch

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
    Distances and actions are the ones a target standing on each cell would get (the same BFS,
    routing around terminal objects where a way round exists)."""
    cells = shape[0] * shape[1]
    moving = [li for li, walk in enumerate(walks) if walk]
    if not moving:
        return no_routes(cells)
    rows = max(len(walks[li]) for li in moving)
    tcell = np.zeros((len(moving), rows), np.int64)
    jobs = []
    for k, li in enumerate(moving):
        walk = walks[li]
        tcell[k] = walk + [walk[-1]] * (rows - len(walk))  # padded with its last cell
        walls, hazard_walls, ends = grids[li]
        jobs.append((walls, hazard_walls, blocked_cells(ends, tcell[k], shape)))
    out = {"tcell": tcell, "forced": np.zeros((len(moving), 2, rows, cells), bool)}
    for name, dtype in (("dist", np.int32), ("act", np.int8), ("dist_safe", np.int32), ("act_safe", np.int8)):
        out[name] = np.zeros((len(moving), rows, cells), dtype)
    route_maps(jobs, out, rows)
    keys = ("", "_safe") if any(hazard is not None for _, hazard, _ in jobs) else ("",)
    dist = np.stack([np.concatenate([out["dist" + key][k, : len(walks[li])] for k, li in enumerate(moving)])
                     for key in keys])
    act = np.stack([np.concatenate([out["act" + key][k, : len(walks[li])] for k, li in enumerate(moving)])
                    for key in keys])
    dist16 = np.where(dist >= UNREACHABLE, NO_ROUTE, np.minimum(dist, NO_ROUTE - 1)).astype(np.int16)
    return RouteMaps(np.concatenate([np.asarray(walks[li], np.int64) for li in moving]), dist16, act)


def end_cells(batch: LayoutBatch) -> np.ndarray:
    """(L, T) where each target stands at the end: its cell, or where a moving object's walk ends."""
    out = batch.tcell.copy()
    moving = batch.mover >= 0
    out[moving] = batch.routes.cell[batch.mover[moving] + batch.last_step[moving]]
    return out


def end_distance(batch: LayoutBatch) -> np.ndarray:
    """(L, T) shortest distance from the start to where each target stands at the end, int64,
    UNREACHABLE where there is no route."""
    out = batch.dist_from_start().astype(np.int64)
    lay, slot = np.nonzero(batch.mover >= 0)
    if lay.size:
        row = batch.mover[lay, slot] + batch.last_step[lay, slot]
        d = batch.routes.dist[0, row, batch.start[lay]].astype(np.int64)
        out[lay, slot] = np.where(d == NO_ROUTE, int(UNREACHABLE), d)
    return out
