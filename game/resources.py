"""Where the game's own data lives: the campaign levels, the level schema and the assets.

In the repository `levels/` (with `schema.json`) and `assets/` sit at the top level, beside the
`game` package. They ship *inside* the installed package as `game.levels` and `game.assets`
(pyproject.toml maps those package names onto the two folders), so an installed wheel, an
editable install and a source checkout all find them the same way: through importlib.resources.
This module is the only place that knows where they are; everything else asks it.

One fallback exists, for a checkout run without installing anything (`python main.py` with the
dependencies on the path but the project not installed): then `game.levels` is not importable
and the folders are taken from the top of the checkout, beside the `game` package.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

LEVELS_PACKAGE = "game.levels"
ASSETS_PACKAGE = "game.assets"
SCHEMA_NAME = "schema.json"

_extracted = contextlib.ExitStack()  # folders copied out of a zip import, removed at exit
atexit.register(_extracted.close)


def _as_folder(root: Traversable) -> Path:
    if isinstance(root, Path):
        return root
    # A zipped install: copy the folder out once, so callers get ordinary files.
    return Path(_extracted.enter_context(resources.as_file(root)))


@functools.cache
def _folder(package: str, checkout_name: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError:
        # A source checkout that is not installed: the folder sits beside the game package.
        root = resources.files("game").joinpath("..").joinpath(checkout_name)
    return Path(_as_folder(root)).resolve()


def campaign_dir() -> Path:
    """The folder of the bundled campaign levels (*.yaml)."""
    return _folder(LEVELS_PACKAGE, "levels")


def schema_path() -> Path:
    """The published JSON Schema for level files (it ships beside the campaign levels)."""
    return campaign_dir() / SCHEMA_NAME


def assets_dir() -> Path:
    """The folder of pictures and other assets the game draws with."""
    return _folder(ASSETS_PACKAGE, "assets")


def asset(name: str) -> Path:
    """One file in the assets folder, by its name relative to that folder (e.g. 'icons/key.png')."""
    return assets_dir() / name


def campaign_levels() -> list[Path]:
    """The bundled level files, in campaign order (their file names start with a number)."""
    return sorted(campaign_dir().glob("*.yaml"))
