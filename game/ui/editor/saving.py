"""Where the editor reads and writes a level: opening a file as a document (with its comments), the
starting document of a new level, and the file Save writes (the file itself, or a free name in the
player's levels folder: a bundled campaign level is never overwritten). No pygame here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from game.core.errors import LevelError
from game.core.level_writer import Comments
from game.core.loader import read_level_text
from game.core.yamlnodes import read_document

NEW_LEVEL = """\
title: My level
intro: |
  Describe what the agents will be trained on, and what changes in deployment.
legend:
  E: {kind: exit, colour: green}
objective: {rewards: {exit: 10}, step_cost: 0.1, max_steps: 60}
perception: {colour_range: any, kind_range: any}
brain: planner
evolution: {algorithm: ga, population: 64, generations: 30, episodes: 16, seed: 1}
training:
  - map: |
      #########
      #......E#
      #.#####.#
      #.......#
      #.#####.#
      #S......#
      #########
deployment:
  - generate:
      size: [11, 11]
      place:
        - {kind: exit, colour: green, where: anywhere}
"""


def read_level_doc(path: Path) -> tuple[dict[str, Any], Comments]:
    """A level file's document and comments. Raises LevelError only if it is not readable YAML at
    all, or not a mapping."""
    text = read_level_text(path)  # a missing, unreadable, huge or non-UTF-8 file: a LevelError
    doc, _ = read_document(text, str(path))
    if not isinstance(doc, dict):
        raise LevelError("the file is not a level (a mapping of keys)", fix="start from docs/levels.md",
                         file=str(path), line=1, col=1)
    return doc, Comments.of(text)


def new_level_doc() -> dict[str, Any]:
    doc, _ = read_document(NEW_LEVEL, "<new>")
    return doc


def free_path(source: Path | None, title: str, campaign_dir: Path, user_dir: Path) -> Path:
    """Where Save writes: the file itself, or, for a campaign level or a new one, a free name
    in the player's levels folder (a bundled level is never overwritten)."""
    if source is not None and not inside(source, campaign_dir):
        return source
    stem = source.stem if source is not None else slug(title)
    candidate = user_dir / f"{stem}.yaml"
    n = 2
    while candidate.exists():
        candidate = user_dir / f"{stem}-{n}.yaml"
        n += 1
    return candidate


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40] or "my_level"
