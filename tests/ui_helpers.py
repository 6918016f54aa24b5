"""Scripted input for the game under the dummy video driver (see conftest.py)."""

from __future__ import annotations

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
