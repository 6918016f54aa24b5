"""A scripted play-through under the dummy video driver: title -> level -> train -> deploy -> debrief.

Assertions are on what was drawn (pixels of the exit cell, the numbers in the tally) and on the
simulation it was drawn from (the DeploymentReport's outcome codes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.core.outcomes import tally
from game.ui import theme
from game.ui.app import App
from game.ui.scenes.training import SPEEDS
from tests.ui_helpers import frames_until, gif_saved, listed

ROOT = Path(__file__).resolve().parents[1]


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def frames(app: App, n: int = 1, events: tuple = (), dt: float = 1 / 60) -> None:
    for i in range(n):
        app.frame(list(events) if i == 0 else [], dt)


def scene_name(app: App) -> str:
    return type(app.scene).__name__


def open_level(app: App, filename: str) -> None:
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app)
    names = [e.path.name for e in app.scene.entries]
    for _ in range(names.index(filename)):
        frames(app, 1, [key(pygame.K_DOWN)])
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene_name(app) == "IntroScene"


def colour_share(surface: pygame.Surface, rect: pygame.Rect, rgb: tuple[int, int, int]) -> float:
    pixels = pygame.surfarray.array3d(surface.subsurface(rect))
    return float(np.all(pixels == np.array(rgb), axis=2).mean())


def test_full_flow(app: App) -> None:
    open_level(app, "01_green_exit.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    training = app.scene
    assert scene_name(app) == "TrainingScene"
    training.speed = len(SPEEDS) - 1  # no replay: train flat out
    deadline = time.monotonic() + 20
    while (training.current is None or training.current.record.generation < 3) and time.monotonic() < deadline:
        frames(app, 1, dt=0.05)
        time.sleep(0.002)
    assert training.current.record.generation >= 3
    # The training grid draws walls and floor in their colours.
    grid_pixels = pygame.surfarray.array3d(app.screen)
    assert (np.all(grid_pixels == theme.WALL, axis=2)).any() and (np.all(grid_pixels == theme.FLOOR, axis=2)).any()
    assert sum(training.current.record.wants.values()) == pytest.approx(1.0)

    frames(app, 2, [key(pygame.K_d)])  # 3 of 30 generations: a warning first
    assert scene_name(app) == "TrainingScene" and training.confirming
    frames(app, 2, [key(pygame.K_d)])  # D again: deploy anyway
    deploy = app.scene
    assert scene_name(app) == "DeployScene" and deploy.phase == "swap"
    frames(app, 2, [key(pygame.K_SPACE)])  # any key skips the DEPLOYED moment
    frames(app, 2)
    assert deploy.phase == "run"
    frames(app, 2, [key(pygame.K_SPACE)])  # pause at step 0: the agents are on their starts
    report = deploy.report
    layout = report.batch.layouts[0]
    exit_obj = next(o for o in layout.objects if o.kind == "exit")
    cell = deploy.placements[0].cell_rect(*exit_obj.pos)
    assert colour_share(app.screen, cell, theme.OBJECT_RGB[exit_obj.colour]) > 0.1  # the rest: rim and mark
    assert deploy.shown_tally == {k: 0 for k in deploy.shown_tally}

    frames(app, 2, [key(pygame.K_SPACE)])
    deadline = time.monotonic() + 60
    while not deploy.done:
        assert time.monotonic() < deadline, "the deployment never finished"
        frames(app, 1, dt=0.5)
        decided = int((deploy.decided() <= int(deploy.t)).sum())
        assert sum(deploy.shown_tally.values()) == decided
    frames(app, 1)
    expected = {o.value: n for o, n in tally(report.outcomes).items()}
    assert deploy.shown_tally == expected
    assert sum(expected.values()) == len(report.outcomes)

    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene_name(app) == "DebriefScene"
    assert app.scene.run.report is report


def test_mind_reader_and_try_it(app: App) -> None:
    open_level(app, "01_green_exit.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    training = app.scene
    frames_until(app, lambda: training.current is not None, "the first generation", pause=0.005)
    frames(app, 2, [key(pygame.K_m)])
    assert training.mind and training.reading()[1].has_objective
    frames(app, 2, [key(pygame.K_t)])
    tryit = app.scene
    assert scene_name(app) == "TryItScene"
    far = [o for o in tryit.objects if max(abs(o.pos[0] - tryit.pos[0]), abs(o.pos[1] - tryit.pos[1])) > 2]
    for obj in far:  # level 01's ranges evolve; the player sees as a generation-0 agent does: everything
        assert tryit.sees(obj) == (True, True)
    frames(app, 1, [key(pygame.K_UP)])
    frames(app, 1, [key(pygame.K_ESCAPE)])
    assert scene_name(app) == "TrainingScene"


def test_broken_level_and_scene_errors_never_crash(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "levels"
    folder.mkdir()
    (folder / "broken.yaml").write_text("title: Broken\ntraining: [\n", encoding="utf-8")
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app)
    select = app.scene
    broken = [e for e in select.entries if e.path.name == "broken.yaml"]
    assert broken and broken[0].error and broken[0].level is None
    select.index = select.entries.index(broken[0])
    frames(app, 2, [key(pygame.K_RETURN)])
    frames(app, 2)  # the intro shows the error; the game goes on
    assert scene_name(app) == "IntroScene"

    def explode(dt: float) -> None:
        raise RuntimeError("the maze caught fire")

    app.scene.update = explode
    frames(app, 2)
    assert scene_name(app) == "ErrorScene" and "caught fire" in app.scene.message
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene_name(app) == "TitleScene"


def test_resize_screenshot_and_gif(app: App, tmp_path: Path) -> None:
    pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
    frames(app, 2, [pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080)])
    assert app.theme.size == (1920, 1080) and app.theme.text("body") > 21
    frames(app, 1, [key(pygame.K_F12)])
    shots = list((tmp_path / "screenshots").glob("*.png"))
    assert len(shots) == 1
    open_level(app, "01_green_exit.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    frames_until(app, lambda: app.scene.current is not None, "the first generation", pause=0.005)
    frames(app, 2, [key(pygame.K_d)])
    frames(app, 2, [key(pygame.K_d)])  # deploy anyway, after the early-deploy warning
    frames(app, 2, [key(pygame.K_SPACE)])
    frames(app, 2)
    frames(app, 2, [key(pygame.K_g)])
    gif_saved(app)
    gifs = list((tmp_path / "exports").glob("*.gif"))
    assert len(gifs) == 1
    from PIL import Image

    with Image.open(gifs[0]) as gif:
        assert gif.n_frames >= 2


def test_no_display_is_a_message_not_a_traceback() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    code = "import sys; from game.ui.app import run_game; sys.exit(run_game())"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "cannot open a window" in proc.stderr and "Traceback" not in proc.stderr
