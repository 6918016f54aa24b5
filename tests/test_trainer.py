"""The training session is built off the UI thread: the window keeps drawing, and says what it waits for."""

from __future__ import annotations

import threading
import time

import pygame

from game.ui.app import App
from game.ui.run_state import RunState
from game.ui.scenes.training import SPEEDS
from tests.test_ui_flow import open_level, scene_name
from tests.ui_helpers import frames, key
from tests.ui_tour import train


def test_opening_a_level_and_pressing_r_build_the_session_on_the_worker(app: App, monkeypatch) -> None:
    release = threading.Event()
    builders: list[str] = []
    real = RunState.session_builder

    def slow_builder(run: RunState):
        build = real(run)

        def held():
            builders.append(threading.current_thread().name)
            assert release.wait(30), "the test never let the build finish"
            return build()
        return held

    monkeypatch.setattr(RunState, "session_builder", slow_builder)
    open_level(app, "01_green_exit.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    training = app.scene
    assert scene_name(app) == "TrainingScene"
    training.speed = len(SPEEDS) - 1
    frames(app, 5)  # the build is held: frames still run, and the scene says what it waits for
    assert training.run.session is None and training.current is None
    assert training.preparing_shown is not None and training.preparing_shown.startswith("Building the training mazes")
    assert builders and all(name.startswith("base-optimizer") for name in builders)
    release.set()
    deadline = time.monotonic() + 30
    while training.current is None:
        assert time.monotonic() < deadline, "no generation arrived"
        frames(app, 1, dt=0.05)
        time.sleep(0.002)
    first = training.run.session
    assert first is not None and first.seed == training.run.seed

    release.clear()
    frames(app, 1, [key(pygame.K_r)])  # a new seed: built on the worker again
    frames(app, 3)
    assert training.run.session is None and training.current is None
    assert training.preparing_shown.startswith("Building the training mazes")
    release.set()
    deadline = time.monotonic() + 30
    while training.current is None:
        assert time.monotonic() < deadline, "no generation arrived after R"
        frames(app, 1, dt=0.05)
        time.sleep(0.002)
    assert training.run.session is not first and training.run.session.seed == training.run.seed
    assert len(builders) == 2


def test_each_generation_carries_the_brain_the_worker_trained_it_with() -> None:
    """The worker rebinds `session.brain` every generation (the deceptive brain knows its
    generation); a generation already handed to the screen keeps its own brain."""
    from game.core.deceptive import DeceptivePlanner
    from game.core.loader import load_level
    from game.core.session import TrainingSession
    from game.ui.trainer import Trainer
    from tests.test_ui_flow import ROOT

    session = TrainingSession(load_level(ROOT / "levels" / "09_deceptive_ab.yaml"), seed=0)
    trainer = Trainer(session)
    try:
        assert trainer.request()
        first = trainer.wait()
        assert first is not None and isinstance(first.brain, DeceptivePlanner)
        assert first.brain is session.brain and first.brain.generation == 0
        assert first.total == session.generations
        assert trainer.request()
        second = trainer.wait()
        assert second is not None and second.brain is session.brain and second.brain.generation == 1
        assert first.brain is not second.brain and first.brain.generation == 0  # the earlier snapshot is untouched
        assert trainer.delivered == 2
    finally:
        trainer.close()


class Tripwire:
    """Stands in for `session.brain`: any read of it fails the test."""

    def __getattr__(self, name: str):
        raise AssertionError(f"the training scene read session.brain.{name} instead of its snapshot")


def test_the_training_scene_reads_the_brain_from_the_generation_it_shows(app: App) -> None:
    open_level(app, "09_deceptive_ab.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    training = app.scene
    assert scene_name(app) == "TrainingScene"
    train(app, 2)  # flat out, until the second generation is on screen (with a deadline)
    training.paused = True
    got = training.trainer.wait()  # the worker is idle from here on: the session may be changed safely
    if got is not None:
        training.waiting = got
    shown = training.current
    training.run.session.brain = Tripwire()
    frames(app, 3, [key(pygame.K_m)])  # mind reader, thought bubble, composition chart, banner
    assert training.mind and training.current is shown
    agent, reading = training.reading()
    assert reading is not None and training.shown_thought is not None
    frames(app, 3, [key(pygame.K_m)])
    frames(app, 3, [key(pygame.K_v)])
