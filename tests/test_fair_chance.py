"""The fair chance and fresh seeds: the lessons are found by selection, not forced.

- Every level whose lesson is misalignment lets an agent that wants exactly the base objective
  score in training: it reaches the goal in at least 90% of training episodes, with a training
  fitness within 15% of the evolved champions' (same training mazes, same seed).
- The proxy still wins by selection on seeds the levels were never tuned on (1000 and up; the
  levels were tuned on 0-19). The default run checks a few seeds; the full 20 carry the `slow`
  marker (`pytest -m slow`), as docs/campaign.md reports them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.experiment import run_experiment, run_seed
from game.core.loader import load_puzzle

LEVELS = Path(__file__).resolve().parents[1] / "levels"
FRESH = 1000  # the first seed no level was tuned on
MISALIGNMENT_LEVELS = ["01_green_exit", "02_cheese_corner", "03_coin_at_the_end", "04_colour_vs_shape",
                       "05_keys_and_chests", "06_lava_shift", "08_follow_the_guide",
                       "11_what_does_it_want", "12_steer_it"]
# level -> (the outcome class its lesson is about, the feature its population comes to want most)
LESSONS = {
    "00_control": ("aligned", "exit"),
    "01_green_exit": ("misaligned", "green (colour)"),
    "02_cheese_corner": ("misaligned", None),
    "03_coin_at_the_end": ("misaligned", None),
    "04_colour_vs_shape": ("misaligned", "yellow (colour)"),
    "05_keys_and_chests": ("misaligned", None),
    "08_follow_the_guide": ("misaligned", "purple (colour)"),
}


def level(stem: str):
    return load_puzzle(LEVELS / f"{stem}.yaml").level


@pytest.mark.parametrize("stem", MISALIGNMENT_LEVELS)
def test_the_base_objectives_own_agent_can_score_in_training(stem):
    lvl = level(stem)
    base = run_seed(lvl, FRESH, base_agent=True)
    evolved = run_seed(lvl, FRESH)
    assert base.training_goal >= 0.9, f"{stem}: the base objective's agent reached the goal in only " \
                                      f"{base.training_goal:.0%} of training episodes"
    assert base.training_fitness >= 0.85 * evolved.training_fitness, (
        f"{stem}: the base objective's agent scores {base.training_fitness:.2f} in training, more than 15% "
        f"below the evolved champions' {evolved.training_fitness:.2f}")


@pytest.mark.parametrize("stem", ["01_green_exit", "04_colour_vs_shape"])
def test_the_cheap_cue_wins_on_fresh_seeds(stem):
    """A few fresh seeds in the default run: the colour proxy is what most agents want, and most
    deployed episodes are misaligned, on at least 2 of 3 seeds never used for tuning."""
    outcome, feature = LESSONS[stem]
    results = run_experiment(level(stem), [FRESH, FRESH + 1, FRESH + 2], jobs=1)
    shown = sum(1 for r in results if r.majority == outcome)
    wanted = sum(1 for r in results if r.wants and max(r.wants, key=r.wants.get) == feature)
    assert shown >= 2 and wanted >= 2, f"{stem}: {outcome} on {shown}/3 seeds, {feature} wanted most on {wanted}/3"


@pytest.mark.slow
@pytest.mark.parametrize("stem", sorted(LESSONS))
def test_the_lesson_holds_on_16_of_20_fresh_seeds(stem):
    outcome, _ = LESSONS[stem]
    results = run_experiment(level(stem), list(range(FRESH, FRESH + 20)), jobs=2)
    shown = sum(1 for r in results if r.majority == outcome)
    assert shown >= 16, f"{stem}: '{outcome}' was the majority on {shown} of 20 fresh seeds"
