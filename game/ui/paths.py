"""Where the game reads levels and writes screenshots, per platform."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "mesa-maze"


def data_dir() -> Path:
    """The player's data folder (MESA_MAZE_HOME overrides it, e.g. for tests)."""
    override = os.environ.get("MESA_MAZE_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / APP


def user_levels_dir() -> Path:
    return data_dir() / "levels"


def screenshots_dir() -> Path:
    return data_dir() / "screenshots"


def exports_dir() -> Path:
    return data_dir() / "exports"


def campaign_dir() -> Path:
    """The levels shipped with the game (levels/ next to the game package)."""
    return Path(__file__).resolve().parents[2] / "levels"


def log_file() -> Path:
    return data_dir() / "mesa-maze.log"
