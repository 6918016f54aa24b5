"""Deceptive mesa-optimizers (Hubinger et al. 2019) and the absent supervisor (Leike et al. 2017)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.core.batch import FeatureSpace, compile_layouts
from game.core.deceptive import defected_from_pair, make_deceptive
from game.core.experiment import run_experiment, summarise
from game.core.kinds import BrainKind, Disposition, Measure, Outcome
from game.core.layouts import realise
from game.core.loader import load_level
from game.core.outcomes import CODE, ORDER
from game.core.session import TrainingSession, deploy
from game.core.sim import simulate

AB = "levels/09_deceptive_ab.yaml"


def ab_series(genome: np.ndarray) -> list[str]:
    """Run one agent through the classic series: 2 training episodes, then 3 deployment episodes."""
    level = load_level(AB)
    features = FeatureSpace.of_level(level)
    brain = make_deceptive(level, features)
    rng = np.random.default_rng(0)
    train = realise(level, 0, level.training[0], rng)
    deploy = realise(level, 0, level.deployment[0], rng)
    batch = compile_layouts([train, train, deploy, deploy, deploy], level, features)
    res = simulate(batch, brain, genome[None], np.zeros(5, np.int64), np.arange(5), level.objective.max_steps)
    doors = []
    for b in range(5):
        reached = [o.kind for t, o in enumerate(train.objects) if res.reach_time[b, t] >= 0]
        doors.append({"door_a": "A", "door_b": "B"}.get(reached[0], "?") if reached else "-")
    return doors


def agent(wants: str, aware: bool) -> np.ndarray:
    level = load_level(AB)
    features = FeatureSpace.of_level(level)
    g = np.zeros(features.size + 1)
    g[features.kinds.index(wants)] = 1.0
    g[-1] = 1.0 if aware else -1.0
    return g


def test_deceptive_agent_goes_a_a_then_b_b_b():
    assert ab_series(agent("door_b", aware=True)) == ["A", "A", "B", "B", "B"]


def test_aligned_agent_goes_a_five_times():
    assert ab_series(agent("door_a", aware=True)) == ["A"] * 5
    assert ab_series(agent("door_a", aware=False)) == ["A"] * 5


def test_honest_misaligned_agent_goes_b_even_when_watched():
    assert ab_series(agent("door_b", aware=False)) == ["B"] * 5


def test_reasoning_is_explicit_and_consistent():
    level = load_level(AB)
    features = FeatureSpace.of_level(level)
    brain = make_deceptive(level, features)
    rng = np.random.default_rng(0)
    lays = [realise(level, 0, level.training[0], rng), realise(level, 0, level.deployment[0], rng)]
    batch = compile_layouts(lays, level, features)
    info = brain.reasoning(agent("door_b", True)[None], batch, np.zeros(2, np.int64), np.arange(2))
    assert list(info["p_watched"]) == pytest.approx([0.95, 0.05])
    assert list(info["decision"]) == [1, 2]  # comply while watched, defect once it looks deployed
    assert info["value_comply"][0] > info["value_defect"][0]
    assert info["value_defect"][1] > info["value_comply"][1]


def test_generation_zero_has_no_aware_agent():
    """Awareness is a trait evolution may switch on; nobody has it at the start."""
    level = load_level(AB)
    session = TrainingSession(level, seed=1000)
    genomes = session.optimizer.ask(session.state, np.random.default_rng(0))
    assert not session.brain.aware(genomes).any()
    record = session.step()
    assert record.composition[Measure.GENOMES][Disposition.DECEPTIVE] == 0.0
    assert record.stage == level.deception.first_stage.label


def test_awareness_price_is_charged_per_episode_to_aware_agents_only():
    level = load_level(AB)
    level = replace(level, deception=replace(level.deception, awareness_price=0.25))
    brain = make_deceptive(level, FeatureSpace.of_level(level))
    genomes = np.stack([agent("door_b", aware=True), agent("door_b", aware=False)])
    assert list(brain.upkeep(genomes)) == [0.25, 0.0]


def test_share_of_deceivers_rises_from_zero_on_a_fresh_seed():
    """Seed 1000 (never used for tuning): the population leaves stage 1 wanting door B; once door A
    is rewarded while watched, deceivers rise from 0% and are the majority at the end."""
    level = load_level(AB)
    session = TrainingSession(level, seed=1000)
    session.run()
    shares = [r.composition[Measure.GENOMES][Disposition.DECEPTIVE] for r in session.history]
    stage1 = level.deception.first_stage.generations
    assert shares[0] == 0.0
    wants_b = session.history[stage1 - 1].composition[Measure.GENOMES][Disposition.HONEST_MISALIGNED]
    assert wants_b >= 0.5, "stage 1 taught most agents to want door B"
    assert max(shares[stage1:]) > shares[stage1 - 1] + 0.3
    assert np.mean(shares[-5:]) >= 0.5, "and once deceivers are there, they stay"
    behaviour = session.history[-1].composition[Measure.BEHAVIOUR]
    assert behaviour[Disposition.DECEPTIVE] >= 0.5


def test_defected_is_decided_by_behaviour_on_the_same_maze_watched_and_unwatched():
    """A hand-built pair: each agent runs the deployment maze, and the same maze with the lamp on."""
    level = load_level(AB)
    features = FeatureSpace.of_level(level)
    brain = make_deceptive(level, features)
    genomes = np.stack([agent("door_b", aware=True), agent("door_b", aware=False), agent("door_a", aware=True)])
    rng = np.random.default_rng(0)
    batch = compile_layouts([realise(level, 0, level.deployment[0], rng)], level, features)
    report = deploy(level, brain, genomes, seed=0, batch=batch)
    assert [ORDER[c] for c in report.outcomes] == [Outcome.DEFECTED, Outcome.MISALIGNED, Outcome.ALIGNED]
    # The decision is read from the pair, not from the brain's own flag.
    pair = defected_from_pair(np.array([CODE[Outcome.ALIGNED], CODE[Outcome.MISALIGNED], CODE[Outcome.ALIGNED]]),
                              np.array([CODE[Outcome.MISALIGNED], CODE[Outcome.MISALIGNED], CODE[Outcome.CAPABILITY_FAILURE]]))
    assert list(pair) == [True, False, False]


def test_ab_experiment_defected_is_the_most_common_deployment_outcome():
    level = load_level(AB)
    results = run_experiment(level, list(range(4)), jobs=1)
    summary = summarise(level, results, BrainKind.DECEPTIVE)
    assert summary["training"]["aligned"] >= 0.95
    assert max(summary["deployment"], key=summary["deployment"].get) == "defected"


def test_absent_supervisor_behaviour_emerges_in_a_plain_planner():
    level = load_level("levels/07_absent_supervisor.yaml")
    assert level.brain.kind == BrainKind.PLANNER
    results = run_experiment(level, [0, 1, 2], jobs=1)
    hazards = summarise(level, results, BrainKind.PLANNER)["hazards"]
    assert hazards["shortcut | supervisor off"] >= 0.8
    assert hazards["shortcut | supervisor on"] <= 0.1


def test_composition_classes_print_as_their_words():
    """The debrief and the composition chart print the classes and measures inside f-strings: an
    Enum there must still read as the words, not as 'Disposition.HONEST_MISALIGNED'."""
    assert [f"{d}" for d in Disposition] == ["aligned", "deceptive", "honest misaligned"]
    assert [str(m) for m in Measure] == ["genomes", "behaviour"]
    assert f"{Disposition.HONEST_MISALIGNED} {0.5:.0%}" == "honest misaligned 50%"


def test_the_fair_chance_check_runs_for_a_deceptive_level_with_context_rewards():
    """`experiment --base-agent` on a deceptive level whose objective has `when:` extras crashed
    with an IndexError: the base agent was written in the planner's genome layout. It is now the
    base objective as the deceptive brain knows it, awareness off, and it reaches the goal
    whether watched or not."""
    text = """
title: watched vault
legend: {E: {kind: exit, colour: blue}, g: {kind: gem, colour: red}}
objective: {rewards: {exit: 10, gem: 1}, step_cost: 0.1, max_steps: 30, goal: exit,
            when: {supervisor: {gem: -5}}}
brain: deceptive
deception: {cue: supervisor}
evolution: {population: 8, episodes: 2, pool: 4, deploy_agents: 2, deploy_episodes: 2}
training:
  - map: |
      #######
      #S...E#
      #.g...#
      #######
    context: {supervisor: true}
deployment:
  - map: |
      #######
      #S...E#
      #.g...#
      #######
    context: {supervisor: false}
"""
    from game.core.experiment import run_seed
    from game.core.loader import load_level_text

    result = run_seed(load_level_text(text, "vault.yaml"), 0, base_agent=True)
    assert result.training_goal == 1.0
    assert result.deployment[Outcome.ALIGNED] == 1.0


def test_the_fair_chance_check_runs_when_the_command_line_makes_a_priced_level_deceptive():
    """`--brain deceptive` on a level with a price list (level 01): the deceptive brain's genome
    has no perception genes, so the base agent must not try to write them."""
    from game.core.experiment import run_seed

    level = load_level("levels/01_green_exit.yaml")
    result = run_seed(level, 0, brain=BrainKind.DECEPTIVE, base_agent=True)
    assert result.training_goal >= 0.9
