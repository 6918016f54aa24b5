"""`validate` is the level's whole truth: what the loader refuses (knob values, cues nothing sets,
goals not always placed, all-zero weights) and how its messages read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.core.errors import LevelError
from game.core.loader import load_level_text

ROOT = Path(__file__).resolve().parents[1]
MINI = """objective: {rewards: {exit: 10}}
training:
  - map: |
      #####
      #S.E#
      #####
deployment:
  - map: |
      #####
      #S.E#
      #####
legend:
  E: {kind: exit}
"""
COIN = (ROOT / "levels" / "03_coin_at_the_end.yaml").read_text(encoding="utf-8")
DECEIVER = (ROOT / "levels" / "10_catch_the_deceiver.yaml").read_text(encoding="utf-8")
GEN = """objective: {rewards: {exit: 10}}
training:
  - generate: {size: [9, 9], place: [{kind: exit, probability: PROB}]}
deployment:
  - generate: {size: [9, 9], place: [{kind: exit}]}
"""


def _error(text: str) -> LevelError:
    with pytest.raises(LevelError) as caught:
        load_level_text(text, "t.yaml")
    err = caught.value
    assert err.file == "t.yaml" and err.line >= 1 and err.fix and "internal error" not in err.message, str(err)
    return err


def test_the_minimal_level_loads():
    assert load_level_text(MINI).training


def test_an_exponent_is_a_number():
    level = load_level_text(MINI + "evolution: {population: 1e2, mutation: 3E-1}\n")
    assert level.evolution.population == 100 and level.evolution.mutation == pytest.approx(0.3)


def test_a_misspelt_required_key_is_named_with_a_suggestion():
    err = _error(MINI.replace("training:", "trainng:"))
    assert "trainng" in err.message and "training" in err.fix and err.line == 2


def test_a_tab_in_a_map_says_tab():
    err = _error(MINI.replace("#S.E#", "#S\tE#", 1))
    assert "a tab" in err.message and "legend" not in err.fix and (err.line, err.col) == (5, 9)


def test_a_folded_map_explains_block_style():
    err = _error(MINI.replace("map: |", "map: >", 1))
    assert "map: >" in err.message and "map: |" in err.fix and err.line == 3


@pytest.mark.parametrize(("old", "new", "words"), [
    ("sets: training[1].weight", "sets: training[9].weight", "does not exist"),
    ("sets: training[1].weight", "sets: training[1].wieght", "unknown key 'wieght'"),
    ("values: [0, 0.02", "values: [0, 7", "with knobs randomised = 7"),
    ("cost: [0, 1, 1, 2, 3", "cost: [0, 1, 1, 2, 3, 4, 5, 6, 7", "one number >= 0 per value"),
    ("name: randomised", "name: Randomised!", "lower case"),
])
def test_every_knob_value_is_applied_and_validated_when_the_level_loads(old, new, words):
    assert old in COIN
    err = _error(COIN.replace(old, new))
    assert words in err.message + err.fix, str(err)
    assert err.line > 40  # it points at the knob


def test_a_knob_with_thousands_of_values_is_refused():
    values = ", ".join(str(i / 5000) for i in range(5000))
    text = re.sub(r"values: \[.*\]", f"values: [{values}]", COIN)
    err = _error(re.sub(r"cost: \[.*\]", f"cost: [{', '.join('0' * 5000)}]", text))
    assert "5000 values" in err.message


def test_a_deception_cue_that_nothing_sets_is_refused():
    # Whatever the level's layout of the deception block, its cue line is rewritten.
    text, n = re.subn(r"(deception:\s*(?:\{\s*|\n\s+))cue: learning", r"\1cue: lerning", DECEIVER)
    assert n == 1
    err = _error(text)
    assert "'lerning' is set by no layout" in err.message and "learning" in err.fix


def test_a_deceptive_brain_with_no_context_is_refused():
    err = _error(MINI + "brain: deceptive\n")
    assert "no layout has a 'context:'" in err.message and "context:" in err.fix


@pytest.mark.parametrize("key", ["probe_mazes: 4", "steer_weights: 1"])
def test_a_probe_or_steering_puzzle_with_a_reflex_brain_is_refused(key):
    """A reflex brain has no objective: its probe puzzle crashed when answered, its steering
    puzzle could never be won."""
    err = _error(MINI + "brain: reflex\ngoal: {" + key + "}\n")
    assert "reflex brain has no objective" in err.message and "brain: planner" in err.fix and err.line == 15
    assert load_level_text(MINI + "brain: planner\ngoal: {" + key + "}\n")


@pytest.mark.parametrize("prob", ["0.05", "0.99"])
def test_a_goal_not_always_placed_is_refused(prob):
    err = _error(GEN.replace("PROB", prob))
    assert f"probability {prob}" in err.message and "probability: 1" in err.fix and err.line == 3
    assert load_level_text(GEN.replace("PROB", "1"))


def test_an_all_zero_weight_set_is_refused():
    text = MINI.replace("  - map: |\n      #####\n      #S.E#\n      #####\ndeployment:",
                        "  - weight: 0\n    map: |\n      #####\n      #S.E#\n      #####\ndeployment:")
    err = _error(text)
    assert "every training layout has weight 0" in err.message and err.line in (2, 3)


HUGE = """objective: {rewards: {exit: 10}, max_steps: MAX}
evolution: {population: POP, episodes: 16, generations: GENS, deploy_agents: 8, deploy_episodes: 16}
training:
  - generate: {size: [33, 33], place: [{kind: exit}]}
deployment:
  - generate: {size: [33, 33], place: [{kind: exit}]}
"""


def _sized(pop: int, steps: int, gens: int, agents: int = 8, episodes: int = 16) -> str:
    return (HUGE.replace("POP", str(pop)).replace("MAX", str(steps)).replace("GENS", str(gens))
            .replace("deploy_agents: 8", f"deploy_agents: {agents}").replace("deploy_episodes: 16", f"deploy_episodes: {episodes}"))


def test_a_level_that_would_need_gigabytes_is_refused_with_the_estimate():
    err = _error(_sized(4096, 10_000, 10_000))
    assert "too much memory" in err.message and "GiB" in err.message and "population" in err.fix
    err = _error(_sized(64, 100, 10, agents=4096, episodes=4096))
    assert "deployment" in err.message and "GiB" in err.message


def test_a_slow_level_loads_with_a_warning_and_a_quick_one_without():
    from game.core.cost import estimate, warning

    slow = load_level_text(_sized(256, 200, 5000))
    assert estimate(slow).train_seconds > 180
    assert "min" in warning(slow) and warning(slow, generations=5) is None
    assert warning(load_level_text(MINI)) is None
    for path in sorted((ROOT / "levels").glob("*.yaml")):  # the campaign is quick and light
        cost = estimate(load_level_text(path.read_text(encoding="utf-8"), str(path)))
        assert cost.train_seconds < 60 and cost.peak_bytes < 300 << 20, path.name


def test_text_that_looks_like_an_exponent_is_saved_quoted():
    from game.core.level_writer import dump_level
    from game.core.yamlnodes import load_plain

    doc = {"title": "1e3", "intro": "2E-4", "evolution": {"mutation": 1000.0}}
    assert load_plain(dump_level(doc)) == doc


def test_a_layout_left_empty_is_explained():
    """Found by the fuzzer (a layout entry with nothing in it reached a check that expected a mapping)."""
    err = _error(MINI.replace("deployment:\n", "deployment:\n  -\n", 1))
    assert "deployment.0" in err.message and "nothing" in err.message and "mapping" in err.fix


def test_an_evolution_strategy_without_spread_is_refused():
    """Found by the fuzzer: ES with mutation 0 divided by zero and trained on NaN genomes."""
    err = _error(MINI + "evolution: {algorithm: es, mutation: 0}\n")
    assert "mutation is 0" in err.message and "mutation: 0.3" in err.fix
    assert load_level_text(MINI + "evolution: {algorithm: ga, mutation: 0}\n")
