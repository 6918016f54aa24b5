"""The window and the raw input read from it: the size it opens at (fitted to the desktop, never
under MIN_SIZE), opening it, whether there is a display at all, a screenshot of it, and the input
cleaned before any scene sees it (key repeat piled up during a slow frame, invisible typed text).
App (app.py) owns one window and calls these."""

from __future__ import annotations

import os
import sys
import time
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path

import pygame

from game.core.atomic import atomic_write

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (320, 240)  # the window cannot be made smaller; every scene still works at this size


def fit_desktop(size: tuple[int, int], desktop: tuple[int, int] | None) -> tuple[int, int]:
    """The window size to open: size, made smaller to fit the desktop (with room for a title bar
    and a task bar), never below MIN_SIZE."""
    w, h = size
    if desktop and desktop[0] > 0 and desktop[1] > 0:
        w, h = min(w, round(desktop[0] * 0.96)), min(h, round(desktop[1] * 0.90))
    return max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])


def desktop_size() -> tuple[int, int] | None:
    """The first desktop's size, or None where pygame cannot tell."""
    desktops = pygame.display.get_desktop_sizes() if hasattr(pygame.display, "get_desktop_sizes") else []
    return desktops[0] if desktops else None


def open_window(fullscreen: bool, windowed_size: tuple[int, int]) -> pygame.Surface:
    """Set the display mode: the whole screen, or a resizable window of windowed_size that cannot
    be dragged below MIN_SIZE (where the driver allows it; App.resized clamps otherwise)."""
    if fullscreen:
        screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    else:
        screen = pygame.display.set_mode(windowed_size, pygame.RESIZABLE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            pygame.Window.from_display_module().minimum_size = MIN_SIZE
    except (AttributeError, pygame.error):
        pass  # an older pygame, or a driver without windows: resized() clamps instead
    return screen


def no_display_reason() -> str | None:
    """Why no window can open here (no X or Wayland display), or None."""
    if os.environ.get("SDL_VIDEODRIVER") or sys.platform in ("win32", "darwin"):
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display found (DISPLAY is not set)"
    return None


def save_screenshot(screen: pygame.Surface, folder: Path) -> Path:
    """The window saved as a new PNG in folder (never over an earlier one); OSError or
    pygame.error when the folder cannot be written."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / time.strftime("mesa-maze-%Y%m%d-%H%M%S.png")
    n = 1
    while path.exists():
        path = folder / time.strftime(f"mesa-maze-%Y%m%d-%H%M%S-{n}.png")
        n += 1
    atomic_write(path, lambda out: pygame.image.save(screen, out, path.name))
    return path


def drop_key_repeat(held_before: Sequence[bool], held_now: Sequence[bool] | None = None) -> None:
    """After a slow frame (loading a level): drop the key repeat that piled up, so one Return does
    not walk through several screens. pygame repeats a key on a timer while the frame is busy; the
    key's release is often read only afterwards, so a key down when the frame began (`held_before`)
    repeats until its release in the queue, and a key still held (`held_now`) throughout. Keys
    pressed and released meanwhile are kept: on a slow or busy machine a teacher's presses are not
    lost."""
    held_now = pygame.key.get_pressed() if held_now is None else held_now
    released: set[int] = set()
    for event in pygame.event.get():  # all of them, put back in the order they came
        if event.type == pygame.KEYUP:
            released.add(event.key)
        elif event.type == pygame.KEYDOWN and (_is_down(held_now, event.key)
                                               or (_is_down(held_before, event.key) and event.key not in released)):
            continue  # a repeat
        pygame.event.post(event)


def _is_down(held: Sequence[bool], key: int) -> bool:
    try:
        return bool(held[key])
    except IndexError:
        return False


def typed(event: pygame.event.Event) -> pygame.event.Event | None:
    """Typed text without invisible format and control characters (zero-width space and joiner,
    byte-order mark, direction overrides...): they cannot be seen in a field, and pygame_gui
    cannot measure text made only of them. None when nothing visible is left."""
    text = "".join(ch for ch in getattr(event, "text", "") if unicodedata.category(ch) not in ("Cf", "Cc", "Cs"))
    if not text:
        return None
    return pygame.event.Event(pygame.TEXTINPUT, text=text, window=getattr(event, "window", None))
