"""Layouts compiled into stacked numpy arrays, the form the batched simulation runs on.

Every layout of a set is padded to the set's largest size. Targets are the placed objects
followed by the four landmarks; for each target the batch holds a BFS distance map, the next
action towards it, and the same pair computed with hazard cells (lava, shortcut) treated as
walls, so a planner that dislikes a hazard can route around it. A moving object (a guide) is one
target whose cell changes with the step: its maps here are those of where it starts, and
`routes` (routes.py) holds the maps of every step of its walk.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from .kinds import Landmark
from .layouts import Layout
from .level import Level
from .maze import UNREACHABLE, landmark_cells, route_maps
from .routes import RouteMaps, blocked_cells, compile_routes


@dataclass(frozen=True)
class FeatureSpace:
    """What a mesa-objective can put weight on: object kinds, colours and landmarks."""

    kinds: tuple[str, ...]
    colours: tuple[str, ...]
    contexts: tuple[str, ...] = ()

    @property
    def landmarks(self) -> tuple[str, ...]:
        return tuple(lm.key for lm in Landmark)

    @property
    def names(self) -> tuple[str, ...]:
        return (
            tuple(f"{k}" for k in self.kinds)
            + tuple(f"{c} (colour)" for c in self.colours)
            + tuple(f"{lm} corner" for lm in self.landmarks)
        )

    @property
    def size(self) -> int:
        return len(self.kinds) + len(self.colours) + len(Landmark)

    def colour_offset(self) -> int:
        return len(self.kinds)

    def landmark_offset(self) -> int:
        return len(self.kinds) + len(self.colours)

    @classmethod
    def of_level(cls, level: Level) -> FeatureSpace:
        kinds: set[str] = set(level.objective.rewards)
        colours: set[str] = set()
        for entry in level.legend.values():
            if entry.cell == "object":
                kinds.add(entry.kind)
                if entry.colour:
                    colours.add(entry.colour)
        for spec in level.training + level.deployment:
            for rule in getattr(spec.source, "place", ()):
                kinds.add(rule.kind)
                if rule.colour:
                    colours.add(rule.colour)
        return cls(tuple(sorted(kinds)), tuple(sorted(colours)), level.contexts)


@dataclass(frozen=True, eq=False)
class LayoutBatch:
    """A set of layouts as arrays: L layouts, T targets each, C = H*W cells."""

    layouts: tuple[Layout, ...]
    height: int
    width: int
    walls: np.ndarray  # (L, C) bool
    start: np.ndarray  # (L,) int
    tcell: np.ndarray  # (L, T) int, target cell
    tkind: np.ndarray  # (L, T) feature index of its kind, -1 for landmarks/padding
    tcolour: np.ndarray  # (L, T) feature index of its colour, -1 if none
    tland: np.ndarray  # (L, T) feature index of its landmark, -1 for objects
    exists: np.ndarray  # (L, T) bool
    consumable: np.ndarray  # (L, T) bool
    terminal: np.ndarray  # (L, T) bool
    hazard: np.ndarray  # (L, T) bool
    requires: np.ndarray  # (L, T) kind index that must be held to reach it, -1 if none
    mover: np.ndarray  # (L, T) for a moving object: its first row in `routes` (its start); -1 otherwise
    last_step: np.ndarray  # (L, T) for a moving object: the step its walk ends, or max_steps - 1; 0 otherwise
    reward: np.ndarray  # (L, T) float, base-objective reward for reaching it
    goal: np.ndarray  # (L, T) bool, reaching it achieves the base objective
    obj_at: np.ndarray  # (L, C) target index of the object on a cell, -1 if none
    dist: np.ndarray  # (L, T, C) int32 BFS distance
    act: np.ndarray  # (L, T, C) int8 next action towards the target
    dist_safe: np.ndarray  # (L, T, C) same, hazards as walls
    act_safe: np.ndarray
    cheb: np.ndarray  # (L, T, C) int16 straight-line (Chebyshev) distance, for perception
    forced: np.ndarray  # (L, 2, T, C) bool, per routing: the route to the target from here must cross a terminal object
    context: np.ndarray  # (L, n_contexts) float32, 1.0 where the flag is on
    routes: RouteMaps  # moving objects' walks: at step t, mover + min(t, last_step) is its row
    # A subset remembers the batch it was taken from, so tables built once on that batch serve it.
    source: LayoutBatch | None = field(default=None, repr=False)
    source_index: np.ndarray | None = field(default=None, repr=False)  # (L,) its layouts in `source`
    cache: dict = field(default_factory=dict, repr=False)  # tables derived from the arrays (tables.py)

    @property
    def n_layouts(self) -> int:
        return len(self.layouts)

    @property
    def n_targets(self) -> int:
        return self.tcell.shape[1]

    @property
    def n_kinds(self) -> int:
        """How many object kinds the inventory counts (kinds are the first features)."""
        return int(max(self.tkind.max(initial=-1), self.requires.max(initial=-1)) + 1)

    def subset(self, index: Sequence[int] | np.ndarray) -> LayoutBatch:
        """The layouts at `index` (repeats allowed), sharing nothing mutable with self."""
        idx = np.asarray(index, dtype=np.int64)
        arrays = {
            f.name: getattr(self, f.name)[idx]
            for f in fields(self)
            if f.name != "source_index" and isinstance(getattr(self, f.name), np.ndarray)
        }
        root, root_index = self.root
        return replace(self, layouts=tuple(self.layouts[i] for i in idx), source=root,
                       source_index=root_index[idx], cache={}, **arrays)

    @property
    def root(self) -> tuple[LayoutBatch, np.ndarray]:
        """The compiled batch this one was taken from (itself if none), and where its layouts are there."""
        if self.source is None or self.source_index is None:
            return self, np.arange(self.n_layouts)
        return self.source, self.source_index

    @property
    def nbytes(self) -> int:
        """Memory held by the batch's own arrays."""
        own = sum(v.nbytes for v in vars(self).values() if isinstance(v, np.ndarray))
        return own + (self.routes.nbytes if self.source is None else 0)

    def dist_from_start(self) -> np.ndarray:
        """(L, T) shortest distance from each layout's start to each target."""
        return np.take_along_axis(self.dist, self.start[:, None, None], axis=2)[:, :, 0]


_CACHE_SIZE = 8  # compiled batches kept (a session's pool and deployment set, a few restarts)
_CACHE_BYTES = 160 * 2**20  # ... within this much memory (the newest is always kept)
_cache: OrderedDict[tuple, LayoutBatch] = OrderedDict()
_cache_lock = threading.Lock()


def _layout_key(lay: Layout) -> tuple:
    """Everything of a layout that compiling reads, as a hashable key (walls by digest)."""
    walls = np.ascontiguousarray(lay.walls, dtype=bool)
    digest = hashlib.blake2b(walls.tobytes(), digest_size=16).digest()
    return (walls.shape, digest, lay.start, lay.objects, tuple(sorted(lay.context.items())), lay.spec_index)


def compile_layouts(layouts: Sequence[Layout], level: Level, features: FeatureSpace) -> LayoutBatch:
    """Stack layouts into a LayoutBatch: BFS maps are computed here, once per distinct layout.

    Compiled batches are kept by content (the layouts and what of the level compiling reads), so
    the same pool compiled again (a restart, another brain, another seed of a fixed-map level)
    is the same LayoutBatch, with the planner's tables already built on it (see tables.py).
    LayoutBatch arrays are never modified in place, which makes sharing them safe.
    """
    keys = tuple(_layout_key(lay) for lay in layouts)
    key = (repr((level.kinds, level.objective, features)), keys)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    batch = _compile(layouts, keys, level, features)
    with _cache_lock:
        _cache[key] = batch
        # Tables built on a batch later take about as much again as its own arrays.
        while len(_cache) > 1 and (len(_cache) > _CACHE_SIZE
                                   or sum(2 * b.nbytes for b in _cache.values()) > _CACHE_BYTES):
            _cache.popitem(last=False)
    return batch


def clear_cache() -> None:
    """Forget compiled batches (tests, or to free memory)."""
    with _cache_lock:
        _cache.clear()


def _compile(layouts: Sequence[Layout], keys: tuple, level: Level, features: FeatureSpace) -> LayoutBatch:
    # A layout repeated in the set (a deployment set cycling through fixed maps) is compiled once.
    first: dict[tuple, int] = {}
    inverse = np.array([first.setdefault(k, len(first)) for k in keys], dtype=np.int64)
    unique = [layouts[int(i)] for i in np.unique(inverse, return_index=True)[1]]
    n = len(unique)
    height = max(lay.shape[0] for lay in layouts)
    width = max(lay.shape[1] for lay in layouts)
    cells = height * width
    n_obj = max((len(lay.objects) for lay in layouts), default=0)
    t = n_obj + len(Landmark)
    kind_index = {k: i for i, k in enumerate(features.kinds)}
    colour_index = {c: features.colour_offset() + i for i, c in enumerate(features.colours)}
    out = {
        "walls": np.ones((n, cells), bool), "start": np.zeros(n, np.int64),
        "tcell": np.zeros((n, t), np.int64), "tkind": np.full((n, t), -1, np.int64),
        "tcolour": np.full((n, t), -1, np.int64), "tland": np.full((n, t), -1, np.int64),
        "exists": np.zeros((n, t), bool), "consumable": np.zeros((n, t), bool),
        "terminal": np.zeros((n, t), bool), "hazard": np.zeros((n, t), bool),
        "requires": np.full((n, t), -1, np.int64),
        "mover": np.full((n, t), -1, np.int64), "last_step": np.zeros((n, t), np.int64),
        "reward": np.zeros((n, t), np.float64), "goal": np.zeros((n, t), bool),
        "obj_at": np.full((n, cells), -1, np.int64),
        "dist": np.zeros((n, t, cells), np.int32), "act": np.zeros((n, t, cells), np.int8),
        "dist_safe": np.zeros((n, t, cells), np.int32), "act_safe": np.zeros((n, t, cells), np.int8),
        "cheb": np.zeros((n, t, cells), np.int16),
        "forced": np.zeros((n, 2, t, cells), bool),
        "context": np.zeros((n, len(features.contexts)), np.float32),
    }
    rows, cols = np.divmod(np.arange(cells), width)
    objective = level.objective
    grids = []  # per layout: (walls, hazard walls or None, blocked or None)
    walks: list[list[int]] = []  # per layout: its moving objects' cells, one per step of their walks
    route_grids = []  # per layout: (walls, hazard walls or None, terminal objects' cells)
    rows_so_far = 0
    for li, lay in enumerate(unique):
        walls = np.ones((height, width), bool)
        walls[: lay.shape[0], : lay.shape[1]] = lay.walls
        out["walls"][li] = walls.ravel()
        out["start"][li] = lay.start[0] * width + lay.start[1]
        sources = [out["start"][li]] * t
        hazard_walls = walls.copy()
        walk: list[int] = []
        for slot, obj in enumerate(lay.objects):
            info = level.kinds[obj.kind]
            sources[slot] = obj.pos[0] * width + obj.pos[1]  # a moving object: where it starts
            out["exists"][li, slot] = True
            out["tkind"][li, slot] = kind_index[obj.kind]
            out["tcolour"][li, slot] = colour_index.get(obj.colour, -1) if obj.colour else -1
            if obj.moves:
                # One target wherever it stands: its maps here are those of its start, its walk's
                # (as far as an episode goes: max_steps steps) are in `routes`. It occupies no
                # cell (nothing to reach), so obj_at never names it.
                steps = max(1, min(len(obj.route), level.objective.max_steps))
                out["mover"][li, slot] = rows_so_far + len(walk)
                out["last_step"][li, slot] = steps - 1
                walk.extend(r * width + c for r, c in obj.route[:steps])
                continue
            oi = slot
            out["obj_at"][li, sources[oi]] = oi
            out["consumable"][li, oi] = info.consumable
            out["terminal"][li, oi] = info.terminal
            out["hazard"][li, oi] = info.hazard
            if info.requires is not None and info.requires in kind_index:
                out["requires"][li, oi] = kind_index[info.requires]
            reward = objective.rewards.get(obj.kind, 0.0)
            for flag, extra in objective.when.items():
                if lay.context.get(flag):
                    reward += extra.get(obj.kind, 0.0)
            out["reward"][li, oi] = reward
            out["goal"][li, oi] = obj.kind in objective.goal
            if info.hazard:
                hazard_walls[obj.pos] = True
        for k, (r, c) in enumerate(landmark_cells(lay.walls)):
            sources[n_obj + k] = r * width + c
            out["tland"][li, n_obj + k] = features.landmark_offset() + k
            out["exists"][li, n_obj + k] = True
        src = np.array(sources, dtype=np.int64)
        out["tcell"][li] = src
        # A plan never crosses a terminal object on the way to another target: that would end
        # the episode short of where it is going.
        ends = [o.pos for o in lay.objects if level.kinds[o.kind].terminal and not o.moves]
        blocked = blocked_cells(ends, src, (height, width))
        hazards = hazard_walls if (hazard_walls != walls).any() else None
        grids.append((walls, hazards, blocked))
        walks.append(walk)
        route_grids.append((walls, hazards, ends))
        rows_so_far += len(walk)
        trow, tcol = np.divmod(src, width)
        out["cheb"][li] = np.maximum(np.abs(rows[None] - trow[:, None]), np.abs(cols[None] - tcol[:, None]))
        for ci, flag in enumerate(features.contexts):
            out["context"][li, ci] = float(lay.context.get(flag, False))
    route_maps(grids, out, t)
    routes = compile_routes(walks, route_grids, (height, width))
    out["dist"][~out["exists"]] = UNREACHABLE
    out["dist_safe"][~out["exists"]] = UNREACHABLE
    if n < len(layouts):
        out = {name: value[inverse] for name, value in out.items()}
    arrays: dict[str, Any] = out  # exactly LayoutBatch's array fields
    return LayoutBatch(layouts=tuple(layouts), height=height, width=width, routes=routes, **arrays)
