"""Maze grids: seeded generators and BFS distance maps.

Grids are boolean numpy arrays, True for wall, indexed [row, col]. Cells on the border are
always walls. Generators take a `np.random.Generator`; the same generator state gives the same
maze.
"""

from __future__ import annotations

import numpy as np

from .kinds import MOVES, Landmark, MazeAlgorithm

UNREACHABLE = np.int32(1 << 20)


def backtracker(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A perfect maze (one path between any two cells) by recursive backtracking.

    Rooms sit on odd coordinates; an even width or height leaves the last column or row as wall.
    """
    walls = np.ones((height, width), dtype=bool)
    rows = range(1, height - 1, 2)
    cols = range(1, width - 1, 2)
    if not rows or not cols:
        return walls
    # Plain Python lists in the loop (numpy scalar access is slower); `open_` marks the room
    # cells still walled, with a border of False so no bounds checks are needed.
    open_ = [[False] * (width + 4) for _ in range(height + 4)]
    for r in rows:
        for c in cols:
            open_[r + 2][c + 2] = True
    start = (rows[-1], cols[0])
    open_[start[0] + 2][start[1] + 2] = False
    walls[start] = False
    stack = [start]
    steps = ((-2, 0), (0, 2), (2, 0), (0, -2))
    integers = rng.integers
    while stack:
        r, c = stack[-1]
        options = [(dr, dc) for dr, dc in steps if open_[r + dr + 2][c + dc + 2]]
        if not options:
            stack.pop()
            continue
        dr, dc = options[int(integers(len(options)))]
        walls[r + dr // 2, c + dc // 2] = False
        r, c = r + dr, c + dc
        walls[r, c] = False
        open_[r + 2][c + 2] = False
        stack.append((r, c))
    return walls


def add_loops(walls: np.ndarray, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Knock out a fraction of the inner walls that separate two corridors, making loops."""
    walls = walls.copy()
    h, w = walls.shape
    inner = np.zeros_like(walls)
    inner[1:-1, 1:-1] = walls[1:-1, 1:-1]
    floor = np.pad(~walls, 1)  # outside the grid counts as wall
    horizontal = floor[1:-1, :-2] & floor[1:-1, 2:]
    horizontal[:, w - 2 :] = False  # needs c + 1 < w - 1
    vertical = floor[:-2, 1:-1] & floor[2:, 1:-1]
    vertical[h - 2 :, :] = False  # needs r + 1 < h - 1
    candidates = np.argwhere(inner & (horizontal != vertical))
    if len(candidates) and fraction > 0:
        n = int(round(fraction * len(candidates)))
        knocked = candidates[rng.permutation(len(candidates))[:n]]
        walls[knocked[:, 0], knocked[:, 1]] = False
    return walls


def rooms(width: int, height: int, loops: float, rng: np.random.Generator) -> np.ndarray:
    """A maze with open rooms carved into it and some loops: many routes, shorter distances."""
    walls = backtracker(width, height, rng)
    n_rooms = max(1, (width * height) // 60)
    for _ in range(n_rooms):
        rh = int(rng.integers(3, 6))
        rw = int(rng.integers(3, 6))
        r0 = int(rng.integers(1, max(2, height - rh)))
        c0 = int(rng.integers(1, max(2, width - rw)))
        walls[r0 : min(r0 + rh, height - 1), c0 : min(c0 + rw, width - 1)] = False
    return add_loops(walls, max(loops, 0.1), rng)


def open_room(width: int, height: int) -> np.ndarray:
    """No inner walls: a plain room, for levels about objects rather than corridors."""
    walls = np.ones((height, width), dtype=bool)
    walls[1:-1, 1:-1] = False
    return walls


def generate(algorithm: MazeAlgorithm, width: int, height: int, loops: float, rng: np.random.Generator) -> np.ndarray:
    if algorithm == MazeAlgorithm.ROOMS:
        return rooms(width, height, loops, rng)
    if algorithm == MazeAlgorithm.OPEN:
        return open_room(width, height)
    walls = backtracker(width, height, rng)
    return add_loops(walls, loops, rng) if loops > 0 else walls


def distance_maps(walls: np.ndarray, sources: np.ndarray, blocked: np.ndarray | None = None) -> np.ndarray:
    """BFS distances from each source cell (flat index) to every cell: shape (n_sources, H*W).

    Walls and unreachable cells get UNREACHABLE. A source standing on a wall still gets distance
    0 at itself. `walls` is one (H, W) grid for every source, or (n_sources, H, W), one each;
    `blocked` (n_sources, H, W), if given, adds walls for one source only (cells to route around).

    All sources expand together and only their frontiers are touched (flat cell indices on a
    wall-padded grid), so the work is the number of reachable cells, not rings x cells: a long
    corridor in a 128x128 maze costs its length in small steps, not its length in full-grid passes.
    """
    h, w = walls.shape[-2:]
    n = len(sources)
    if n == 0:
        return np.full((0, h * w), UNREACHABLE, dtype=np.int32)
    hp, wp = h + 2, w + 2
    cp = hp * wp
    free = np.zeros((n, hp, wp), dtype=bool)
    free[:, 1:-1, 1:-1] = ~walls if blocked is None else ~walls & ~blocked
    free = free.reshape(-1)
    src = np.asarray(sources, dtype=np.int64)
    frontier = np.arange(n, dtype=np.int64) * cp + (src // w + 1) * wp + src % w + 1
    dist = np.full(n * cp, UNREACHABLE, dtype=np.int32)
    dist[frontier] = 0
    free[frontier] = False  # visited cells are no longer free
    stamp = np.zeros(n * cp, dtype=np.int64)  # scratch for dropping duplicates in a ring
    offsets = np.array([-wp, 1, wp, -1], dtype=np.int64)
    d = 0
    while frontier.size:
        d += 1
        cand = (frontier[:, None] + offsets).reshape(-1)
        cand = cand[free[cand]]
        if not cand.size:
            break
        order = np.arange(cand.size)
        stamp[cand] = order
        cand = cand[stamp[cand] == order]  # one entry per newly reached cell
        free[cand] = False
        dist[cand] = d
        frontier = cand
    return np.ascontiguousarray(dist.reshape(n, hp, wp)[:, 1:-1, 1:-1]).reshape(n, h * w)


def next_actions(walls: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """For each source and cell, the first action (in Action order) that steps one closer.

    Shape (n_sources, H*W), int8; STAY (4) at the source itself and where it is unreachable.
    """
    h, w = walls.shape
    n = dist.shape[0]
    grid = dist.reshape(n, h, w)
    padded = np.pad(grid, ((0, 0), (1, 1), (1, 1)), constant_values=UNREACHABLE)
    best = np.full((n, h, w), 4, dtype=np.int8)
    found = (grid == 0) | (grid >= UNREACHABLE)
    for action, (dr, dc) in enumerate(MOVES[:4]):
        neighbour = padded[:, 1 + dr : 1 + dr + h, 1 + dc : 1 + dc + w]
        step = ~found & (neighbour == grid - 1)
        best[step] = action
        found |= step
    return best.reshape(n, h * w)


def reachable(walls: np.ndarray, start: tuple[int, int]) -> np.ndarray:
    """Boolean grid of the cells reachable from start."""
    h, w = walls.shape
    d = distance_maps(walls, np.array([start[0] * w + start[1]]))[0]
    return (d < UNREACHABLE).reshape(h, w)


def landmark_cells(walls: np.ndarray) -> list[tuple[int, int]]:
    """The floor cell nearest each corner, in Landmark order, as (row, col)."""
    h, w = walls.shape
    rr, cc = np.nonzero(~walls)
    corners = {Landmark.TOP_LEFT: (0, 0), Landmark.TOP_RIGHT: (0, w - 1),
               Landmark.BOTTOM_LEFT: (h - 1, 0), Landmark.BOTTOM_RIGHT: (h - 1, w - 1)}
    cells = []
    for lm in Landmark:
        r0, c0 = corners[lm]
        i = int(np.argmin(np.abs(rr - r0) + np.abs(cc - c0)))
        cells.append((int(rr[i]), int(cc[i])))
    return cells


# Sources per BFS call x padded cells: bounds the temporary memory of a batched BFS (~15 bytes
# each) while keeping the calls few (each costs a small step per ring of the longest distance).
BFS_CHUNK = 4_000_000


def route_maps(grids: list, out: dict, t: int) -> None:
    """Distances and next actions for every layout of a batch being compiled, and routing, with
    BFS batched over layouts. `grids` holds per layout (walls, hazard walls or None when there
    are no hazards, blocked cells per target or None); `out` receives dist, act, dist_safe,
    act_safe and forced, (L, t, cells) each (forced (L, 2, t, cells)), and holds tcell.

    For each routing (plain, hazards as walls) a plan goes round the `blocked` cells (terminal
    objects on the way) where a way round exists, and straight through them only where none does.
    A layout without hazards routes the same both ways, so its safe maps are copies.
    """
    jobs = []  # (layout, routing, around?, walls (t, H, W) per source)
    for li, (walls, hazard_walls, blocked) in enumerate(grids):
        for k, grid in enumerate((walls, hazard_walls)):
            if grid is None:
                continue
            jobs.append((li, k, False, np.broadcast_to(grid, (t,) + grid.shape)))
            if blocked is not None:
                jobs.append((li, k, True, grid[None] | blocked))
    height, width = grids[0][0].shape
    per_job = t * (height + 2) * (width + 2)
    step = max(1, BFS_CHUNK // max(per_job, 1))
    maps: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    for i in range(0, len(jobs), step):
        chunk = jobs[i : i + step]
        sources = np.concatenate([out["tcell"][li] for li, _, _, _ in chunk])
        dist = distance_maps(np.concatenate([w for _, _, _, w in chunk]), sources)
        act = next_actions(grids[0][0], dist)
        for j, (li, k, detour, _) in enumerate(chunk):
            maps[li, k, detour] = dist[j * t : (j + 1) * t], act[j * t : (j + 1) * t]
    for li, (_, hazard_walls, blocked) in enumerate(grids):
        for k, key in enumerate(("", "_safe")):
            kk = k if hazard_walls is not None else 0
            plain, plain_act = maps[li, kk, False]
            if blocked is None:
                out["dist" + key][li], out["act" + key][li] = plain, plain_act
                continue
            around, around_act = maps[li, kk, True]
            ok = around < UNREACHABLE
            out["dist" + key][li] = np.where(ok, around, plain)
            out["act" + key][li] = np.where(ok, around_act, plain_act)
            out["forced"][li, k] = ~ok & (plain < UNREACHABLE)
