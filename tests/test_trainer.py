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
