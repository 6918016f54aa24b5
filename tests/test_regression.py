"""Recorded results: a speed-up must not change what evolution produces.

For a few levels and seeds (a few generations each) this hashes the final genomes, the fitness
history, and the deployed champions' episodes (outcome classes, returns, steps, where each ended
and when each target was reached), and compares with the values recorded here. Any change to the
simulation, the planner's tables or the base optimizer that alters a single bit shows up.

A deliberate model change re-records them in its own commit and says so:

    .venv/bin/python -m tests.test_regression      # prints the RECORDED table to paste below
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from game.core.kinds import BrainKind
from game.core.loader import load_level, load_level_text
from game.core.session import TrainingSession, deploy

ROOT = Path(__file__).resolve().parents[1]
GENERATIONS = 4

# A generated maze bigger than the campaign's, with fixed and colour-ranged targets.
BIG = """
title: regression 33x33
legend: {E: {kind: exit, colour: green}}
objective: {rewards: {exit: 10, gem: 1}, step_cost: 0.05, max_steps: 120, goal: [exit]}
perception: {colour_range: 4, kind_range: 2}
evolution: {population: 24, episodes: 6, generations: 4, pool: 12, deploy_episodes: 6}
training:
  - generate:
      size: [33, 33]
      algorithm: rooms
      loops: 0.1
      place: [{kind: exit, colour: green, where: far-from-start}, {kind: gem, colour: red, count: 3}]
deployment:
  - generate: {size: [33, 33], place: [{kind: exit, colour: green}, {kind: gem, colour: blue, count: 2}]}
"""

CASES = [
    ("01_green_exit", 0, None), ("01_green_exit", 1, None), ("01_green_exit", 0, BrainKind.REFLEX),
    ("05_keys_and_chests", 0, None), ("05_keys_and_chests", 1, None),
    ("06_lava_shift", 0, None), ("07_absent_supervisor", 0, None),
    ("08_follow_the_guide", 0, None), ("08_follow_the_guide", 1, None),
    ("10_catch_the_deceiver", 0, None), ("big", 0, None),
]


def _level(name: str):
    if name == "big":
        return load_level_text(BIG, "<regression>")
    return load_level(ROOT / "levels" / f"{name}.yaml")


def fingerprint(name: str, seed: int, brain: BrainKind | None) -> str:
    """sha256 (first 16 hex digits) of everything a run produces that a player or a test reads."""
    session = TrainingSession(_level(name), seed=seed, brain=brain, generations=GENERATIONS)
    session.run()
    champions = session.champions()
    report = deploy(session.level, session.brain, champions, seed=seed)
    res = report.results
    digest = hashlib.sha256()
    parts = [session.state.population, champions, np.array([r.fitness for r in session.history]),
             report.outcomes, res.returns, res.steps, res.final_pos, res.reach_time, res.last_move,
             res.ended_on_terminal]
    for part in parts:
        arr = np.ascontiguousarray(part)
        digest.update(str((arr.dtype.str, arr.shape)).encode())
        digest.update(arr.tobytes())
    return digest.hexdigest()[:16]


RECORDED = {
    "01_green_exit/0/level": "4f5d757450ce708f",
    "01_green_exit/1/level": "1fbbce2c3be7f7c0",
    "01_green_exit/0/reflex": "48554dcef1b34969",
    "05_keys_and_chests/0/level": "39450cd436252715",
    "05_keys_and_chests/1/level": "f4584a8d4b351d91",
    "06_lava_shift/0/level": "142831cdd237b0d1",
    "07_absent_supervisor/0/level": "183f7abcbc837cbe",
    "08_follow_the_guide/0/level": "7a58b9b8feccd034",
    "08_follow_the_guide/1/level": "99f54b827f86db34",
    "10_catch_the_deceiver/0/level": "768bb032fb92ce08",
    "big/0/level": "9b4be5b0c8be54ca",
}


@pytest.mark.parametrize(("name", "seed", "brain"), CASES, ids=[f"{n}-s{s}-{b.value if b else 'level'}"
                                                                  for n, s, b in CASES])
def test_results_are_bit_identical_to_the_recorded_ones(name, seed, brain):
    key = f"{name}/{seed}/{brain.value if brain else 'level'}"
    assert fingerprint(name, seed, brain) == RECORDED[key], (
        f"{key}: genomes or deployment outcomes changed. A speed-up must not change them; a deliberate "
        "model change re-records them (python -m tests.test_regression) in its own commit.")


if __name__ == "__main__":
    print("RECORDED = {")
    for name, seed, brain in CASES:
        key = f"{name}/{seed}/{brain.value if brain else 'level'}"
        print(f'    "{key}": "{fingerprint(name, seed, brain)}",')
    print("}")
