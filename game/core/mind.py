"""The mind reader: what one agent wants, read from its genome (pure numpy, no drawing).

For a planner (a mesa-optimizer) the mesa-objective is explicit: weights over features. From
it we compute, for one layout, the value the agent sees from every floor cell (the best
weight x discount^distance over the targets it can perceive from there) and the path it would
walk from the start. A reflex brain has no objective to read; `read_mind` says so by returning
a reading with `objective` set to None.

    reading = read_mind(session.brain, genome, batch, layout=0, level=level)
    reading.value_map.shape == (batch.height, batch.width)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .batch import LayoutBatch
from .brains import Planner, PlannerPolicy
from .kinds import MOVES, Action
from .level import Level
from .perceives import Ranges, acting_mask, acting_objective, agent_ranges

NO_OBJECTIVE = "this brain has no objective to read: it is a bundle of reflexes"


@dataclass(frozen=True, eq=False)
class MindReading:
    """One agent in one layout, as the mind reader shows it."""

    objective: tuple[tuple[str, float], ...] | None  # (feature, weight) it can act on, strongest first; None: reflex
    base_objective: tuple[tuple[str, float], ...]  # (kind, reward) plus ("step", -cost)
    value_map: np.ndarray | None  # (H, W) float, NaN on walls
    path: tuple[tuple[int, int], ...]  # (row, col) cells from the start
    favourite: int | None  # target index the agent heads for from the start
    note: str = ""
    ranges: Ranges | None = None  # how far it notices each cue (evolved, or the level's fixed ranges)
    hidden: int = 0  # weights left out of `objective` because it cannot perceive those features

    @property
    def has_objective(self) -> bool:
        return self.objective is not None


def base_objective(level: Level) -> tuple[tuple[str, float], ...]:
    """What the level designer rewards, as (label, reward) pairs."""
    rewards = level.objective.rewards
    pairs = [(kind, float(r)) for kind, r in rewards.items() if r]
    # Rewards that apply only under a context flag (the punishment while the supervisor is watching).
    pairs += [(f"{kind} (while {flag} present)", float(r)) for flag, extra in level.objective.when.items()
              for kind, r in extra.items() if r]
    pairs += [(kind, float(r)) for kind, r in rewards.items() if not r]
    if level.objective.step_cost:
        pairs.append(("each step", -float(level.objective.step_cost)))
    return tuple(pairs)


def mesa_objective(brain: Planner, genome: np.ndarray, context: np.ndarray | None = None) -> tuple[tuple[str, float], ...]:
    """The agent's learned objective as (feature, weight), largest magnitude first."""
    weights = brain.objective_weights(np.asarray(genome, np.float64)[None], context)[0]
    order = np.argsort(-np.abs(weights), kind="stable")
    return tuple((brain.features.names[i], float(weights[i])) for i in order)


def _policy(brain: Planner, genome: np.ndarray, batch: LayoutBatch, layout: int, n: int) -> PlannerPolicy:
    """n copies of one agent, each a separate first episode in the layout (so a deceptive
    agent reasons about every cell as the same situation, not as a series of episodes)."""
    genomes = np.repeat(np.asarray(genome, np.float64)[None], n, axis=0)
    return brain.prepare(genomes, batch, np.arange(n), np.full(n, layout, np.int64))


def value_map(brain: Planner, genome: np.ndarray, batch: LayoutBatch, layout: int) -> np.ndarray:
    """(H, W): from each floor cell, the best value the agent sees among the targets present."""
    cells = batch.height * batch.width
    policy = _policy(brain, genome, batch, layout, cells)
    alive = np.broadcast_to(batch.exists[layout], (cells, batch.n_targets))
    scores = policy.scores(np.arange(cells), alive)
    best = scores.max(axis=1).astype(np.float64)
    best[batch.walls[layout]] = np.nan
    best[best < -1e29] = np.nan
    return best.reshape(batch.height, batch.width)


def planned_path(brain: Planner, genome: np.ndarray, batch: LayoutBatch, layout: int,
                 max_steps: int = 200) -> tuple[tuple[tuple[int, int], ...], int | None]:
    """The cells the planner walks from the start until it reaches the target it is heading for.

    Uses the brain's own policy step by step (perception can change its mind on the way), so
    the path is a prefix of what the simulation traces. Returns (path, favourite target).
    """
    policy = _policy(brain, genome, batch, layout, 1)
    width = batch.width
    walls = batch.walls[layout]
    alive = batch.exists[layout][None].copy()
    pos = np.array([batch.start[layout]])
    start_scores = policy.scores(pos, alive)[0]
    favourite: int | None = int(start_scores.argmax())
    if start_scores[favourite] <= 0:
        return ((int(pos[0]) // width, int(pos[0]) % width),), None  # nothing it wants in sight
    cells = [int(pos[0])]
    for t in range(max_steps):
        heading = int(policy.scores(pos, alive, t).argmax(axis=1)[0])  # perception may change its mind
        action = int(policy.act(pos, alive, t)[0])
        if action == Action.STAY:
            break
        dr, dc = MOVES[action]
        new = int(pos[0]) + dr * width + dc
        if walls[new]:
            break
        pos = np.array([new])
        cells.append(new)
        # A moving target (a guide) is followed until the agent stops beside or on it (STAY above).
        fixed = batch.mover[layout, heading] < 0
        if (fixed and new == int(batch.tcell[layout, heading])) or cells.count(new) > 2:
            break
    return tuple((c // width, c % width) for c in cells), favourite


def read_mind(brain: object, genome: np.ndarray, batch: LayoutBatch, layout: int, level: Level) -> MindReading:
    """Everything the mind reader draws for one agent in one layout."""
    base = base_objective(level)
    if not isinstance(brain, Planner):
        return MindReading(None, base, None, (), None, NO_OBJECTIVE)
    context = batch.context[layout] if batch.context.shape[1] else None
    path, favourite = planned_path(brain, genome, batch, layout, level.objective.max_steps)
    ranges = agent_ranges(brain, genome)[0]
    every = mesa_objective(brain, genome, context)
    acting = acting_objective(every, brain.features, acting_mask(brain.features, ranges, level.kinds))
    return MindReading(
        objective=acting,
        ranges=ranges,
        hidden=len(every) - len(acting),
        base_objective=base,
        value_map=value_map(brain, genome, batch, layout),
        path=path,
        favourite=favourite,
    )
