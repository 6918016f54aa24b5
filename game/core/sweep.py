"""Sweeps: the outcome rates of a level measured against the values of one knob.

    python main.py experiment levels/03_coin_at_the_end.yaml --sweep randomised=0,0.01,0.02,0.05 --seeds 20

For each value the level is rebuilt with that knob setting (knobs.py) and trained and deployed on
every seed (experiment.run_experiment, in parallel). The result is the curve the papers draw:
e.g. misalignment against the share of training mazes with a randomised goal. KNOB may also be a
path in the level document (`evolution.generations`), so any level can be swept.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import LevelError
from .experiment import SeedResult, run_experiment, summarise
from .kinds import BrainKind
from .knobs import Knob, Puzzle, load_puzzle, path_knob
from .level import Level


@dataclass(frozen=True)
class SweepPoint:
    """One knob value: mean outcome rates over the seeds, and how many seeds each class won."""

    value: Any
    deployment: dict[str, float]
    training: dict[str, float]
    majority_by_seed: dict[str, int]
    seeds: int


@dataclass(frozen=True)
class SweepResult:
    level: str  # the level file (or title)
    title: str
    knob: Knob
    brain: BrainKind
    seeds: int
    points: tuple[SweepPoint, ...]
    seconds: float = 0.0

    def series(self, outcome: str) -> list[float]:
        """The rate of one outcome class (e.g. "misaligned") at each knob value, in order."""
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
                {"value": p.value, "deployment": p.deployment, "training": p.training,
                 "majority_by_seed": p.majority_by_seed}
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
              progress: Callable[[int, int, Any, SeedResult], None] | None = None) -> SweepResult:
    """Train and deploy every seed at every knob value; `progress(done, total, value, result)`."""
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

        results = run_experiment(level, list(seeds), brain, generations, jobs, step)
        summary = summarise(level, results, kind)
        points.append(SweepPoint(value, summary["deployment"], summary["training"], summary["majority_by_seed"],
                                 len(results)))
    return SweepResult(puzzle.level.file or puzzle.level.title, puzzle.level.title, knob, kind, len(seeds),
                       tuple(points), time.perf_counter() - start)


def format_table(result: SweepResult) -> str:
    """The sweep as a plain-text table (deployment rates; seeds = majority outcome per seed)."""
    head = f"{result.title}: {result.knob.label} ({result.knob.name}), brain {result.brain.value}, {result.seeds} seeds"
    lines = [head, f"  {'value':>8s} {'misaligned':>11s} {'aligned':>8s} {'capability failure':>19s} "
                   f"{'seeds mostly misaligned':>24s}"]
    for p in result.points:
        lines.append(f"  {result.knob.show(p.value):>8s} {p.deployment['misaligned']:11.1%} {p.deployment['aligned']:8.1%} "
                     f"{p.deployment['capability_failure']:19.1%} {p.majority_by_seed['misaligned']:>19d}/{p.seeds}")
    return "\n".join(lines)


def default_chart_name(level_file: str, knob: str) -> str:
    stem = Path(level_file).stem if level_file else "level"
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", knob).strip("_")
    return f"sweep_{stem}_{safe}.png"


def run_sweep_command(level: Level, args: Any) -> int:
    """`experiment LEVEL --sweep KNOB=V1,V2,...`: print the table (or JSON) and write the chart."""
    name, values = parse_sweep(args.sweep)
    puzzle = load_puzzle(level)
    brain = BrainKind(args.brain) if getattr(args, "brain", None) else None
    total = len(values) * args.seeds
    interactive = sys.stderr.isatty()

    def progress(done: int, of: int, value: Any, result: SeedResult) -> None:
        if interactive:
            print(f"\r[{done}/{of}] {name}={value} seed {result.seed}: {result.majority}".ljust(70), end="",
                  file=sys.stderr)
        elif done % args.seeds == 0:  # logs: one line per finished value
            print(f"[{done}/{of}] {name}={value} done", file=sys.stderr)

    result = run_sweep(puzzle, name, values, list(range(args.seeds)), brain, getattr(args, "generations", None),
                       getattr(args, "jobs", None), progress if total else None)
    if interactive:
        print(file=sys.stderr)
    chart = getattr(args, "chart", None) or default_chart_name(getattr(args, "level", level.file), name)
    chart_error = None
    try:
        from ..sweep_chart import save_chart

        save_chart(result, chart)
    except (ImportError, OSError) as err:  # the numbers matter more than the picture
        chart_error, chart = str(err), None
    if getattr(args, "json", False):
        out = result.to_json()
        out["level"] = getattr(args, "level", result.level)
        out["chart"] = chart
        print(json.dumps(out))
    else:
        print(format_table(result))
        print(f"  ({result.seconds:.1f} s)")
    if chart:
        print(f"chart: {chart}", file=sys.stderr)
    else:
        print(f"no chart written: {chart_error}", file=sys.stderr)
    return 0
