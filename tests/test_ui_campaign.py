"""A scripted playthrough of the whole campaign under the dummy video driver.

Every levels/NN_*.yaml in order: title -> level select -> intro -> (the knob screen of a puzzle
level, one knob turned) -> training (a few generations, then D deploys early, as a player may)
-> deployment -> debrief -> back to the level select. It must finish without an error panel and
with the error log empty. Early deployment means nothing is saved to progress (only fully trained
runs count), which the last check confirms.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.ui import paths, verdict
from game.ui.app import App
from game.ui.scenes.training import SPEEDS
from tests.ui_helpers import frames, key, listed, scene

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGN = sorted(p.name for p in (ROOT / "levels").glob("[0-9][0-9]_*.yaml"))
GENERATIONS = 2  # trained before deploying: enough to draw every scene with real agents


@pytest.fixture()
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("MESA_MAZE_HOME", str(tmp_path))
    monkeypatch.delenv("MESA_MAZE_DATA", raising=False)
    monkeypatch.setattr(verdict, "CHECK_SEEDS", 0)  # the other-seeds check is tested in test_ui_puzzle
    game = App()
    game.home()
    yield game
    pygame.quit()


def play_level(app: App, name: str) -> bool:
    """Play one level from the level select back to it; True if it was a puzzle level."""
    listed(app)
    select = app.scene
    select.index = [e.path.name for e in select.entries].index(name)
    frames(app, 2)
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "IntroScene" and app.scene.entry.level is not None, name
    frames(app, 2, [key(pygame.K_RETURN)])
    puzzle = scene(app) == "PuzzleScene"
    if puzzle:
        knobs = app.scene
        before = dict(knobs.setting)
        frames(app, 2, [key(pygame.K_RIGHT)])  # turn the first knob one step
        assert knobs.setting != before
        frames(app, 2, [key(pygame.K_RETURN)])
        assert app.scene.run.setting == knobs.setting
    if scene(app) == "ProbeScene":  # a probe puzzle: trained out of sight, probed, answered, then deployed
        probe = app.scene
        deadline = time.monotonic() + 30
        while not probe.ready:
            assert time.monotonic() < deadline, f"{name}: training stalled"
            frames(app, 1)
        frames(app, 2, [key(pygame.K_SPACE)])  # an object at the cursor
        frames(app, 2, [key(pygame.K_RETURN)])
        assert len(probe.table) == 1
        for k in (pygame.K_a, pygame.K_1, pygame.K_RETURN):
            frames(app, 2, [key(k)])
        assert probe.verdict is not None
        frames(app, 2, [key(pygame.K_d)])
        return _deploy_and_debrief(app, name, puzzle)
    training = app.scene
    assert scene(app) == "TrainingScene", name
    training.speed = len(SPEEDS) - 1
    deadline = time.monotonic() + 30
    while training.current is None or training.current.record.generation < GENERATIONS:
        assert time.monotonic() < deadline, f"{name}: training stalled"
        frames(app, 1, dt=0.05)
        time.sleep(0.001)
    frames(app, 2, [key(pygame.K_d)])
    if scene(app) == "TrainingScene":  # deployed early: D again past the warning
        frames(app, 2, [key(pygame.K_d)])
    return _deploy_and_debrief(app, name, puzzle)


def _deploy_and_debrief(app: App, name: str, puzzle: bool) -> bool:
    assert scene(app) == "DeployScene", name
    deploy = app.scene
    frames(app, 2, [key(pygame.K_SPACE)])  # skip the swap animation
    frames(app, 3, dt=0.5)
    assert deploy.phase == "run"
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "DebriefScene", name
    debrief = app.scene
    assert debrief.run.report is deploy.report
    if debrief.run.puzzle is not None:
        assert debrief.verdict is not None and not debrief.verdict.won  # deployed early: it cannot count
    frames(app, 2)
    frames(app, 2, [key(pygame.K_l)])
    return puzzle


def test_the_whole_campaign_plays_through(app: App) -> None:
    assert CAMPAIGN[0].startswith("00_") and len(CAMPAIGN) >= 11
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "SelectScene"
    puzzles = [name for name in CAMPAIGN if play_level(app, name)]
    assert scene(app) == "SelectScene"
    assert "03_coin_at_the_end.yaml" in puzzles and "10_catch_the_deceiver.yaml" in puzzles
    assert not app.progress.levels, "runs deployed before training ended must not be saved"
    log = paths.log_file()
    assert not log.exists() or not log.read_text(encoding="utf-8").strip(), log.read_text(encoding="utf-8")
