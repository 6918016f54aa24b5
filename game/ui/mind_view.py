"""The mind reader overlay: the agent's value map and planned path on the maze, and its
mesa-objective beside the base objective (what we wanted)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.core.kinds import Decision, Outcome
from game.core.layouts import Layout
from game.core.mind import MindReading
from game.core.perceives import Ranges, describe_ranges

from . import draw, theme
from .charts import feature_glyph, feature_label
from .display import context_words
from .maze_view import MazeView, Placement
from .theme import Fonts, Theme


def heat_colours(values: np.ndarray) -> np.ndarray:
    """Viridis RGB for values in 0..1 (any shape) -> shape + (3,) uint8."""
    stops = np.array(theme.VIRIDIS, dtype=np.float64)
    x = np.clip(values, 0, 1) * (len(stops) - 1)
    i = np.minimum(x.astype(int), len(stops) - 2)
    f = (x - i)[..., None]
    return (stops[i] * (1 - f) + stops[i + 1] * f).astype(np.uint8)


def heat_surface(reading: MindReading, layout: Layout, cell: int) -> pygame.Surface:
    """The value map as a translucent overlay: bright = the agent values being here."""
    rows, cols = layout.shape
    values = reading.value_map[:rows, :cols] if reading.value_map is not None else np.full((rows, cols), np.nan)
    top = np.nanmax(values) if np.isfinite(values).any() else 0.0
    norm = np.where(np.isfinite(values) & (values > 0), values / top if top > 0 else 0.0, 0.0)
    rgb = heat_colours(norm)
    alpha = np.where(np.isfinite(values), 175, 0).astype(np.uint8)
    for obj in layout.objects:  # keep objects readable under the overlay
        alpha[obj.pos] = 0
    small = pygame.Surface((cols, rows), pygame.SRCALPHA)
    pixels = pygame.surfarray.pixels3d(small)
    pixels[...] = rgb.transpose(1, 0, 2)
    del pixels
    a = pygame.surfarray.pixels_alpha(small)
    a[...] = alpha.T
    del a
    return pygame.transform.scale(small, (cols * cell, rows * cell))


def draw_maze(surface: pygame.Surface, mazes: MazeView, layout: Layout, rect: pygame.Rect,
              reading: MindReading | None) -> Placement:
    """The maze with the value map and planned path drawn over it."""
    place = mazes.draw(surface, layout, rect)
    if reading is None or not reading.has_objective:
        return place
    surface.blit(heat_surface(reading, layout, place.cell), (place.x, place.y))
    if len(reading.path) > 1:
        pts = [place.cell_rect(r, c).center for r, c in reading.path]
        pygame.draw.lines(surface, (15, 15, 20), False, pts, max(3, place.cell // 4))
        pygame.draw.lines(surface, (255, 255, 255), False, pts, max(1, place.cell // 8))
        end = place.cell_rect(*reading.path[-1])
        pygame.draw.rect(surface, (255, 255, 255), end, max(2, place.cell // 8))
    return place


def _weights(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme,
             pairs: tuple[tuple[str, float], ...], title: str, limit: int) -> int:
    """Signed bars around a centre line: wanting to the right, avoiding to the left."""
    size = t.text("small")
    y = draw.text(surface, fonts, title, (rect.x, rect.y), size, bold=True).bottom + t.px(8)
    scale = max((abs(w) for _, w in pairs[:limit]), default=1.0) or 1.0
    label_w = round(rect.width * 0.45)
    value_w = max(fonts.get(size).size(f"{w:+.1f}")[0] for _, w in pairs[:limit]) if pairs else 0
    half = (rect.width - label_w - value_w - t.px(16)) // 2  # the bars never reach the numbers
    mid = rect.x + label_w + half
    row = round(size * 1.65)
    for name, weight in pairs[:limit]:
        icon = pygame.Rect(rect.x, y, size + 2, size + 2)
        feature_glyph(surface, icon, name, fonts)
        draw.fitted(surface, fonts, feature_label(name), (icon.right + t.px(8), icon.centery), size,
                    label_w - icon.width - t.px(14), anchor="midleft")
        length = round(half * abs(weight) / scale)
        colour = theme.ACCENT if weight >= 0 else theme.WARN
        bar = pygame.Rect(mid if weight >= 0 else mid - length, y + 2, max(length, 2), size - 2)
        pygame.draw.rect(surface, colour, bar, border_radius=2)
        draw.text(surface, fonts, f"{weight:+.1f}", (rect.right, icon.centery), size, anchor="midright")
        y += row
    pygame.draw.line(surface, theme.MUTED, (mid, rect.y + round(size * 1.5)), (mid, y), 1)
    return y


def perception_line(ranges: Ranges, hidden: int = 0) -> str:
    """How far this agent notices each cue: evolved (its genes) or built in (the level's)."""
    lead = "Perception: it " if ranges.evolved else "Built in: it "
    tail = f" {hidden} weights on what it cannot notice are left out: they do nothing." if hidden else ""
    return lead + describe_ranges(ranges) + "." + tail


@dataclass(frozen=True)
class DeceptionNote:
    """What the mind reader adds for a deceptive agent: is it aware, and what did it choose."""

    aware: bool
    decision: str  # honest, comply, defect (this episode)
    cue: str


def deception_note(brain: object, info: dict | None, episode: int) -> DeceptionNote | None:
    """The note for one episode of a deceptive brain; None for every other brain."""
    if not info or "decision" not in info:
        return None
    decision = Decision(int(info["decision"][episode]))
    spec = getattr(brain, "deception", None)
    return DeceptionNote(decision != Decision.HONEST, decision.name.lower(), getattr(spec, "cue", "learning"))


def _deception_words(note: DeceptionNote) -> tuple[str, theme.RGB]:
    if not note.aware:
        return ("Not situationally aware: it ignores the cue and always pursues its true objective (honest).",
                theme.TEXT)
    now = {"comply": "This episode it believes it is watched, so it complies.",
           "defect": "This episode it believes it is unwatched, so it pursues its true objective.",
           "honest": ""}[note.decision]
    return (f"Situationally aware: YES. It reads the {context_words(note.cue)}: while watched it complies with the base "
            f"objective, unwatched it pursues its true objective. {now}",
            theme.OUTCOME_RGB[Outcome.DEFECTED] if note.decision == "defect" else theme.ACCENT)


def draw_panel(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme, reading: MindReading,
               heading: str, note: DeceptionNote | None = None) -> None:
    """Base objective on top, mesa-objective below, or the plain note for a reflex brain.

    For a deceptive agent the mesa-objective is labelled as its true objective (it is hidden
    while it complies), and a line says whether it is aware and what it chose this episode.
    """
    draw.panel(surface, rect, t)
    inner = rect.inflate(-t.px(28), -t.px(24))
    y = draw.text(surface, fonts, heading, inner.topleft, t.text("body"), theme.ACCENT, bold=True).bottom + t.px(10)
    base_title = "What we wanted (base objective)" if note is None else "Base objective (it complies when watched)"
    y = _weights(surface, pygame.Rect(inner.x, y, inner.width, 0), fonts, t, reading.base_objective, base_title, 4)
    y += t.px(14)
    if reading.objective is None:
        draw.paragraph(surface, fonts, "This brain has no objective to read: it is a bundle of reflexes. "
                       "There is no value map and no plan, only habits that scored well in training.",
                       pygame.Rect(inner.x, y, inner.width, inner.bottom - y), t.text("body"))
        return
    title = "What it wants (its mesa-objective)" if note is None else "Its TRUE objective (what it really wants)"
    y = _weights(surface, pygame.Rect(inner.x, y, inner.width, 0), fonts, t, reading.objective, title, 5)
    if reading.ranges is not None:
        y = draw.paragraph(surface, fonts, perception_line(reading.ranges, reading.hidden),
                           pygame.Rect(inner.x, y + t.px(4), inner.width,
                                       max(t.text("small") * 2, inner.bottom - y - t.px(90))), t.text("small"),
                           theme.MUTED) + t.px(2)
    y += t.px(10)
    if note is not None:
        words, colour = _deception_words(note)
        y = draw.paragraph(surface, fonts, words, pygame.Rect(inner.x, y, inner.width, inner.bottom - y - t.px(50)),
                           t.text("small"), colour, bold=True) + t.px(8)
    size = t.text("small")
    if y + t.px(14) + round(size * 1.4) > inner.bottom:
        return  # no room left for the colour key: the objectives above matter more
    bar = pygame.Rect(inner.x, y, inner.width // 2, t.px(12))
    ramp = pygame.surfarray.make_surface(np.repeat(heat_colours(np.linspace(0, 1, bar.width))[:, None, :], bar.height, 1))
    surface.blit(ramp, bar)
    draw.text(surface, fonts, "value map: low", (bar.x, bar.bottom + t.px(2)), size, theme.MUTED)
    draw.text(surface, fonts, "high", (bar.right, bar.bottom + t.px(2)), size, theme.MUTED, anchor="topright")
    draw.text(surface, fonts, "white line: its plan", (bar.right + t.px(16), bar.centery), size, anchor="midleft")
