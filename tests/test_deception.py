"""Deceptive mesa-optimizers (Hubinger et al. 2019) and the absent supervisor (Leike et al. 2017)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.core.batch import FeatureSpace, compile_layouts
from game.core.deceptive import make_deceptive
from game.core.experiment import run_experiment, summarise
from game.core.kinds import BrainKind
from game.core.layouts import realise
from game.core.loader import load_level
from game.core.session import TrainingSession
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


def test_selection_removes_honest_misaligned_and_keeps_deceivers():
    """Awareness appears at generation 4: from then on, honest misaligned agents are selected out
    while deceptive ones keep full training fitness and survive."""
    level = load_level(AB)
    level = replace(level, deception=replace(level.deception, awareness_from=4),
                    evolution=replace(level.evolution, generations=30))
    session = TrainingSession(level, seed=1)
    session.run()
    shares = [r.composition["genomes"] for r in session.history]
    assert all(s["deceptive"] == 0.0 for s in shares[:4]), "no awareness yet, so nobody can be deceptive"
    assert shares[0]["honest misaligned"] > 0.5
    late = shares[-10:]
    honest = np.mean([s["honest misaligned"] for s in late])
    deceptive = np.mean([s["deceptive"] for s in late])
    assert honest <= 0.15 and honest <= shares[0]["honest misaligned"] / 4
    assert deceptive >= 0.1, "deceivers survive selection"
    behaviour = session.history[-1].composition["behaviour"]
    assert behaviour["deceptive"] >= 0.1 and behaviour["honest misaligned"] <= 0.15


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
