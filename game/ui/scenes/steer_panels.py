"""The steering scene's panels: the steered agents replayed in the deployment mazes, the outcome
shares before and after the edit (with a steering puzzle's verdict), and the objective editor (a
row per perceived feature with - and + buttons, and the presets). SteerScene (steer.py) holds the
edit, the keys and the layout of the screen."""

from __future__ import annotations

import numpy as np
import pygame

from game.core.kinds import Outcome
from game.core.outcomes import ORDER
from game.core.session import DeploymentReport
from game.core.steer import Steering, SteerResult, SteerVerdict

from .. import draw, glyphs, theme
from ..charts import feature_glyph, feature_label
from ..maze_view import crowd, draw_note, window
from ..scene import Host
from ..theme import Fonts, Theme
from .deploy_panels import draw_pips

GOOD, BAD = theme.GOOD, theme.HIGHLIGHT
FeatureRow = tuple[str, pygame.Rect, pygame.Rect]  # (feature, its - button, its + button) as drawn


def signed(value: float) -> str:
    """+1.4, -0.5, and +0.0 rather than -0.0."""
    return f"{round(value, 1) + 0.0:+.1f}"


def traced(report: DeploymentReport) -> np.ndarray:
    """(steps+1, B) flat cells of every episode of a deployment run traced (as steering runs it)."""
    if report.results.trace is None:
        raise RuntimeError("the deployment was run without a trace")
    return report.results.trace


def draw_mazes(surface: pygame.Surface, app: Host, rect: pygame.Rect, result: SteerResult, step: int) -> None:
    """The steered agents replayed in the deployment mazes, outcome pips under each maze."""
    after = result.after
    batch, res = after.batch, after.results
    trace = traced(after)
    n_agents = trace.shape[1] // batch.n_layouts
    step = min(step, len(trace) - 1)
    pos = trace[step].reshape(n_agents, batch.n_layouts)
    pip_h = app.theme.px(14)
    shown = window(rect, batch.n_layouts, batch.height + 1, batch.width, app.theme.px(8), below=pip_h + 2,
                   note_h=round(app.theme.text("small") * 1.6))
    draw_note(surface, app.fonts, shown, batch.n_layouts, app.theme.text("small"))
    for li, tile in zip(shown.indices, shown.tiles):
        maze = pygame.Rect(tile.x, tile.y, tile.width, tile.height - pip_h - 2)
        place = app.mazes.draw(surface, batch.layouts[li], maze, step=step)
        crowd(surface, place, pos[:, li], batch.width, n_agents)
        episodes = np.arange(n_agents) * batch.n_layouts + li
        draw_pips(surface, pygame.Rect(place.x, place.rect.bottom + 3, place.rect.width, pip_h), app.fonts,
                  after.outcomes[episodes], res.steps[episodes] <= step)

def draw_tally(surface: pygame.Surface, fonts: Fonts, t: Theme, rect: pygame.Rect, result: SteerResult,
               verdict: SteerVerdict | None, defects: bool) -> int:
    """Outcome shares before and after the edit, and the puzzle's verdict; returns the bottom.
    `defects`: the agents can defect (a deceptive brain), so that row is shown."""
    small, body = t.text("small"), t.text("body")
    rows = [o for o in ORDER if o != Outcome.DEFECTED or defects]
    width = rect.width - t.px(24)
    words = verdict.message if verdict else ""
    size = body if len(draw.wrap(fonts, words, body, width, True)) <= 2 else small
    lines = len(draw.wrap(fonts, words, size, width, True)) if words else 0
    height = round(small * 1.5) * (len(rows) + 1) + t.px(24) + round(lines * size * 1.3) + (t.px(6) if lines else 0)
    box = pygame.Rect(rect.x, rect.y, rect.width, height)
    draw.panel(surface, box, t)
    inner = box.inflate(-t.px(24), -t.px(16))
    x_before, x_after = inner.x + round(inner.width * 0.55), inner.right
    room = x_before - fonts.get(small).size("as trained")[0] - inner.x - t.px(8)
    draw.text(surface, fonts, draw.shorten(fonts.get(small), "deployed episodes", room), (inner.x, inner.y), small,
              theme.MUTED)
    draw.text(surface, fonts, "as trained", (x_before, inner.y), small, theme.MUTED, anchor="topright")
    draw.text(surface, fonts, "steered", (x_after, inner.y), small, theme.ACCENT, bold=True, anchor="topright")
    y = inner.y + round(small * 1.5)
    before, after = result.before.rates, result.after.rates
    for key in rows:
        badge = pygame.Rect(inner.x, y + 1, small, small)
        glyphs.draw_outcome(surface, badge, key, fonts)
        draw.text(surface, fonts, key.label, (badge.right + t.px(8), badge.centery), small,
                  anchor="midleft")
        draw.text(surface, fonts, f"{before[key]:.0%}", (x_before, badge.centery), small, anchor="midright")
        moved = after[key] - before[key]
        colour = theme.TEXT if abs(moved) < 1e-9 else (GOOD if (moved > 0) == (key == Outcome.ALIGNED) else BAD)
        draw.text(surface, fonts, f"{after[key]:.0%}", (x_after, badge.centery), small, colour, bold=True,
                  anchor="midright")
        y += round(small * 1.5)
    if verdict is not None:
        draw.paragraph(surface, fonts, words, pygame.Rect(inner.x, y + t.px(4), inner.width, round(lines * size * 1.4)),
                       size, GOOD if verdict.won else BAD, bold=True)
    return box.bottom

def draw_editor(surface: pygame.Surface, fonts: Fonts, t: Theme, rect: pygame.Rect, steering: Steering,
                features: list[str], focus: int, mean: dict[str, float],
                presets: list[tuple[str, Steering]]) -> tuple[list[FeatureRow], list[tuple[int, pygame.Rect]]]:
    """A row per feature the agents perceive: mean weight as trained, the edit, - and + buttons;
    the presets under them. Where the rows' buttons and the preset tiles were drawn (for clicks)."""
    small = t.text("small")
    draw.panel(surface, rect, t)
    inner = rect.inflate(-t.px(24), -t.px(16))
    title = draw.shorten(fonts.get(small, True), "Their objective (mean weight as trained, then your edit)", inner.width)
    y = draw.text(surface, fonts, title, inner.topleft, small,
                  theme.ACCENT, bold=True).bottom + t.px(6)
    row = round(small * 1.55)
    button = row - t.px(4)
    rows: list[FeatureRow] = []
    extra = round(small * 1.4) if steering.awareness_off else 0
    shown = min(len(presets), 6)  # fewer presets (never fewer than 2) before hiding a feature
    while shown > 2 and inner.bottom - y - extra - round(small * 1.5) * (1 + (shown + 1) // 2) \
            < row * len(features):
        shown -= 2
    presets_h = round(small * 1.5) * (1 + (shown + 1) // 2)
    room = max(1, (inner.bottom - presets_h - extra - y) // row)
    first = max(0, min(focus - room + 1, len(features) - room))  # keep the focused row in view
    for i, feature in enumerate(features):
        if i < first:
            continue
        if y + row > inner.bottom - presets_h - extra:
            break
        focused = i == focus
        line = pygame.Rect(inner.x, y, inner.width, row - t.px(2))
        if focused:
            pygame.draw.rect(surface, (44, 52, 70), line, border_radius=t.px(4))
        icon = pygame.Rect(inner.x + t.px(4), line.centery - small // 2, small, small)
        feature_glyph(surface, icon, feature, fonts)
        draw.text(surface, fonts, feature_label(feature), (icon.right + t.px(8), line.centery), small,
                  anchor="midleft")
        plus = pygame.Rect(inner.right - button, line.centery - button // 2, button, button)
        minus = plus.move(-button - t.px(6), 0)
        delta = steering.delta(feature)
        weight = mean.get(feature, 0.0)
        text = signed(weight) + (f"  {delta:+g} = {signed(weight + delta)}" if delta else "")
        draw.text(surface, fonts, text, (minus.x - t.px(10), line.centery), small,
                  theme.ACCENT if delta else theme.TEXT, bold=bool(delta), anchor="midright")
        for box, mark in ((minus, "-"), (plus, "+")):
            pygame.draw.rect(surface, theme.PANEL_EDGE, box, border_radius=t.px(4))
            draw.text(surface, fonts, mark, box.center, small, bold=True, anchor="center")
        rows.append((feature, minus, plus))
        y += row
    if steering.awareness_off:
        y = draw.text(surface, fonts, "Situational awareness: switched OFF", (inner.x, y + t.px(4)), small,
                      theme.HIGHLIGHT, bold=True).bottom
    y = max(y + t.px(8), inner.bottom - presets_h)
    head = draw.shorten(fonts.get(small), "Presets (the papers' vectors, sized to these agents):", inner.width)
    y = draw.text(surface, fonts, head, (inner.x, y), small, theme.MUTED).bottom + t.px(4)
    preset_tiles: list[tuple[int, pygame.Rect]] = []
    half = (inner.width - t.px(8)) // 2
    for i, (name, _) in enumerate(presets[:shown]):
        box = pygame.Rect(inner.x + (i % 2) * (half + t.px(8)), y + (i // 2) * round(small * 1.5), half,
                          round(small * 1.35))
        pygame.draw.rect(surface, (30, 36, 48), box, border_radius=t.px(4))
        label = draw.shorten(fonts.get(small), f"{i + 1} {name}", box.width - t.px(10))
        draw.text(surface, fonts, label, (box.x + t.px(6), box.centery), small, anchor="midleft")
        preset_tiles.append((i, box))
    return rows, preset_tiles

