"""Save GIF (G) never freezes the window: the frames are drawn a few per frame of the game and the
file is written on a worker thread; the screen says "Saving GIF..." at once and where the file went
after. The GIF is the one drawing every frame at once and saving it gives, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pygame
from PIL import Image

from game.ui import export, gif_export
from game.ui.app import App
from game.ui.scenes import deploy as deploy_module
from tests.ui_helpers import frames, gif_saved, key, scene
from tests.ui_tour import to_deploy


def test_the_gif_is_drawn_over_frames_and_written_on_a_worker(app: App, tmp_path: Path, monkeypatch) -> None:
    asked: list[tuple] = []
    real = deploy_module.iter_episode_frames

    def recorded(*args, **kwargs):
        asked.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(deploy_module, "iter_episode_frames", recorded)
    monkeypatch.setattr(gif_export, "PIXELS_PER_TICK", 1)  # one frame per frame of the game
    to_deploy(app)
    app._toast = None
    frames(app, 1, (key(pygame.K_g),))
    assert app._toast is not None and app._toast[0].startswith("Saving GIF..."), app._toast
    assert not list((tmp_path / "exports").glob("*.gif"))  # not written inside the frame G was pressed in
    drawn = gif_saved(app)
    assert drawn >= 2 and app._toast[0].startswith("GIF saved: "), app._toast
    (gif,) = list((tmp_path / "exports").glob("*.gif"))
    assert str(gif) in app._toast[0]
    args, kwargs = asked[0]
    reference = export.save_gif(export.episode_frames(*args, **kwargs), tmp_path / "reference.gif")
    assert gif.read_bytes() == reference.read_bytes()
    with Image.open(gif) as image:
        assert image.n_frames == len(export.episode_frames(*args, **kwargs)) >= 2


def test_leaving_mid_gif_still_saves_it(app: App, tmp_path: Path) -> None:
    to_deploy(app)
    frames(app, 1, (key(pygame.K_g),))
    frames(app, 1, (key(pygame.K_ESCAPE),))  # back to training before every frame is drawn
    assert scene(app) == "TrainingScene"
    gif_saved(app)
    assert len(list((tmp_path / "exports").glob("*.gif"))) == 1


def test_an_unwritable_exports_folder_is_a_message(app: App, tmp_path: Path) -> None:
    (tmp_path / "exports").write_text("not a folder")
    to_deploy(app)
    frames(app, 1, (key(pygame.K_g),))
    gif_saved(app)
    assert app._toast[0].startswith("Cannot save the GIF"), app._toast
    assert scene(app) == "DeployScene"
