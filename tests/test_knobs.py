"""Puzzle knobs: reading them, applying a setting, clear errors, budget, and the judge."""

from __future__ import annotations

import pytest

from game.core.errors import LevelError
from game.core.knobs import judge, parse_path
from game.core.loader import load_puzzle, puzzle_from_text

LEVEL = """
title: knob test
legend: {E: exit}
objective: {rewards: {exit: 10}, step_cost: 0.1, max_steps: 40}
evolution: {algorithm: es, population: 16, generations: 3, episodes: 4, pool: 8}
training:
  - generate: {size: [7, 7], place: [{kind: exit, where: top-right, region: 1}]}
  - generate: {size: [7, 7], place: [{kind: exit, where: anywhere}, {kind: gem, colour: red, probability: 0}]}
    weight: 0
deployment:
  - generate: {size: [9, 9], place: [{kind: exit, where: anywhere}]}
goal: {deploy_aligned_at_least: 0.5, budget: 2}
knobs:
"""

SHARE = """
  - name: randomised
    label: Share of mazes with the exit anywhere
    sets: training[1].weight
    complement: training[0].weight
    values: [0, 0.1, 0.5]
    cost: [0, 1, 3]
"""

DECOYS = """
  - name: decoys
    sets: training[1].generate.place[1].probability
    values: [0, 1]
    default: 0
"""


def puzzle(knobs: str = SHARE + DECOYS):
    return puzzle_from_text(LEVEL + knobs, "knobs.yaml")


def test_paths_are_read_in_the_level_documents_own_words():
    assert parse_path("training[1].generate.place[0].probability") == (
        "training", 1, "generate", "place", 0, "probability")
    assert parse_path("evolution.generations") == ("evolution", "generations")
    with pytest.raises(ValueError):
        parse_path("training[x].weight")


def test_applying_a_setting_gives_a_new_level_and_leaves_the_default_alone():
    p = puzzle()
    assert [s.weight for s in p.level.training] == [1.0, 0.0]
    shifted = p.apply({"randomised": 0.1, "decoys": 1})
    assert [s.weight for s in shifted.training] == [pytest.approx(0.9), pytest.approx(0.1)]
    assert shifted.training[1].source.place[1].probability == 1.0
    assert shifted.file == "knobs.yaml"
    assert [s.weight for s in p.level.training] == [1.0, 0.0]  # the puzzle is unchanged
    assert p.apply({}).training[1].source.place[1].probability == 0.0


def test_cost_budget_and_default_setting():
    p = puzzle()
    assert p.default_setting() == {"randomised": 0, "decoys": 0}
    assert p.budget == 2 and p.goal == 0.5
    assert p.cost({"randomised": 0.1}) == 1
    assert p.affordable({"randomised": 0.1}) and not p.affordable({"randomised": 0.5})
    assert len(p.settings()) == 6
    assert p.knob("randomised").show(0.1) == "10%"


def test_a_knob_path_that_does_not_exist_names_the_knob_and_its_line():
    bad = "\n  - name: typo\n    sets: training[5].weight\n    values: [0, 1]\n"
    with pytest.raises(LevelError) as err:
        puzzle(SHARE + bad)
    text = str(err.value)
    assert "knob 'typo'" in text and "training[5]" in text
    assert err.value.file == "knobs.yaml" and err.value.line == LEVEL.count("\n") + SHARE.count("\n") + 3


def test_a_knob_value_the_level_would_refuse_is_caught_when_the_level_loads():
    bad = "\n  - name: weights\n    sets: training[1].weight\n    values: [0, -1]\n"
    with pytest.raises(LevelError) as err:
        puzzle(bad)
    assert "weights = -1" in str(err.value) and err.value.line > 0


@pytest.mark.parametrize("knob, words", [
    ("\n  - {sets: 'training[1].weight', values: [0]}\n", "needs a name"),
    ("\n  - {name: a, sets: 'training[1].weight', values: []}\n", "list of values"),
    ("\n  - {name: a, sets: 'training[1].weight', values: [0, 1], cost: [1]}\n", "one number"),
    ("\n  - {name: a, sets: 'training[1].weight', values: [0, 1], default: 2}\n", "default"),
    ("\n  - {name: a, sets: 5, values: [0]}\n", "path"),
    ("\n  - {name: a, sets: 'training[1].weight', values: [0], colour: red}\n", "unknown knob key"),
    ("\n  - {name: a, sets: 'training[1].weight', values: [0]}\n  - {name: a, sets: 'training[1].weight', values: [0]}\n",
     "two knobs"),
])
def test_badly_written_knobs_give_one_clear_error(knob, words):
    with pytest.raises(LevelError) as err:
        puzzle(knob)
    assert words in str(err.value) and err.value.line > 1


def test_an_unknown_knob_in_a_setting_lists_the_real_ones():
    with pytest.raises(LevelError, match="randomised"):
        puzzle().apply({"nope": 1})


def test_judge_trains_deploys_and_is_deterministic():
    p = puzzle()
    first = judge(p, {"randomised": 0.5})
    again = judge(p, {"randomised": 0.5})
    assert first == again
    assert first.over_budget and not first.won and "budget" in first.message()
    assert abs(sum(first.rates.values()) - 1) < 1e-9


def test_a_level_without_knobs_is_a_puzzle_with_nothing_to_turn():
    p = load_puzzle("levels/06_lava_shift.yaml")
    assert not p.is_puzzle and p.settings() == [{}]
    assert p.apply({}).title == p.level.title


def test_a_knob_for_experiments_only_does_not_make_a_puzzle_but_sets_the_price():
    p = load_puzzle("levels/01_green_exit.yaml")
    assert not p.is_puzzle and p.settings() == [{}], "kind_price is player: false"
    assert p.apply({"kind_price": 0.001}).perception.prices == {"colour": 0.001, "kind": 0.001}


def test_the_puzzle_example_in_the_level_guide_reads_as_a_puzzle():
    import re
    from pathlib import Path

    doc = Path("docs/levels.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Puzzle levels"):]
    (example,) = re.findall(r"<!-- loads -->\s*```yaml\n(.*?)```", section, flags=re.S)
    p = puzzle_from_text(example, "docs/levels.md")
    assert [k.name for k in p.knobs] == ["randomised", "decoys"] and p.budget == 3
