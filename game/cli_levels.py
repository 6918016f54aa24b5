"""Levels named on the command line: a path, or a bundled level by its name alone; loading one,
and warning before a run that would take long."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .core.kinds import BrainKind

if TYPE_CHECKING:
    from .core.level import Level


def level_file(name: str) -> str:
    """A level file named on the command line; a bundled level may be named without its folder
    (`01_green_exit` or `01_green_exit.yaml`), since an installed game keeps them out of sight."""
    if Path(name).exists() or Path(name).name != name:
        return name
    from .resources import campaign_dir

    for candidate in (campaign_dir() / name, campaign_dir() / f"{name}.yaml"):
        if candidate.is_file():
            return str(candidate)
    return name


def load_named(path: str) -> Level:
    from .core.loader import load_level

    return load_level(level_file(path))


def warn_if_slow(level: Level, brain: BrainKind | None, generations: int | None, runs: float = 1.0) -> None:
    from .core.cost import warning

    slow = warning(level, brain, generations, runs)
    if slow:
        print(slow, file=sys.stderr)
