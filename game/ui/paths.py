"""Where the game reads levels and writes screenshots, per platform."""

from __future__ import annotations

from pathlib import Path

from game import resources
from game.core.progress import data_dir as shared_data_dir

APP = "mesa-maze"


def data_dir() -> Path:
    """The player's data folder, shared with the model's progress store (one place, one override:
    MESA_MAZE_DATA or MESA_MAZE_HOME)."""
    return shared_data_dir()


def user_levels_dir() -> Path:
    return data_dir() / "levels"


def screenshots_dir() -> Path:
    return data_dir() / "screenshots"


def exports_dir() -> Path:
    return data_dir() / "exports"


def campaign_dir() -> Path:
    """The levels shipped with the game (see game/resources.py)."""
    return resources.campaign_dir()


def log_file() -> Path:
    return data_dir() / "mesa-maze.log"
