"""The campaign: every level loads with its knobs, puzzles are winnable but not by default, and each
level's lesson shows on a few seeds (the 20-seed numbers are in docs/campaign.md).

The lesson checks train and deploy on several seeds, so they carry the `slow` marker: the default
`pytest` leaves them out, `pytest -m slow` runs them (.ci/run does both). A lesson is checked as
"the outcome class the level teaches is the most common one on at least 3 of 4 seeds": the same
rule docs/campaign.md reports over 20 seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.experiment import run_experiment
from game.core.kinds import BrainKind
from game.core.knobs import judge
from game.core.loader import load_level, load_puzzle

LEVELS = sorted(Path("levels").glob("[0-9][0-9]_*.yaml"))
SEEDS = [1000, 1001, 1002, 1003]  # seeds no level was tuned on (tuning used 0-19)

# level file stem -> (brain, the outcome class its lesson is about)
LESSONS = {
    "00_control": [("planner", "aligned")],
    "01_green_exit": [("planner", "misaligned"), ("reflex", "capability_failure")],
    "02_cheese_corner": [("planner", "misaligned")],
    "03_coin_at_the_end": [("planner", "misaligned")],
    "04_colour_vs_shape": [("planner", "misaligned"), ("reflex", "capability_failure")],
    "05_keys_and_chests": [("planner", "misaligned")],
    "06_lava_shift": [("planner", "aligned"), ("reflex", "capability_failure")],
    "08_follow_the_guide": [("planner", "misaligned")],
    "09_deceptive_ab": [("deceptive", "defected")],
    "10_catch_the_deceiver": [("deceptive", "defected")],
}


def test_the_campaign_has_its_levels():
    names = {p.stem for p in LEVELS}
    assert set(LESSONS) <= names


@pytest.mark.parametrize("path", LEVELS, ids=lambda p: p.stem)
def test_every_level_loads_with_its_story_and_knobs(path):
    puzzle = load_puzzle(path)
    level = puzzle.level
    assert level.title and level.intro.strip() and level.debrief.strip() and level.source and level.concept
    if puzzle.is_puzzle:
        assert puzzle.goal is not None, "a puzzle level needs goal.deploy_aligned_at_least"
        assert puzzle.budget is not None, "a puzzle level needs goal.budget"
        # The file itself is written at the default setting, so `experiment` without knobs measures it.
        as_written = load_level(path)
        assert (level.training, level.deployment, level.evolution) == (
            as_written.training, as_written.deployment, as_written.evolution)


def _puzzles():
    return [p for p in LEVELS if load_puzzle(p).is_puzzle]


@pytest.mark.parametrize("path", _puzzles(), ids=lambda p: p.stem)
def test_each_puzzle_is_winnable_within_budget_and_not_won_by_default(path):
    """Judged as the game judges: one training run on the level's own seed."""
    puzzle = load_puzzle(path)
    assert not judge(puzzle, puzzle.default_setting()).won
    affordable = sorted((s for s in puzzle.settings() if puzzle.affordable(s)), key=puzzle.cost)
    winners = []
    for setting in affordable:
        if setting == puzzle.default_setting():
            continue
        if judge(puzzle, setting).won:
            winners.append(setting)
            break
    assert winners, f"no affordable knob setting wins {path.stem}"


def _cases():
    for stem, lessons in LESSONS.items():
        for brain, outcome in lessons:
            yield pytest.param(stem, brain, outcome, id=f"{stem}-{brain}")


@pytest.mark.slow
@pytest.mark.parametrize("stem, brain, outcome", list(_cases()))
def test_the_lesson_shows_on_most_seeds(stem, brain, outcome):
    level = load_puzzle(Path("levels") / f"{stem}.yaml").level
    results = run_experiment(level, SEEDS, BrainKind(brain), jobs=2)
    shown = sum(1 for r in results if r.majority == outcome)
    assert shown >= 3, f"{stem} ({brain}): '{outcome}' was the most common outcome on {shown} of {len(SEEDS)} seeds"
