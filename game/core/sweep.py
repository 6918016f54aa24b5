"""Sweeps: the outcome rates of a level measured against the values of one knob.

    result = run_sweep(puzzle, "randomised", [0, 0.01, 0.02, 0.05], seeds=range(20))

For each value the level is rebuilt with that knob setting (knobs.py) and trained and deployed on
every seed (experiment.run_experiment, in parallel). The result is the curve the papers draw:
e.g. misalignment against the share of training mazes with a randomised goal. KNOB may also be a
path in the level document (`evolution.generations`), so any level can be swept.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import LevelError
from .experiment import SeedResult, Tick, majority_counts, mean_rates, named_majority, run_experiment, summarise
from .kinds import BrainKind, Outcome
from .knobs import Knob, Puzzle, path_knob
from .level import Level
from .outcomes import Rates, named


@dataclass(frozen=True)
class SweepPoint:
    """One knob value: mean outcome rates over the seeds, and how many seeds each class won."""

    value: Any
    deployment: Rates
    training: Rates
    majority_by_seed: dict[Outcome, int]
    seeds: int
    intervals: dict = field(default_factory=dict)  # 95% intervals over seeds, JSON-ready (experiment.summarise)
    ties: int = 0  # seeds with no single majority class


@dataclass(frozen=True)
class SweepResult:
    level: str  # the level file (or title)
    title: str
    knob: Knob
    brain: BrainKind
    seeds: int
    points: tuple[SweepPoint, ...]
    seconds: float = 0.0

    def series(self, outcome: Outcome) -> list[float]:
        """The rate of one outcome class (e.g. Outcome.MISALIGNED) at each knob value, in order."""
        return [p.deployment[outcome] for p in self.points]

    def to_json(self) -> dict:
        return {
            "level": self.level,
            "title": self.title,
            "knob": self.knob.name,
            "label": self.knob.label,
            "brain": self.brain.value,
            "seeds": self.seeds,
            "seconds": round(self.seconds, 2),
            "values": [p.value for p in self.points],
            "points": [
                {"value": p.value, "deployment": named(p.deployment), "training": named(p.training),
                 "majority_by_seed": named_majority(p.majority_by_seed, p.ties), "intervals": p.intervals}
                for p in self.points
            ],
        }


def parse_sweep(text: str) -> tuple[str, list[Any]]:
    """'randomised=0,0.01,0.02' -> ('randomised', [0, 0.01, 0.02]). Values are read as YAML scalars."""
    name, sep, rest = str(text).partition("=")
    items = [v.strip() for v in rest.split(",") if v.strip()]
    if not sep or not name.strip() or not items:
        raise LevelError(f"cannot read the sweep '{text}'", fix="write --sweep KNOB=V1,V2,... e.g. --sweep randomised=0,0.02,0.1")
    values = []
    for item in items:
        try:
            value = yaml.safe_load(item)
        except yaml.YAMLError:
            value = item
        values.append(value if isinstance(value, (int, float, str, bool)) else item)
    return name.strip(), values


def sweep_knob(puzzle: Puzzle, name: str, values: Sequence[Any]) -> Knob:
    """The level's knob of that name, or an ad-hoc knob over a document path."""
    for knob in puzzle.knobs:
        if knob.name == name:
            return knob
    if re.search(r"[.\[]", name):
        return path_knob(name, values)
    puzzle.knob(name)  # raises: no such knob, with the list of knobs
    raise AssertionError("unreachable")


def run_sweep(puzzle: Puzzle, name: str, values: Sequence[Any], seeds: Sequence[int],
              brain: BrainKind | None = None, generations: int | None = None, jobs: int | None = None,
              progress: Callable[[int, int, Any, SeedResult], None] | None = None,
              ticks: Callable[[Tick], None] | None = None) -> SweepResult:
    """Train and deploy every seed at every knob value; `progress(done, total, value, result)`,
    and `ticks` for every generation trained (experiment.run_tasks)."""
    knob = sweep_knob(puzzle, name, values)
    extra = () if knob in puzzle.knobs else (knob,)
    levels: list[Level] = [puzzle.apply({knob.name: v}, extra) for v in values]  # validate all before running
    kind = brain or puzzle.level.brain.kind
    total, done = len(values) * len(seeds), 0
    start = time.perf_counter()
    points = []
    for value, level in zip(values, levels):
        def step(_n: int, _of: int, result: SeedResult, value: Any = value) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total, value, result)

        results = run_experiment(level, list(seeds), brain, generations, jobs, step, ticks=ticks)
        summary = summarise(level, results, kind)
        majority, ties = majority_counts(results)
        points.append(SweepPoint(value, mean_rates(results, "deployment"), mean_rates(results, "training"), majority,
                                 len(results), summary["intervals"], ties))
    return SweepResult(puzzle.level.file or puzzle.level.title, puzzle.level.title, knob, kind, len(seeds),
                       tuple(points), time.perf_counter() - start)
