"""Concrete layouts: a walls grid, a start, placed objects and context flags.

`realise` turns one LayoutSpec (ASCII map or generator) into a Layout; `sample_pool` draws a
seeded pool of layouts from a weighted set of specs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import LevelError
from .kinds import CORNERS, Where
from .level import GeneratorSpec, LayoutSpec, LegendEntry, Level, MapSpec
from .maze import UNREACHABLE, distance_maps, generate, landmark_cells


@dataclass(frozen=True)
class PlacedObject:
    kind: str
    colour: str | None
    pos: tuple[int, int]  # (row, col); for a moving object, where it starts
    leads_to: str | None = None
    route: tuple[tuple[int, int], ...] = ()  # a moving object's cells, one per step, start included

    @property
    def moves(self) -> bool:
        return bool(self.route)

    def position_at(self, t: int) -> tuple[int, int]:
        """Where it stands at step t (a guide walks its route, then waits at the end)."""
        return self.route[min(t, len(self.route) - 1)] if self.route else self.pos


@dataclass(frozen=True, eq=False)
class Layout:
    """One maze an episode runs in."""

    walls: np.ndarray  # (H, W) bool, True = wall
    start: tuple[int, int]
    objects: tuple[PlacedObject, ...]
    context: Mapping[str, bool] = field(default_factory=dict)
    spec_index: int = 0

    @property
    def shape(self) -> tuple[int, int]:
        return self.walls.shape

    def object_at(self, pos: tuple[int, int]) -> PlacedObject | None:
        for obj in self.objects:
            if obj.pos == pos:
                return obj
        return None

    def to_rows(self, legend: Mapping[str, LegendEntry]) -> list[str]:
        """ASCII rows using legend characters (unknown objects shown as '?')."""
        chars = {(e.kind, e.colour): ch for ch, e in legend.items() if e.cell == "object"}
        rows = [["#" if wall else "." for wall in row] for row in self.walls]
        rows[self.start[0]][self.start[1]] = "S"
        for obj in self.objects:
            rows[obj.pos[0]][obj.pos[1]] = chars.get((obj.kind, obj.colour), "?")
        return ["".join(r) for r in rows]


def parse_map(spec: MapSpec, legend: Mapping[str, LegendEntry], path: tuple) -> tuple[np.ndarray, tuple[int, int], list[PlacedObject]]:
    """Read an ASCII map. Errors carry path + (row, col) so the loader can point at the cell."""
    rows = spec.rows
    mpath = path + ("map",)
    if not rows:
        raise LevelError("the map is empty", fix="draw the maze with one text line per row", path=mpath)
    width = len(rows[0])
    for i, row in enumerate(rows):
        if row[:1] == " " and " " not in legend:
            shift = len(row) - len(row.lstrip(" "))
            raise LevelError(f"row {i + 1} of the map is indented {shift} space{'s' * (shift != 1)} more than row 1",
                             fix="indent every row of the map by the same number of spaces",
                             path=mpath + (i, 0))
        if len(row) != width:
            raise LevelError(
                f"ragged rows: row {i + 1} has {len(row)} characters but row 1 has {width}",
                fix="make every row of the map the same length (pad with '#')",
                path=mpath + (i, min(len(row), width)),
            )
    from .level import MAX_SIZE

    if width > MAX_SIZE or len(rows) > MAX_SIZE:
        raise LevelError(
            f"the map is {width}x{len(rows)}, larger than the limit of {MAX_SIZE}x{MAX_SIZE}",
            fix=f"make the map at most {MAX_SIZE} characters wide and {MAX_SIZE} rows tall",
            path=mpath,
        )
    walls = np.ones((len(rows), width), dtype=bool)
    start = None
    objects: list[PlacedObject] = []
    for r, row in enumerate(rows):
        for c, ch in enumerate(row):
            entry = legend.get(ch)
            if entry is None and not ch.isprintable():
                name = {"\t": "a tab", "\r": "a carriage return"}.get(ch, f"the invisible character U+{ord(ch):04X}")
                raise LevelError(
                    f"{name} in the map (row {r + 1})",
                    fix="draw the map with visible characters only: '#' wall, '.' floor (indent with spaces, not tabs)",
                    path=mpath + (r, c),
                )
            if entry is None:
                raise LevelError(
                    f"unknown map character '{ch}'",
                    fix=f"add '{ch}' to the legend, or use one of: " + " ".join(sorted(legend)),
                    path=mpath + (r, c),
                )
            on_edge = r in (0, len(rows) - 1) or c in (0, width - 1)
            if entry.cell != "wall" and on_edge:
                raise LevelError(
                    "the map's border must be wall",
                    fix="surround the maze with '#'",
                    path=mpath + (r, c),
                )
            walls[r, c] = entry.cell == "wall"
            if entry.cell == "start":
                if start is not None:
                    raise LevelError("the map has two starts", fix="keep exactly one 'S'", path=mpath + (r, c))
                start = (r, c)
            elif entry.cell == "object":
                objects.append(PlacedObject(entry.kind, entry.colour, (r, c), entry.leads_to))
    if start is None:
        raise LevelError("the map has no start", fix="put an 'S' on a floor cell", path=mpath)
    return walls, start, objects


def _region(walls: np.ndarray, where: Where, size: int, start_dist: np.ndarray | None) -> np.ndarray:
    """Boolean mask of floor cells matching a `where` rule (start_dist: BFS distances from the
    start, needed only for far-from-start)."""
    h, w = walls.shape
    rr, cc = np.ogrid[0:h, 0:w]  # a column and a row: each rule broadcasts to (h, w) below
    k = size
    rules = {  # only the rule asked for is built
        Where.TOP_RIGHT: lambda: (rr <= k) & (cc >= w - 1 - k),
        Where.TOP_LEFT: lambda: (rr <= k) & (cc <= k),
        Where.BOTTOM_RIGHT: lambda: (rr >= h - 1 - k) & (cc >= w - 1 - k),
        Where.BOTTOM_LEFT: lambda: (rr >= h - 1 - k) & (cc <= k),
        Where.RIGHT_EDGE: lambda: cc >= w - 1 - k,
        Where.LEFT_EDGE: lambda: cc <= k,
        Where.TOP_EDGE: lambda: rr <= k,
        Where.BOTTOM_EDGE: lambda: rr >= h - 1 - k,
        Where.CENTRE: lambda: (abs(rr - h // 2) <= k // 2 + 1) & (abs(cc - w // 2) <= k // 2 + 1),
        Where.NEAR_START: lambda: (start_dist <= k) if start_dist is not None else True,
    }
    if where == Where.FAR_FROM_START and start_dist is not None:
        d = start_dist
        ok = d < UNREACHABLE
        cut = np.quantile(d[ok], 0.75) if ok.any() else 0
        mask = ok & (d >= cut)
    else:
        mask = rules[where]() if where in rules else True  # anywhere (far-from-start without distances)
    return mask & ~walls


def _untaken(mask: np.ndarray, taken: set) -> np.ndarray:
    """(n, 2) row-major (row, col) of the cells in mask not yet taken."""
    mask = mask.copy()
    for r, c in taken:
        mask[r, c] = False
    return np.argwhere(mask)


def _pick(walls: np.ndarray, mask: np.ndarray, taken: set, rng: np.random.Generator, corner: Where) -> tuple[int, int]:
    cells = _untaken(mask, taken)
    if not len(cells):
        # Region full or all wall: fall back to the free floor cell nearest the region's corner.
        h, w = walls.shape
        target = {Where.TOP_RIGHT: (0, w), Where.TOP_LEFT: (0, 0), Where.BOTTOM_RIGHT: (h, w)}.get(corner, (h, 0))
        free = _untaken(~walls, taken)
        if not len(free):
            raise LevelError("no free floor cell left to place an object", fix="make the maze bigger or place fewer objects")
        r, c = free[int(np.argmin(np.abs(free[:, 0] - target[0]) + np.abs(free[:, 1] - target[1])))]
        return int(r), int(c)
    if corner in CORNERS and mask.sum() <= 1:
        return int(cells[0, 0]), int(cells[0, 1])
    r, c = cells[int(rng.integers(len(cells)))]
    return int(r), int(c)


def _generate(spec: GeneratorSpec, rng: np.random.Generator, path: tuple = ()) -> tuple[np.ndarray, tuple[int, int], list[PlacedObject]]:
    width, height = spec.size
    walls = generate(spec.algorithm, width, height, spec.loops, rng)
    taken: set[tuple[int, int]] = set()
    start = _pick(walls, _region(walls, spec.start, 1, None), taken, rng, spec.start)
    taken.add(start)
    h, w = walls.shape
    # Distances from the start, only for the rules that ask for them (a BFS over a big maze).
    near = any(rule.where in (Where.NEAR_START, Where.FAR_FROM_START) for rule in spec.place)
    start_dist = distance_maps(walls, np.array([start[0] * w + start[1]]))[0].reshape(h, w) if near else None
    objects = []
    for rule in spec.place:
        for _ in range(rule.count):
            if rule.probability < 1.0 and rng.random() >= rule.probability:
                continue
            try:
                pos = _pick(walls, _region(walls, rule.where, rule.region, start_dist), taken, rng, rule.where)
            except LevelError as err:
                raise LevelError(err.message, fix=err.fix, path=path + ("generate", "place")) from None
            taken.add(pos)
            objects.append(PlacedObject(rule.kind, rule.colour, pos, rule.leads_to))
    return walls, start, objects


def realise(level: Level, index: int, spec: LayoutSpec, rng: np.random.Generator) -> Layout:
    """Make one concrete layout from a spec (ASCII maps are fixed; generators draw from rng)."""
    if isinstance(spec.source, MapSpec):
        walls, start, objects = parse_map(spec.source, level.legend, spec.path)
    else:
        walls, start, objects = _generate(spec.source, rng, spec.path)
    context = {name: bool(rng.random() < p) if 0 < p < 1 else p >= 1 for name, p in spec.context.items()}
    return Layout(walls, start, _routes(walls, objects), context, index)


def _routes(walls: np.ndarray, objects: list[PlacedObject]) -> tuple[PlacedObject, ...]:
    """Give every moving object its route (shortest path to the nearest object of the kind it
    leads to, or to a corner), and put movers last so fixed objects keep their indices."""
    from dataclasses import replace

    from .level import LANDMARK_KEYS

    h, w = walls.shape
    fixed = [o for o in objects if o.leads_to is None]
    movers = []
    for obj in objects:
        if obj.leads_to is None:
            continue
        if obj.leads_to in LANDMARK_KEYS:
            goals = [landmark_cells(walls)[LANDMARK_KEYS.index(obj.leads_to)]]
        else:
            goals = [o.pos for o in fixed if o.kind == obj.leads_to]
        dist = distance_maps(walls, np.array([obj.pos[0] * w + obj.pos[1]]))[0].reshape(h, w)
        reachable_goals = [g for g in goals if dist[g] < UNREACHABLE]
        if not reachable_goals:
            movers.append(replace(obj, route=(obj.pos,)))
            continue
        cell = min(reachable_goals, key=lambda g: dist[g])
        route = [cell]
        while route[-1] != obj.pos:  # walk back down the distance map
            r, c = route[-1]
            route.append(min(((r + dr, c + dc) for dr, dc in ((-1, 0), (0, 1), (1, 0), (0, -1))),
                             key=lambda p: dist[p] if not walls[p] else UNREACHABLE))
        movers.append(replace(obj, route=tuple(reversed(route))))
    return tuple(fixed + movers)


def sample_pool(level: Level, specs: Sequence[LayoutSpec], n: int, rng: np.random.Generator) -> list[Layout]:
    """n layouts drawn from specs in proportion to their weights (stratified: a spec with weight
    share w gets floor(w * n) layouts, the remainder drawn at random by weight).

    When every spec is a fixed map with the same weight and a fixed context, the pool is just
    the maps, in order. A spec with weight 0 is never used.
    """
    weights = np.array([s.weight for s in specs], dtype=float)
    used = [i for i in range(len(specs)) if weights[i] > 0] or list(range(len(specs)))
    fixed_context = all(p in (0.0, 1.0) for s in specs for p in s.context.values())
    if all(isinstance(specs[i].source, MapSpec) for i in used) and fixed_context and len(set(weights[used])) == 1:
        return [realise(level, i, specs[i], rng) for i in used]
    if weights.sum() <= 0:
        weights = np.ones(len(specs))
    share = weights / weights.sum()
    counts = np.floor(share * n).astype(int)
    rest = n - counts.sum()
    if rest > 0:
        counts += np.bincount(rng.choice(len(specs), size=rest, p=share), minlength=len(specs))
    order = rng.permutation(np.repeat(np.arange(len(specs)), counts))
    return [realise(level, int(i), specs[int(i)], rng) for i in order]
