"""`experiment LEVEL --sweep KNOB=V1,V2,...`: the sweep as a table (or JSON) and a PNG chart.

    python main.py experiment levels/03_coin_at_the_end.yaml --sweep randomised=0,0.01,0.02,0.05 --seeds 20

The measuring is game.core.sweep; this module only prints, reports progress and draws.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from .cli_progress import for_command
from .core.experiment import SeedResult
from .core.kinds import BrainKind, Outcome
from .core.level import Level
from .core.loader import load_puzzle
from .core.sweep import SweepResult, parse_sweep, run_sweep
from .sweep_chart import save_chart


def format_table(result: SweepResult) -> str:
    """The sweep as a plain-text table (deployment rates; seeds = majority outcome per seed)."""
    head = f"{result.title}: {result.knob.label} ({result.knob.name}), brain {result.brain.value}, {result.seeds} seeds"
    lines = [head, f"  {'value':>8s} {'misaligned':>11s} {'aligned':>8s} {'capability failure':>19s} "
                   f"{'seeds mostly misaligned':>24s}"]
    defected = any(p.deployment.get(Outcome.DEFECTED, 0.0) for p in result.points)
    if defected:
        lines[-1] += f" {'defected':>9s} {'seeds mostly defected':>22s}"
    for p in result.points:
        rate, seeds = p.deployment, p.majority_by_seed
        lines.append(f"  {result.knob.show(p.value):>8s} {rate[Outcome.MISALIGNED]:11.1%} {rate[Outcome.ALIGNED]:8.1%} "
                     f"{rate[Outcome.CAPABILITY_FAILURE]:19.1%} {seeds[Outcome.MISALIGNED]:>19d}/{p.seeds}")
        if defected:
            lines[-1] += f" {rate.get(Outcome.DEFECTED, 0.0):9.1%} {seeds.get(Outcome.DEFECTED, 0):>19d}/{p.seeds}"
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
    bar = for_command(total, level, args)

    def progress(done: int, of: int, value: Any, result: SeedResult) -> None:
        bar.task_done(done, of, result, note=f"{name}={value} seed {result.seed}: {result.majority_name}")

    first = getattr(args, "seed_start", 0) or 0
    result = run_sweep(puzzle, name, values, list(range(first, first + args.seeds)), brain, getattr(args, "generations", None),
                       getattr(args, "jobs", None), progress if total else None, ticks=bar.listener)
    bar.close()
    chart = getattr(args, "chart", None) or default_chart_name(getattr(args, "level", level.file), name)
    chart_error = None
    try:
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
