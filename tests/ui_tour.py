"""Reaching every scene of the game quickly, for the layout and monkey tests.

Each `to_*` function starts from the title screen of a fresh App and leaves the named scene on
top. Training is driven by waiting for the worker (`Trainer.wait`), never by sleeping, and every
loop has a deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

from game.ui.app import App
from tests.ui_helpers import frames, key, listed, scene

COIN = "03_coin_at_the_end.yaml"  # a puzzle level (knobs, sweep)
GREEN = "01_green_exit.yaml"
SUPERVISOR = "07_absent_supervisor.yaml"  # long concept tags, a context-dependent penalty
DECEIVER = "09_deceptive_ab.yaml"
DEADLINE = 60.0  # seconds any one wait may take on a loaded 2-core machine


def to_select(app: App) -> None:
    frames(app, 2, (key(pygame.K_RETURN),))
    listed(app)


def to_intro(app: App, name: str = GREEN) -> None:
    to_select(app)
    select = app.scene
    select.index = [e.path.name for e in select.entries].index(name)
    frames(app, 2, (key(pygame.K_RETURN),))
    assert scene(app) == "IntroScene"


def train(app: App, generations: int = 2) -> None:
    """Let the training scene on top show `generations` generations (flat out, no replay)."""
    training = app.scene
    training.speed = 6
    deadline = time.monotonic() + DEADLINE
    while training.current is None or training.current.record.generation < generations:
        assert time.monotonic() < deadline, "training stalled"
        frames(app, 1, dt=0.05)
        time.sleep(0.002)  # the worker thread trains; the loop only waits for it, up to the deadline


def to_training(app: App, name: str = GREEN, generations: int = 2) -> None:
    to_intro(app, name)
    frames(app, 2, (key(pygame.K_RETURN),))
    if scene(app) == "PuzzleScene":
        frames(app, 2, (key(pygame.K_RETURN),))
    assert scene(app) == "TrainingScene"
    train(app, generations)


def to_deploy(app: App, name: str = GREEN, generations: int = 2, run: bool = True) -> None:
    """Deployed after `generations` (the early-deploy warning answered yes); running if `run`."""
    to_training(app, name, generations)
    app.scene.deploy(confirmed=True)
    frames(app, 2)
    assert scene(app) == "DeployScene"
    if run and app.scene.phase == "predict":
        frames(app, 2, (key(pygame.K_1),))
    if run:
        frames(app, 2, (key(pygame.K_SPACE),))  # skip the swap
        frames(app, 2)


def to_deploy_done(app: App, name: str = GREEN, generations: int = 2) -> None:
    to_deploy(app, name, generations)
    deploy = app.scene
    deploy.t = float(deploy.frames - 1)
    frames(app, 2)


def to_swap(app: App) -> None:
    """The DEPLOYED moment, at its biggest."""
    to_deploy(app, run=False)
    deploy = app.scene
    if deploy.phase == "predict":
        frames(app, 2, (key(pygame.K_1),))
    deploy.clock = 1.2


def to_debrief(app: App, name: str = GREEN, generations: int = 2) -> None:
    to_deploy(app, name, generations)
    frames(app, 2, (key(pygame.K_RETURN),))
    assert scene(app) == "DebriefScene"


def to_training_mind(app: App) -> None:
    to_training(app)
    frames(app, 2, (key(pygame.K_m),))


def to_deploy_mind(app: App) -> None:
    to_deploy(app)
    frames(app, 2, (key(pygame.K_m),))


def to_tryit(app: App) -> None:
    to_intro(app)
    frames(app, 2, (key(pygame.K_t),))
    assert scene(app) == "TryItScene"


def to_predict(app: App) -> None:
    if not app.classroom:
        app.toggle_classroom()
    to_deploy(app, run=False)
    assert app.scene.phase == "predict"


def to_reveal(app: App) -> None:
    if not app.classroom:
        app.toggle_classroom()
    to_deploy_done(app)


def to_puzzle(app: App) -> None:
    to_intro(app, COIN)
    frames(app, 2, (key(pygame.K_RETURN),))
    assert scene(app) == "PuzzleScene"


def to_sweep(app: App) -> None:
    to_puzzle(app)
    frames(app, 2, (key(pygame.K_s),))
    assert scene(app) == "SweepScene"


def to_puzzle_debrief(app: App) -> None:
    to_debrief(app, COIN, generations=1)


def to_editor(app: App) -> None:
    frames(app, 2, (key(pygame.K_e),))
    assert scene(app) == "EditorScene"


def to_editor_generator(app: App) -> None:
    """The editor on a generated layout (its rules: size, loops, where each object goes)."""
    to_editor(app)
    editor = app.scene
    if all(editor.model.layout(n, i).get("generate") is None for n in ("training", "deployment")
           for i in range(len(editor.model.layouts(n)))):
        editor.add_layout("generate")
        frames(app, 2)
    for _ in range(12):  # Tab walks the layouts
        if editor.rows is None:
            break
        frames(app, 1, (key(pygame.K_TAB),))
    assert editor.rows is None, "no generated layout reached"


def to_title(app: App) -> None:
    frames(app, 1)


SCENES: dict[str, Callable[[App], None]] = {
    "title": to_title, "select": to_select, "intro": to_intro, "intro 07": lambda a: to_intro(a, SUPERVISOR),
    "training": to_training, "training deceptive": lambda a: to_training(a, DECEIVER),
    "mind reader (training)": to_training_mind, "deployment": to_deploy, "deployment swap": to_swap, "deployment done": to_deploy_done,
    "mind reader (deployment)": to_deploy_mind, "debrief": to_debrief,
    "debrief 07": lambda a: to_debrief(a, SUPERVISOR), "debrief deceptive": lambda a: to_debrief(a, DECEIVER),
    "try it yourself": to_tryit, "classroom predict": to_predict, "classroom reveal": to_reveal,
    "puzzle knobs": to_puzzle, "puzzle debrief": to_puzzle_debrief, "sweep": to_sweep, "editor": to_editor, "editor generator": to_editor_generator,
}
