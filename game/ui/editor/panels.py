"""Where the editor's parts go on screen, and the parts drawn without widgets: the layout list,
the paint palette and the validation strip."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.core.kinds import Outcome

from .. import draw, glyphs, theme
from ..theme import Fonts, Theme
from .model import EditorDoc, legend_chars, rows_of
from .validation import SETS, Problem

BAD = theme.WARN


def palette_label(char: str, legend: dict) -> str:
    cell, kind, colour = legend.get(char, ("unknown", None, None))
    what = f"{colour + ' ' if colour else ''}{kind}" if cell == "object" else cell
    return f"'{char}' {what}"


def layout_label(model: EditorDoc, name: str, index: int) -> str:
    entry = model.layout(name, index) or {}
    if "map" in entry:
        rows = rows_of(entry["map"])
        kind = f"map {max((len(r) for r in rows), default=0)}x{len(rows)}"
    elif isinstance(entry.get("generate"), dict):
        size = entry["generate"].get("size", [9, 9])
        kind = f"gen {size[0]}x{size[1]}" if isinstance(size, list) and len(size) == 2 else "gen"
    else:
        kind = "?"
    return f"{'Train' if name == 'training' else 'Deploy'} {index + 1}: {kind}"


@dataclass
class Geometry:
    """Rectangles of the editor's regions for one window size and one document shape."""

    header: pygame.Rect
    left: pygame.Rect
    center: pygame.Rect
    right: pygame.Rect
    status: pygame.Rect
    row: int
    layout_rows: list[tuple[pygame.Rect, str, int]]
    layout_buttons_y: int
    palette_y: int
    palette_rows: list[tuple[pygame.Rect, str]]
    new_object_y: int
    shape: tuple
    canvas: pygame.Rect | None = None
    rule_columns: list[tuple[int, int, int]] = field(default_factory=list)  # x, width, heading dy
    rules_heading_y: int = 0

    @staticmethod
    def shape_of(model: EditorDoc) -> tuple:
        return tuple(len(model.layouts(n)) for n in SETS) + (len(legend_chars(model.doc)),)

    def stale(self, model: EditorDoc) -> bool:
        return self.shape != self.shape_of(model)

    @classmethod
    def of(cls, size: tuple[int, int], t: Theme, model: EditorDoc, fonts: Fonts) -> Geometry:
        w, h = size
        small, body = t.text("small"), t.text("body")
        top = t.px(8) + round(t.text("heading") * 1.3) + round(small * 1.6)
        footer = round(small * 2.1)
        status_h = round(body * 2.9)
        bottom = h - footer - status_h - t.px(8)
        left = pygame.Rect(t.px(16), top, t.px(280 * t.k), bottom - top)  # wider for classroom type
        right = pygame.Rect(w - t.px(16) - t.px(410), top, t.px(410), bottom - top)
        center = pygame.Rect(left.right + t.px(22), top, right.x - left.right - t.px(44), bottom - top)
        header = pygame.Rect(round(w * 0.5), t.px(10), w - round(w * 0.5) - t.px(16), round(body * 1.9))
        row = round(body * 1.75)
        entries = [(n, i) for n in SETS for i in range(len(model.layouts(n)))]
        chars = list(legend_chars(model.doc))
        fixed = 2 * round(small * 1.5) + 2 * row + t.px(36)
        line = max(round(small * 1.3), min(round(body * 1.5), (left.height - fixed) // max(1, len(entries) + len(chars))))
        y = left.y + round(small * 1.5)
        layout_rows = []
        for n, i in entries:
            layout_rows.append((pygame.Rect(left.x, y, left.width, line - t.px(3)), n, i))
            y += line
        buttons_y = y + t.px(4)
        palette_y = buttons_y + row + t.px(12)
        y = palette_y + round(small * 1.5)
        palette_rows = []
        for ch in chars:
            palette_rows.append((pygame.Rect(left.x, y, left.width, line - t.px(3)), ch))
            y += line
        status = pygame.Rect(t.px(16), bottom + t.px(4), w - t.px(32), status_h - t.px(4))
        return cls(header, left, center, right, status, row, layout_rows, buttons_y, palette_y, palette_rows,
                   min(y + round(small * 1.5), left.bottom - row), cls.shape_of(model))


def draw_layouts(surface: pygame.Surface, fonts: Fonts, t: Theme, geo: Geometry, model: EditorDoc,
                 current: tuple[str, int], problem: Problem | None) -> None:
    small = t.text("small")
    draw.text(surface, fonts, "Layouts", (geo.left.x, geo.left.y), small, theme.MUTED,
              bold=True)
    for rect, name, index in geo.layout_rows:
        selected = (name, index) == current
        fill = (52, 64, 88) if selected else theme.PANEL
        pygame.draw.rect(surface, fill, rect, border_radius=t.px(6))
        if selected:
            pygame.draw.rect(surface, theme.ACCENT, rect, t.px(2), border_radius=t.px(6))
        colour = theme.TEXT if name == "training" else theme.HIGHLIGHT
        size = min(t.text("body"), round(rect.height * 0.72))
        room = rect.width - t.px(16) - rect.height
        words = draw.shorten(fonts.get(size, selected), layout_label(model, name, index), room)
        draw.text(surface, fonts, words, (rect.x + t.px(10), rect.centery), size, colour, selected, anchor="midleft")
        if problem is not None and problem.layout == (name, index):
            badge = pygame.Rect(0, 0, rect.height - t.px(6), rect.height - t.px(6))
            badge.midright = (rect.right - t.px(6), rect.centery)
            glyphs.draw_outcome(surface, badge, Outcome.MISALIGNED, fonts)


def draw_palette(surface: pygame.Surface, fonts: Fonts, t: Theme, geo: Geometry, legend: dict, brush: str) -> None:
    small = t.text("small")
    draw.text(surface, fonts, "Paint with (keys 1-9)", (geo.left.x, geo.palette_y), small, theme.MUTED, bold=True)
    for n, (rect, char) in enumerate(geo.palette_rows):
        if rect.bottom > geo.new_object_y - round(small * 1.6):  # the "New object" line below stays free
            break
        selected = char == brush
        pygame.draw.rect(surface, (52, 64, 88) if selected else theme.PANEL, rect, border_radius=t.px(6))
        if selected:
            pygame.draw.rect(surface, theme.HIGHLIGHT, rect, t.px(3), border_radius=t.px(6))
        swatch = pygame.Rect(rect.x + t.px(34), rect.y + t.px(2), rect.height - t.px(4), rect.height - t.px(4))
        cell, kind, colour = legend.get(char, ("unknown", None, None))
        if cell == "wall":
            pygame.draw.rect(surface, theme.WALL, swatch)
            pygame.draw.rect(surface, theme.PANEL_EDGE, swatch, 1)
        else:
            pygame.draw.rect(surface, theme.FLOOR, swatch)
            if cell == "start":
                glyphs.draw_start(surface, swatch)
            elif cell == "object":
                glyphs.draw_object(surface, swatch.inflate(-t.px(2), -t.px(2)), kind or "?", colour, fonts)
        size = min(t.text("body"), round(rect.height * 0.72))
        if n < 9:
            draw.text(surface, fonts, str(n + 1), (rect.x + t.px(10), rect.centery), small, theme.MUTED, anchor="midleft")
        words = draw.shorten(fonts.get(size, selected), palette_label(char, legend), rect.right - swatch.right - t.px(14))
        draw.text(surface, fonts, words, (swatch.right + t.px(10), rect.centery), size, theme.TEXT, selected,
                  anchor="midleft")
    draw.text(surface, fonts, "New object (kind, colour):", (geo.left.x, geo.new_object_y - round(small * 1.6)),
              small, theme.MUTED)


def draw_status(surface: pygame.Surface, fonts: Fonts, t: Theme, rect: pygame.Rect, problem: Problem | None,
                field_message: str | None) -> None:
    """The live validation result: green when the level loads, otherwise where and how to fix it."""
    body = t.text("body")
    bad = problem is not None or field_message is not None
    pygame.draw.rect(surface, (48, 26, 20) if bad else (18, 44, 36), rect, border_radius=t.px(8))
    pygame.draw.rect(surface, BAD if bad else theme.GOOD, rect, t.px(2), border_radius=t.px(8))
    badge = pygame.Rect(rect.x + t.px(12), rect.centery - body // 2 - t.px(2), body + t.px(4), body + t.px(4))
    glyphs.draw_outcome(surface, badge, Outcome.MISALIGNED if bad else Outcome.ALIGNED, fonts)
    inner = pygame.Rect(badge.right + t.px(14), rect.y + t.px(6), rect.right - badge.right - t.px(26),
                        rect.height - t.px(8))
    if field_message is not None:
        text = f"This field cannot be read: {field_message}"
    elif problem is not None:
        where = problem.where()
        text = f"{where[:1].upper()}{where[1:]}: {problem.message}." + (f"  Fix: {problem.fix}." if problem.fix else "")
        text += "  (click here or F8 to go there)"
    else:
        text = "The level is valid: every layout has a reachable goal. Ctrl+S saves; F5 trains and deploys it."
    lines = draw.wrap(fonts, text, body, inner.width)
    size = body if len(lines) <= 2 else t.text("small")
    draw.paragraph(surface, fonts, text, inner, size, theme.TEXT, spacing=1.2)
