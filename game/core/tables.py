"""The planner's lookup tables, built once per compiled batch of layouts and kept on it.

Everything here depends only on the layouts (and the planner's discount or a perception range),
never on genomes, so it is built the first time a batch is simulated and reused by every later
generation, every subset of the batch (a generation's episodes), every brain with the same
discount and every session that compiles the same layouts (`compile_layouts` keeps batches by
content). Tables are laid out as rows of (routing, layout, cell) with the T targets contiguous,
so a step's lookups are single gathers of whole rows.
"""

from __future__ import annotations

import functools
import threading

import numpy as np

from .batch import LayoutBatch
from .kinds import Action
from .maze import UNREACHABLE

MAX_DISTANCE = 4096  # longer distances are valued as this one (discount^4096 is 0 in float32 anyway)
FINGERPRINT_SEED = 0x5EED
STAY = int(Action.STAY)
_lock = threading.Lock()


@functools.lru_cache(maxsize=8)
def discount_lut(discount: float) -> np.ndarray:
    """discount^d in float32 for every BFS distance d (0..UNREACHABLE), 0 for UNREACHABLE.

    The same float32 `np.power` as over a whole table, computed on the distances 0..MAX_DISTANCE
    only (longer ones take MAX_DISTANCE's value, as before): bit-identical values, none of the
    slow path numpy takes for the huge exponents of walls, and a table is one gather `lut[dist]`.
    """
    lut = np.empty(int(UNREACHABLE) + 1, np.float32)
    lut[: MAX_DISTANCE + 1] = np.power(np.float32(discount), np.arange(MAX_DISTANCE + 1).astype(np.float32))
    lut[MAX_DISTANCE + 1 :] = lut[MAX_DISTANCE]
    lut[UNREACHABLE] = 0.0
    lut.flags.writeable = False
    return lut


class PlannerTables:
    """A batch's planner tables for one discount (use `planner_tables`, which keeps them)."""

    def __init__(self, batch: LayoutBatch, discount: float) -> None:
        self.batch = batch
        self.n_layouts, self.n_targets, self.n_cells = batch.dist.shape
        self.n_rows = 2 * self.n_layouts * self.n_cells  # (routing, layout, cell)
        lut = discount_lut(float(discount))
        value = np.empty((2, self.n_layouts, self.n_cells, self.n_targets), np.float32)
        by_choice = np.empty((self.n_targets + 1, 2, self.n_layouts, self.n_cells), np.int8)
        for i, (dist, act) in enumerate(((batch.dist, batch.act), (batch.dist_safe, batch.act_safe))):
            np.take(lut, dist.transpose(0, 2, 1), out=value[i])
            by_choice[:-1, i] = act.transpose(1, 0, 2)
        by_choice[-1] = STAY
        self.value = value.reshape(-1, self.n_targets)  # discount^distance, rows of T targets
        # The actions by choice: entry choice * rows + row is the step at row towards target
        # `choice`, and choice T is STAY ("no target chosen"); an episode keeps choice * rows +
        # its (routing, layout) base, so a step's actions are one add and one gather.
        self.by_choice = by_choice.reshape(-1)
        self._cache: dict[tuple, np.ndarray] = {}

    def _kept(self, key: tuple, build) -> np.ndarray:
        got = self._cache.get(key)
        if got is None:
            got = self._cache.setdefault(key, build())
        return got

    @property
    def cheb(self) -> np.ndarray:
        """Straight-line distance to each target, rows of (layout, cell): (L*C, T) int16."""
        return self._kept(("cheb",), lambda: np.ascontiguousarray(
            self.batch.cheb.transpose(0, 2, 1)).reshape(-1, self.n_targets))

    @property
    def route_prints(self) -> np.ndarray:
        """One 64-bit fingerprint per (routing, layout, cell) of which targets can only be reached
        by crossing a terminal object (where distances can jump): random codes per target,
        XOR-ed; 0 everywhere when no route does. A fixed seed keeps runs bit-identical."""
        def build() -> np.ndarray:
            code = np.asarray(np.random.default_rng(FINGERPRINT_SEED).integers(
                0, 2**63, size=self.n_targets, dtype=np.int64)).astype(np.uint64)
            prints = np.zeros((2, self.n_layouts, self.n_cells), np.uint64)
            for t in range(self.n_targets):  # one target at a time: no (cells, T) temporaries
                prints ^= np.where(self.batch.forced[:, :, t].transpose(1, 0, 2), code[t], np.uint64(0))
            return prints.reshape(-1)
        return self._kept(("route",), build)


VIEW_CACHE_CELLS = 1 << 16  # view fingerprints are kept on batches of at most this many (layout, cell) rows


def view_prints(tables: PlannerTables, channel: int, rng: int) -> np.ndarray:
    """(L*C,) uint64 per (layout, cell): XOR of random codes (one set per perception channel) of
    the targets within `rng` cells (Chebyshev) of that cell; 0 for a range below 0 (sees nothing).
    Equal views give equal prints; a change of view changes the print (but with odds of 2^-64)."""
    def build() -> np.ndarray:
        code = np.asarray(np.random.default_rng((FINGERPRINT_SEED, channel + 1)).integers(
            0, 2**63, size=tables.n_targets, dtype=np.int64)).astype(np.uint64)
        out = np.zeros(tables.n_layouts * tables.n_cells, np.uint64)
        if rng >= 0:
            for t in range(tables.n_targets):
                out ^= np.where(tables.cheb[:, t] <= rng, code[t], np.uint64(0))
        return out
    if tables.n_layouts * tables.n_cells > VIEW_CACHE_CELLS:
        return build()  # big batches: rebuilt per policy rather than kept, one per range in use
    return tables._kept(("view", channel, rng), build)


def planner_tables(batch: LayoutBatch, discount: float) -> tuple[PlannerTables, np.ndarray]:
    """The tables of the batch `batch` was compiled as (built on first use, then kept), and
    where each of `batch`'s layouts is in them."""
    root, index = batch.root
    key = ("planner", float(discount))
    with _lock:
        tables = root.cache.get(key)
        if tables is None:
            tables = root.cache[key] = PlannerTables(root, discount)
    return tables, index
