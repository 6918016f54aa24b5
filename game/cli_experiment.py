"""`experiment LEVEL`: trained on many seeds, its outcome shares as a table with intervals (or
JSON); `--steer F=D` shares before and after an edit of the objective; `--sweep` goes to
cli_sweep.py. The measuring is game.core.experiment and game.core.steer; this module runs and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import TYPE_CHECKING

from .cli_levels import load_named, warn_if_slow
from .cli_progress import for_command
from .core.kinds import BrainKind

if TYPE_CHECKING:
    from .core.experiment import SeedResult
    from .core.level import Level


def cmd_experiment(args: argparse.Namespace) -> int:
    from .core.experiment import run_experiment, summarise

    modes = [flag for flag, on in (("--sweep", args.sweep), ("--steer", args.steer), ("--base-agent", args.base_agent)) if on]
    if len(modes) > 1:  # each measures something else: one would be silently ignored
        print(f"{' and '.join(modes)} cannot be combined: each is its own experiment; run them one at a time",
              file=sys.stderr)
        return 2
    level = load_named(args.level)
    if args.sweep:
        from .cli_sweep import run_sweep_command

        return run_sweep_command(level, args)
    if args.steer:
        return cmd_steer(level, args)
    brain = BrainKind(args.brain) if args.brain else level.brain.kind
    if args.base_agent and brain == BrainKind.REFLEX:
        print("--base-agent needs a planner: a reflex brain has no objective to set", file=sys.stderr)
        return 2
    warn_if_slow(level, brain, args.generations, args.seeds / max(1, min(args.jobs or os.cpu_count() or 1, args.seeds)))
    start = time.perf_counter()
    seeds = list(range(args.seed_start, args.seed_start + args.seeds))
    bar = for_command(len(seeds), level, args, 0 if args.base_agent else None)

    def progress(done: int, total: int, result: SeedResult) -> None:
        bar.task_done(done, total, result, note=f"seed {result.seed}: {result.majority_name}")

    results = run_experiment(level, seeds, brain if args.brain else None, args.generations, args.jobs, progress,
                             base_agent=args.base_agent, ticks=bar.listener)
    bar.close()
    summary = summarise(level, results, brain)
    summary["level"] = args.level
    summary["seconds"] = round(time.perf_counter() - start, 2)
    if args.json:
        print(json.dumps(summary))
        return 0
    who = "the base objective's own agent (no evolution)" if args.base_agent else f"brain {brain.value}"
    print(f"{level.title} ({args.level}), {who}, seeds {seeds[0]}-{seeds[-1]}, {summary['seconds']} s")
    print(f"  deployed: {summary['champions']}")
    ci = summary["intervals"]
    print(f"  {'outcome':20s} {'training':>20s} {'deployment':>20s} {'majority of seeds':>26s}")
    for key, rate in summary["deployment"].items():
        tr, de = ci["training"][key], ci["deployment"][key]
        n = summary["majority_by_seed"][key]
        mj = ci["majority_by_seed"][key]
        print(f"  {key.replace('_', ' '):20s} {summary['training'][key]:6.1%} [{tr[0]:4.0%}-{tr[1]:4.0%}] "
              f"{rate:6.1%} [{de[0]:4.0%}-{de[1]:4.0%}] {n:>6d}/{len(results)} [{mj[0]:4.0%}-{mj[1]:4.0%}]")
    if summary["majority_by_seed"]["tie"]:
        print(f"  tied seeds (no single majority class): {summary['majority_by_seed']['tie']}/{len(results)}")
    goal = ci["training_goal"]
    print(f"  training episodes reaching the goal: {summary['training_goal']:.1%} [{goal[0]:.0%}-{goal[1]:.0%}], "
          f"training fitness {summary['training_fitness']:.2f}")
    print("  [95% intervals: " + ci["method"] + "]")
    if summary["hazards"]:
        print("  deployed episodes that stepped on a hazard:")
        for key, rate in summary["hazards"].items():
            print(f"    {key:40s} {rate:6.1%}")
    return 0


def cmd_steer(level: Level, args: argparse.Namespace) -> int:
    from .core.steer import run_steer, steer_summary

    start = time.perf_counter()
    bar = for_command(args.seeds, level, args)
    results = run_steer(level, list(range(args.seed_start, args.seed_start + args.seeds)), args.steer, BrainKind(args.brain) if args.brain else None,
                        args.generations, args.jobs, bar.task_done, bar.listener)
    bar.close()
    summary = steer_summary(level, results, args.steer)
    summary["level"] = args.level
    summary["seconds"] = round(time.perf_counter() - start, 2)
    if args.json:
        print(json.dumps(summary))
        return 0
    print(f"{level.title} ({args.level}), {len(results)} seeds, {summary['seconds']} s")
    print(f"  edit of every deployed agent's objective: {summary['edit']}")
    print(f"  {'outcome':20s} {'before':>8s} {'after':>8s} {'change':>8s}   (same agents, same deployment mazes)")
    for key, rate in summary["before"].items():
        print(f"  {key.replace('_', ' '):20s} {rate:8.1%} {summary['after'][key]:8.1%} "
              f"{summary['change'][key] * 100:+7.1f} pts")
    return 0
