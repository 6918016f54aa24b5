"""The toast: a one-line message drawn over every scene for a few seconds, near the bottom of the
window and never over a control (a button, a field). App.toast sets the message; App draws it
each frame with draw_toast."""

from __future__ import annotations

import pygame
import pygame_gui

from . import draw, theme
from .theme import Fonts, Theme


def controls(manager: pygame_gui.UIManager) -> list[pygame.Rect]:
    """Screen rectangles of the visible widgets (buttons, fields, text boxes)."""
    out = []
    for element in getattr(manager.get_root_container(), "elements", ()):
        if getattr(element, "visible", True):
            out.append(pygame.Rect(element.rect))
    return out


def draw_toast(screen: pygame.Surface, fonts: Fonts, t: Theme, message: str,
               covered: list[pygame.Rect]) -> pygame.Rect:
    """Draw message in a box clear of the `covered` rectangles; where the box was drawn."""
    size = t.text("body")
    w, h = screen.get_size()
    message = draw.shorten(fonts.get(size), message, w - t.px(60))
    image = fonts.get(size).render(message, True, theme.TEXT)
    box = place(image.get_rect().inflate(t.px(28), t.px(16)), round(size * 3.2), screen.get_size(), covered, t)
    pygame.draw.rect(screen, (10, 12, 18), box, border_radius=t.px(8))
    pygame.draw.rect(screen, theme.ACCENT, box, t.px(2), border_radius=t.px(8))
    draw.text(screen, fonts, message, box.center, size, anchor="center")
    return box


def place(box: pygame.Rect, above_bottom: int, window: tuple[int, int], covered: list[pygame.Rect],
          t: Theme) -> pygame.Rect:
    """Centred near the bottom, moved up above any control it would cover; at the top of the
    window when nothing below is free. Never over a button."""
    w, h = window
    box.midbottom = (w // 2, h - above_bottom)
    for _ in range(len(covered) + 1):
        hit = box.collidelist(covered)
        if hit < 0:
            return box
        box.bottom = covered[hit].top - t.px(8)
        if box.top < 0:
            break
    box.midtop = (w // 2, t.px(6))
    if box.collidelist(covered) >= 0:  # the top is taken too: the least covered free row
        for y in range(t.px(6), h - box.height, max(4, box.height // 4)):
            box.top = y
            if box.collidelist(covered) < 0:
                break
    return box
