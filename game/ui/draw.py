"""Small drawing helpers shared by the scenes: text, wrapped text, panels, bars, key hints."""

from __future__ import annotations

import pygame

from . import theme
from .theme import Fonts, Theme


def text(surface: pygame.Surface, fonts: Fonts, value: str, pos: tuple[int, int], size: int,
         colour: theme.RGB = theme.TEXT, bold: bool = False, anchor: str = "topleft") -> pygame.Rect:
    """Draw one line of text; anchor is a pygame.Rect attribute name (topleft, center, midtop...)."""
    image = fonts.render(value, size, tuple(colour), bold)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


def wrap(fonts: Fonts, value: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Split text into lines that fit width (paragraphs kept; blank lines kept)."""
    font = fonts.get(size, bold)
    lines: list[str] = []
    for para in value.split("\n"):
        words = para.split()
        if not words:
            lines.append("")
            continue
        line = words[0]
        for word in words[1:]:
            trial = f"{line} {word}"
            if font.size(trial)[0] <= width:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def fit_items(font: pygame.font.Font, items: list[str], room: int, sep: str = ", ") -> str:
    """As many whole items as fit in room, then ", ..." for the rest; a single item too wide for
    the room is cut at a word (or a character) with an ellipsis. Each pass drops one item or one
    word, so it always ends."""
    for keep in range(len(items), 0, -1):
        trial = sep.join(items[:keep]) + ("" if keep == len(items) else sep + "...")
        if font.size(trial)[0] <= room:
            return trial
    return shorten(font, items[0] if items else "", room)


def shorten(font: pygame.font.Font, value: str, room: int) -> str:
    """value, or its longest prefix ending at a word (failing that, a character) plus "..."
    that fits room; "" when not even "..." fits. Bounded by the length of value."""
    if font.size(value)[0] <= room:
        return value
    words = value.split(" ")
    for keep in range(len(words) - 1, 0, -1):
        trial = " ".join(words[:keep]).rstrip(",;:") + "..."
        if font.size(trial)[0] <= room:
            return trial
    for keep in range(len(value) - 1, -1, -1):
        trial = value[:keep] + "..."
        if font.size(trial)[0] <= room:
            return trial
    return ""


def paragraph(surface: pygame.Surface, fonts: Fonts, value: str, rect: pygame.Rect, size: int,
              colour: theme.RGB = theme.TEXT, bold: bool = False, spacing: float = 1.25) -> int:
    """Wrapped text inside rect; returns the y below the last line drawn."""
    y = rect.top
    step = round(size * spacing)
    for line in wrap(fonts, value, size, rect.width, bold):
        if y + step > rect.bottom + step * 0.3:
            break
        text(surface, fonts, line, (rect.left, y), size, colour, bold)
        y += step
    return y


def panel(surface: pygame.Surface, rect: pygame.Rect, t: Theme, fill: theme.RGB = theme.PANEL) -> None:
    pygame.draw.rect(surface, fill, rect, border_radius=t.px(10))
    pygame.draw.rect(surface, theme.PANEL_EDGE, rect, max(1, t.px(1.5)), border_radius=t.px(10))


def bar(surface: pygame.Surface, rect: pygame.Rect, share: float, fill: theme.RGB,
        back: theme.RGB = (54, 62, 80)) -> None:
    """A horizontal bar filled to share (0..1)."""
    pygame.draw.rect(surface, back, rect, border_radius=3)
    if share > 0:
        filled = rect.copy()
        filled.width = max(2, round(rect.width * min(share, 1.0)))
        pygame.draw.rect(surface, fill, filled, border_radius=3)


def key_hints(surface: pygame.Surface, fonts: Fonts, t: Theme, hints: list[tuple[str, str]]) -> pygame.Rect:
    """A footer strip of key caps with what they do, e.g. [Space] pause."""
    w, h = surface.get_size()
    size = t.text("small")
    strip = pygame.Rect(0, h - round(size * 2.1), w, round(size * 2.1))
    pygame.draw.rect(surface, (16, 19, 27), strip)
    x = t.px(14)
    y = strip.centery
    for key, what in hints:
        cap = fonts.render(key, size, (16, 19, 27), True)
        box = cap.get_rect(midleft=(x + t.px(6), y)).inflate(t.px(12), t.px(4))
        if box.right > w:
            break
        pygame.draw.rect(surface, theme.TEXT, box, border_radius=t.px(4))
        surface.blit(cap, cap.get_rect(center=box.center))
        label = text(surface, fonts, what, (box.right + t.px(6), y), size, theme.MUTED, anchor="midleft")
        x = label.right + t.px(20)
    return strip


def header(surface: pygame.Surface, fonts: Fonts, t: Theme, title: str, right: str = "") -> int:
    """The top line of a scene; returns its bottom y."""
    size = t.text("heading")
    text(surface, fonts, title, (t.px(24), t.px(14)), size, bold=True)
    if right:
        text(surface, fonts, right, (surface.get_width() - t.px(24), t.px(14)), size, theme.ACCENT,
             bold=True, anchor="topright")
    return t.px(14) + round(size * 1.45)


def rich(value: str) -> str:
    """Level text (plain, with *emphasis*) as pygame_gui rich text."""
    import html
    import re

    out = html.escape(value.strip(), quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    out = re.sub(r"\*(.+?)\*", r"<i>\1</i>", out)
    return out.replace("\n\n", "<br><br>").replace("\n", " ")


def narration(surface: pygame.Surface, fonts: Fonts, t: Theme, value: str, rect: pygame.Rect) -> int:
    """A classroom narration panel (large type, accent edge); returns its bottom y."""
    size = t.text("body")
    lines = wrap(fonts, value, size, rect.width - t.px(36))
    box = pygame.Rect(rect.x, rect.y, rect.width, round(len(lines) * size * 1.3) + t.px(22))
    pygame.draw.rect(surface, (28, 48, 66), box, border_radius=t.px(10))
    pygame.draw.rect(surface, theme.ACCENT, (box.x, box.y, t.px(6), box.height), border_radius=t.px(3))
    y = box.y + t.px(11)
    for line in lines:
        text(surface, fonts, line, (box.x + t.px(22), y), size)
        y += round(size * 1.3)
    return box.bottom
