"""Scene navigation: every destination has a factory, scenes are found on the stack by their
destination, and the debrief's ways back (new seed, change the knobs) never empty the stack."""

from __future__ import annotations

import inspect
from pathlib import Path

import pygame

from game.core.loader import load_level
from game.core.session import deploy
from game.ui.app import App
from game.ui.levels_index import LevelEntry
from game.ui.run_state import RunState
from game.ui.scene import Scene, To
from game.ui.scenes import registry
from game.ui.scenes.debrief import DebriefScene
from tests.ui_helpers import frames, key, scene

GREEN = Path(__file__).resolve().parents[1] / "levels" / "01_green_exit.yaml"


def test_every_destination_has_a_factory_and_each_scene_class_names_its_own() -> None:
    assert set(registry.SCENES) == set(To)
    for to, factory in registry.SCENES.items():
        if inspect.isclass(factory):
            assert issubclass(factory, Scene) and factory.destination is to, to
    made = {factory for factory in registry.SCENES.values() if inspect.isclass(factory)}
    assert {cls.destination for cls in made} >= {To.TITLE, To.SELECT, To.INTRO, To.TRAINING, To.DEPLOY,
                                                 To.DEBRIEF, To.PUZZLE, To.ERROR}


def test_go_opens_the_scene_and_back_to_pops_down_to_it(app: App) -> None:
    app.go(To.SELECT)
    app.go(To.INTRO, LevelEntry(GREEN, "campaign", load_level(GREEN)))
    frames(app, 1)
    assert [type(s).__name__ for s in app.stack] == ["TitleScene", "SelectScene", "IntroScene"]
    assert app.back_to(To.DEBRIEF) is None and scene(app) == "IntroScene"  # not on the stack: nothing popped
    assert app.back_to(To.SELECT) is app.stack[-1] and scene(app) == "SelectScene"
    app.go(To.EDITOR, Path(__file__))  # not a level file: a message, and no editor
    assert scene(app) == "SelectScene" and app.running


def _debrief_over_title(app: App) -> DebriefScene:
    """A debrief of a trained run with no training scene below it (as after a probe puzzle)."""
    run = RunState.start(LevelEntry(GREEN, "campaign", load_level(GREEN)))
    session = run.new_session()
    session.step()
    run.report = deploy(run.level, session.brain, session.champions(), seed=run.seed)
    debrief = DebriefScene(app, run)
    app.push(debrief)
    frames(app, 2)
    return debrief


def test_new_seed_without_a_training_scene_below_keeps_the_game_running(app: App) -> None:
    debrief = _debrief_over_title(app)
    for k in (pygame.K_r, pygame.K_b, pygame.K_k):
        frames(app, 2, [key(k)])
        assert app.running and app.scene is debrief, pygame.key.name(k)
    assert debrief.run.history == []


def test_new_seed_goes_back_to_training_and_restarts_it(app: App) -> None:
    run = RunState.start(LevelEntry(GREEN, "campaign", load_level(GREEN)))
    app.go(To.TRAINING, run)
    frames(app, 2)
    training = app.scene
    seed = run.seed
    app.go(To.DEBRIEF, run)  # a debrief straight over training (no report: drawn without one)
    app.back_to(To.TRAINING)
    assert app.scene is training
    app.go(To.DEBRIEF, run)
    debrief = app.scene
    assert isinstance(debrief, DebriefScene)
    debrief.retrain(False)
    assert app.scene is training and run.seed != seed and run.history[-1] == "new seed"
    training.trainer.close()
