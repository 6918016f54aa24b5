"""Training sessions, deployment, experiments and saved agents: same level + seed = same result."""

from __future__ import annotations

import numpy as np

from game.core.agents_io import SavedAgents, load_agents, save_agents
from game.core.experiment import run_experiment, summarise
from game.core.kinds import BrainKind
from game.core.loader import load_level
from game.core.session import TrainingSession, deploy

LEVEL = "levels/01_green_exit.yaml"


def trained(seed=3, generations=8, brain=None):
    session = TrainingSession(load_level(LEVEL), seed=seed, generations=generations, brain=brain)
    session.run()
    return session


def test_same_seed_gives_bit_identical_genomes_and_outcomes():
    a, b = trained(), trained()
    assert np.array_equal(a.champions(), b.champions())
    assert [r.best for r in a.history] == [r.best for r in b.history]
    ra = deploy(a.level, a.brain, a.champions(), seed=3)
    rb = deploy(b.level, b.brain, b.champions(), seed=3)
    assert np.array_equal(ra.outcomes, rb.outcomes)
    c = trained(seed=4)
    assert not np.array_equal(a.champions(), c.champions())


def test_saved_agents_deploy_the_same_after_loading(tmp_path):
    s = trained(brain=BrainKind.REFLEX, generations=3)
    path = tmp_path / "agents.npz"
    save_agents(path, SavedAgents(s.champions(), s.level.brain.kind, s.features.names, s.level.title, LEVEL, s.seed, 3))
    loaded = load_agents(path)
    assert loaded.brain == BrainKind.REFLEX and loaded.features == s.features.names
    assert np.array_equal(loaded.genomes, s.champions())
    before = deploy(s.level, s.brain, s.champions(), seed=s.seed)
    after = deploy(s.level, s.brain, loaded.genomes, seed=s.seed)
    assert np.array_equal(before.outcomes, after.outcomes)
    assert np.array_equal(before.results.returns, after.results.returns)


def test_session_reports_each_generation_to_observers():
    session = TrainingSession(load_level(LEVEL), seed=1, generations=3)
    heard = []
    session.observers.append(heard.append)
    session.run()
    assert [r.generation for r in heard] == [1, 2, 3]
    assert abs(sum(heard[-1].wants.values()) - 1.0) < 1e-9, "every agent wants something most"


def test_training_improves_fitness():
    session = trained(seed=0, generations=15)
    assert session.history[-1].mean > session.history[0].mean


def test_experiment_rates_are_fractions_and_parallel_equals_serial():
    level = load_level(LEVEL)
    serial = run_experiment(level, [0, 1], generations=4, jobs=1)
    parallel = run_experiment(level, [0, 1], generations=4, jobs=2)
    assert [r.deployment for r in serial] == [r.deployment for r in parallel]
    summary = summarise(level, serial, BrainKind.PLANNER)
    assert set(summary["deployment"]) == {"aligned", "misaligned", "capability_failure", "defected"}
    assert abs(sum(summary["deployment"].values()) - 1.0) < 1e-9
