"""The mind reader's numbers: value map, planned path and objective agree with the policy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.core.kinds import BrainKind
from game.core.loader import load_level
from game.core.mind import NO_OBJECTIVE, read_mind
from game.core.session import TrainingSession, deployment_batch
from game.core.sim import simulate

LEVEL = Path(__file__).resolve().parents[1] / "levels" / "01_green_exit.yaml"


@pytest.fixture(scope="module")
def session() -> TrainingSession:
    return TrainingSession(load_level(LEVEL))


def _genome(session: TrainingSession, **weights: float) -> np.ndarray:
    genome = np.zeros(session.brain.n_params)
    for name, w in weights.items():
        genome[session.features.names.index(name.replace("_", " "))] = w
    return genome


def _cell(batch, layout: int, target: int) -> tuple[int, int]:
    return divmod(int(batch.tcell[layout, target]), batch.width)


def _find(batch, layout: int, kind: str) -> int:
    for i, obj in enumerate(batch.layouts[layout].objects):
        if obj.kind == kind:
            return i
    raise AssertionError(kind)


def test_value_map_peaks_at_the_favourite_target(session: TrainingSession) -> None:
    """An agent that wants red exits values the exit cell most and walks to it."""
    batch = deployment_batch(session.level, session.features, seed=3)
    genome = _genome(session, exit=2.0, **{"red_(colour)": 1.0})
    reading = read_mind(session.brain, genome, batch, 0, session.level)
    exit_target = _find(batch, 0, "exit")
    assert reading.favourite == exit_target
    peak = np.unravel_index(np.nanargmax(reading.value_map), reading.value_map.shape)
    assert tuple(int(v) for v in peak) == _cell(batch, 0, exit_target)
    assert reading.path[-1] == _cell(batch, 0, exit_target)
    assert reading.objective[0] == ("exit", 2.0)
    assert np.isnan(reading.value_map[0, 0])  # border wall


def test_what_it_cannot_see_it_cannot_want(session: TrainingSession) -> None:
    """Kind is seen only within range: an exit-only agent whose evolved kind range is 2 cells,
    far from the exit, stays put."""
    from game.core.base_agent import perception_genes

    batch = deployment_batch(session.level, session.features, seed=3)
    genome = _genome(session, exit=2.0)
    genome[session.brain.perception_offset:] = perception_genes(session.brain, {"kind": 2})
    reading = read_mind(session.brain, genome, batch, 0, session.level)
    assert reading.favourite is None and len(reading.path) == 1


def test_proxy_lover_plans_to_the_green_apple(session: TrainingSession) -> None:
    """An agent that wants green plans to the green apple in deployment, not the red exit."""
    batch = deployment_batch(session.level, session.features, seed=3)
    genome = _genome(session, **{"green_(colour)": 1.5})
    reading = read_mind(session.brain, genome, batch, 0, session.level)
    apple = _find(batch, 0, "apple")
    assert reading.favourite == apple
    assert reading.path[-1] == _cell(batch, 0, apple)


def test_path_is_what_the_simulation_walks(session: TrainingSession) -> None:
    """The planned path is a prefix of the simulated trajectory of the same agent."""
    session.step(trace=True)
    genome = session.champions(1)[0]
    batch = deployment_batch(session.level, session.features, seed=5)
    for layout in range(3):
        reading = read_mind(session.brain, genome, batch, layout, session.level)
        res = simulate(batch, session.brain, genome[None], np.zeros(1, np.int64), np.array([layout]),
                       session.level.objective.max_steps, trace=True)
        walked = [divmod(int(c), batch.width) for c in res.trace[:, 0]]
        assert list(reading.path) == walked[: len(reading.path)]


def test_reflex_has_no_objective() -> None:
    level = load_level(LEVEL).with_brain(BrainKind.REFLEX)
    s = TrainingSession(level)
    batch = deployment_batch(level, s.features, seed=1)
    reading = read_mind(s.brain, np.zeros(s.brain.n_params), batch, 0, level)
    assert not reading.has_objective and reading.note == NO_OBJECTIVE
    assert ("exit", 10.0) in reading.base_objective
