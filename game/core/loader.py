"""Minimal loader (placeholder until the validating loader lands)."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import LevelError
from .level import Level, level_from_dict


def load_level(path: str | Path) -> Level:
    text = Path(path).read_text(encoding="utf-8")
    return load_level_text(text, str(path))


def load_level_text(text: str, file: str = "<text>") -> Level:
    data = yaml.safe_load(text)
    try:
        return level_from_dict(data, file)
    except LevelError as err:
        raise err.located(file, 0, 0) from None
