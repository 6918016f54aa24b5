"""Charts: best and mean fitness over generations, what the population wants, outcome tallies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pygame

from game.core.kinds import Outcome
from game.core.outcomes import ORDER
from game.core.perceives import NOTHING

from . import draw, glyphs, theme
from .display import context_words
from .theme import Fonts, Theme


def feature_glyph(surface: pygame.Surface, rect: pygame.Rect, name: str, fonts: Fonts) -> None:
    """A small picture of a mesa-objective feature: a colour's shape, a kind's letter, a corner."""
    if " (while " in name:  # a reward under a context flag: the kind's own picture
        name = name.split(" (while ")[0]
    if name.endswith(" (colour)"):
        colour = name[: -len(" (colour)")]
        glyphs.draw_shape(surface, glyphs.SHAPE.get(colour, "rounded"), rect, theme.OBJECT_RGB.get(colour, theme.NO_COLOUR))
    elif name.endswith(" corner"):
        pygame.draw.rect(surface, theme.FLOOR, rect, max(1, rect.width // 8))
        vertical, horizontal = name.split()[0].split("-")
        x = rect.left if horizontal == "left" else rect.right - rect.width // 2
        y = rect.top if vertical == "top" else rect.bottom - rect.height // 2
        pygame.draw.rect(surface, theme.HIGHLIGHT, (x, y, rect.width // 2, rect.height // 2))
    elif name == "each step":
        y = rect.centery
        pygame.draw.line(surface, theme.TEXT, (rect.left, y), (rect.right - 2, y), max(2, rect.height // 6))
        pygame.draw.polygon(surface, theme.TEXT, [(rect.right, y), (rect.right - rect.width // 3, rect.top + 2),
                                                  (rect.right - rect.width // 3, rect.bottom - 2)])
    elif name == NOTHING:
        pygame.draw.circle(surface, theme.MUTED, rect.center, rect.width // 2, max(1, rect.width // 8))
    else:
        glyphs.draw_object(surface, rect, name, None, fonts)


def feature_label(name: str) -> str:
    if name == NOTHING:
        return name
    if " (while " in name:  # shortcut (while supervisor present) -> shortcut while the supervisor is present
        kind, _, flag = name.partition(" (while ")
        flag = flag.removesuffix(" present)")
        return f"{glyphs.kind_words(kind)} ({context_words(flag)} present)"
    if name.endswith(" (colour)"):
        return "anything " + name[: -len(" (colour)")]
    if name.endswith(" corner"):
        return name
    return "the " + name if name in ("exit",) else glyphs.kind_words(name)


def axis_label(value: float) -> str:
    """A fitness axis end: whole numbers from 10 up, one decimal below, never '-0'."""
    text = f"{value:.0f}" if abs(value) >= 10 or value == round(value) else f"{value:.1f}"
    return "0" if text in ("-0", "-0.0") else text


def fitness_chart(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme,
                  best: Sequence[float], mean: Sequence[float], total: int) -> None:
    """Best (orange, solid) and mean (blue, thinner) fitness per generation; higher is better."""
    draw.panel(surface, rect, t)
    size = t.text("small")
    draw.text(surface, fonts, "Training fitness (higher is better)", (rect.x + t.px(14), rect.y + t.px(8)), size, bold=True)
    plot = pygame.Rect(rect.x + t.px(54), rect.y + t.px(40), rect.width - t.px(124), rect.height - t.px(74))
    pygame.draw.line(surface, theme.PANEL_EDGE, plot.bottomleft, plot.bottomright, 2)
    pygame.draw.line(surface, theme.PANEL_EDGE, plot.bottomleft, plot.topleft, 2)
    draw.text(surface, fonts, "generation", (plot.centerx, plot.bottom + t.px(4)), size, theme.MUTED, anchor="midtop")
    if not best:
        draw.text(surface, fonts, "waiting for the first generation...", plot.center, size, theme.MUTED, anchor="center")
        return
    lo = min(min(mean), 0.0)
    hi = max(max(best), lo + 1e-6)
    draw.text(surface, fonts, axis_label(hi), (plot.x - t.px(6), plot.y), size, theme.MUTED, anchor="topright")
    draw.text(surface, fonts, axis_label(lo), (plot.x - t.px(6), plot.bottom), size, theme.MUTED, anchor="bottomright")
    n = max(total, len(best), 2)

    def point(i: int, v: float) -> tuple[int, int]:
        return (plot.x + round(plot.width * i / (n - 1)), plot.bottom - round(plot.height * (v - lo) / (hi - lo)))

    ends = {}
    for values, colour, width, label in ((mean, theme.MEAN_LINE, t.px(2), "mean"), (best, theme.BEST_LINE, t.px(4), "best")):
        pts = [point(i, v) for i, v in enumerate(values)]
        if len(pts) > 1:
            pygame.draw.lines(surface, colour, False, pts, width)
        pygame.draw.circle(surface, colour, pts[-1], t.px(4))
        ends[label] = (pts[-1], colour)
    (bx, by), _ = ends["best"]
    (mx, my), _ = ends["mean"]
    gap = size  # labels closer than a line of text are pushed apart: best above, mean below
    if abs(by - my) < gap:
        mid = (by + my) // 2
        by, my = mid - gap // 2 - 1, mid + gap // 2 + 1
    low = plot.y + gap // 2  # not up into the chart's title
    if by < low:
        by, my = low, my + (low - by)
    draw.text(surface, fonts, "best", (bx + t.px(8), by), size, theme.BEST_LINE, bold=True, anchor="midleft")
    draw.text(surface, fonts, "mean", (mx + t.px(8), my), size, theme.MEAN_LINE, bold=True, anchor="midleft")


def wants_bars(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme,
               wants: Mapping[str, float], title: str = "What the population wants", note: str = "") -> None:
    """Share of agents whose mesa-objective weights each feature most, largest first (only features
    they can perceive count). `note` (how far they notice each cue) is written at the bottom."""
    draw.panel(surface, rect, t)
    size = t.text("small")
    draw.text(surface, fonts, title, (rect.x + t.px(14), rect.y + t.px(8)), size, bold=True)
    if note and wants:
        lines = draw.wrap(fonts, note, size, rect.width - t.px(28))
        height = round(len(lines) * size * 1.25)
        draw.paragraph(surface, fonts, note, pygame.Rect(rect.x + t.px(14), rect.bottom - height - t.px(10),
                                                         rect.width - t.px(28), height + t.px(4)), size, theme.MUTED)
        rect = pygame.Rect(rect.x, rect.y, rect.width, rect.height - height - t.px(10))
    if not wants:
        draw.paragraph(surface, fonts, "This brain has no objective to read: it is a bundle of reflexes.",
                       pygame.Rect(rect.x + t.px(14), rect.y + t.px(44), rect.width - t.px(28), rect.height - t.px(50)),
                       size, theme.MUTED)
        return
    items = sorted(wants.items(), key=lambda kv: -kv[1])
    row = round(size * 1.75)
    rows = max(1, (rect.height - t.px(44)) // row)
    y = rect.y + t.px(42)
    label_w = round(rect.width * 0.5)
    for name, share in items[:rows]:
        icon = pygame.Rect(rect.x + t.px(14), y, size + 2, size + 2)
        feature_glyph(surface, icon, name, fonts)
        draw.fitted(surface, fonts, feature_label(name), (icon.right + t.px(8), y + size // 2 + 1), size,
                    rect.x + label_w - icon.right - t.px(16), anchor="midleft")  # "bottom-left corne" no more
        share_w = fonts.get(size).size("100%")[0] + t.px(24)
        bar = pygame.Rect(rect.x + label_w, y + 2, rect.width - label_w - share_w - t.px(8), size)
        colour = theme.OBJECT_RGB.get(name.split(" ")[0], theme.ACCENT) if name.endswith("(colour)") else theme.ACCENT
        draw.bar(surface, bar, share, colour)
        draw.text(surface, fonts, f"{share:.0%}", (rect.right - t.px(14), y + size // 2 + 1), size, anchor="midright")
        y += row


def tally_height(t: Theme, rows: int) -> int:
    body = t.text("body")
    return t.px(30) + round(body * 1.6) + rows * round(body * 2.3)


def tally_panel(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme, counts: Mapping[Outcome, int],
                total: int, show_defected: bool) -> None:
    """Outcome counters filling in as episodes end: badge, name, count and a bar of the total."""
    draw.panel(surface, rect, t)
    body = t.text("body")
    ended = sum(counts.values())
    draw.text(surface, fonts, f"Episodes ended: {ended} / {total}", (rect.x + t.px(16), rect.y + t.px(10)), body, bold=True)
    y = rect.y + t.px(16) + round(body * 1.6)
    row = round(body * 2.3)
    for outcome in ORDER:
        if outcome == Outcome.DEFECTED and not show_defected:
            continue
        badge = pygame.Rect(rect.x + t.px(16), y, round(body * 1.3), round(body * 1.3))
        glyphs.draw_outcome(surface, badge, outcome, fonts)
        draw.text(surface, fonts, outcome.label, (badge.right + t.px(10), badge.centery), body, anchor="midleft")
        draw.text(surface, fonts, str(counts.get(outcome, 0)), (rect.right - t.px(16), badge.centery), t.text("heading"),
                  bold=True, anchor="midright")
        bar = pygame.Rect(badge.right + t.px(10), badge.bottom + t.px(3), rect.width - badge.width - t.px(110), t.px(7))
        draw.bar(surface, bar, counts.get(outcome, 0) / max(total, 1), theme.OUTCOME_RGB[outcome])
        y += row
