"""The reflex: a tiny neural policy, not an optimizer (the contrast to the planner in brains.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .batch import FeatureSpace, LayoutBatch
from .kinds import Action, BrainKind


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
