"""Shared test set-up: anything that draws does so off-screen, with no sound."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture()
def app(tmp_path, monkeypatch):
    """The game at its title screen, with the player's data folder in a temporary directory."""
    import pygame

    from game.ui.app import App

    monkeypatch.setenv("MESA_MAZE_HOME", str(tmp_path))
    monkeypatch.delenv("MESA_MAZE_DATA", raising=False)
    game = App()
    game.home()
    yield game
    from game.ui import levels_loading

    levels_loading.shutdown(timeout=60)  # a level list still loading stops: the next test starts clean
    pygame.quit()
