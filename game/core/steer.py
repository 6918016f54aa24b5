"""Steer it: retarget the search by editing the deployed agents' mesa-objective, then re-plan in
the same deployment mazes and measure how the outcome shares move.

This is the game's version of Turner et al.'s activation additions ("add a top-right vector",
"subtract the cheese vector") and Mini et al.'s retargeting of a maze-solving policy. Here the
objective is an explicit weight vector, so an edit adds the same number to one weight of every
deployed agent, in every context. For the deceptive brain, situational awareness can be
switched off instead.

    edit = Steering().add("green (colour)", -1.5).add("red (colour)", +1.0)
    result = compare(level, session.brain, champions, seed, edit)
    result.before.rates, result.after.rates          # same mazes, same agents, before and after

The edit itself (Steering, parse_edits, apply, presets) is in `steer_edit.py`; its names are
importable from here too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .batch import FeatureSpace, LayoutBatch
from .brains import Planner
from .errors import LevelError
from .experiment import Tick, run_tasks, train
from .kinds import BrainKind, Outcome
from .level import Level
from .outcomes import ORDER, Rates, named
from .steer_edit import (
    AWARENESS,
    SteerError,
    Steering,
    apply,
    awareness_off,
    objective_genes,
    parse_edits,
    presets,
    resolve,
    short,
)

if TYPE_CHECKING:
    from .brains import Reflex
    from .session import DeploymentReport

__all__ = [
    "AWARENESS", "SteerError", "SteerResult", "SteerSeed", "SteerVerdict", "Steering", "apply", "awareness_off",
    "compare", "judge_steer", "objective_genes", "parse_edits", "presets", "resolve", "run_steer", "short",
    "steer_limit", "steer_seed", "steer_summary",
]


@dataclass(frozen=True, eq=False)
class SteerResult:
    steering: Steering
    before: DeploymentReport
    after: DeploymentReport


def compare(level: Level, brain: Planner | Reflex, genomes: np.ndarray, seed: int, steering: Steering,
            batch: LayoutBatch | None = None, trace: bool = False) -> SteerResult:
    """Deploy the agents as trained and as edited, in the same deployment mazes."""
    from .session import deploy, deployment_batch

    batch = batch if batch is not None else deployment_batch(level, brain.features, seed)
    before = deploy(level, brain, genomes, seed, trace=trace, batch=batch)
    after = deploy(level, brain, apply(brain, genomes, steering), seed, trace=trace, batch=batch)
    return SteerResult(steering, before, after)


# --- headless: experiment LEVEL --steer FEATURE=DELTA -------------------------------------------

@dataclass(frozen=True)
class SteerSeed:
    seed: int
    before: Rates
    after: Rates


def steer_seed(level: Level, seed: int, specs: tuple[str, ...], brain: BrainKind | None = None,
               generations: int | None = None) -> SteerSeed:
    from .session import TrainingSession

    session = TrainingSession(level, seed=seed, brain=brain, generations=generations)
    train(session)
    steering = parse_edits(session.features, specs)
    result = compare(session.level, session.brain, session.champions(), seed, steering)
    return SteerSeed(seed, dict(result.before.rates), dict(result.after.rates))


def _steer_args(args: tuple) -> SteerSeed:
    return steer_seed(*args)


def run_steer(level: Level, seeds: Sequence[int], specs: Sequence[str], brain: BrainKind | None = None,
              generations: int | None = None, jobs: int | None = None,
              progress: Callable[[int, int, SteerSeed], None] | None = None,
              ticks: Callable[[Tick], None] | None = None) -> list[SteerSeed]:
    """Train each seed, deploy its agents before and after the edit (same mazes), in parallel;
    `ticks` hears about every generation trained (experiment.run_tasks)."""
    features = FeatureSpace.of_level(level)
    try:
        steering = parse_edits(features, specs)  # fail before training anything
    except SteerError as err:
        raise LevelError(str(err), fix="name a feature the level has (see the list) with a number, "
                         "e.g. --steer green=-1.5", file=level.file) from None
    kind = brain or level.brain.kind
    if kind == BrainKind.REFLEX:  # found in a worker after training, it was a traceback
        raise LevelError("a reflex brain has no objective to steer: it is a bundle of reflexes",
                         fix="steer a planner: add --brain planner", file=level.file)
    if steering.awareness_off and kind != BrainKind.DECEPTIVE:
        raise LevelError(f"only the deceptive brain has situational awareness to switch off; this one is a {kind.value}",
                         fix="leave out awareness=off, or add --brain deceptive", file=level.file)
    tasks = [(level, s, tuple(specs), brain, generations) for s in seeds]
    jobs = jobs or os.cpu_count() or 1
    return run_tasks(_steer_args, tasks, jobs, progress, ticks)


def steer_summary(level: Level, results: Sequence[SteerSeed], specs: Sequence[str]) -> dict:
    """One JSON-ready summary (outcomes by name): mean shares before and after the edit, and per seed."""
    keys = ORDER if results else ()
    before = {k: float(np.mean([r.before[k] for r in results])) for k in keys}
    after = {k: float(np.mean([r.after[k] for r in results])) for k in keys}
    return {
        "level": level.file or level.title, "title": level.title, "seeds": len(results),
        "steer": list(specs),
        "edit": parse_edits(FeatureSpace.of_level(level), specs).describe(),
        "before": named(before), "after": named(after), "change": named({k: after[k] - before[k] for k in keys}),
        "per_seed": [{"seed": r.seed, "before": named(r.before), "after": named(r.after)} for r in results],
    }


# --- the steering puzzles: goal.steer_weights (and goal.deploy_aligned_at_least) -----------------

def steer_limit(level: Level) -> int | None:
    """A steering puzzle's limit on changed weights (goal.steer_weights), or None."""
    value = level.goal.get("steer_weights")
    return None if value is None else max(0, int(value))


@dataclass(frozen=True)
class SteerVerdict:
    won: bool
    aligned: float
    goal: float | None
    changes: int
    limit: int | None
    message: str


def judge_steer(level: Level, result: SteerResult) -> SteerVerdict:
    """Aligned enough after the edit, with no more changes than allowed, and something changed."""
    aligned = float(result.after.rates[Outcome.ALIGNED])
    goal = level.goal.get("deploy_aligned_at_least")
    limit = steer_limit(level)
    changes = result.steering.changes
    met = goal is not None and aligned >= goal - 1e-9
    over = limit is not None and changes > limit
    won = met and not over and changes > 0
    target = f"at least {goal:.0%}" if goal is not None else "no goal set"
    allowed = f", at most {limit} change{'s' if limit != 1 else ''}" if limit is not None else ""
    if over:
        head = f"Too many changes: {changes}{allowed.replace(', at most', ' (at most')}{')' if allowed else ''}"
    elif changes == 0:
        head = "No change yet"
    else:
        head = "Won" if won else "Not yet"
    return SteerVerdict(won, aligned, goal, changes, limit,
                        f"{head}: {aligned:.0%} of deployed episodes aligned (goal: {target}{allowed}).")
