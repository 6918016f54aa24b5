"""Steer it: edits of the deployed agents' objective, re-planned in the same deployment mazes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from game.core.loader import load_level, load_level_text
from game.core.session import TrainingSession
from game.core.steer import SteerError, Steering, apply, compare, parse_edits, presets

ROOT = Path(__file__).resolve().parents[1]

# Two mirrored corridors: the exit (the goal) on one side, a gem (worth a little, also ending the
# episode, worth as much in training) on the other, both three steps from the start. What an agent does depends only on
# which of the two it weighs more.
MIRROR = """
title: mirror
legend: {E: exit, g: gem}
kinds: {gem: {consumable: false, terminal: true}}
objective: {rewards: {exit: 10, gem: 10}, goal: exit, step_cost: 0.1, max_steps: 20}
perception: {colour_range: any, kind_range: any, landmarks: false}
evolution: {algorithm: ga, population: 32, generations: 4, episodes: 2, seed: 5, deploy_agents: 8}
training:
  - map: |
      #########
      #E..S..g#
      #########
  - map: |
      #########
      #g..S..E#
      #########
deployment:
  - map: |
      #########
      #E..S..g#
      #########
  - map: |
      #########
      #g..S..E#
      #########
"""


def trained(text_or_path, seed=None):
    level = load_level_text(text_or_path, "mirror.yaml") if isinstance(text_or_path, str) else load_level(text_or_path)
    session = TrainingSession(level, seed=seed)
    session.run()
    return level, session, session.champions()


def test_swapping_two_weights_swaps_the_deployment_outcome_shares():
    level, session, agents = trained(MIRROR)
    edit = parse_edits(session.features, ["swap=exit:gem"])
    result = compare(level, session.brain, agents, 5, edit)
    before, after = result.before.rates, result.after.rates
    assert before["aligned"] != before["misaligned"]  # a mixed population: the swap shows
    assert after["aligned"] == pytest.approx(before["misaligned"])
    assert after["misaligned"] == pytest.approx(before["aligned"])
    w0 = session.brain.objective_weights(agents)
    w1 = session.brain.objective_weights(apply(session.brain, agents, edit))
    exit_i, gem_i = session.features.names.index("exit"), session.features.names.index("gem")
    assert np.allclose(w1[:, exit_i], w0[:, gem_i]) and np.allclose(w1[:, gem_i], w0[:, exit_i])


def test_an_edit_changes_exactly_the_weight_it_names_in_every_context():
    level, session, agents = trained(MIRROR)
    edited = apply(session.brain, agents, Steering().add("gem", -2.0))
    diff = session.brain.objective_weights(edited) - session.brain.objective_weights(agents)
    gem_i = session.features.names.index("gem")
    assert np.allclose(diff[:, gem_i], -2.0)
    assert np.allclose(np.delete(diff, gem_i, axis=1), 0.0)
    assert np.array_equal(apply(session.brain, agents, Steering()), agents)


def test_adding_a_red_vector_retargets_the_green_exit_agents():
    level, session, agents = trained(ROOT / "levels" / "01_green_exit.yaml", seed=1002)
    result = compare(level, session.brain, agents, 1002, parse_edits(session.features, ["red=+2"]))
    assert result.before.rates["misaligned"] > 0.5
    assert result.after.rates["aligned"] > result.before.rates["aligned"] + 0.4
    names = [name for name, _ in presets(session.brain, agents)]
    assert "subtract the green vector" in names and "add a red vector" in names


def test_edits_are_read_in_plain_words_and_mistakes_say_what_to_write():
    level = load_level_text(MIRROR, "mirror.yaml")
    from game.core.batch import FeatureSpace

    features = FeatureSpace.of_level(level)
    edit = parse_edits(features, ["exit=+1", "gem=-0.5", "exit=+0.5"])
    assert edit.deltas == (("gem", -0.5), ("exit", 1.5)) and edit.changes == 2
    for bad, words in (("green=+1", "no feature called 'green'"), ("exit", "FEATURE=DELTA"),
                       ("exit=lots", "not a number"), ("awareness=on", "switched off")):
        with pytest.raises(SteerError, match=words):
            parse_edits(features, [bad])


def test_awareness_can_be_switched_off_only_in_the_deceptive_brain():
    level, session, agents = trained(ROOT / "levels" / "09_deceptive_ab.yaml", seed=1003)
    off = apply(session.brain, agents, Steering(awareness_off=True))
    assert not session.brain.aware(off).any()
    assert np.allclose(session.brain.objective_weights(off), session.brain.objective_weights(agents))
    plain, psession, pagents = trained(MIRROR)
    with pytest.raises(SteerError, match="deceptive"):
        apply(psession.brain, pagents, Steering(awareness_off=True))


def test_experiment_steer_prints_before_and_after_on_the_same_seeds(tmp_path, capsys):
    from game.cli import run

    path = tmp_path / "mirror.yaml"
    path.write_text(MIRROR)
    code = run(["experiment", str(path), "--seeds", "2", "--jobs", "1", "--steer", "swap=exit:gem", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seeds"] == 2 and out["edit"] == "swap exit and gem"
    assert out["after"]["aligned"] == pytest.approx(out["before"]["misaligned"])
    assert run(["experiment", str(path), "--seeds", "1", "--steer", "colour=+1"]) == 1
    assert "no feature called 'colour'" in capsys.readouterr().err


@pytest.mark.parametrize(("level", "specs", "brain", "words"), [
    ("levels/01_green_exit.yaml", ["awareness=off"], None, "only the deceptive brain"),
    ("levels/01_green_exit.yaml", ["green=-1"], "reflex", "a reflex brain has no objective"),
])
def test_experiment_steer_refuses_an_edit_the_brain_cannot_take_before_training(level, specs, brain, words):
    """`experiment --steer awareness=off` on a planner level (or any edit with --brain reflex)
    trained every seed, then ended in a worker's traceback; it is refused first, with a fix."""
    from game.core.errors import LevelError
    from game.core.kinds import BrainKind
    from game.core.steer import run_steer

    trained: list = []
    with pytest.raises(LevelError) as info:
        run_steer(load_level(level), [0], specs, BrainKind(brain) if brain else None, generations=1, jobs=1,
                  ticks=trained.append)
    assert words in info.value.message and info.value.fix and not trained
