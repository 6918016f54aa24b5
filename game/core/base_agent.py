"""The base objective's own agent: a planner whose mesa-objective is exactly the base objective.

It is the fair-chance check of every level: if this agent cannot score in training, a lesson
"evolution picked the proxy" is forced by the level, not found by selection. Nothing here is
evolved: the weights are the level's rewards, and its perception is the cheapest that serves
the base objective best on the training pool (searched, not guessed).

    genome, ranges = fit_base_agent(level, brain, session.pool)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .batch import LayoutBatch
from .brains import RANGE_STEPS, Planner
from .deceptive import DeceptivePlanner
from .level import ANY, Level
from .sim import episode_grid, simulate


def base_objective_genome(brain: Planner, level: Level, ranges: Mapping[str, float] | None = None) -> np.ndarray:
    """The base objective as a genome: each kind's reward / the largest |reward| as its weight,
    `objective.when` extra rewards on the context flag's vector, and perception genes that give
    the evolved channels `ranges` (cells, or ANY); channels not listed get range 0 (not paid for).
    A deceptive brain's genome is its own context-free objective and the awareness gene: its base
    agent is the base objective as that brain knows it (`base_weights`), awareness off."""
    features = brain.features
    genome = np.zeros(brain.n_params)
    if isinstance(brain, DeceptivePlanner):
        genome[: features.size] = brain.base_weights
        genome[-1] = -1.0  # not aware: it wants the base objective whether watched or not
        return genome
    rewards = level.objective.rewards
    extras = [r for flag in level.objective.when.values() for r in flag.values()]
    scale = max([abs(r) for r in rewards.values()] + [abs(r) for r in extras] + [1e-9])
    for kind, reward in rewards.items():
        if kind in features.kinds:
            genome[features.kinds.index(kind)] = reward / scale
    f = features.size
    for flag, extra in level.objective.when.items():
        if flag not in features.contexts:
            continue
        offset = f * (1 + features.contexts.index(flag))
        for kind, reward in extra.items():
            if kind in features.kinds:
                genome[offset + features.kinds.index(kind)] = reward / scale
    genome[brain.perception_offset:] = perception_genes(brain, ranges or {})
    return genome


def perception_genes(brain: Planner, ranges: Mapping[str, float]) -> np.ndarray:
    """The genes that decode (Planner.perception_ranges) to the given ranges."""
    p = brain.perception
    genes = np.zeros(len(p.evolved))
    for i, channel in enumerate(p.evolved):
        r = float(ranges.get(channel, 0.0))
        r = p.cap + 1.0 if r >= p.cap else max(r, 0.0)  # "any": safely past the cap
        genes[i] = (r - p.start_range(channel)) * RANGE_STEPS / p.cap
    return genes


def training_fitness(brain: Planner, level: Level, genomes: np.ndarray, pool: LayoutBatch) -> np.ndarray:
    """Mean training return of each genome over every layout of the pool (perception price paid)."""
    agent_of, layout_of = episode_grid(len(genomes), pool.n_layouts)
    objective = level.objective
    results = simulate(pool, brain, genomes, agent_of, layout_of, objective.max_steps, objective.step_cost,
                       record_moves=False)
    return results.fitness(len(genomes))


def fit_base_agent(level: Level, brain: Planner, pool: LayoutBatch) -> tuple[np.ndarray, dict[str, float]]:
    """The base objective's agent with the perception it needs: the base objective is written in
    kinds, so only the kind range matters; when it evolves, every whole range from 0 to the cap
    (and "any") is tried on the training pool and the best training fitness wins (ties: the
    shorter range). Other evolved channels stay at 0: it does not pay for cues it does not use.
    A deceptive brain's perception never evolves (its ranges are the level's), so nothing is tried."""
    if "kind" not in brain.perception.evolved or isinstance(brain, DeceptivePlanner):
        ranges: dict[str, float] = {}
        return base_objective_genome(brain, level, ranges), ranges
    candidates = [float(r) for r in range(brain.perception.cap)] + [ANY]
    genomes = np.stack([base_objective_genome(brain, level, {"kind": r}) for r in candidates])
    fitness = training_fitness(brain, level, genomes, pool)
    best = int(np.argmax(fitness))  # argmax takes the first, i.e. the shortest range, on ties
    ranges = {"kind": candidates[best]}
    return genomes[best], ranges
