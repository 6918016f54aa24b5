"""Scripted input for the game under the dummy video driver (see conftest.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

from game.ui.app import App


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def frames(app: App, n: int = 1, events: tuple = (), dt: float = 1 / 60) -> None:
    """Run n frames, the events in the first; no scene may end on the error panel."""
    for i in range(n):
        app.frame(list(events) if i == 0 else [], dt)
        assert type(app.scene).__name__ != "ErrorScene", getattr(app.scene, "message", "")


def scene(app: App) -> str:
    return type(app.scene).__name__


def frames_until(app: App, done: Callable[[], bool], what: str, seconds: float = 60.0, dt: float = 1 / 60,
                 pause: float = 0.0) -> int:
    """Run frames until done() holds; fail (never hang) if it has not after `seconds` of waiting.
    `pause` sleeps between frames, for a worker thread to get on. Returns the frames run."""
    deadline = time.monotonic() + seconds
    count = 0
    while not done():
        assert time.monotonic() < deadline, f"{what}: still waiting after {seconds:.0f} s"
        frames(app, 1, dt=dt)
        count += 1
        if pause:
            time.sleep(pause)
    return count


def listed(app: App, seconds: float = 60.0) -> int:
    """Draw frames until the level list on top has loaded every file (it loads on a worker thread,
    game/ui/levels_loading.py); fail after `seconds`. Returns the frames drawn meanwhile."""
    assert scene(app) == "SelectScene"
    return frames_until(app, lambda: app.scene.loading is None, "the level list to load", seconds, pause=0.002)


def gif_saved(app: App, seconds: float = 60.0) -> int:
    """Draw frames until the GIF asked for (G) says where it was saved, or why it was not (its frames
    are drawn a few per frame, then written on a worker thread); fail after `seconds`. Returns the
    frames drawn meanwhile."""
    def said() -> bool:
        toast = getattr(app, "_toast", None)
        return toast is not None and toast[0].startswith(("GIF saved", "Cannot save the GIF"))
    return frames_until(app, said, "the GIF to be saved", seconds, pause=0.002)
