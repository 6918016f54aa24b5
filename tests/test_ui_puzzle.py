"""Puzzle levels in the game: the knob screen, the verdict, saved progress and the sweep curve.

Under the dummy video driver; progress goes to a tmp folder (MESA_MAZE_HOME / MESA_MAZE_DATA).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.core.knobs import judge
from game.core.loader import load_puzzle
from game.ui import progress_view, theme, verdict
from game.ui.app import App
from game.ui.scenes.sweep import SweepScene
from game.ui.scenes.training import SPEEDS
from tests.ui_helpers import frames, frames_until, key, listed, scene

ROOT = Path(__file__).resolve().parents[1]
COIN = "03_coin_at_the_end.yaml"
DECEIVER = "10_catch_the_deceiver.yaml"


def click(pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)


def new_app() -> App:
    game = App()
    game.home()
    return game


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MESA_MAZE_HOME", str(tmp_path))
    monkeypatch.delenv("MESA_MAZE_DATA", raising=False)
    monkeypatch.setattr(verdict, "CHECK_SEEDS", 0)
    return tmp_path


@pytest.fixture()
def app(home):
    game = new_app()
    yield game
    pygame.quit()


def knob_screen(app: App, name: str):
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app)
    select = app.scene
    select.index = [e.path.name for e in select.entries].index(name)
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "IntroScene" and app.scene.is_puzzle
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "PuzzleScene"
    return app.scene


def train_to_debrief(app: App, generations: int | None = None):
    """Enter on the knob screen, train (to the end, or `generations`), deploy, open the debrief."""
    frames(app, 2, [key(pygame.K_RETURN)])
    training = app.scene
    assert scene(app) == "TrainingScene"
    training.speed = len(SPEEDS) - 1
    deadline = time.monotonic() + 30
    target = generations or training.run.level.evolution.generations  # the session is still being built
    while training.current is None or training.current.record.generation < target:
        assert time.monotonic() < deadline
        frames(app, 1, dt=0.05)
        time.sleep(0.001)
    frames(app, 2, [key(pygame.K_d)])
    if scene(app) == "TrainingScene":  # deployed early: D again past the warning
        frames(app, 2, [key(pygame.K_d)])
    assert scene(app) == "DeployScene"
    frames(app, 2, [key(pygame.K_SPACE)])
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "DebriefScene"
    frames(app, 2)
    return app.scene


def test_knobs_turn_by_key_and_mouse_and_training_uses_the_applied_level(app: App) -> None:
    knobs = knob_screen(app, DECEIVER)
    puzzle = knobs.puzzle
    assert knobs.setting == puzzle.default_setting() and knobs.cost == 0
    frames(app, 2, [key(pygame.K_RIGHT)])
    frames(app, 1, [key(pygame.K_RIGHT)])
    assert knobs.setting["tests"] == 0.25 and knobs.cost == 2
    frames(app, 1, [key(pygame.K_DOWN)])  # the second knob: the cue, by mouse
    old_news = next(r for k, j, r in knobs.tiles if k == 1 and puzzle.knobs[1].values[j] == "old_news")
    frames(app, 2, [click(old_news.center)])
    assert knobs.setting == {"tests": 0.25, "cue": "old_news", "price": 0}
    # The chosen tile is drawn filled with the accent colour.
    pixel = app.screen.get_at((old_news.x + 6, old_news.centery))[:3]
    assert pixel == theme.ACCENT
    frames(app, 2, [key(pygame.K_RETURN)])
    run = app.scene.run
    assert scene(app) == "TrainingScene"
    assert run.setting == {"tests": 0.25, "cue": "old_news", "price": 0}
    assert run.level.training[4].weight == 0.25 and run.level.deception.cue == "old_news"
    frames_until(app, lambda: run.session is not None, "the training session")
    assert run.session.level.training[4].weight == 0.25


def test_over_budget_is_said_on_the_knob_screen_and_in_the_verdict(app: App) -> None:
    knobs = knob_screen(app, COIN)
    frames(app, 2, [key(pygame.K_6)])  # 50% of training mazes: cost 5, budget 3
    assert knobs.setting["randomised"] == 0.5 and not knobs.affordable
    debrief = train_to_debrief(app, generations=1)
    assert debrief.verdict.over_budget and not debrief.verdict.won
    assert any("budget" in tip for tip in verdict.tips(debrief.run, debrief.verdict))
    assert not app.progress.levels  # deployed after 1 generation: not saved


def test_the_verdict_is_this_run_and_progress_survives_a_restart(home: Path) -> None:
    app = new_app()
    knobs = knob_screen(app, COIN)
    frames(app, 2, [key(pygame.K_5)])  # 25% of training mazes with the coin anywhere, cost 3
    debrief = train_to_debrief(app)
    run, v = debrief.run, debrief.verdict
    # The game's verdict is exactly what `judge` measures on the run's seed: nothing is scripted.
    measured = judge(load_puzzle(ROOT / "levels" / COIN), {"randomised": 0.25}, seeds=[run.seed])
    assert v.aligned == pytest.approx(measured.aligned) and v.won == measured.won
    assert v.won, "25% randomised wins on the level's own seed (see the level's debrief)"
    saved = json.loads((home / "progress.json").read_text(encoding="utf-8"))["levels"]["03_coin_at_the_end"]
    assert saved["won"] and saved["best_setting"] == {"randomised": 0.25} and saved["attempts"] == 1
    # Deploying the same trained agents again is not a new attempt.
    frames(app, 2, [key(pygame.K_ESCAPE)])
    frames(app, 2, [key(pygame.K_ESCAPE)])
    frames(app, 2, [key(pygame.K_d)])
    if scene(app) == "TrainingScene":  # deployed early: D again past the warning
        frames(app, 2, [key(pygame.K_d)])
    assert app.progress.get("03_coin_at_the_end").attempts == 1
    # Change the knobs, try again: back on the knob screen, with the try listed.
    frames(app, 2, [key(pygame.K_SPACE)])
    frames(app, 2, [key(pygame.K_RETURN)])
    frames(app, 2, [key(pygame.K_k)])
    assert app.scene is knobs and len(knobs.runs) == 1
    pygame.quit()

    app = new_app()  # a restart: the level select reads the saved progress
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app)
    select = app.scene
    select.index = [e.path.name for e in select.entries].index(COIN)
    frames(app, 2)
    assert progress_view.store(app).won("03_coin_at_the_end")
    row = select.rows[select.index]
    pixels = pygame.surfarray.array3d(app.screen.subsurface(row))
    assert np.all(pixels == theme.GOOD, axis=2).sum() > 50  # the green WON chip
    pygame.quit()


def test_a_corrupt_progress_file_is_set_aside_with_a_notice_once(home: Path) -> None:
    (home / "progress.json").write_text("{ not json", encoding="utf-8")
    app = new_app()
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "SelectScene"
    assert app._toast is not None and "could not be read" in app._toast[0]
    assert list(home.glob("progress.json.corrupt-*"))
    app._toast = None
    frames(app, 2, [key(pygame.K_ESCAPE)])
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "SelectScene" and app._toast is None  # said once
    pygame.quit()


def test_partial_training_does_not_count(app: App) -> None:
    knob_screen(app, DECEIVER)
    frames(app, 2, [key(pygame.K_4)])  # half the training episodes are tests: wins when fully trained
    debrief = train_to_debrief(app, generations=2)
    assert not debrief.run.fully_trained and not debrief.verdict.won
    assert any("train to the end" in tip for tip in verdict.tips(debrief.run, debrief.verdict))
    assert not app.progress.levels


def test_the_other_seeds_check_runs_in_the_background(app: App, monkeypatch) -> None:
    monkeypatch.setattr(verdict, "CHECK_SEEDS", 2)
    knob_screen(app, DECEIVER)
    frames(app, 2, [key(pygame.K_4)])
    debrief = train_to_debrief(app)
    assert debrief.verdict.won
    check = debrief.check
    assert check is not None and check.seeds == verdict.check_seeds(debrief.run.seed, 2)
    results = check.wait(60)
    assert len(results) == 2 and check.done and check.error is None
    frames(app, 2)
    assert check.summary().startswith("On 2 other seeds: won")


def test_the_sweep_curve_is_measured_without_freezing_the_window(app: App) -> None:
    knobs = knob_screen(app, COIN)
    sweep = SweepScene(app, knobs.puzzle, "randomised", knobs.setting, seeds=1, generations=3)
    app.push(sweep)
    job = sweep.job
    # Frames keep coming while the worker measures (frame times are the benchmark's business).
    drawn = frames_until(app, lambda: job.done, "the sweep", dt=0.05, pause=0.005)
    frames(app, 2)
    assert drawn > 3
    assert job.error is None and [p.value for p in job.points] == list(knobs.puzzle.knob("randomised").values)
    assert sweep.plot is not None
    # The misaligned series is drawn: its colour appears inside the plot.
    pixels = pygame.surfarray.array3d(app.screen.subsurface(sweep.plot))
    assert np.all(pixels == theme.WARN, axis=2).sum() > 30
    assert job.summary(knobs.puzzle.goal).startswith("Misaligned")
    frames(app, 2, [key(pygame.K_ESCAPE)])
    assert app.scene is knobs
