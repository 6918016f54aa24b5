"""What is given and what emerged: the Built in / Evolved lines follow the level and the genomes,
and weights on what an agent cannot perceive never reach the panels."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from game.core.batch import FeatureSpace
from game.core.brains import Planner
from game.core.kinds import BrainKind
from game.core.level import Perception
from game.core.loader import load_level, load_level_text
from game.core.mind import read_mind
from game.core.perceives import NOTHING, Ranges, acting_mask, agent_ranges, describe_ranges, typical, wants
from game.core.provenance import built_in, describe_shift, evolved
from game.core.session import TrainingSession, deployment_batch

LEVELS = Path(__file__).resolve().parents[1] / "levels"
GREEN = LEVELS / "01_green_exit.yaml"  # landmarks: false, kind_range 2

CUSTOM = """
title: Newcomer's Level
legend:
  E: {kind: exit, colour: blue}
  w: {kind: widget, colour: orange}
kinds:
  widget: {consumable: true}
objective: {rewards: {exit: 10}, step_cost: 0.1, max_steps: 40}
perception: {colour_range: 3, kind_range: 0, landmarks: true}
brain: planner
evolution: {population: 8, generations: 2, episodes: 2}
training:
  - map: |
      #######
      #S..wE#
      #######
deployment:
  - map: |
      #########
      #S.w...E#
      #########
"""


@pytest.fixture(scope="module")
def green() -> TrainingSession:
    return TrainingSession(load_level(GREEN), seed=0)


def _genomes(session: TrainingSession, rows: list[dict[str, float]]) -> np.ndarray:
    out = np.zeros((len(rows), session.brain.n_params))
    for i, weights in enumerate(rows):
        for name, w in weights.items():
            out[i, session.features.names.index(name)] = w
    return out


def test_evolved_line_names_what_the_genomes_want(green: TrainingSession) -> None:
    level = green.level
    want_green = _genomes(green, [{"green (colour)": 2.0, "exit": 0.5}] * 6 + [{"exit": 1.0}] * 2)
    line = evolved(level, green.brain, want_green)
    assert line.startswith("Evolved")
    assert "6 of 8 agents want green things most" in line
    assert "the exit 2" in line  # the others, counted
    want_exit = _genomes(green, [{"exit": 3.0, "red (colour)": 1.0}] * 8)
    line = evolved(level, green.brain, want_exit)
    assert "8 of 8 agents want the exit most" in line
    assert "second choice: red things (8 of 8)" in line
    assert "green" not in line


def test_evolved_line_is_not_written_in_the_level(green: TrainingSession) -> None:
    """The same level gives different Evolved lines for different genomes, and says so before training."""
    level = green.level
    a = evolved(level, green.brain, _genomes(green, [{"blue (colour)": 1.0}] * 4))
    b = evolved(level, green.brain, _genomes(green, [{"gem": 1.0}] * 4))
    assert "blue things" in a and "the gem" in b and a != b
    assert "not yet known" in evolved(level, green.brain, None)


def test_corner_weights_are_masked_when_landmarks_are_off(green: TrainingSession) -> None:
    """Level 01 has no landmarks: an agent whose largest weight is a corner is counted by what it can act on."""
    genomes = _genomes(green, [{"top-right corner": 5.0, "exit": 1.0}] * 3 + [{"bottom-left corner": 4.0}])
    shares = wants(green.brain, genomes, green.level.kinds)
    assert not any("corner" in name for name in shares)
    assert shares == {"exit": 0.75, NOTHING: 0.25}
    record_wants = green.wants(genomes)  # what the training scene's panel draws
    assert not any("corner" in name for name in record_wants)
    batch = deployment_batch(green.level, green.features, seed=1000)
    reading = read_mind(green.brain, genomes[0], batch, 0, green.level)
    assert [name for name, _ in reading.objective if "corner" in name] == []
    assert reading.hidden == 4 and reading.ranges == Ranges(None, None, 0, frozenset({"colour", "kind"}))  # genes at 0: the start, any
    line = evolved(green.level, green.brain, genomes)
    assert "top-right corner" not in line and "bottom-left corner" not in line


def test_a_channel_with_range_zero_is_masked_except_hazards() -> None:
    level = load_level_text(CUSTOM)
    features = FeatureSpace.of_level(level)
    brain = Planner(features, level.perception)
    mask = acting_mask(features, agent_ranges(brain, np.zeros((1, brain.n_params)))[0], level.kinds)
    on = {name for name, m in zip(features.names, mask) if m}
    assert on == {"blue (colour)", "orange (colour)", "top-left corner", "top-right corner",
                  "bottom-left corner", "bottom-right corner"}
    lava = replace(level, kinds={**level.kinds, "widget": replace(level.kinds["widget"], hazard=True)})
    assert "widget" in {n for n, m in zip(features.names, acting_mask(features, Ranges(3, 0, None), lava.kinds)) if m}


def test_built_in_line_names_the_given_parts() -> None:
    line = built_in(load_level(GREEN))
    assert line.startswith("Built in: the planner's search")
    assert "route safety" in line
    assert "colour 0.001, what a thing is 0.015" in line and "does not know the corners" in line
    assert "the exit is green in training, red in deployment" in line
    assert "new in deployment: green apple" in line
    deceptive = built_in(load_level(LEVELS / "09_deceptive_ab.yaml"))
    assert "comply-or-defect rule" in deceptive and "'learning' on in training, off in deployment" in deceptive
    reflex = built_in(load_level(GREEN).with_brain(BrainKind.REFLEX))
    assert "no search" in reflex and "planner" not in reflex


def test_custom_level_lines() -> None:
    """A newcomer's level with a new kind and fixed maps gets both lines too."""
    level = load_level_text(CUSTOM)
    shift = describe_shift(level)
    assert "mazes 7x3 in training, 9x3 in deployment" in shift
    assert "widget" in shift  # it moved
    session = TrainingSession(level, seed=1000)
    session.run()
    line = evolved(level, session.brain, session.last_genomes)
    assert line.startswith("Evolved (this run, read from the 8 genomes)")
    assert "the exit" not in line and "the widget" not in line  # kind range 0: kinds cannot act


@dataclass(frozen=True)
class _EvolvingPlanner(Planner):
    """A planner whose genome ends with two perception genes (colour, kind range), as the model's
    Planner.perception_ranges gives them: {channel: (P,) cells, inf = from anywhere, -1 = not at all}."""

    def perception_ranges(self, genomes: np.ndarray) -> dict[str, np.ndarray]:
        return {"colour": genomes[:, -2], "kind": genomes[:, -1], "landmarks": np.full(len(genomes), -1.0)}


def test_ranges_in_words() -> None:
    assert describe_ranges(Ranges(None, 2, 0)) == ("sees colour from anywhere, what a thing is from 2 cells; "
                                                   "does not know the corners")
    assert describe_ranges(Ranges(7, 0, 3, frozenset({"colour", "landmarks"})), plural=True) == (
        "see colour from 7 cells (evolved), what a thing is not at all (fixed); know the corners from 3 cells (evolved)")


def test_evolved_ranges_are_read_from_the_genomes(green: TrainingSession) -> None:
    priced = Perception(landmarks=False, prices={"colour": 0.01, "kind": 0.01})  # colour and kind evolve
    brain = _EvolvingPlanner(green.features, priced)
    genomes = np.zeros((5, green.brain.n_params + 2))
    genomes[:, green.features.names.index("exit")] = 2.0
    genomes[:, green.features.names.index("green (colour)")] = 1.0
    genomes[:, -2:] = [7.6, -1.0]  # sees colour from 7 cells, kinds not at all
    genomes[0, -2] = np.inf
    line = evolved(green.level, brain, genomes)
    assert "5 of 5 agents want green things most" in line  # the exit cannot act with kind range -1
    assert "typically they see colour from 7 cells (evolved), what a thing is not at all (evolved)" in line
    ranges = agent_ranges(brain, genomes)
    assert ranges[0].colour is None and ranges[1] == Ranges(7, 0, 0, frozenset({"colour", "kind"}))


def test_the_probe_states_each_fixed_range_as_the_agents_have_it():
    """The probe puzzle's rules of the game come from the same range words as the Built in line,
    clipped to the perception budget like the agents' own ranges."""
    from game.core.provenance import sight_words

    level = load_level_text(CUSTOM, "custom.yaml")  # colour 3, kind 0, corners known
    words = sight_words(level)
    assert "they see colour from 3 cells" in words
    assert "they tell what a thing is not at all" in words
    assert "they know the corners from anywhere" in words
    assert "Built in: they see colour from 3 cells; they tell what a thing is not at all; they know" in words
    tight = replace(level, perception=replace(level.perception, budget=2.0))
    words = sight_words(tight)
    assert "they see colour from 2 cells" in words and "they know the corners from 2 cells" in words
    assert "they notice nothing beyond 2 cells" in words
    green = sight_words(load_level(GREEN))  # prices colour and kind: evolved, no corners
    assert "they do not know the corners" in green and "colour and what a thing is evolved" in green


def test_the_typical_range_is_one_agents_range_never_between_a_number_and_anywhere() -> None:
    """Half the agents see colour from 4 cells, half from anywhere: the typical range is 4 cells
    (it was the mean of 4 and a stand-in for anywhere, shown as "524290 cells")."""
    half = [Ranges(4, None, 0)] * 2 + [Ranges(None, None, 0)] * 2
    assert typical(half) == Ranges(4, None, 0)
    assert typical([Ranges(3, 1, 0), Ranges(5, 2, 0)]) == Ranges(3, 1, 0)
    assert typical([Ranges(None, 2, 0)] * 3 + [Ranges(1, 2, 0)]) == Ranges(None, 2, 0)


def test_the_deployment_change_names_a_new_maze_shape_and_start():
    """A level whose deployment mazes are drawn differently (rooms with loops in training, winding
    corridors in deployment) or start elsewhere said nothing of it: a teacher could not see why
    the agents ran out of time in deployment."""
    from game.core.loader import load_level_text

    level = load_level_text("""
title: shapes
legend: {E: exit}
objective: {rewards: {exit: 10}}
training:
  - generate: {size: [11, 11], algorithm: rooms, loops: 0.2, place: [{kind: exit, where: far-from-start}]}
deployment:
  - generate: {size: [11, 11], start: top-right, place: [{kind: exit, where: far-from-start}]}
""", "shapes.yaml")
    shift = describe_shift(level)
    assert "rooms with loops in training, winding corridors in deployment" in shift, shift
    assert "the agent starts bottom left in training, top right in deployment" in shift, shift


def test_a_reflex_levels_intro_does_not_promise_what_they_want():
    """The intro of a reflex level said the debrief would tell what the agents came to want; a
    reflex has no objective, and its debrief says so."""
    from game.core.loader import load_level_text

    level = load_level_text("""
title: reflex
legend: {E: exit}
objective: {rewards: {exit: 10}}
brain: reflex
training:
  - generate: {size: [7, 7], place: [{kind: exit}]}
deployment:
  - generate: {size: [7, 7], place: [{kind: exit}]}
""", "reflex.yaml")
    text = evolved(level, None, None)
    assert "no objective to read" in text and "want and notice" not in text, text


def test_a_short_sighted_start_is_named_as_built_in():
    """`perception.start` sets where evolution begins (the docs ask authors to say which); the
    Built in line named the price list but not that generation 0 saw what a thing is from 2 cells."""
    from game.core.loader import load_level_text

    level = load_level_text("""
title: start
legend: {E: exit}
objective: {rewards: {exit: 10}}
perception: {prices: {colour: 0.001, kind: 0.01}, start: {kind: 2}}
training:
  - generate: {size: [9, 9], place: [{kind: exit}]}
deployment:
  - generate: {size: [9, 9], place: [{kind: exit}]}
""", "start.yaml")
    assert "at generation 0 they notice what a thing is from 2 cells" in built_in(level)
