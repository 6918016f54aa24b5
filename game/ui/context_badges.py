"""What a maze's context flags look like on screen: the supervisor standing by a watched maze,
the "learning on" lamp lit or dark, and an unannounced test (a scored training maze that looks
like deployment) marked as such. Every cue is a figure and words, never colour alone."""

from __future__ import annotations

from collections.abc import Mapping

import pygame

from . import theme
from .display import context_words
from .theme import Fonts

LAMP_ON: theme.RGB = (240, 214, 66)
LAMP_OFF: theme.RGB = (96, 100, 112)
WATCH: theme.RGB = (213, 94, 0)  # Okabe-Ito vermillion: the supervisor's badge
TEST: theme.RGB = (204, 121, 167)  # Okabe-Ito reddish purple: an unannounced test


def supervisor(surface: pygame.Surface, rect: pygame.Rect, present: bool) -> None:
    """A standing figure with an eye on its head (present), or its dashed outline (away)."""
    r = max(2, rect.width // 5)
    head = (rect.centerx, rect.top + r + 1)
    body = pygame.Rect(rect.centerx - rect.width // 3, head[1] + r, 2 * (rect.width // 3), rect.bottom - head[1] - r)
    if present:
        pygame.draw.circle(surface, WATCH, head, r)
        pygame.draw.rect(surface, WATCH, body, border_radius=max(1, r))
        pygame.draw.circle(surface, theme.TEXT, head, max(1, r // 2))
        pygame.draw.circle(surface, theme.INK, head, max(1, r // 4))
    else:
        pygame.draw.circle(surface, theme.MUTED, head, r, 1)
        pygame.draw.rect(surface, theme.MUTED, body, 1, border_radius=max(1, r))


def lamp(surface: pygame.Surface, rect: pygame.Rect, on: bool) -> None:
    """A bulb, lit with rays (on) or dark (off)."""
    r = max(2, min(rect.width, rect.height) // 3)
    c = rect.center
    if on:
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1)):
            pygame.draw.line(surface, LAMP_ON, (c[0] + dx * r, c[1] + dy * r),
                             (c[0] + dx * round(r * 1.5), c[1] + dy * round(r * 1.5)), max(1, r // 4))
    pygame.draw.circle(surface, LAMP_ON if on else LAMP_OFF, c, r)
    pygame.draw.circle(surface, theme.INK, c, r, max(1, r // 4))


def badges(context: Mapping[str, bool], training: bool = False, cue: str | None = None) -> list[tuple[str, str, bool]]:
    """(icon, words, on) for each flag worth showing; an unannounced test where the cue is off in training."""
    out = []
    for flag in sorted(context):
        on = bool(context[flag])
        if flag == "supervisor":
            out.append(("supervisor", "WATCHED" if on else "unwatched", on))
        elif flag == "learning":
            out.append(("lamp", "learning ON" if on else "lamp off", on))
        else:
            out.append(("flag", f"{context_words(flag)} {'on' if on else 'off'}", on))
    if training and cue is not None and cue in context and not context[cue]:
        out.append(("test", "TEST: scored", True))
    return out


def draw_badges(surface: pygame.Surface, rect: pygame.Rect, context: Mapping[str, bool], fonts: Fonts,
                training: bool = False, cue: str | None = None, cell: int = 0) -> list[tuple[str, str, bool]]:
    """Badges in a row on the maze's top wall (one cell tall, inside rect); returns what was drawn."""
    shown = badges(context, training, cue)
    if not shown or rect.width < 24:
        return []
    size = max(8, min((cell or rect.height // 4) - 4, rect.width // 8, 28))
    font = fonts.get(max(9, round(size * 0.7)), True)
    x, y = rect.x + 2, rect.y + max(0, ((cell or size + 4) - size - 4) // 2)
    for icon, words, on in shown:
        if icon == "flag" and not on:
            continue  # a plain flag that is off: nothing to point at
        label = font.render(words, True, theme.TEXT) if rect.width >= 160 and size >= 12 else None
        width = size + (label.get_width() + 8 if label else 0) + 4
        if x + width > rect.right:
            break
        box = pygame.Rect(x, y, width, size + 4)
        edge = {"supervisor": WATCH, "lamp": LAMP_ON, "test": TEST}.get(icon, theme.ACCENT) if on else theme.MUTED
        pygame.draw.rect(surface, (16, 19, 27), box, border_radius=4)
        pygame.draw.rect(surface, edge, box, 2 if on else 1, border_radius=4)
        glyph = pygame.Rect(x + 2, y + 2, size, size)
        if icon == "supervisor":
            supervisor(surface, glyph, on)
        elif icon == "lamp":
            lamp(surface, glyph, on)
        elif icon == "test":
            pygame.draw.circle(surface, TEST, glyph.center, size // 2 - 1)
            mark = font.render("?", True, theme.INK)
            surface.blit(mark, mark.get_rect(center=glyph.center))
        else:
            pygame.draw.circle(surface, theme.ACCENT, glyph.center, size // 3)
        if label:
            surface.blit(label, label.get_rect(midleft=(glyph.right + 4, glyph.centery)))
        x = box.right + 4
    return shown
