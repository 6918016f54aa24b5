"""`python main.py bench`: performance figures, printed as ratios measured in the same run.

Printed, never asserted: timings depend on the machine and its load (the first line says the
load). Every figure is the median of several rounds, and every ratio is taken round by round
between measurements made side by side, so a machine that slows down mid-run slows both. Parts 1
and 2 time the CPU this process uses (`time.process_time`): on a busy machine the wall clock also
counts the time other programs hold the cores, which would swamp their ratios. The
targets (see README, Performance) are printed beside the figures they judge:

  1. planner simulation at a batch of 4,096 on 16x16: at least 0.5x a bare numpy loop that
     draws random actions each step and checks walls;
  2. cost per agent-step of a generation at 128x128 at most 1.5x that at 16x16, and with 35
     targets at most 1.5x that with 7;
  3. session start (layout pool, distance maps, first generation) at 64x64 <= 0.5 s, 128x128 <= 2 s;
  5. every bundled level trains its configured generations in <= 1 s; `experiment --seeds 20`
     on any level in <= 20 s;
  6. peak memory of a 128x128 level at population 256 <= 200 MB.
Target 4 (no frozen frame) is measured by benchmarks/bench_open.py, in a window.
`--quick` is a smoke run for CI: every part once, small and short.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import numpy as np

from .core import batch as batch_mod
from .core.batch import FeatureSpace, compile_layouts
from .core.brains import Planner
from .core.errors import LevelError
from .core.experiment import run_experiment
from .core.kinds import MOVES
from .core.layouts import sample_pool
from .core.loader import load_level, load_level_text
from .core.session import TrainingSession
from .core.sim import simulate
from .resources import campaign_levels


def generated_level(size: int, objects: int = 3, population: int = 256, episodes: int = 16, pool: int = 16,
                    max_steps: int = 100):
    """A generated maze level for the benchmark: an exit, (objects - 1) gems, 4 landmarks."""
    text = generated_level_text(size, objects, population, episodes, pool, max_steps)
    return load_level_text(text, f"<bench {size}x{size}>")


def generated_level_text(size: int, objects: int = 3, population: int = 256, episodes: int = 16, pool: int = 16,
                         max_steps: int = 100) -> str:
    """The level file text of `generated_level`."""
    gems = f", {{kind: gem, colour: red, count: {objects - 1}}}" if objects > 1 else ""
    return f"""
title: bench {size}x{size}
legend: {{E: {{kind: exit, colour: green}}}}
objective: {{rewards: {{exit: 10, gem: 1}}, step_cost: 0.1, max_steps: {max_steps}, goal: [exit]}}
perception: {{colour_range: any, kind_range: 3}}
evolution: {{population: {population}, episodes: {episodes}, generations: 10, pool: {pool}}}
training:
  - generate:
      size: [{size}, {size}]
      loops: 0.1
      place: [{{kind: exit, colour: green, where: top-right}}{gems}]
deployment:
  - generate: {{size: [{size}, {size}], place: [{{kind: exit, colour: green}}]}}
"""


def _median_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b))


def _planner_rate(batch, brain, genomes, steps: int) -> float:
    n = len(genomes)
    start = time.process_time()
    res = simulate(batch, brain, genomes, np.arange(n), np.zeros(n, np.int64), steps, record_moves=False)
    return float(res.steps.sum()) / max(time.process_time() - start, 1e-9)


def _bare_rate(batch, n: int, steps: int, rng: np.random.Generator) -> float:
    """The floor: each step draw a random move per agent, check the wall, move. Nothing else."""
    walls = batch.walls[0]
    deltas = np.array([dr * batch.width + dc for dr, dc in MOVES[:4]])
    pos = np.full(n, batch.start[0])
    start = time.process_time()
    for _ in range(steps):
        new = pos + np.take(deltas, rng.integers(0, 4, size=n))
        pos = np.where(np.take(walls, new), pos, new)
    return n * steps / max(time.process_time() - start, 1e-9)


def bench_planner(quick: bool) -> None:
    print("1. Planner simulation vs a bare numpy loop (random action drawn each step, wall check), 16x16, CPU time")
    rng = np.random.default_rng(0)
    level = generated_level(16)
    features = FeatureSpace.of_level(level)
    brain = Planner(features, level.perception, 0.9)
    batch = compile_layouts(sample_pool(level, level.training, 1, rng), level, features)
    steps, rounds = (30, 3) if quick else (100, 9)
    for n in (4096,) if quick else (1024, 4096, 16384):
        # Agents that want only the corners keep walking: no episode ends early.
        genomes = rng.normal(size=(n, brain.n_params))
        genomes[:, : features.size - 4] = -1.0
        planner, bare = [], []
        for _ in range(rounds):
            planner.append(_planner_rate(batch, brain, genomes, steps))
            bare.append(_bare_rate(batch, n, steps, rng))
        target = "" if n != 4096 else "  (smoke run of 30 steps: the target is judged by the full run)" if quick \
            else "  (target >= 0.5)"
        print(f"   batch {n:6d}: planner {statistics.median(planner) / 1e6:6.1f} M agent-steps/s, bare "
              f"{statistics.median(bare) / 1e6:6.1f} M/s; planner/bare {_median_ratio(planner, bare):.2f}{target}")


def _generation_cost(level, generations: int) -> tuple[float, float]:
    """Median CPU seconds per generation after the first, and per agent-step."""
    session = TrainingSession(level, seed=0, generations=10**6)
    session.step()
    times, steps = [], []
    for _ in range(generations):
        start = time.process_time()
        session.step()
        times.append(time.process_time() - start)
        results = session.last_results
        assert results is not None  # set by the step just run
        steps.append(int(results.steps.sum()))
    per_step = [t / s for t, s in zip(times, steps)]
    return statistics.median(times), statistics.median(per_step)


def bench_scaling(quick: bool) -> None:
    print("2. Cost per agent-step of a generation (population 256 x 16 episodes, pool of 16 layouts)")
    gens = 2 if quick else 5
    cases = [("16x16, 7 targets", generated_level(16)), ("16x16, 35 targets", generated_level(16, objects=31)),
             ("64x64, 7 targets", generated_level(64, max_steps=400 if not quick else 100))]
    if not quick:
        cases.append(("128x128, 7 targets", generated_level(128, max_steps=800)))
    cost = {}
    for name, level in cases:
        per_gen, per_step = _generation_cost(level, gens)
        cost[name] = per_step
        base = cost["16x16, 7 targets"]
        print(f"   {name:20s}: generation median {per_gen * 1000:7.1f} ms CPU, {per_step * 1e9:6.1f} ns per agent-step, "
              f"{per_step / base:.2f}x 16x16")
    print(f"   35 targets / 7 targets: {cost['16x16, 35 targets'] / cost['16x16, 7 targets']:.2f}x (target <= 1.5); "
          + ("128x128 / 16x16: " + f"{cost['128x128, 7 targets'] / cost['16x16, 7 targets']:.2f}x (target <= 1.5)"
             if not quick else "128x128 skipped in --quick"))


def _session_start(level, seed: int) -> float:
    """Seconds from nothing to a first generation: pool, distance maps, tables, one generation."""
    batch_mod.clear_cache()  # a cold start: nothing compiled before
    start = time.perf_counter()
    TrainingSession(level, seed=seed).step()
    return time.perf_counter() - start


def bench_start(quick: bool) -> None:
    print("3. Session start: a pool of 16 generated layouts with distance maps, then one generation")
    rounds = 1 if quick else 3
    sizes = (16, 64) if quick else (16, 64, 128)
    times: dict[int, list[float]] = {s: [] for s in sizes}
    for r in range(rounds):
        for size in sizes:
            times[size].append(_session_start(generated_level(size, max_steps=size * 4), seed=100 + r))
    for size in sizes:
        target = {64: " (target <= 0.5 s)", 128: " (target <= 2 s)"}.get(size, "")
        print(f"   {size:3d}x{size:<3d}: median {statistics.median(times[size]):6.2f} s{target}, "
              f"{_median_ratio(times[size], times[16]):5.1f}x 16x16")


def _children_cpu() -> float:
    """CPU seconds used by this process's finished child processes (an experiment's workers)."""
    try:
        import resource
    except ImportError:  # not on every platform
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_levels(quick: bool) -> None:
    print("5. Bundled levels: the configured generations, and an experiment on 20 seeds (2 processes);\n"
          "   wall seconds (the targets) and CPU seconds (what the machine's load does not change)")
    for path in campaign_levels():
        try:
            level = load_level(path)
        except LevelError as err:  # a bench run should report, not stop
            print(f"   {path.name}: skipped ({err})")
            continue
        batch_mod.clear_cache()
        start, cpu = time.perf_counter(), time.process_time()
        TrainingSession(level).run()
        train, train_cpu = time.perf_counter() - start, time.process_time() - cpu
        line = (f"   {path.name:28s} {level.evolution.generations:3d} generations "
                f"(population {level.evolution.population}, {level.brain.kind.value}): {train:5.2f} s, "
                f"CPU {train_cpu:4.2f} s (target <= 1 s)")
        if not quick:
            start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
            run_experiment(level, range(1000, 1020), jobs=2)
            used = time.process_time() - cpu + _children_cpu() - children
            line += f"; experiment, 20 seeds: {time.perf_counter() - start:5.1f} s, CPU {used:5.1f} s (target <= 20 s)"
        print(line + f"; load {_load():.1f}", flush=True)


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


MEMORY_PROBE = """
import resource, sys
from game.bench import generated_level
from game.core.session import TrainingSession
size, generations = int(sys.argv[1]), int(sys.argv[2])
session = TrainingSession(generated_level(size, max_steps=size * 4), seed=0, generations=generations)
session.run()
# VmHWM is this process's own peak; ru_maxrss would also count the parent it was forked from.
peak = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print(int(peak[0].split()[1]) / 1024 if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def bench_memory(quick: bool) -> None:
    print("6. Peak memory (resident set, whole process) of a generated level at population 256")
    for size in (16,) if quick else (16, 128):
        try:
            out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(size), "2" if quick else "5"],
                                 capture_output=True, text=True, check=True, timeout=600)
            peak = float(out.stdout.strip().splitlines()[-1])
        except (OSError, subprocess.SubprocessError, ValueError) as err:
            print(f"   {size}x{size}: not measured ({err})")
            continue
        target = " (target <= 200 MB)" if size == 128 else " (the interpreter, numpy and a small level)"
        print(f"   {size:3d}x{size:<3d}: {peak:6.0f} MB{target}")


def run_bench(quick: bool = False) -> int:
    load = _load()
    print(f"Mesa Maze benchmark{' (quick smoke run)' if quick else ''}: {os.cpu_count()} cores, "
          f"load average {load:.1f} at start; medians, ratios from the same run")
    for part in (bench_planner, bench_scaling, bench_start, bench_levels, bench_memory):
        part(quick)
        sys.stdout.flush()
    return 0
