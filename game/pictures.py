"""The picture library: small pixel-art pictures of object kinds, in assets/pictures/.

Each picture is hand-drawn 16x16 pixel art stored as XPM, a plain-text image format that image
editors open and that reads as a grid of characters in a text editor, so a change to a picture is
a readable diff. Object pictures use three colours: `None` (transparent), `#000000` (ink) and
`#FFFFFF` (paper). The game draws ink and paper in whichever pair of dark and light reads best on
the object's colour badge, so the picture never hides the colour (see game/ui/pictures.py).

A kind uses the picture named in its level's `kinds:` entry (`picture: heart`), else the picture
named like the kind (`exit`), else, for a kind with a one-letter suffix, its stem (`door_a` ->
`door`); a kind with none of these is drawn as a letter badge. This module does not draw (the
model never imports pygame); it finds, lists and parses pictures.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from game import resources

NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SUFFIX = ".xpm"
INK, PAPER = "ink", "paper"


class PictureError(ValueError):
    """A picture file that cannot be read, with the file and line and what to do about it."""


def pictures_dir() -> Path:
    """assets/pictures, wherever the package data is (see game/resources.py)."""
    return resources.assets_dir() / "pictures"


def picture_path(name: str) -> Path:
    return pictures_dir() / f"{name}{SUFFIX}"


@functools.cache
def picture_names() -> tuple[str, ...]:
    """Names of the pictures in the library, sorted (a level may name any of them)."""
    folder = pictures_dir()
    if not folder.is_dir():
        return ()
    return tuple(sorted(p.stem for p in folder.glob(f"*{SUFFIX}") if NAME.match(p.stem)))


def for_kind(kind: str, declared: str | None = None) -> str | None:
    """The picture a kind is drawn with, or None for a letter badge."""
    names = picture_names()
    if declared:
        return declared if declared in names else None
    if kind in names:
        return kind
    head, _, tail = kind.rpartition("_")
    if head and len(tail) == 1 and head in names:
        return head
    return None


@dataclass(frozen=True)
class Pixels:
    """A parsed picture: rows of colour names per pixel ('ink', 'paper', '#rrggbb' or None)."""

    width: int
    height: int
    rows: tuple[tuple[str | None, ...], ...]


def _colour(spec: str, where: str) -> str | None:
    value = spec.strip()
    if value.lower() == "none":
        return None
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise PictureError(f"{where}: colour '{value}' is not #rrggbb or None")
    value = value.upper()
    return {"#000000": INK, "#FFFFFF": PAPER}.get(value, value)


def parse_xpm(text: str, source: str = "picture") -> Pixels:
    """Parse an XPM (version 3) picture with one character per pixel."""
    strings: list[tuple[int, str]] = []
    for number, text_line in enumerate(text.splitlines(), 1):
        strings += [(number, s) for s in re.findall(r'"([^"]*)"', text_line)]
    if not text.lstrip().startswith("/* XPM */") or not strings:
        raise PictureError(f"{source}: not an XPM picture (it must start with /* XPM */ and hold quoted rows)")
    line, header = strings[0]
    try:
        width, height, n_colours, per_pixel = (int(v) for v in header.split()[:4])
    except ValueError:
        raise PictureError(f"{source}:{line}: the first row must be 'width height colours 1'") from None
    if per_pixel != 1 or not (1 <= width <= 256 and 1 <= height <= 256 and 1 <= n_colours <= 64):
        raise PictureError(f"{source}:{line}: want 1 character per pixel, at most 256x256 and 64 colours")
    if len(strings) != 1 + n_colours + height:
        raise PictureError(f"{source}: expected {n_colours} colour rows and {height} pixel rows, "
                           f"found {len(strings) - 1} rows in all")
    palette: dict[str, str | None] = {}
    for line, row in strings[1:1 + n_colours]:
        match = re.fullmatch(r"(.)\s+c\s+(\S+)\s*", row)
        if not match:
            raise PictureError(f'{source}:{line}: a colour row reads "X c #rrggbb" (or "X c None")')
        palette[match.group(1)] = _colour(match.group(2), f"{source}:{line}")
    rows = []
    for line, row in strings[1 + n_colours:]:
        if len(row) != width:
            raise PictureError(f"{source}:{line}: pixel row is {len(row)} wide, the header says {width}")
        unknown = set(row) - set(palette)
        if unknown:
            raise PictureError(f"{source}:{line}: character {sorted(unknown)[0]!r} has no colour row")
        rows.append(tuple(palette[ch] for ch in row))
    return Pixels(width, height, tuple(rows))


def load(name: str) -> Pixels:
    """A library picture, parsed; PictureError names the file and what is wrong."""
    path = picture_path(name)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise PictureError(f"{path}: missing (reinstall the game, or pick another picture)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PictureError(f"{path}: cannot be read ({exc})") from None
    return parse_xpm(text, str(path))
