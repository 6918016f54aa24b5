"""Brains: the planner (a mesa-optimizer) and the reflex (not an optimizer).

Every brain turns a flat genome into a policy over a batch of episodes. `prepare` does the
per-episode work once (gathering the mesa-objective onto the layout's targets); `act` is the
per-step hot path and works on whole arrays, never looping over agents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .batch import FeatureSpace, LayoutBatch
from .kinds import Action, BrainKind
from .level import BrainSpec, Perception
from .tables import discount_lut, planner_tables


def _pick(weights: np.ndarray, index: np.ndarray) -> np.ndarray:
    """weights (B, F) gathered at per-target feature indices (B, T); 0 where index is -1."""
    got = np.take_along_axis(weights, np.maximum(index, 0), axis=1)
    return np.where(index >= 0, got, 0.0).astype(np.float32)


@dataclass(frozen=True)
class Planner:
    """A mesa-optimizer: each step it values every target it can perceive by
    weight x discount^distance under its own objective and walks the shortest path to the best.

    Genome = weights over features (kinds, colours, landmarks), plus one more such vector per
    context flag (added when the flag is on), so the objective can depend on context.
    """

    features: FeatureSpace
    perception: Perception
    discount: float = 0.9

    kind = BrainKind.PLANNER

    @property
    def n_params(self) -> int:
        return self.features.size * (1 + len(self.features.contexts))

    def objective_weights(self, genomes: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        """Mesa-objective weights (P, F), with the context flags (n_ctx,) switched on if given."""
        f = self.features.size
        w = genomes[:, :f]
        if context is not None and len(self.features.contexts):
            extra = genomes[:, f:].reshape(len(genomes), len(self.features.contexts), f)
            w = w + np.einsum("c,pcf->pf", context.astype(np.float64), extra)
        return w

    def episode_weights(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                        layout_of: np.ndarray) -> np.ndarray:
        """The mesa-objective each episode plans with: (B, F), context flags of its layout applied."""
        f = self.features.size
        w = genomes[agent_of, :f]
        if len(self.features.contexts):
            extra = genomes[agent_of, f : f * (1 + len(self.features.contexts))]
            extra = extra.reshape(len(agent_of), len(self.features.contexts), f)
            w = w + np.einsum("bc,bcf->bf", batch.context[layout_of].astype(np.float64), extra)
        return w

    def target_weights(self, w: np.ndarray, batch: LayoutBatch,
                       layout_of: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Objective weights (B, F) put on each episode's targets: the part seen from anywhere,
        the part seen by colour within range, by kind within range; and whether to route
        around hazards."""
        kind_w = _pick(w, batch.tkind[layout_of])
        colour_w = _pick(w, batch.tcolour[layout_of])
        land_w = _pick(w, batch.tland[layout_of]) if self.perception.landmarks else np.zeros_like(kind_w)
        always = land_w.copy()
        # Hazards next to the path are always recognised: route around those it dislikes.
        avoid = (batch.hazard[layout_of] & batch.exists[layout_of] & (kind_w < 0)).any(axis=1)
        if self.perception.kind_range is None:
            always += kind_w
            kind_w = np.zeros_like(kind_w)
        if self.perception.colour_range is None:
            always += colour_w
            colour_w = np.zeros_like(colour_w)
        return always, colour_w, kind_w, avoid

    def prepare(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                layout_of: np.ndarray) -> PlannerPolicy:
        w = self.episode_weights(genomes, batch, agent_of, layout_of)
        return PlannerPolicy(self, batch, layout_of, *self.target_weights(w, batch, layout_of))

    def value_tables(self, batch: LayoutBatch) -> np.ndarray:
        """discount^distance for (normal, hazard-avoiding) routing: (2, L, T, C) float32."""
        lut = discount_lut(float(self.discount))
        return np.stack([np.take(lut, dist) for dist in (batch.dist, batch.dist_safe)])


class PlannerPolicy:
    """The planner's per-step decision for a batch of episodes (built by Planner.prepare).

    One table row per (routing, layout, cell) holds, for every target, discount^distance, and the
    same again masked by what is perceivable from that cell (colour range, kind range).

    Deciding is an argmax over targets, but it rarely needs redoing: walking one step towards its
    chosen target raises that target's value by 1/discount and no other target's by more, so the
    choice stands until something it perceives changes (a target appears, vanishes or comes into
    view) or its route has to cross a terminal object (where distances can jump). The policy keeps
    each episode's choice and re-decides only the episodes where one of those happened; the
    choices are exactly those a full re-decision every step would make (tests/test_sim.py checks).
    """

    def __init__(self, brain: Planner, batch: LayoutBatch, layout_of: np.ndarray, always: np.ndarray,
                 colour_w: np.ndarray, kind_w: np.ndarray, avoid: np.ndarray, remember: bool = True) -> None:
        tables, layout_index = planner_tables(batch, brain.discount)  # built once per batch, kept
        n_targets, n_cells = tables.n_targets, tables.n_cells
        self.n_targets = n_targets
        self.ranged_colour = brain.perception.colour_range is not None and bool(np.any(colour_w))
        self.ranged_kind = brain.perception.kind_range is not None and bool(np.any(kind_w))
        weights = [always]
        ranges = []
        if self.ranged_colour:
            ranges.append(brain.perception.colour_range)
            weights.append(colour_w)
        if self.ranged_kind:
            ranges.append(brain.perception.kind_range)
            weights.append(kind_w)
        # Rows of (routing, layout, cell) with the T targets contiguous: discount^distance, and
        # the same masked by what is perceivable from that cell (colour range, kind range).
        self.tables = [tables.value] + [tables.within(r) for r in ranges]
        self.actions = tables.actions
        self.row_base = (avoid.astype(np.int64) * tables.n_layouts + layout_index[layout_of]) * n_cells
        self.weights = [np.ascontiguousarray(w, dtype=np.float32) for w in weights]  # each (B, T)
        # What can change a choice, one fingerprint per (routing, layout, cell): which targets are
        # in view from there, and which can only be reached by crossing a terminal object (where
        # distances can jump). A choice is redone only where the fingerprint changed since last step.
        self.prints = tables.fingerprints(tuple(ranges))
        self.remember = remember
        self._choice: np.ndarray | None = None  # per episode: chosen target, -1 = stay
        self._alive: np.ndarray | None = None
        self._print: np.ndarray | None = None

    def subset(self, rows: np.ndarray) -> PlannerPolicy:
        """The same policy for a subset of its episodes (used when finished episodes are dropped)."""
        other = object.__new__(PlannerPolicy)
        other.__dict__.update(self.__dict__)
        other.row_base = self.row_base[rows]
        other.weights = [w[rows] for w in self.weights]
        for name in ("_choice", "_alive", "_print"):
            value = getattr(self, name)
            setattr(other, name, None if value is None else value[rows])
        return other

    def scores(self, pos: np.ndarray, alive: np.ndarray) -> np.ndarray:
        """Value of heading to each target from pos: weight x discount^distance, (B, T).

        Only what is perceivable from pos counts. Targets that are gone or unreachable score 0,
        and the planner only moves for a score > 0.
        """
        return self._scores(self.row_base + pos, alive, self.weights)

    def _scores(self, rows: np.ndarray, alive: np.ndarray, weights: list[np.ndarray]) -> np.ndarray:
        total = weights[0] * np.take(self.tables[0], rows, axis=0)
        for weight, table in zip(weights[1:], self.tables[1:]):
            total += weight * np.take(table, rows, axis=0)
        total *= alive
        return total

    def _decide(self, rows: np.ndarray, alive: np.ndarray, weights: list[np.ndarray]) -> np.ndarray:
        scores = self._scores(rows, alive, weights)
        best = scores.argmax(axis=1)
        value = np.take(scores, np.arange(len(rows)) * self.n_targets + best)
        return np.where(value > 0, best, -1)

    def act(self, pos: np.ndarray, alive: np.ndarray, t: int) -> np.ndarray:
        rows = self.row_base + pos
        prints = np.take(self.prints, rows)
        if self._choice is None or not self.remember:
            self._choice = self._decide(rows, alive, self.weights)
            self._alive = alive.copy()
        else:
            redo = prints != self._print
            gone = np.flatnonzero(alive != self._alive)  # rare: a target appeared or vanished
            if gone.size:
                redo[gone // self.n_targets] = True
            idx = np.flatnonzero(redo)
            if idx.size:
                self._choice[idx] = self._decide(rows[idx], alive[idx], [w[idx] for w in self.weights])
                self._alive[idx] = alive[idx]
        self._print = prints
        choice = self._choice
        action = np.take(self.actions, rows * self.n_targets + np.maximum(choice, 0))
        return np.where(choice >= 0, action, int(Action.STAY))


@dataclass(frozen=True)
class Reflex:
    """Not an optimizer: a tiny neural policy on an egocentric window (walls, kinds, colours)
    plus its previous move. It has no objective to read, only reflexes that worked in training.
    """

    features: FeatureSpace
    view: int = 2
    hidden: int = 8

    kind = BrainKind.REFLEX

    @property
    def channels(self) -> int:
        return 1 + len(self.features.kinds) + len(self.features.colours)

    @property
    def n_inputs(self) -> int:
        return (2 * self.view + 1) ** 2 * self.channels + 5 + 1

    @property
    def n_params(self) -> int:
        return self.n_inputs * self.hidden + (self.hidden + 1) * 4

    def prepare(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                layout_of: np.ndarray) -> ReflexPolicy:
        return ReflexPolicy(self, genomes, batch, agent_of, layout_of)


class ReflexPolicy:
    def __init__(self, brain: Reflex, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                 layout_of: np.ndarray) -> None:
        v, h, w = brain.view, batch.height, batch.width
        hp, wp = h + 2 * v, w + 2 * v
        n_layouts = batch.n_layouts
        ch = brain.channels
        # Static features on a wall-padded grid (wall, kinds, colours), one row per (layout, cell);
        # object channels are masked by `alive` each step.
        static = np.zeros((n_layouts, hp, wp, ch), np.float32)
        static[..., 0] = 1.0
        static[:, v : v + h, v : v + w, 0] = batch.walls.reshape(n_layouts, h, w)
        objects = np.full((n_layouts, hp, wp), -1, np.int64)
        objects[:, v : v + h, v : v + w] = batch.obj_at.reshape(n_layouts, h, w)
        li, ri, ci = np.nonzero(objects >= 0)
        ti = objects[li, ri, ci]
        kinds, colours = batch.tkind[li, ti], batch.tcolour[li, ti]
        static[li[kinds >= 0], ri[kinds >= 0], ci[kinds >= 0], 1 + kinds[kinds >= 0]] = 1.0
        static[li[colours >= 0], ri[colours >= 0], ci[colours >= 0], 1 + colours[colours >= 0]] = 1.0
        self.static = static.reshape(n_layouts * hp * wp, ch)
        self.objects = objects.reshape(-1)
        self.cell_base = layout_of * (hp * wp)
        n_t = batch.n_targets
        dr, dc = np.mgrid[-v : v + 1, -v : v + 1]
        self.offsets = (dr * wp + dc).ravel()
        self.width, self.padded_width, self.view = w, wp, v
        self.layout_of = layout_of
        self.n_targets = n_t
        n_in = brain.n_inputs
        hid = brain.hidden
        # Episodes laid out agent-major (every agent, the same number of episodes) let the network
        # run as one matrix product per agent; otherwise each episode carries its own weights.
        n_agents = len(genomes)
        per_agent = len(agent_of) // max(n_agents, 1)
        self.grouped = per_agent * n_agents == len(agent_of) and np.array_equal(
            agent_of, np.repeat(np.arange(n_agents), per_agent))
        owners = np.arange(n_agents) if self.grouped else agent_of
        self.w1 = genomes[owners, : n_in * hid].reshape(-1, n_in, hid).astype(np.float32)
        self.w2 = genomes[owners, n_in * hid :].reshape(-1, hid + 1, 4).astype(np.float32)
        self.groups = (n_agents, per_agent)
        self.prev = np.full(len(agent_of), int(Action.STAY))
        self.rows = np.arange(len(agent_of))

    compactable = False  # the grouped matrix products need the full agent-major batch

    def subset(self, rows: np.ndarray) -> ReflexPolicy:
        raise NotImplementedError("reflex policies are not compacted")

    def _forward(self, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
        if self.grouped:
            n_agents, per_agent = self.groups
            return np.matmul(x.reshape(n_agents, per_agent, -1), weights).reshape(len(x), -1)
        return np.matmul(x[:, None, :], weights)[:, 0, :]

    def act(self, pos: np.ndarray, alive: np.ndarray, t: int) -> np.ndarray:
        r, c = np.divmod(pos, self.width)
        centre = (r + self.view) * self.padded_width + (c + self.view)
        cells = (self.cell_base + centre)[:, None] + self.offsets  # (B, K)
        view = np.take(self.static, cells, axis=0)  # (B, K, channels)
        obj = np.take(self.objects, cells)
        # Objects already consumed are no longer seen.
        alive_ext = np.concatenate([alive, np.ones((len(pos), 1), bool)], axis=1)
        slot = np.where(obj >= 0, obj, self.n_targets) + self.rows[:, None] * (self.n_targets + 1)
        view[:, :, 1:] *= np.take(alive_ext, slot)[:, :, None]
        prev = np.eye(5, dtype=np.float32)[self.prev]
        x = np.concatenate([view.reshape(len(pos), -1), prev, np.ones((len(pos), 1), np.float32)], axis=1)
        hidden = np.tanh(self._forward(x, self.w1))
        hidden = np.concatenate([hidden, np.ones((len(pos), 1), np.float32)], axis=1)
        out = self._forward(hidden, self.w2)
        action = out.argmax(axis=1)
        self.prev = action
        return action


def make_brain(spec: BrainSpec, features: FeatureSpace, perception: Perception, level=None) -> Planner | Reflex:
    """The brain a level asks for, sized to its feature space (the deceptive one needs the level)."""
    if spec.kind == BrainKind.REFLEX:
        return Reflex(features, spec.view, spec.hidden)
    if spec.kind == BrainKind.DECEPTIVE:
        from .deceptive import make_deceptive

        if level is None:
            raise ValueError("the deceptive brain needs the level (its base objective and cue)")
        return make_deceptive(level, features)
    return Planner(features, perception, spec.discount)
