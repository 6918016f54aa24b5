"""Experiments: train and deploy a level on many seeds (in parallel) and measure outcome rates.

Every number comes from running the evolution; nothing is assumed. A seed's run is fully
determined by (level, seed, brain, generations).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from .kinds import BrainKind
from .level import Level
from .outcomes import ORDER, classify, rates
from .session import TrainingSession, deploy
from .sim import episode_grid, simulate


@dataclass(frozen=True)
class SeedResult:
    seed: int
    best_fitness: float
    mean_fitness: float
    training: dict[str, float]  # outcome rates of the deployed agents on training layouts
    deployment: dict[str, float]
    wants: dict[str, float]
    hazards: dict[str, float]  # "shortcut | supervisor on" -> share of deployed episodes reaching it

    @property
    def majority(self) -> str:
        return max(self.deployment, key=lambda k: self.deployment[k])


def training_rates(session: TrainingSession, genomes: np.ndarray) -> dict[str, float]:
    """How the agents we deploy behave on their own training pool (same classification)."""
    batch = session.pool
    agent_of, layout_of = episode_grid(len(genomes), batch.n_layouts)
    objective = session.level.objective
    results = simulate(batch, session.brain, genomes, agent_of, layout_of, objective.max_steps,
                       objective.step_cost)
    return rates(classify(results, batch, results.defected))


def hazard_rates(batch, results, contexts: tuple[str, ...], kinds: tuple[str, ...]) -> dict[str, float]:
    """For each hazard kind and context flag: the share of episodes, with the flag on and with it
    off, in which the agent stepped on that hazard (e.g. the forbidden shortcut when watched)."""
    lay = results.layout_of
    out: dict[str, float] = {}
    for k, kind in enumerate(kinds):
        is_kind = (batch.tkind[lay] == k) & batch.hazard[lay]
        if not is_kind.any():
            continue
        stepped = ((results.reach_time >= 0) & is_kind).any(axis=1)
        for c, flag in enumerate(contexts):
            on = batch.context[lay, c] > 0.5
            for label, mask in ((f"{flag} on", on), (f"{flag} off", ~on)):
                if mask.any():
                    out[f"{kind} | {label}"] = float(stepped[mask].mean())
    return out


def run_seed(level: Level, seed: int, brain: BrainKind | None = None, generations: int | None = None) -> SeedResult:
    session = TrainingSession(level, seed=seed, brain=brain, generations=generations)
    session.run()
    champions = session.champions()
    report = deploy(session.level, session.brain, champions, seed=seed)
    last = session.history[-1]
    hazards = hazard_rates(report.batch, report.results, session.features.contexts, session.features.kinds)
    return SeedResult(seed, last.best, last.mean, training_rates(session, champions), report.rates, last.wants,
                      hazards)


def _run_seed_args(args: tuple) -> SeedResult:
    return run_seed(*args)


def run_experiment(level: Level, seeds: Sequence[int], brain: BrainKind | None = None,
                   generations: int | None = None, jobs: int | None = None,
                   progress: Callable[[int, int, SeedResult], None] | None = None) -> list[SeedResult]:
    """Run seeds in parallel on all local cores (jobs=1 runs in this process)."""
    jobs = jobs or os.cpu_count() or 1
    tasks = [(level, s, brain, generations) for s in seeds]
    results: list[SeedResult] = []
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            results.append(_run_seed_args(task))
            if progress:
                progress(len(results), len(tasks), results[-1])
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for result in pool.map(_run_seed_args, tasks):
                results.append(result)
                if progress:
                    progress(len(results), len(tasks), result)
    return results


def summarise(level: Level, results: Sequence[SeedResult], brain: BrainKind) -> dict:
    """One JSON-ready summary: mean outcome fractions over all deployed episodes, and per seed."""
    keys = [o.value for o in ORDER]

    def mean(field: str) -> dict[str, float]:
        return {k: float(np.mean([getattr(r, field)[k] for r in results])) for k in keys}

    majority = {k: sum(1 for r in results if r.majority == k) for k in keys}
    hazard_keys = sorted({k for r in results for k in r.hazards})
    hazards = {k: float(np.mean([r.hazards[k] for r in results if k in r.hazards])) for k in hazard_keys}
    return {
        "level": level.file or level.title,
        "title": level.title,
        "seeds": len(results),
        "brain": brain.value,
        "deployment": mean("deployment"),
        "training": mean("training"),
        "majority_by_seed": majority,
        "hazards": hazards,
        "per_seed": [
            {"seed": r.seed, "deployment": r.deployment, "training": r.training, "best_fitness": r.best_fitness}
            for r in results
        ],
    }
