"""Brains: the planner (a mesa-optimizer) and the reflex (not an optimizer).

Every brain turns a flat genome into a policy over a batch of episodes. `prepare` does the
per-episode work once (gathering the mesa-objective onto the layout's targets); `act` is the
per-step hot path and works on whole arrays, never looping over agents. The planner's policy
lives in planner_policy.py, the reflex in reflex.py (both importable from here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .batch import FeatureSpace, LayoutBatch
from .kinds import BrainKind
from .level import ANY, PERCEPTION_CHANNELS, Perception
from .moving import planner_policy
from .planner_policy import PlannerPolicy
from .reflex import Reflex, ReflexPolicy
from .tables import discount_lut

__all__ = ["RANGE_STEPS", "Planner", "PlannerPolicy", "Reflex", "ReflexPolicy"]


def _pick(weights: np.ndarray, batch: LayoutBatch, layout_of: np.ndarray) -> dict[str, np.ndarray]:
    """Weights (B, F) put on each episode's targets through each of their features (kind, colour,
    landmark): float32 (B, T) per channel, 0 where a target has no such feature."""
    n, f = weights.shape
    padded = np.zeros((n, f + 1), np.float32)  # column f: "no feature"
    padded[:, :f] = weights
    offset = (np.arange(n) * (f + 1))[:, None]
    index = np.empty((n, batch.n_targets), np.int64)  # one buffer for the three channels
    out = {}
    for channel, table in (("kind", batch.tkind), ("colour", batch.tcolour), ("landmarks", batch.tland)):
        np.take(np.where(table >= 0, table, f), layout_of, axis=0, out=index)
        index += offset
        out[channel] = np.take(padded, index)
    return out


RANGE_STEPS = 4  # a perception gene of 1.0 moves the range by cap / RANGE_STEPS cells


@dataclass(frozen=True)
class Planner:
    """A mesa-optimizer: each step it values every target it can perceive by
    weight x discount^distance under its own objective and walks the shortest path to the best.

    Genome layout (a flat float vector, n_params long):
      [0, F)                      mesa-objective weights over features (kinds, colours, landmarks:
                                  `features.names` in order)
      [F, F * (1 + n_contexts))   one more weight vector per context flag, added when that flag is on
      then one gene per EVOLVED perception channel, in `perception.evolved` order (colour, kind,
      landmarks): range = start + gene x cap / RANGE_STEPS cells, clipped to [0, cap]; a range
      of cap or more is "any" (`perception_ranges` decodes them).
    Fixed channels have no gene. Noticing costs price x range per step (`perception_price`);
    the simulation charges it in the episode's return, so selection sees it.
    """

    features: FeatureSpace
    perception: Perception
    discount: float = 0.9

    kind = BrainKind.PLANNER

    @property
    def weights_size(self) -> int:
        """Genes of the mesa-objective (weights, with one extra vector per context flag)."""
        return self.features.size * (1 + len(self.features.contexts))

    @property
    def perception_offset(self) -> int:
        """Index of the first perception gene."""
        return self.weights_size

    @property
    def n_params(self) -> int:
        return self.weights_size + len(self.perception.evolved)

    def objective_weights(self, genomes: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        """Mesa-objective weights (P, F), with the context flags (n_ctx,) switched on if given."""
        f = self.features.size
        w = genomes[:, :f]
        if context is not None and len(self.features.contexts):
            extra = genomes[:, f : f * (1 + len(self.features.contexts))]
            extra = extra.reshape(len(genomes), len(self.features.contexts), f)
            w = w + np.einsum("c,pcf->pf", context.astype(np.float64), extra)
        return w

    def perception_ranges(self, genomes: np.ndarray) -> dict[str, np.ndarray]:
        """Every channel's range per agent, (P,) float in cells: ANY (inf) = from anywhere,
        NONE (-1) = not at all. Fixed channels give the level's range to every agent."""
        genomes = np.atleast_2d(np.asarray(genomes, np.float64))
        p = self.perception
        out: dict[str, np.ndarray] = {}
        for channel in PERCEPTION_CHANNELS:
            if channel in p.prices:
                gene = genomes[:, self.perception_offset + p.evolved.index(channel)]
                r = np.clip(p.start_range(channel) + gene * p.cap / RANGE_STEPS, 0.0, p.cap)
                out[channel] = np.minimum(np.where(r >= p.cap, ANY, r), p.budget)
            else:
                out[channel] = np.full(len(genomes), p.fixed_range(channel))
        return out

    def perception_price(self, genomes: np.ndarray) -> np.ndarray:
        """Fitness each agent pays per step for what it notices: sum of price x range (P,);
        an "any" range costs as much as the cap."""
        genomes = np.atleast_2d(np.asarray(genomes, np.float64))
        total = np.zeros(len(genomes))
        ranges = self.perception_ranges(genomes)
        for channel, price in self.perception.prices.items():
            total += price * np.minimum(ranges[channel], self.perception.cap)
        return total

    def feature_channels(self) -> np.ndarray:
        """Which channel each feature is perceived through: (F,) index into PERCEPTION_CHANNELS."""
        f = self.features
        out = np.zeros(f.size, np.int64)
        out[f.colour_offset() : f.landmark_offset()] = PERCEPTION_CHANNELS.index("colour")
        out[: f.colour_offset()] = PERCEPTION_CHANNELS.index("kind")
        out[f.landmark_offset() :] = PERCEPTION_CHANNELS.index("landmarks")
        return out

    def perceivable(self, genomes: np.ndarray | None = None) -> np.ndarray:
        """Which features can act on behaviour: a range of at least one cell. (F,) bool for the
        level (could any agent perceive it), or (P, F) per agent when genomes are given."""
        channels = self.feature_channels()
        if genomes is None:
            offered = np.array([self.perception.offered(c) for c in PERCEPTION_CHANNELS])
            return offered[channels]
        ranges = self.perception_ranges(genomes)
        seen = np.stack([ranges[c] >= 1 for c in PERCEPTION_CHANNELS], axis=1)  # (P, channels)
        return seen[:, channels]

    def episode_weights(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                        layout_of: np.ndarray) -> np.ndarray:
        """The mesa-objective each episode plans with: (B, F), context flags of its layout applied."""
        f = self.features.size
        w = np.take(genomes[:, :f], agent_of, axis=0)
        if len(self.features.contexts):
            extra = genomes[agent_of, f : f * (1 + len(self.features.contexts))]
            extra = extra.reshape(len(agent_of), len(self.features.contexts), f)
            w = w + np.einsum("bc,bcf->bf", batch.context[layout_of].astype(np.float64), extra)
        return w

    def fixed_ranges(self, n: int) -> dict[str, np.ndarray]:
        """Ranges for n episodes when no genome says otherwise: the fixed ones, and evolved
        channels at their generation-0 start (used by brains that do not evolve perception)."""
        p = self.perception
        return {c: np.full(n, min(p.budget, ANY if c in p.prices and p.start_range(c) >= p.cap
                                  else p.start_range(c) if c in p.prices else p.fixed_range(c)))
                for c in PERCEPTION_CHANNELS}

    def target_weights(self, w: np.ndarray, batch: LayoutBatch, layout_of: np.ndarray,
                       ranges: dict[str, np.ndarray] | None = None,
                       ) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
        """Objective weights (B, F) put on each episode's targets, split by how they are
        perceived: the part seen from anywhere (B, T); per ranged channel (weights (B, T), range
        (B,)); and whether to route around hazards."""
        ranges = self.fixed_ranges(len(layout_of)) if ranges is None else ranges
        parts = _pick(w, batch, layout_of)
        # Hazards next to the path are always recognised: route around those it dislikes.
        avoid = np.zeros(len(layout_of), bool)
        if batch.hazard.any():
            hazards = np.take(batch.hazard & batch.exists, layout_of, axis=0) & (parts["kind"] < 0)
            np.any(hazards, axis=1, out=avoid)
        if (batch.requires >= 0).any():
            parts["kind"] = parts["kind"] + self.means_value(parts["kind"] + parts["colour"], batch, layout_of)
        always = np.zeros_like(parts["kind"])
        ranged = []
        for channel in PERCEPTION_CHANNELS:
            cw, r = parts[channel], np.asarray(ranges[channel], np.float64)
            if not (cw.max(initial=0) > 0 or cw.min(initial=0) < 0) or np.all(r < 0):  # np.any(cw), faster
                continue
            if np.all(np.isinf(r)):
                always += cw
            else:
                ranged.append((cw, r))
        return always, ranged, avoid

    def means_value(self, target_w: np.ndarray, batch: LayoutBatch, layout_of: np.ndarray) -> np.ndarray:
        """What a means is worth to the plan (built in): an object that a wanted object requires
        (a key for a chest) is valued at the best weight x discount^(key -> chest distance) over
        the objects it opens, so the planner plans "key, then chest" without wanting keys. It is
        recognised as a means by what it is, so it counts through the kind channel. (B, T)"""
        lut = discount_lut(float(self.discount))
        kind, cell = batch.tkind[layout_of], batch.tcell[layout_of]
        lock = batch.requires[layout_of]
        out = np.zeros_like(target_w)
        wanted = np.where((lock >= 0) & batch.exists[layout_of], np.maximum(target_w, 0.0), 0.0)
        for j in np.flatnonzero(wanted.any(axis=0)):  # each lock slot someone wants
            dist = batch.dist[layout_of, j][np.arange(len(layout_of))[:, None], cell]  # (B, T): key cell -> lock j
            opens = (kind == lock[:, j : j + 1]) & (kind >= 0)
            value = wanted[:, j : j + 1] * np.take(lut, dist) * opens
            np.maximum(out, value, out=out)
        return out.astype(target_w.dtype)

    def prepare(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                layout_of: np.ndarray) -> PlannerPolicy:
        w = self.episode_weights(genomes, batch, agent_of, layout_of)
        ranges = {c: r[agent_of] for c, r in self.perception_ranges(genomes).items()}
        policy = planner_policy(self.discount, batch, layout_of, *self.target_weights(w, batch, layout_of, ranges))
        if self.perception.prices:
            policy.step_price = self.perception_price(genomes)[agent_of]
        return policy
