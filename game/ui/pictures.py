"""Library pictures as pygame surfaces: ink and paper coloured for the badge they sit on.

A picture that is missing or broken is reported once (a toast, and on stderr) and the object is
drawn as its letter badge instead: a bad asset never stops the game. The level being played
declares its kinds, so a custom kind can use a picture it names (see game/pictures.py).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

import pygame

from game import pictures
from game.core.kinds import KindInfo

from . import theme

_declared: dict[str, str] = {}  # kind -> picture named in the level being played
_base: dict[str, pictures.Pixels | None] = {}  # picture name -> its pixels, parsed (None: broken)
_sized: dict[tuple, pygame.Surface] = {}
_problems: list[str] = []


def declare(kinds: Mapping[str, KindInfo]) -> None:
    """The kinds of the level on screen: their declared pictures are used from now on."""
    _declared.clear()
    _declared.update({name: info.picture for name, info in kinds.items() if info.picture})


def name_for(kind: str) -> str | None:
    """The picture a kind is drawn with, or None for its letter badge."""
    return pictures.for_kind(kind, _declared.get(kind))


def _report(message: str) -> None:
    print(f"mesa-maze: {message}", file=sys.stderr)
    _problems.append(message)


def take_problems() -> list[str]:
    """Messages about broken pictures not yet shown to the player (the app toasts them)."""
    out = list(_problems)
    _problems.clear()
    return out


def _paint(pixels: pictures.Pixels, ink: theme.RGB, paper: theme.RGB) -> pygame.Surface:
    image = pygame.Surface((pixels.width, pixels.height), pygame.SRCALPHA)
    image.fill((0, 0, 0, 0))
    for y, row in enumerate(pixels.rows):
        for x, colour in enumerate(row):
            if colour is None:
                continue
            rgb = ink if colour == pictures.INK else paper if colour == pictures.PAPER else pygame.Color(colour)
            image.set_at((x, y), rgb)
    return image


def _pixels(name: str) -> pictures.Pixels | None:
    if name not in _base:
        try:
            _base[name] = pictures.load(name)
        except pictures.PictureError as exc:
            _report(f"picture '{name}' not drawn: {exc}. Showing its letter instead.")
            _base[name] = None
    return _base[name]


def parsed(name: str) -> None:
    """Parse a library picture ahead of its first use (ui/warmup.py); a broken one is left for
    that use to report, so a picture no level draws is never complained about."""
    if name not in _base:
        try:
            _base[name] = pictures.load(name)
        except pictures.PictureError:
            pass


def picture(name: str, size: int, ink: theme.RGB, paper: theme.RGB) -> pygame.Surface | None:
    """The picture at size x size pixels (crisp pixels when large, smoothed when small); None if broken."""
    key = (name, size, ink, paper)
    image = _sized.get(key)
    if image is None:
        pixels = _pixels(name)
        if pixels is None:
            return None
        base = _paint(pixels, ink, paper)
        image = (pygame.transform.scale(base, (size, size)) if size >= 2 * pixels.width
                 else pygame.transform.smoothscale(base, (size, size)))
        if len(_sized) > 1024:
            _sized.clear()
        _sized[key] = image
    return image


def icon() -> pygame.Surface | None:
    """The window icon (assets/pictures/icon.xpm at 32x32), or None if it cannot be read."""
    pixels = _pixels("icon")
    if pixels is None:
        return None
    return pygame.transform.scale(_paint(pixels, theme.INK, (255, 255, 255)), (32, 32))
