"""`python main.py bench`: performance figures for the simulation and the base optimizer.

Printed, not asserted: timings depend on the machine. Targets (2-core machine): planner batched
simulation >= 2e7 agent-steps/s at a batch of 4,096 on a 16x16 maze; one generation of
population 256 x 16 episodes x up to 100 steps <= 30 ms median; each starter level trains to its
configured generations in <= 3 s.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

from .core.batch import FeatureSpace, compile_layouts
from .core.brains import Planner
from .core.kinds import MOVES
from .core.layouts import sample_pool
from .core.loader import load_level, load_level_text
from .core.session import TrainingSession
from .core.sim import simulate

BENCH_LEVEL = """
title: bench
legend: {E: {kind: exit, colour: green}}
objective: {rewards: {exit: 10}, step_cost: 0.1, max_steps: 100}
perception: {colour_range: any, kind_range: 3}
evolution: {population: 256, episodes: 16, generations: 10}
training:
  - generate:
      size: [16, 16]
      loops: 0.1
      place: [{kind: exit, colour: green, where: top-right}, {kind: gem, colour: red}, {kind: gem, colour: blue}]
deployment:
  - generate: {size: [16, 16], place: [{kind: exit, colour: green}]}
"""


def _steps_per_second(batch, brain, genomes, steps: int, record_moves: bool) -> float:
    n = len(genomes)
    agent_of, layout_of = np.arange(n), np.zeros(n, np.int64)
    start = time.perf_counter()
    res = simulate(batch, brain, genomes, agent_of, layout_of, steps, record_moves=record_moves)
    return float(res.steps.sum()) / (time.perf_counter() - start)


def _bare_loop(batch, n: int, steps: int, rng: np.random.Generator) -> float:
    """The floor: random moves with a wall check, nothing else, on the same maze."""
    walls = batch.walls[0]
    deltas = np.array([dr * batch.width + dc for dr, dc in MOVES[:4]])
    pos = np.full(n, batch.start[0])
    actions = rng.integers(0, 4, size=(steps, n))
    start = time.perf_counter()
    for t in range(steps):
        new = pos + np.take(deltas, actions[t])
        pos = np.where(np.take(walls, new), pos, new)
    return n * steps / (time.perf_counter() - start)


def run_bench(quick: bool = False) -> int:
    rng = np.random.default_rng(0)
    level = load_level_text(BENCH_LEVEL, "<bench>")
    features = FeatureSpace.of_level(level)
    brain = Planner(features, level.perception, 0.9)
    batch = compile_layouts(sample_pool(level, level.training, 1, rng), level, features)
    steps = 30 if quick else 100
    print("Mesa Maze benchmark (numbers vary with the machine; best of 3)")
    for n in (4096, 16384):
        # Agents that want only the (unreachable) corners keep walking: no episode ends early.
        genomes = rng.normal(size=(n, brain.n_params))
        genomes[:, : features.size - 4] = -1.0
        train = max(_steps_per_second(batch, brain, genomes, steps, False) for _ in range(3))
        deploy = max(_steps_per_second(batch, brain, genomes, steps, True) for _ in range(3))
        bare = max(_bare_loop(batch, n, steps, rng) for _ in range(3))
        print(f"  planner, 16x16 maze, batch {n:6d}: {train / 1e6:6.1f} M agent-steps/s (training path), "
              f"{deploy / 1e6:5.1f} M (deployment path, tracking moves); bare move+wall loop "
              f"{bare / 1e6:6.1f} M/s; ratio planner/bare {train / bare:.2f}")

    session = TrainingSession(level, seed=0, generations=10**6)
    session.step()
    times = []
    for _ in range(5 if quick else 20):
        start = time.perf_counter()
        session.step()
        times.append(time.perf_counter() - start)
    print(f"  one generation, population 256 x 16 episodes x <=100 steps (16x16): "
          f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")

    for path in sorted(Path("levels").glob("0*.yaml")):
        try:
            lv = load_level(path)
        except Exception as err:  # noqa: BLE001 - a bench run should report, not stop
            print(f"  {path}: skipped ({err})")
            continue
        start = time.perf_counter()
        TrainingSession(lv).run()
        print(f"  {path.name}: {lv.evolution.generations} generations "
              f"(population {lv.evolution.population}, {lv.brain.kind.value}) in {time.perf_counter() - start:.2f} s")
    return 0
