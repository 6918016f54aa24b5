"""Experiments: train and deploy a level on many seeds (in parallel) and measure outcome rates.

Every number comes from running the evolution; nothing is assumed. A seed's run is fully
determined by (level, seed, brain, generations).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from .base_agent import fit_base_agent
from .batch import LayoutBatch
from .brains import Planner, Reflex
from .deceptive import defected_by_behaviour
from .kinds import BrainKind, Outcome
from .level import Level
from .outcomes import ORDER, Rates, classify, majority, named, rates
from .session import TrainingSession, deploy
from .sim import EpisodeResults, episode_grid, simulate

R = TypeVar("R")

Tick = tuple[int, int, int]  # from inside a task: (seed, generations trained so far, its generations in all)
_listener: Callable[[Tick], None] | None = None  # who hears ticks in this process (set by run_tasks)

TIE = "tie"  # in JSON and tables: a seed whose deployed episodes split evenly between the top outcome classes


@dataclass(frozen=True)
class SeedResult:
    seed: int
    best_fitness: float  # the best deployed agent's own fitness in the last generation
    mean_fitness: float
    training: Rates  # outcome rates of the deployed agents on training layouts
    deployment: Rates
    wants: dict[str, float]
    hazards: dict[str, float]  # "shortcut | supervisor on" -> share of deployed episodes reaching it
    training_goal: float = 0.0  # share of training-pool episodes of the deployed agents that reached a goal
    training_fitness: float = 0.0  # the deployed agents' mean fitness over the whole training pool
    perception: dict[str, float] = field(default_factory=dict)  # channel -> mean range of the deployed agents (cap = any)
    champions: str = ""  # which agents were deployed, in words
    base_agent: bool = False

    @property
    def majority(self) -> Outcome | None:
        """The outcome class most deployed episodes fell in, or None when the top classes are level."""
        return majority(self.deployment)

    @property
    def majority_name(self) -> str:
        """`majority` in words for JSON and the terminal: its name, or TIE."""
        return TIE if self.majority is None else self.majority.value


def training_rates(session: TrainingSession, genomes: np.ndarray) -> Rates:
    """How the agents we deploy behave on their own training pool (same classification)."""
    return _on_training_pool(session, genomes)[0]


def _on_training_pool(session: TrainingSession, genomes: np.ndarray) -> tuple[Rates, float, float]:
    """Outcome rates, share of episodes reaching a goal, and mean fitness on the whole training pool."""
    batch = session.pool
    agent_of, layout_of = episode_grid(len(genomes), batch.n_layouts)
    objective = session.level.objective
    results = simulate(batch, session.brain, genomes, agent_of, layout_of, objective.max_steps,
                       objective.step_cost)
    goal = ((results.reach_time >= 0) & batch.goal[layout_of]).any(axis=1)
    return rates(classify(results, batch, defected_by_behaviour(session.level, session.brain, genomes, batch, results))), float(goal.mean()), float(results.returns.mean())


def mean_ranges(brain: Planner | Reflex, genomes: np.ndarray) -> dict[str, float]:
    """Mean perception range per offered channel over the agents (an "any" range counts as the cap)."""
    if not isinstance(brain, Planner):
        return {}
    cap = brain.perception.cap
    return {c: float(np.mean(np.minimum(r, cap))) for c, r in brain.perception_ranges(genomes).items()
            if brain.perception.offered(c)}


def hazard_rates(batch: LayoutBatch, results: EpisodeResults, contexts: tuple[str, ...], kinds: tuple[str, ...]) -> dict[str, float]:
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


def run_seed(level: Level, seed: int, brain: BrainKind | None = None, generations: int | None = None,
             base_agent: bool = False) -> SeedResult:
    """Train (or, with base_agent, skip training and use the base objective's own agent) and deploy."""
    session = TrainingSession(level, seed=seed, brain=brain, generations=0 if base_agent else generations)
    if base_agent:
        if not isinstance(session.brain, Planner):
            raise ValueError("the base objective's agent is a planner")
        genome, _ = fit_base_agent(session.level, session.brain, session.pool)
        champions = np.repeat(genome[None], session.level.evolution.deploy_agents, axis=0)
        note = "the base objective's own agent (not evolved), copies of one genome"
        wants: dict[str, float] = {}
    else:
        train(session)
        champions = session.champions()
        note = session.champions_note
        wants = session.history[-1].wants
    report = deploy(session.level, session.brain, champions, seed=seed)
    hazards = hazard_rates(report.batch, report.results, session.features.contexts, session.features.kinds)
    training, goal, fitness = _on_training_pool(session, champions)
    if base_agent:
        best = mean = fitness
    else:
        last = session.history[-1]
        best, mean = last.best, last.mean
    return SeedResult(seed, best, mean, training, report.rates, wants, hazards, goal, fitness,
                      mean_ranges(session.brain, champions), note, base_agent)


def _run_seed_args(args: tuple) -> SeedResult:
    return run_seed(*args)


def train(session: TrainingSession) -> None:
    """session.run(), with a tick after every generation for whoever listens (see run_tasks)."""
    while not session.finished:
        session.step()
        if _listener is not None:
            _listener((session.seed, session.state.generation, session.generations))


def _listen_through(queue: Any) -> None:
    """In a pool worker: send this process's ticks to the parent (a SimpleQueue writes at once, so
    every tick of a task is in the pipe before the task's result is)."""
    global _listener
    _listener = queue.put


def run_tasks(fn: Callable[[Any], R], tasks: Sequence[Any], jobs: int,
              progress: Callable[[int, int, R], None] | None = None,
              ticks: Callable[[Tick], None] | None = None) -> list[R]:
    """fn over tasks, in order: in this process when jobs <= 1, else on a process pool (fn must be
    a module-level function). `progress(done, total, result)` hears about each result, in order;
    `ticks(tick)` about each generation trained inside any task (see `train`), in this process,
    and before the result of the task it belongs to."""
    global _listener
    out: list[R] = []

    def finished(r: R) -> None:
        out.append(r)
        if progress:
            progress(len(out), len(tasks), r)

    jobs = min(jobs, len(tasks))  # a worker per task at most: --jobs 1000 forked 1000 processes
    if jobs <= 1:
        before, _listener = _listener, ticks
        try:
            results: Iterable[R] = map(fn, tasks)
            for r in results:
                finished(r)
        finally:
            _listener = before
        return out
    if ticks is None:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for r in pool.map(fn, tasks):
                finished(r)
        return out
    context = multiprocessing.get_context()
    queue = context.SimpleQueue()

    def drain() -> None:
        while not queue.empty():
            ticks(queue.get())

    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_listen_through,
                                 initargs=(queue,)) as pool:
            futures = [pool.submit(fn, task) for task in tasks]
            for future in futures:
                while not future.done():
                    wait([future], timeout=0.05, return_when=FIRST_COMPLETED)
                    drain()
                drain()
                finished(future.result())
    finally:
        queue.close()
    return out


def run_experiment(level: Level, seeds: Sequence[int], brain: BrainKind | None = None,
                   generations: int | None = None, jobs: int | None = None,
                   progress: Callable[[int, int, SeedResult], None] | None = None,
                   base_agent: bool = False, ticks: Callable[[Tick], None] | None = None) -> list[SeedResult]:
    """Run seeds in parallel on all local cores (jobs=1 runs in this process); `ticks` hears about
    every generation trained (run_tasks)."""
    jobs = jobs or os.cpu_count() or 1
    tasks = [(level, s, brain, generations, base_agent) for s in seeds]
    return run_tasks(_run_seed_args, tasks, jobs, progress, ticks)


def bootstrap_interval(values: Sequence[float], resamples: int = 2000, level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of per-seed values (seeds resampled with
    replacement; a fixed generator, so the same results give the same interval)."""
    x = np.asarray(values, np.float64)
    if len(x) == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng(0)
    means = x[rng.integers(0, len(x), size=(resamples, len(x)))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


def wilson_interval(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval for a share k/n (here: seeds on which a class was the majority)."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


INTERVALS = ("rates: mean over seeds of each seed's share of episodes, 95% percentile bootstrap over seeds "
             "(2000 resamples); majority_by_seed: 95% Wilson score interval on the count of seeds")


def mean_rates(results: Sequence[SeedResult], field: str) -> Rates:
    """Mean over seeds of each seed's `field` rates ("deployment" or "training")."""
    return {o: float(np.mean([getattr(r, field)[o] for r in results])) for o in ORDER}


def rate_intervals(results: Sequence[SeedResult], field: str) -> dict[Outcome, tuple[float, float]]:
    """95% bootstrap interval over seeds of each outcome's rate."""
    return {o: bootstrap_interval([getattr(r, field)[o] for r in results]) for o in ORDER}


def majority_counts(results: Sequence[SeedResult]) -> tuple[dict[Outcome, int], int]:
    """How many seeds each outcome class was the majority of, and how many seeds tied."""
    counts = {o: sum(1 for r in results if r.majority == o) for o in ORDER}
    return counts, sum(1 for r in results if r.majority is None)


def named_majority(counts: dict[Outcome, int], ties: int) -> dict[str, int]:
    """Majority counts as JSON and tables show them: by outcome name, then TIE."""
    return {**named(counts), TIE: ties}


def summarise(level: Level, results: Sequence[SeedResult], brain: BrainKind) -> dict:
    """One JSON-ready summary (outcomes by name): mean outcome fractions over seeds with 95%
    intervals, and per seed."""

    def interval(field: str) -> dict[str, list[float]]:
        return {k: list(v) for k, v in named(rate_intervals(results, field)).items()}

    majority = named_majority(*majority_counts(results))
    hazard_keys = sorted({k for r in results for k in r.hazards})
    hazards = {k: float(np.mean([r.hazards[k] for r in results if k in r.hazards])) for k in hazard_keys}
    n = len(results)
    return {
        "level": level.file or level.title,
        "title": level.title,
        "seeds": n,
        "seed_list": [r.seed for r in results],
        "brain": brain.value,
        "base_agent": any(r.base_agent for r in results),
        "champions": results[0].champions if results else "",
        "deployment": named(mean_rates(results, "deployment")),
        "training": named(mean_rates(results, "training")),
        "majority_by_seed": majority,
        "intervals": {
            "method": INTERVALS,
            "deployment": interval("deployment"),
            "training": interval("training"),
            "majority_by_seed": {k: list(wilson_interval(v, n)) for k, v in majority.items()},
            "training_goal": list(bootstrap_interval([r.training_goal for r in results])),
        },
        "training_goal": float(np.mean([r.training_goal for r in results])) if results else 0.0,
        "training_fitness": float(np.mean([r.training_fitness for r in results])) if results else 0.0,
        "hazards": hazards,
        "per_seed": [
            {"seed": r.seed, "deployment": named(r.deployment), "training": named(r.training),
             "best_fitness": r.best_fitness, "training_fitness": r.training_fitness,
             "training_goal": r.training_goal, "majority": r.majority_name,
             "perception": r.perception, "wants": r.wants}
            for r in results
        ],
    }
