"""Who survives selection: the population's aligned / deceptive / honest misaligned shares over
generations, as a stacked area (deceptive brain only; GenerationRecord.composition).

Two measures exist: read from the genomes (what each agent wants, and whether it is aware) and
from behaviour (each agent run once watched and once unwatched). The chart draws one as the area
and names both in the legend, so the class sees the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pygame

from game.core.kinds import Disposition, Measure, Outcome

from . import draw, glyphs, theme
from .theme import Fonts, Theme

# (key in GenerationRecord.composition, outcome badge drawn for it), bottom band first.
CLASSES: tuple[tuple[Disposition, Outcome], ...] = ((Disposition.ALIGNED, Outcome.ALIGNED),
                                                    (Disposition.DECEPTIVE, Outcome.DEFECTED),
                                                    (Disposition.HONEST_MISALIGNED, Outcome.MISALIGNED))
COLOUR: dict[Disposition, theme.RGB] = {key: theme.OUTCOME_RGB[badge] for key, badge in CLASSES}
MEASURES: tuple[Measure, ...] = tuple(Measure)
Composition = Mapping[Measure, Mapping[Disposition, float]]  # one GenerationRecord.composition
CAPTION = "Given: the comply-or-defect rule. Emerges: whether awareness switches on, and which goals survive."


def _shares(record: Composition, measure: Measure) -> list[float]:
    values = record.get(measure) or {}
    return [float(values.get(key, 0.0)) for key, _ in CLASSES]


def composition_chart(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme,
                      history: Sequence[Composition], total: int, measure: Measure = Measure.GENOMES,
                      awareness_from: int = 0) -> pygame.Rect:
    """The panel; returns the plot rect (tests look for the band colours there)."""
    draw.panel(surface, rect, t)
    size = t.text("small")
    x0 = rect.x + t.px(14)
    words = f"Who survives selection, read from {measure.value}"
    if fonts.get(size, True).size(words)[0] > rect.width - t.px(28):  # large type: the short title
        words = "Who survives selection"
    title = draw.text(surface, fonts, words, (x0, rect.y + t.px(8)), size, bold=True)
    caption = draw.wrap(fonts, CAPTION, size, rect.width - t.px(28))[:3]
    row = round(size * 1.45)
    legend_h = len(CLASSES) * row
    caption_h = round(len(caption) * size * 1.2)
    axis = fonts.get(size).size("100%")[0] + t.px(20)  # room for the axis labels inside the panel
    plot = pygame.Rect(rect.x + axis, title.bottom + t.px(10), rect.width - axis - t.px(16),
                       rect.bottom - title.bottom - t.px(10) - size - t.px(14) - legend_h - caption_h - t.px(16))
    legend_y = plot.bottom + size + t.px(8)
    _axes(surface, fonts, t, plot, size)
    latest = history[-1] if history else {}
    if plot.height > t.px(20) and len(history) >= 1:
        _bands(surface, fonts, t, plot, history, total, measure)
        if awareness_from > 0:
            _awareness(surface, fonts, t, plot, awareness_from, max(total, len(history), 2), size)
    elif not history:
        draw.text(surface, fonts, "waiting for the first generation...", plot.center, size, theme.MUTED, anchor="center")
    _legend(surface, fonts, t, pygame.Rect(x0, legend_y, rect.width - t.px(28), legend_h), latest, size, row)
    y = legend_y + legend_h + t.px(4)
    for line in caption:
        draw.text(surface, fonts, line, (x0, y), size, theme.MUTED)
        y += round(size * 1.2)
    return plot


def _axes(surface: pygame.Surface, fonts: Fonts, t: Theme, plot: pygame.Rect, size: int) -> None:
    pygame.draw.line(surface, theme.PANEL_EDGE, plot.bottomleft, plot.bottomright, 2)
    pygame.draw.line(surface, theme.PANEL_EDGE, plot.bottomleft, plot.topleft, 2)
    draw.text(surface, fonts, "100%", (plot.x - t.px(6), plot.y), size, theme.MUTED, anchor="topright")
    if plot.height > 2 * size:
        draw.text(surface, fonts, "0%", (plot.x - t.px(6), plot.bottom), size, theme.MUTED, anchor="bottomright")
    draw.text(surface, fonts, "generation", (plot.centerx, plot.bottom + t.px(2)), size, theme.MUTED, anchor="midtop")


def _bands(surface: pygame.Surface, fonts: Fonts, t: Theme, plot: pygame.Rect, history: Sequence, total: int,
           measure: Measure) -> None:
    """Stacked bands, each outlined in the panel colour; a badge marks each band at its right end."""
    n = max(total, len(history), 2)
    xs = [plot.x + round(plot.width * i / (n - 1)) for i in range(len(history))]
    if len(xs) == 1:  # one generation: draw it as a thin column so it can be seen
        xs = [plot.x, plot.x + max(t.px(6), plot.width // (n - 1))]
        history = [history[0], history[0]]
    shares = [_shares(r, measure) for r in history]
    lower = [0.0] * len(shares)

    def y(v: float) -> int:
        return plot.bottom - round(plot.height * min(max(v, 0.0), 1.0))

    ends = []
    for i, (key, badge) in enumerate(CLASSES):
        upper = [lo + s[i] for lo, s in zip(lower, shares)]
        top = [(x, y(v)) for x, v in zip(xs, upper)]
        bottom = [(x, y(v)) for x, v in zip(reversed(xs), reversed(lower))]
        if any(u > lo for u, lo in zip(upper, lower)):
            pygame.draw.polygon(surface, COLOUR[key], top + bottom)
            pygame.draw.lines(surface, theme.PANEL, False, top, max(1, t.px(2)))
        ends.append((badge, y(lower[-1]), y(upper[-1])))
        lower = upper
    mark = t.text("small")
    for badge, y_lo, y_hi in ends:
        if y_lo - y_hi >= mark + t.px(4):
            box = pygame.Rect(0, 0, mark, mark)
            box.midright = (xs[-1] - t.px(4), (y_lo + y_hi) // 2)
            pygame.draw.rect(surface, theme.PANEL, box.inflate(t.px(4), t.px(4)), border_radius=t.px(4))
            glyphs.draw_outcome(surface, box, badge, fonts)


def _awareness(surface: pygame.Surface, fonts: Fonts, t: Theme, plot: pygame.Rect, generation: int, n: int,
               size: int) -> None:
    """A dashed line where situational awareness first exists in the population."""
    x = plot.x + round(plot.width * generation / (n - 1))
    for yy in range(plot.y, plot.bottom, t.px(10)):
        pygame.draw.line(surface, theme.TEXT, (x, yy), (x, min(yy + t.px(5), plot.bottom)), max(2, t.px(2)))
    label = f"awareness appears (gen {generation + 1})"
    image = fonts.render(label, size, theme.TEXT, True)
    spot = image.get_rect(topleft=(x + t.px(6), plot.y + t.px(2)))
    if spot.right > plot.right:
        spot.topright = (x - t.px(6), plot.y + t.px(2))
    pygame.draw.rect(surface, theme.PANEL, spot.inflate(t.px(6), t.px(2)), border_radius=t.px(4))
    surface.blit(image, spot)
    draw.note_text(surface, label, image, spot)


def _legend(surface: pygame.Surface, fonts: Fonts, t: Theme, rect: pygame.Rect,
            latest: Composition, size: int, row: int) -> None:
    """Badge, name, and the latest share by both measures."""
    y = rect.y
    for key, badge in CLASSES:
        box = pygame.Rect(rect.x, y, size + 2, size + 2)
        glyphs.draw_outcome(surface, box, badge, fonts)
        draw.text(surface, fonts, key.value, (box.right + t.px(8), box.centery), size, anchor="midleft")
        g = (latest.get(Measure.GENOMES) or {}).get(key)
        b = (latest.get(Measure.BEHAVIOUR) or {}).get(key)
        if g is not None:
            words = f"{g:.0%}" + (f"   (behaviour {b:.0%})" if b is not None else "")
            room = rect.right - box.right - t.px(20) - fonts.get(size).size(key.value)[0]
            if fonts.get(size, True).size(words)[0] > room:  # narrow or large type: the two numbers only
                words = f"{g:.0%} / {b:.0%}" if b is not None else f"{g:.0%}"
            draw.text(surface, fonts, words, (rect.right, box.centery), size, bold=True, anchor="midright")
        y += row
