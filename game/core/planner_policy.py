"""The planner's per-step decision for a batch of episodes (built by brains.Planner.prepare).

Deciding is an argmax over targets of weight x discount^distance, but it rarely needs redoing:
walking one step towards the chosen target raises that target's value by 1/discount and no other
target's by more, so the choice stands until something it perceives changes. The policy keeps
each episode's choice and re-decides only the episodes where
- what it perceives changed: a target came into or went out of view (a perception range), or
  its route now has to cross a terminal object (where distances can jump);
- a target appeared (a key makes a chest reachable), or the chosen target vanished (another one
  vanishing leaves the argmax where it was).
The choices are exactly those of a full re-decision every step (tests/test_sim.py checks).
Which targets vanished is either told by the simulation as it consumes them (`listen`), or found
by comparing the targets present with the last step's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .tables import planner_tables, view_prints

if TYPE_CHECKING:
    from .batch import LayoutBatch

VIEW_PRINT_BUDGET = 1 << 22  # (range, layout, cell) fingerprints tabulated per policy, at most
COMBINED_PRINTS = 1 << 20  # ... and folded into the route fingerprints when no bigger than this
NOTHING = np.zeros(0, np.int64)
WIDE_ARGMAX = 12_000  # scores (k x T) at least this big take the target-major argmax
PER_EPISODE = ("row_base", "cheb_base", "print_base", "always", "_choice", "_act_base", "_alive", "_print",
               "_always_here", "_ranged_here", "_stale")


class PlannerPolicy:
    """One table row per (routing, layout, cell) holds, for every target, discount^distance; one
    row per (layout, cell) every target's straight-line (Chebyshev) distance, compared with each
    episode's own perception ranges to know what it perceives from there. What an episode sees
    from a cell is also one fingerprint per (range, layout, cell), so a step finds the episodes
    whose view changed with one gather."""

    step_price: np.ndarray | None = None  # (B,) perception price per step, charged by the simulation
    episode_info: dict[str, np.ndarray] | None = None  # per-episode reasoning the simulation reports (deceptive)

    def __init__(self, discount: float, batch: LayoutBatch, layout_of: np.ndarray, always: np.ndarray,
                 ranged: list[tuple[np.ndarray, np.ndarray]], avoid: np.ndarray, remember: bool = True) -> None:
        tables, layout_index = planner_tables(batch, discount)  # built once per batch, kept
        n_targets, n_cells, cells = tables.n_targets, tables.n_cells, tables.n_layouts * tables.n_cells
        self.n_targets, self.n_rows = n_targets, tables.n_rows
        self.countdown = (n_targets - np.arange(n_targets)).astype(np.int32 if n_targets >= 32767 else np.int16)[:, None]
        self.value = tables.value
        self.by_choice = tables.by_choice
        rows = layout_index[layout_of].astype(np.int64)
        self.row_base = (avoid.astype(np.int64) * tables.n_layouts + rows) * n_cells
        self.always = np.ascontiguousarray(always, dtype=np.float32)  # (B, T)
        # Ranged channels: weights (B, T) and an integer range per episode (cheb <= floor(range)).
        self.ranged_w = [np.ascontiguousarray(w, dtype=np.float32) for w, _ in ranged]
        self.ranged_r = [np.where(np.isinf(r), 32767, np.floor(np.maximum(r, -1))).astype(np.int16)
                         for _, r in ranged]
        self.cheb = tables.cheb
        self.cheb_base = rows * n_cells
        # Route fingerprints: which targets can only be reached by crossing a terminal object.
        self.route = tables.route_prints
        # View fingerprints per ranged channel and range in use, when few enough to tabulate
        # (else each step compares (B, T) views); the first folded into the route ones if small.
        self.view_tables: list[np.ndarray] = []
        self.view_base: list[np.ndarray] = []
        plans = [(r[:1], np.zeros(len(r), np.int64)) if r.size and r.min() == r.max()
                 else np.unique(r, return_inverse=True) for r in self.ranged_r]
        self.tabulated = sum(len(u) for u, _ in plans) * cells <= VIEW_PRINT_BUDGET
        if self.tabulated:
            for channel, (values, inverse) in enumerate(plans):
                self.view_tables.append(np.concatenate([view_prints(tables, channel, int(v)) for v in values]))
                self.view_base.append(inverse.reshape(-1).astype(np.int64) * cells + self.cheb_base)
        self.prints, self.print_base = self.route, self.row_base
        if self.view_tables and len(self.view_tables[0]) * 2 <= COMBINED_PRINTS:
            views = self.view_tables.pop(0).reshape(-1, 1, cells)
            self.prints = (views ^ self.route.reshape(1, 2, cells)).reshape(-1)
            self.print_base = (self.view_base.pop(0) - self.cheb_base) * 2 + self.row_base
        self.remember = remember
        # With at most one ranged channel the weights are kept with the targets present folded in
        # (0 where gone), so a decision gathers no presence flags: (always + w x seen) x present
        # x value decides as (always x present + w x present x seen) x value does.
        self.folded = len(self.ranged_w) <= 1
        self._always_here: np.ndarray | None = None  # (B, T) float32, presence folded in
        self._ranged_here: np.ndarray | None = None
        self._choice: np.ndarray | None = None  # per episode: chosen target, -1 = stay
        self._act_base: np.ndarray | None = None  # (choice, or T to stay) * rows + routing/layout base
        self._alive: np.ndarray | None = None  # the targets present at the last step, (B, T) bool
        self._alive_bytes: bytes | None = None  # the same as bytes
        self._print: np.ndarray | None = None
        self._seen: list[np.ndarray] | None = None  # untabulated views, (B, T) per channel
        self._stale: np.ndarray | None = None  # told: its chosen target vanished (listening)
        self._listening = False

    def subset(self, rows: np.ndarray) -> PlannerPolicy:
        """The same policy for a subset of its episodes (used when finished episodes are dropped)."""
        other = object.__new__(PlannerPolicy)
        other.__dict__.update(self.__dict__)
        for name in PER_EPISODE:
            value = getattr(self, name)
            if value is not None:
                setattr(other, name, np.take(value, rows, axis=0))
        for name in ("ranged_w", "ranged_r", "view_base"):
            setattr(other, name, [np.take(v, rows, axis=0) for v in getattr(self, name)])
        other._alive_bytes = None if other._alive is None else other._alive.tobytes()
        other._seen = None if self._seen is None else [np.take(v, rows, axis=0) for v in self._seen]
        return other

    def _views(self, pos: np.ndarray, idx: np.ndarray | None = None) -> list[np.ndarray]:
        """Per ranged channel: which targets the episodes (all, or those at idx) perceive from
        pos, (k, T) bool."""
        if not self.ranged_w:
            return []
        if idx is None:
            cheb = np.take(self.cheb, self.cheb_base + pos, axis=0)
            return [cheb <= r[:, None] for r in self.ranged_r]
        cheb = np.take(self.cheb, self.cheb_base[idx] + pos, axis=0)
        return [cheb <= r[idx, None] for r in self.ranged_r]

    def scores(self, pos: np.ndarray, alive: np.ndarray, t: int = 0) -> np.ndarray:
        """Value of heading to each target from pos at step t: weight x discount^distance, (B, T).

        Only what is perceivable from pos counts. Targets that are gone or unreachable score 0,
        and the planner only moves for a score > 0. (The step matters only where targets move:
        moving.py.)
        """
        idx = np.arange(len(pos))
        return self._scores(idx, self.row_base + pos, alive, self._views(pos))

    def _scores(self, idx: np.ndarray, rows: np.ndarray, alive: np.ndarray, views: list[np.ndarray]) -> np.ndarray:
        """(k, T) scores of the episodes at idx from rows, with alive and views (k, T)."""
        weight = np.take(self.always, idx, axis=0)
        for w, seen in zip(self.ranged_w, views):
            weight = weight + np.take(w, idx, axis=0) * seen.view(np.uint8)  # as * seen, faster
        total = weight * np.take(self.value, rows, axis=0)
        total *= alive
        return total

    def _decide(self, idx: np.ndarray, pos: np.ndarray, alive: np.ndarray | None = None) -> None:
        """A full re-decision for the episodes at idx (standing at pos; targets alive (k, T) unless
        folded into the weights): the argmax over targets (the first of equal maxima) where its
        score is > 0, else stay."""
        rows = self.row_base[idx] + pos
        if self.folded and self._always_here is not None:
            weight = np.take(self._always_here, idx, axis=0)
            if self._ranged_here is not None:
                seen = np.take(self.cheb, self.cheb_base[idx] + pos, axis=0) <= self.ranged_r[0][idx, None]
                weight += np.take(self._ranged_here, idx, axis=0) * seen.view(np.uint8)
            scores = weight * np.take(self.value, rows, axis=0)
        else:
            assert alive is not None  # given whenever presence is not folded into the weights
            scores = self._scores(idx, rows, alive, self._views(pos, idx))
        if scores.size < WIDE_ARGMAX:
            best = scores.argmax(axis=1)
            value = np.take(scores, np.arange(len(idx)) * self.n_targets + best)
            self._choose(idx, np.where(value > 0, best, -1))
            return
        # Many rows: numpy reduces across rows much faster than along each short row, so the
        # argmax (the first of equal maxima) is taken target-major: the max, then the lowest
        # target index holding it (the largest countdown T - t among those equal to the max).
        across = np.ascontiguousarray(scores.T)
        top = across.max(axis=0)
        first = self.n_targets - ((across == top).view(np.uint8) * self.countdown).max(axis=0).astype(np.int64)
        self._choose(idx, np.where(top > 0, first, -1))

    def _choose(self, idx: np.ndarray, choice: np.ndarray) -> None:
        assert self._choice is not None and self._act_base is not None
        self._choice[idx] = choice
        column = np.where(choice >= 0, choice, self.n_targets).astype(np.int64)
        self._act_base[idx] = column * self.n_rows + self.row_base[idx]

    def listen(self):
        """Called by the simulation, which then tells `vanished` of every target an episode
        consumes, so a step need not compare all the targets present with the last step's."""
        if not self.remember:
            return None
        self._listening = True
        return self.vanished

    def vanished(self, rows: np.ndarray, targets: np.ndarray) -> None:
        """The episodes at rows consumed these targets: one that was its chosen target decides
        again at the next step; the others leave the choice where it is."""
        if self._choice is None or not rows.size:
            return
        assert self._stale is not None
        if self.folded and self._always_here is not None:
            flat = rows * self.n_targets + targets
            self._always_here.reshape(-1)[flat] = 0
            if self._ranged_here is not None:
                self._ranged_here.reshape(-1)[flat] = 0
        self._stale[rows[self._choice[rows] == targets]] = True

    def act(self, pos: np.ndarray, alive: np.ndarray, t: int) -> np.ndarray:
        if alive.dtype != bool or not alive.flags.c_contiguous:
            alive = np.ascontiguousarray(alive, dtype=bool)
        if self._choice is None or not self.remember:
            self._start(pos, alive)
        else:
            assert self._stale is not None
            redo_mask = self._perception_changes(pos)
            if self._listening:  # told what vanished since the last step
                redo_mask |= self._stale
                self._stale.fill(False)
            else:
                redo_mask[self._alive_changes(alive)] = True
            redo = np.flatnonzero(redo_mask)
            if redo.size:
                self._decide(redo, pos[redo], None if self.folded else np.take(alive, redo, axis=0))
        assert self._act_base is not None
        return np.take(self.by_choice, self._act_base + pos)

    def _look(self, pos: np.ndarray) -> np.ndarray:
        """Remember what can change a choice, seen from pos: one fingerprint per episode of its
        route and its views (tabulated), else its route fingerprint and its (B, T) views.
        Returns the fingerprints."""
        if self.tabulated:
            prints = np.take(self.prints, self.print_base + pos)
            for table, base in zip(self.view_tables, self.view_base):
                prints ^= np.take(table, base + pos)  # what it sees from here, per channel
        else:
            prints, self._seen = np.take(self.route, self.row_base + pos), self._views(pos)
        self._print = prints
        return prints

    def _perception_changes(self, pos: np.ndarray) -> np.ndarray:
        """(B,) bool: the episodes whose route or view changed since the last step (and remember
        the new ones)."""
        before, seen_before = self._print, self._seen
        changed = self._look(pos) != before
        for seen, old in zip(self._seen or (), seen_before or ()):
            changed |= (seen != old).any(axis=1)
        return changed

    def _start(self, pos: np.ndarray, alive: np.ndarray) -> None:
        """Every episode decides from scratch (the first step, or every step when not remembering)."""
        n = len(pos)
        self._choice, self._act_base = np.empty(n, np.int64), np.empty(n, np.int64)
        if not self._listening:  # else told what vanishes: no snapshot to compare with
            self._alive, self._alive_bytes = alive.copy(), alive.tobytes()
        self._stale = np.zeros(n, bool)
        if self.folded:
            self._always_here = self.always * alive.view(np.uint8)
            self._ranged_here = self.ranged_w[0] * alive.view(np.uint8) if self.ranged_w else None
        self._decide(np.arange(n), pos, alive)
        self._look(pos)

    def _alive_changes(self, alive: np.ndarray) -> np.ndarray:
        """Episodes whose targets changed in a way that needs a full re-decision: one appeared, or
        the chosen one vanished (another one vanishing leaves the argmax where it was). The usual
        step changes nothing: one bytes comparison with the last snapshot tells."""
        assert self._alive is not None and self._choice is not None
        raw = alive.tobytes()
        if raw == self._alive_bytes:
            return NOTHING
        self._alive_bytes = raw
        now, before = alive.reshape(-1).view(np.uint8), self._alive.reshape(-1).view(np.uint8)
        whole = len(now) // 8 * 8
        words = np.flatnonzero(now[:whole].view(np.uint64) != before[:whole].view(np.uint64))
        tail = np.flatnonzero(now[whole:] != before[whole:]) + whole
        flat = np.concatenate([(words[:, None] * 8 + np.arange(8)).reshape(-1), tail])
        flat = flat[now[flat] != before[flat]]
        appeared = flat[now[flat] > before[flat]] // self.n_targets
        gone = flat[now[flat] < before[flat]]
        row = gone // self.n_targets
        before[flat] = now[flat]
        if self.folded and self._always_here is not None:
            present = now[flat]
            self._always_here.reshape(-1)[flat] = self.always.reshape(-1)[flat] * present
            if self._ranged_here is not None:
                self._ranged_here.reshape(-1)[flat] = self.ranged_w[0].reshape(-1)[flat] * present
        return np.concatenate([appeared, row[self._choice[row] == gone % self.n_targets]])
