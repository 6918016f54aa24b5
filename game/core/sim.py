"""The batched simulation: population x episodes stepped together in numpy.

One code path serves training, deployment, the UI and the tests. Episode b is agent
`agent_of[b]` in layout `layout_of[b]`. Objects give their base-objective reward the first time
they are reached; consumable ones then vanish; terminal ones end the episode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .batch import LayoutBatch
from .kinds import MOVES


class Policy(Protocol):
    def act(self, pos: np.ndarray, alive: np.ndarray, t: int) -> np.ndarray: ...


class Brain(Protocol):
    @property
    def n_params(self) -> int: ...

    def prepare(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                layout_of: np.ndarray) -> Policy: ...


@dataclass(frozen=True, eq=False)
class EpisodeResults:
    """What happened in each episode of a batch."""

    agent_of: np.ndarray  # (B,)
    layout_of: np.ndarray  # (B,)
    returns: np.ndarray  # (B,) base-objective return
    steps: np.ndarray  # (B,) steps taken
    reach_time: np.ndarray  # (B, T) step at which each target was first reached, -1 if never
    final_pos: np.ndarray  # (B,) flat cell
    last_move: np.ndarray  # (B,) step of the last move that changed cell (0 if never moved)
    ended_on_terminal: np.ndarray  # (B,) bool
    trace: np.ndarray | None = None  # (steps+1, B) flat cells, when asked for

    def __len__(self) -> int:
        return len(self.returns)

    def fitness(self, n_agents: int) -> np.ndarray:
        """Mean return per agent (higher is better)."""
        total = np.bincount(self.agent_of, weights=self.returns, minlength=n_agents)
        count = np.bincount(self.agent_of, minlength=n_agents)
        return total / np.maximum(count, 1)


def episode_grid(n_agents: int, n_layouts: int) -> tuple[np.ndarray, np.ndarray]:
    """Every agent in every layout: (agent_of, layout_of), agent-major."""
    agent_of = np.repeat(np.arange(n_agents), n_layouts)
    layout_of = np.tile(np.arange(n_layouts), n_agents)
    return agent_of, layout_of


def simulate(batch: LayoutBatch, brain: Brain, genomes: np.ndarray, agent_of: np.ndarray,
             layout_of: np.ndarray, max_steps: int, step_cost: float = 0.0,
             trace: bool = False) -> EpisodeResults:
    """Run every episode to its end (terminal object or max_steps). Deterministic."""
    policy = brain.prepare(genomes, batch, agent_of, layout_of)
    n = len(agent_of)
    n_targets = batch.n_targets
    cells = batch.height * batch.width
    walls = batch.walls.reshape(-1)
    obj_at = batch.obj_at.reshape(-1)
    cell_base = layout_of * cells
    deltas = np.array([dr * batch.width + dc for dr, dc in MOVES], dtype=np.int64)
    target_base = layout_of * n_targets
    reward = batch.reward.reshape(-1)
    terminal = batch.terminal.reshape(-1)
    consumable = batch.consumable.reshape(-1)

    pos = batch.start[layout_of].copy()
    alive = batch.exists[layout_of].copy()
    reached = np.zeros((n, n_targets), bool)
    reach_time = np.full((n, n_targets), -1, np.int32)
    returns = np.zeros(n)
    steps = np.zeros(n, np.int32)
    last_move = np.zeros(n, np.int32)
    done = np.zeros(n, bool)
    on_terminal = np.zeros(n, bool)
    frames = [pos.copy()] if trace else []
    active = np.arange(n)  # episodes still running; shrinks as they end

    for t in range(max_steps):
        if active.size == 0:
            break
        # The policy sees the whole batch; finished episodes simply do not move.
        action = policy.act(pos, alive, t)
        act = action[active]
        p = pos[active]
        new = p + deltas[act]
        new = np.where(walls[cell_base[active] + new], p, new)
        moved = new != p
        last_move[active[moved]] = t + 1
        pos[active] = new
        steps[active] += 1
        obj = obj_at[cell_base[active] + new]
        hit = np.nonzero(obj >= 0)[0]
        if hit.size:
            b = active[hit]
            o = obj[hit]
            fresh = ~reached[b, o]
            b, o = b[fresh], o[fresh]
            reached[b, o] = True
            reach_time[b, o] = t + 1
            flat = target_base[b] + o
            returns[b] += reward[flat]
            alive[b, o] &= ~consumable[flat]
            end = terminal[flat]
            done[b[end]] = True
            on_terminal[b[end]] = True
        if trace:
            frames.append(pos.copy())
        active = active[~done[active]]
    returns -= step_cost * steps
    return EpisodeResults(
        agent_of=agent_of, layout_of=layout_of, returns=returns, steps=steps,
        reach_time=reach_time, final_pos=pos, last_move=last_move,
        ended_on_terminal=on_terminal, trace=np.array(frames) if trace else None,
    )
