"""A big deployment is measured off the UI thread: the window keeps drawing a spinner and what it
waits for, keys that need the report wait for it, Esc still goes back, and the report is the one a
plain `deploy()` of the same agents and seed gives. A campaign level deploys as the scene opens."""

from __future__ import annotations

import threading
import time

import numpy as np
import pygame
import pytest

from game.bench import generated_level_text
from game.core.loader import load_level
from game.core.session import DeploymentReport, TrainingSession, deploy
from game.resources import campaign_levels
from game.ui import deployer, progress_view
from game.ui.app import App
from game.ui.deployer import Deployment, in_background
from tests.ui_helpers import frames, frames_until, key, scene
from tests.ui_tour import to_training

BIG = "big_128.yaml"
DEADLINE = 60.0


@pytest.fixture()
def held(monkeypatch):
    """The deployment worker waits for `release` before it measures; the threads it ran on are kept."""
    release = threading.Event()
    threads: list[threading.Thread] = []
    real = deployer.deploy

    def slow(*args, **kwargs) -> DeploymentReport:
        threads.append(threading.current_thread())
        assert release.wait(DEADLINE), "the test never let the deployment finish"
        return real(*args, **kwargs)

    monkeypatch.setattr(deployer, "deploy", slow)
    return release, threads


def to_big_deploy(app: App, tmp_path) -> None:
    """Train the generated 128x128 level (a small population, fully trained), then press D."""
    folder = tmp_path / "levels"
    folder.mkdir(exist_ok=True)
    text = generated_level_text(128, objects=3, population=8, episodes=2, pool=2, max_steps=400)
    (folder / BIG).write_text(text.replace("generations: 10", "generations: 2"), encoding="utf-8")
    to_training(app, BIG, generations=2)
    training = app.scene
    frames_until(app, lambda: training.finished, "training to finish", DEADLINE, dt=0.05, pause=0.002)
    assert in_background(training.run.level, training.run.brain)
    frames(app, 1, [key(pygame.K_d)])
    assert scene(app) == "DeployScene"


def same(a: DeploymentReport, b: DeploymentReport) -> None:
    assert np.array_equal(a.outcomes, b.outcomes) and a.rates == b.rates
    assert np.array_equal(a.results.trace, b.results.trace) and np.array_equal(a.results.steps, b.results.steps)
    assert np.array_equal(a.results.returns, b.results.returns)
    assert [lay.walls.tobytes() for lay in a.batch.layouts] == [lay.walls.tobytes() for lay in b.batch.layouts]


def test_a_big_deployment_keeps_the_window_drawing_and_gives_the_same_report(app: App, tmp_path, held) -> None:
    release, threads = held
    to_big_deploy(app, tmp_path)
    deploy_scene = app.scene
    assert deploy_scene.phase == "measuring" and deploy_scene.report is None and deploy_scene.run.report is None
    frames(app, 5)  # the worker is held: frames still come, with the spinner and the status line
    assert deploy_scene.measuring_shown is not None
    assert deploy_scene.measuring_shown.startswith("Deploying to 16 new mazes...")
    assert len(threads) == 1 and threads[0].name == "deployment" and threads[0].daemon
    for k in (pygame.K_SPACE, pygame.K_g, pygame.K_RETURN, pygame.K_r, pygame.K_m, pygame.K_RIGHT, pygame.K_s,
              pygame.K_i, pygame.K_t, pygame.K_1, pygame.K_n):
        frames(app, 1, [key(k)])  # nothing that needs the report does anything yet
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(640, 360))
    frames(app, 1, [click])
    assert app.scene is deploy_scene and deploy_scene.phase == "measuring" and not deploy_scene.actions
    frames(app, 1, [key(pygame.K_F10)])  # classroom mode on while it measures, the window resized
    frames(app, 2, [pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 600), w=1024, h=600)])
    assert deploy_scene.phase == "measuring" and deploy_scene.measuring_shown.startswith("Deploying")
    release.set()
    drawn = frames_until(app, lambda: deploy_scene.report is not None, "the deployment report", DEADLINE,
                         pause=0.002)
    assert drawn >= 1 and deploy_scene.run.report is deploy_scene.report
    assert deploy_scene.phase == "predict"  # classroom: the class predicts first, as always
    frames(app, 2, [key(pygame.K_1)])
    assert deploy_scene.phase == "swap" and deploy_scene.run.prediction is not None
    run = deploy_scene.run
    expected = deploy(run.level, deploy_scene.brain, deploy_scene.genomes, seed=run.seed, trace=True)
    same(deploy_scene.report, expected)
    # then on as always: the swap, the run, a fully trained run saved to progress once
    frames(app, 1, [key(pygame.K_SPACE)])
    frames(app, 2)
    assert deploy_scene.phase == "run" and deploy_scene.frames == len(expected.results.trace)
    assert progress_view.store(app).get(progress_view.key_of(run)).attempts == 1


def test_esc_while_measuring_goes_back_and_drops_the_report(app: App, tmp_path, held) -> None:
    release, threads = held
    to_big_deploy(app, tmp_path)
    deploy_scene = app.scene
    frames(app, 3)
    frames(app, 1, [key(pygame.K_ESCAPE)])
    assert scene(app) == "TrainingScene"
    release.set()
    threads[0].join(DEADLINE)
    assert not threads[0].is_alive()
    frames(app, 5)
    assert scene(app) == "TrainingScene" and deploy_scene.run.report is None
    assert progress_view.store(app).get(progress_view.key_of(deploy_scene.run)).attempts == 0
    frames(app, 1, [key(pygame.K_d)])  # deploying again measures afresh
    again = app.scene
    assert scene(app) == "DeployScene" and again is not deploy_scene and again.phase == "measuring"
    assert len(threads) == 2
    frames_until(app, lambda: again.report is not None, "the second deployment", DEADLINE, pause=0.002)


def test_every_campaign_level_deploys_as_the_scene_opens(app: App) -> None:
    for path in campaign_levels():
        assert not in_background(load_level(path), load_level(path).brain.kind), path.name
    to_training(app, "01_green_exit.yaml", generations=2)
    training = app.scene
    started = threading.active_count()
    frames(app, 1, [key(pygame.K_d)])
    frames(app, 1, [key(pygame.K_d)])  # deploy anyway, after the early-deploy warning
    deploy_scene = app.scene
    assert scene(app) == "DeployScene" and deploy_scene.measuring is None and deploy_scene.phase == "swap"
    assert deploy_scene.report is not None and deploy_scene.run.report is deploy_scene.report
    assert threading.active_count() <= started  # no deployment thread
    assert not any(t.name == "deployment" for t in threading.enumerate())
    assert training.run.session is not None


def test_a_small_deployment_measured_on_a_worker_is_the_same() -> None:
    level = load_level(campaign_levels()[1])
    session = TrainingSession(level, seed=5)
    session.step()
    genomes = session.champions()
    here = Deployment(level, session.brain, genomes, 5, level.brain.kind)
    there = Deployment(level, session.brain, genomes, 5, level.brain.kind, background=True)
    assert not here.background and here.poll() is not None
    deadline = time.monotonic() + DEADLINE
    while there.poll() is None:
        assert time.monotonic() < deadline, "the worker never finished"
        time.sleep(0.005)
    same(here.poll(), there.poll())


QUIT_WHILE_MEASURING = """
import sys, threading
import numpy as np
from game.core.loader import load_level
from game.resources import campaign_levels
from game.ui import deployer

stuck = threading.Event()

def forever(*args, **kwargs):
    stuck.set()
    threading.Event().wait()  # a deployment that never ends

deployer.deploy = forever
level = load_level(campaign_levels()[1])
measuring = deployer.Deployment(level, None, np.zeros((8, 4)), 0, level.brain.kind, background=True)
print("stuck:", stuck.wait(30), "ready:", measuring.ready)
sys.exit(0)
"""


def test_quitting_while_a_deployment_is_measured_does_not_hang(tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", MESA_MAZE_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", QUIT_WHILE_MEASURING], cwd=Path(__file__).resolve().parents[1],
                          env=env, capture_output=True, text=True, timeout=120)  # the deadline: a hang fails here
    assert proc.returncode == 0, proc.stderr
    assert "stuck: True ready: False" in proc.stdout
