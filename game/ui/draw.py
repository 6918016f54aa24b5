"""Small drawing helpers shared by the scenes: text, wrapped text, panels, bars, key hints.

Every text and panel drawn through these helpers can be recorded (`recording()`), so a test can
check that no text leaves its panel or the window and no two texts overlap (tests/test_ui_layout.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pygame

from . import theme
from .theme import Fonts, Theme


@dataclass(frozen=True)
class Drawn:
    """One text as drawn: its words, the box its ink covers, and the surface it went to."""

    value: str
    ink: pygame.Rect
    target: int  # id() of the surface drawn on (only texts on the window are checked)


@dataclass
class Recorder:
    """What the helpers drew since recording started: texts, and panels that hold them."""

    texts: list[Drawn] = field(default_factory=list)
    panels: list[tuple[pygame.Rect, int]] = field(default_factory=list)

    def clear(self) -> None:
        self.texts.clear()
        self.panels.clear()


_recorder: Recorder | None = None


@contextmanager
def recording() -> Iterator[Recorder]:
    """Record every text and panel the helpers draw while the block runs."""
    global _recorder
    previous, _recorder = _recorder, Recorder()
    try:
        yield _recorder
    finally:
        _recorder = previous


def note_panel(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """Tell the recorder that rect is a box texts must stay inside (panel() does this itself)."""
    if _recorder is not None:
        _recorder.panels.append((pygame.Rect(rect), id(surface)))


def note_text(surface: pygame.Surface, value: str, image: pygame.Surface, rect: pygame.Rect) -> None:
    """Tell the recorder about a text blitted without text() (e.g. a label centred on a chip)."""
    if _recorder is not None and value.strip():
        ink = image.get_bounding_rect().move(rect.topleft)
        _recorder.texts.append(Drawn(value, ink, id(surface)))


def text(surface: pygame.Surface, fonts: Fonts, value: str, pos: tuple[float, float], size: int,
         colour: theme.RGB = theme.TEXT, bold: bool = False, anchor: str = "topleft") -> pygame.Rect:
    """Draw one line of text; anchor is a pygame.Rect attribute name (topleft, center, midtop...)."""
    image = fonts.render(value, size, tuple(colour), bold)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    note_text(surface, value, image, rect)
    return rect


def fitted(surface: pygame.Surface, fonts: Fonts, value: str, pos: tuple[int, int], size: int, room: int,
           colour: theme.RGB = theme.TEXT, bold: bool = False, anchor: str = "topleft") -> pygame.Rect:
    """One line of text shortened at a word with "..." so it is at most room pixels wide."""
    return text(surface, fonts, shorten(fonts.get(size, bold), value, room), pos, size, colour, bold, anchor)


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
    """Wrapped text inside rect; returns the y below the last line drawn. When not every line
    fits, the last one drawn ends in "..." (a word cut short is never shown)."""
    y = rect.top
    step = round(size * spacing)
    lines = wrap(fonts, value, size, rect.width, bold)
    room = max(0, int((rect.height - size * 1.2) // step) + 1) if rect.height >= size * 1.2 else 0
    if room < len(lines):
        lines = lines[:room]
        if lines:
            lines[-1] = shorten(fonts.get(size, bold), lines[-1] + " ...", rect.width)
            if not lines[-1].endswith("..."):
                lines[-1] = shorten(fonts.get(size, bold), lines[-1] + "...", rect.width)
    for line in lines:
        text(surface, fonts, line, (rect.left, y), size, colour, bold)
        y += step
    return y


def panel(surface: pygame.Surface, rect: pygame.Rect, t: Theme, fill: theme.RGB = theme.PANEL) -> None:
    note_panel(surface, rect)
    pygame.draw.rect(surface, fill, rect, border_radius=t.px(10))
    pygame.draw.rect(surface, theme.PANEL_EDGE, rect, max(1, t.px(1.5)), border_radius=t.px(10))


def spinner(surface: pygame.Surface, t: Theme, centre: tuple[int, int], radius: int) -> None:
    """A ring with a dot going round it: the window is not frozen, the machine is working."""
    phase = (pygame.time.get_ticks() / 1000.0 * 2.5) % math.tau
    pygame.draw.circle(surface, theme.MUTED, centre, radius, max(1, t.px(3)))
    tip = (round(centre[0] + radius * math.cos(phase)), round(centre[1] + radius * math.sin(phase)))
    pygame.draw.circle(surface, theme.HIGHLIGHT, tip, max(3, t.px(6)))


def waiting(surface: pygame.Surface, fonts: Fonts, t: Theme, rect: pygame.Rect, status: str, size: int,
            row: bool = False) -> pygame.Rect:
    """A spinner and what is being waited for: centred in rect, or along it in a panel (`row`)."""
    if row:
        panel(surface, rect, t)
        radius = max(4, min(t.px(14), rect.height // 3))
        centre = (rect.x + t.px(16) + radius, rect.centery)
        spinner(surface, t, centre, radius)
        left = centre[0] + radius + t.px(16)
        return fitted(surface, fonts, status, (left, rect.centery), size, rect.right - left - t.px(10), bold=True,
                      anchor="midleft")
    radius = t.px(24)
    centre = (rect.centerx, rect.centery - t.px(30))
    spinner(surface, t, centre, radius)
    return fitted(surface, fonts, status, (rect.centerx, centre[1] + radius + t.px(20)), size,
                  rect.width - t.px(40), bold=True, anchor="midtop")


def bar(surface: pygame.Surface, rect: pygame.Rect, share: float, fill: theme.RGB,
        back: theme.RGB = (54, 62, 80)) -> None:
    """A horizontal bar filled to share (0..1)."""
    pygame.draw.rect(surface, back, rect, border_radius=3)
    if share > 0:
        filled = rect.copy()
        filled.width = max(2, round(rect.width * min(share, 1.0)))
        pygame.draw.rect(surface, fill, filled, border_radius=3)


def key_hints(surface: pygame.Surface, fonts: Fonts, t: Theme, hints: list[tuple[str, str]]) -> pygame.Rect:
    """A footer strip of key caps with what they do, e.g. [Space] pause. When the strip is too
    narrow the type gets smaller (down to 3/4), then hints before the last (usually Esc) drop out."""
    w, h = surface.get_size()
    base = t.text("small")
    strip = pygame.Rect(0, h - round(base * 2.1), w, round(base * 2.1))
    pygame.draw.rect(surface, (16, 19, 27), strip)
    note_panel(surface, strip)
    pad, gap = t.px(6), t.px(20)

    def width(size: int, shown: list[tuple[str, str]]) -> int:
        font, bold = fonts.get(size), fonts.get(size, True)
        return sum(bold.size(k)[0] + t.px(12) + pad + font.size(v)[0] + gap for k, v in shown) + t.px(14)

    size, shown = base, list(hints)
    while width(size, shown) > w and size > max(10, round(base * 0.75)):
        size -= 1
    while len(shown) > 1 and width(size, shown) > w:
        del shown[-2]
    x = t.px(14)
    y = strip.centery
    for key, what in shown:
        cap = fonts.render(key, size, (16, 19, 27), True)
        box = cap.get_rect(midleft=(x + t.px(6), y)).inflate(t.px(12), t.px(4))
        if box.right > w:
            break
        pygame.draw.rect(surface, theme.TEXT, box, border_radius=t.px(4))
        at = cap.get_rect(center=box.center)
        surface.blit(cap, at)
        note_text(surface, key, cap, at)
        label = fitted(surface, fonts, what, (box.right + pad, y), size, w - box.right - pad, theme.MUTED,
                       anchor="midleft")
        x = label.right + gap
    return strip


def header(surface: pygame.Surface, fonts: Fonts, t: Theme, title: str, right: str = "") -> int:
    """The top line of a scene; returns its bottom y. The right-hand note gets at most 45% of the
    width and the title the rest, each shortened at a word when it would not fit."""
    size = t.text("heading")
    w = surface.get_width()
    room = w - 2 * t.px(24)
    font = fonts.get(size, True)
    used = 0
    if right:
        right = shorten(font, right, min(font.size(right)[0], round(room * 0.45)))
        if right:
            used = text(surface, fonts, right, (w - t.px(24), t.px(14)), size, theme.ACCENT, bold=True,
                        anchor="topright").width + t.px(24)
    fitted(surface, fonts, title, (t.px(24), t.px(14)), size, room - used, bold=True)
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
    note_panel(surface, box)
    pygame.draw.rect(surface, theme.ACCENT, (box.x, box.y, t.px(6), box.height), border_radius=t.px(3))
    y = box.y + t.px(11)
    for line in lines:
        text(surface, fonts, line, (box.x + t.px(22), y), size)
        y += round(size * 1.3)
    return box.bottom
