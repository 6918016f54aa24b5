"""The probe scene's panels: the object palette, the probe table, the answer and its score."""

from __future__ import annotations

from typing import Protocol

import pygame

from game.core.brains import Planner
from game.core.level import Level
from game.core.probe import ProbeItem, ProbeTable, ProbeVerdict, Truth
from game.core.provenance import sight_words

from .. import draw, glyphs, theme
from ..charts import feature_glyph, feature_label
from ..maze_view import MazeView
from ..scene import Host
from ..theme import Fonts, Theme

GOOD, BAD = theme.GOOD, theme.HIGHLIGHT
REAL_NETWORK = ("Here the objective is a short list of weights, readable by design. In a real network "
                "(Mini et al. 2023) nothing is labelled: researchers had to find the 'cheese' and 'top-right' "
                "directions among thousands of activations, and probing behaviour like this was how they started.")


PAGE = 9  # objects on one page of the palette: keys 1-9 pick among them, PgDn / PgUp turn the page


def draw_palette(surface: pygame.Surface, fonts: Fonts, t: Theme, rect: pygame.Rect, items: tuple[ProbeItem, ...],
                 choice: int, mazes: MazeView) -> list[tuple[int, pygame.Rect]]:
    """The objects the player can place (this level's own kinds and colours); returns the tiles."""
    small = t.text("small")
    page, pages = choice // PAGE, -(-len(items) // PAGE)
    heading = "Objects to place (1-9), then click a cell:"
    if pages > 1:
        heading = f"Objects {page * PAGE + 1}-{min(len(items), page * PAGE + PAGE)} of {len(items)} (1-9; PgDn: more):"
    draw.text(surface, fonts, draw.shorten(fonts.get(small), heading, rect.width), rect.topleft, small, theme.MUTED)
    y = rect.y + round(small * 1.5)
    gap = t.px(8)
    shown = items[page * PAGE: page * PAGE + PAGE]
    per_row = max(1, min(len(shown), 3))
    width = (rect.width - gap * (per_row - 1)) // per_row
    height = max(small + t.px(12), min(t.px(44), (rect.bottom - y) // max(1, -(-len(shown) // per_row)) - gap))
    tiles = []
    for k, item in enumerate(shown):
        i = page * PAGE + k
        box = pygame.Rect(rect.x + (k % per_row) * (width + gap), y + (k // per_row) * (height + gap), width, height)
        if box.bottom > rect.bottom + 2:
            break
        chosen = i == choice
        pygame.draw.rect(surface, (44, 52, 70) if chosen else theme.PANEL, box, border_radius=t.px(6))
        pygame.draw.rect(surface, theme.ACCENT if chosen else theme.PANEL_EDGE, box, max(2, t.px(2)) if chosen else 1,
                         border_radius=t.px(6))
        icon = pygame.Rect(box.x + t.px(6), box.centery - (box.height - t.px(12)) // 2, box.height - t.px(12),
                           box.height - t.px(12))
        glyphs.draw_object(surface, icon, item.kind, item.colour, fonts)
        label = draw.shorten(fonts.get(small), f"{k + 1} {item.label}", box.right - icon.right - t.px(12))
        draw.text(surface, fonts, label, (icon.right + t.px(6), box.centery), small, anchor="midleft")
        tiles.append((i, box))
    return tiles


def draw_table(surface: pygame.Surface, fonts: Fonts, t: Theme, rect: pygame.Rect, table: ProbeTable,
               limit: int | None, level: Level | None = None) -> None:
    """One row per probe maze run: what was in the room, and where the agents went first."""
    draw.panel(surface, rect, t)
    inner = rect.inflate(-t.px(24), -t.px(20))
    body, small = t.text("body"), t.text("small")
    if level is not None:
        note = sight_words(level)
        note_lines = draw.wrap(fonts, note, small, inner.width)
        note_h = round(len(note_lines) * small * 1.3)
        draw.paragraph(surface, fonts, note, pygame.Rect(inner.x, inner.bottom - note_h, inner.width, note_h + small),
                       small, theme.MUTED)
        inner.height -= note_h + t.px(8)
    y = draw.text(surface, fonts, "Probe table: where they went first", inner.topleft, body, theme.ACCENT,
                  bold=True).bottom + t.px(6)
    if not table.rows:
        words = ("Nothing yet. Build a room that pulls two ideas apart (is it the colour, the kind of thing, "
                 "or a corner?), then run the agents (Enter).")
        if limit:
            words += f" You have {limit} probe mazes: make each one count."
        draw.paragraph(surface, fonts, words, pygame.Rect(inner.x, y, inner.width, inner.bottom - y), body, theme.MUTED)
        return
    lines: list[tuple[str, theme.RGB, bool]] = []
    for n, row in enumerate(table.rows, 1):
        total = len(row.choices)
        went = ", ".join(f"{where} {count}/{total}" for where, count in row.counts().items())
        then = ", ".join(f"{where} {count}" for where, count in row.then_counts().items())
        lines.append((f"#{n}  {row.maze.describe()}", theme.MUTED, False))
        lines.append((f"     went to: {went}", theme.TEXT, True))
        if then:
            lines.append((f"     then on to: {then}", theme.MUTED, False))
    wrapped: list[tuple[str, theme.RGB, bool]] = []
    for value, colour, bold in lines:
        wrapped += [(part, colour, bold) for part in draw.wrap(fonts, value, small, inner.width, bold)]
    step = round(small * 1.3)
    room = max(1, (inner.bottom - y) // step)
    if len(wrapped) > room:  # newest rows stay in view
        wrapped = wrapped[len(wrapped) - room:]
    for value, colour, bold in wrapped:
        draw.text(surface, fonts, value, (inner.x, y), small, colour, bold=bold)
        y += step


class Answering(Protocol):
    """What the answer panel reads of the probe scene."""

    app: Host
    brain: Planner | None
    table: ProbeTable
    answer: list[str]  # the features chosen so far, strongest first
    verdict: ProbeVerdict | None
    real: Truth | None  # what the genomes hold (read with the verdict)

    @property
    def features(self) -> tuple[str, ...]: ...


def draw_answer_panel(scene: Answering, surface: pygame.Surface, rect: pygame.Rect) -> list[tuple[str, pygame.Rect]]:
    """Choosing features in order, then the score beside what the genomes actually hold."""
    t, fonts = scene.app.theme, scene.app.fonts
    draw.panel(surface, rect, t)
    inner = rect.inflate(-t.px(24), -t.px(20))
    body, small = t.text("body"), t.text("small")
    verdict = scene.verdict
    if verdict is None:
        y = draw.text(surface, fonts, "What does it want?", inner.topleft, body, theme.ACCENT, bold=True).bottom + t.px(8)
        tiles = []
        row = round(small * 2.0)
        for i, name in enumerate(scene.features):
            box = pygame.Rect(inner.x, y, inner.width, row - t.px(4))
            if box.bottom > inner.bottom:
                break
            order = scene.answer.index(name) + 1 if name in scene.answer else 0
            pygame.draw.rect(surface, (44, 52, 70) if order else theme.PANEL, box, border_radius=t.px(6))
            pygame.draw.rect(surface, theme.ACCENT if order else theme.PANEL_EDGE, box, 1, border_radius=t.px(6))
            icon = pygame.Rect(box.x + t.px(8), box.centery - small // 2, small, small)
            feature_glyph(surface, icon, name, fonts)
            label = f"{i + 1}  {feature_label(name)}" if i < 9 else feature_label(name)
            draw.text(surface, fonts, label, (icon.right + t.px(10), box.centery), small, anchor="midleft")
            if order:
                draw.text(surface, fonts, ("1st", "2nd", "3rd")[order - 1], (box.right - t.px(10), box.centery), small,
                          theme.ACCENT, bold=True, anchor="midright")
            tiles.append((name, box))
            y += row
        return tiles
    real, brain = scene.real, scene.brain
    if real is None or brain is None:  # a verdict is only given once the genomes were read
        return []
    score = verdict.score
    colour = GOOD if verdict.won or (score and score.right and verdict.limit is None) else BAD
    y = draw.paragraph(surface, fonts, verdict.message, pygame.Rect(inner.x, inner.y, inner.width, body * 6), body,
                       colour, bold=True) + t.px(8)
    y = draw.text(surface, fonts, "What the genomes hold (mean weight, features they perceive):", (inner.x, y), small,
                  theme.MUTED).bottom + t.px(4)
    ranking = real.ranking()[:5]
    top = max((abs(w) for _, w in ranking), default=1.0) or 1.0
    label_w = round(inner.width * 0.45)
    for name, weight in ranking:
        icon = pygame.Rect(inner.x, y, small, small)
        feature_glyph(surface, icon, name, fonts)
        draw.text(surface, fonts, feature_label(name), (icon.right + t.px(8), icon.centery), small, anchor="midleft")
        mid = inner.x + label_w + (inner.width - label_w - t.px(50)) // 2
        length = round((inner.width - label_w - t.px(50)) // 2 * abs(weight) / top)
        bar = pygame.Rect(mid if weight >= 0 else mid - length, y + 2, max(length, 2), small - 2)
        pygame.draw.rect(surface, theme.ACCENT if weight >= 0 else theme.WARN, bar)
        draw.text(surface, fonts, f"{weight:+.1f}", (inner.right, icon.centery), small, anchor="midright")
        y += round(small * 1.5)
    evidence = scene.table.evidence(brain.features)[:3]
    if evidence:
        y += t.px(6)
        said = "; ".join(f"{feature_label(e.feature)} {e.chosen} of {e.offered}" for e in evidence)
        y = draw.paragraph(surface, fonts, f"Your table: went to it when it was there: {said}.",
                           pygame.Rect(inner.x, y, inner.width, small * 4), small) + t.px(6)
    draw.paragraph(surface, fonts, REAL_NETWORK, pygame.Rect(inner.x, y, inner.width, inner.bottom - y), small,
                   theme.MUTED)
    return []
