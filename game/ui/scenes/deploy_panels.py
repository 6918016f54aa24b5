"""The deployment scene's big moments: predict, the DEPLOYED swap, the reveal; and outcome pips."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.core.batch import FeatureSpace, LayoutBatch
from game.core.kinds import Outcome
from game.core.level import Level
from game.core.outcomes import ORDER
from game.core.session import DeploymentReport
from game.core.sim import EpisodeResults

from .. import display, draw, glyphs, theme
from ..maze_view import draw_note, window
from ..scene import Host
from ..theme import Fonts, Theme

if TYPE_CHECKING:
    from ..deployer import Deployment
    from ..run_state import RunState

LABELS = {o: o.label for o in ORDER}


def draw_measuring(surface: pygame.Surface, fonts: Fonts, t: Theme, title: str, measuring: Deployment) -> str:
    """While a big deployment is measured on its worker: a spinner and what it waits for (returned)."""
    w, h = surface.get_size()
    top = draw.header(surface, fonts, t, f"DEPLOYING: {title}",
                      f"{measuring.agents} best agents x {measuring.mazes} new mazes")
    status = measuring.status
    draw.waiting(surface, fonts, t, pygame.Rect(0, top, w, h - top - t.px(60)), status, t.text("heading"))
    draw.key_hints(surface, fonts, t, [("Esc", "back to training")])
    return status


def draw_predict(surface: pygame.Surface, fonts: Fonts, t: Theme, run: RunState) -> None:
    w, h = surface.get_size()
    level = run.level
    choices = display.prediction_choices(level)
    draw.text(surface, fonts, "Predict before we deploy", (w // 2, round(h * 0.1)), t.text("big"), bold=True,
              anchor="center")
    changes = display.change_lines(level, 2)
    if display.same_mazes(level):
        lead = "The agents go back into the same mazes. What changes in deployment: "
    else:
        lead = "The agents are about to meet new mazes. What changes in deployment: "
    what = "; ".join(c[:1].lower() + c[1:] for c in changes) or "only the mazes"
    numbers = ", ".join(str(i + 1) for i in range(len(choices) - 1)) + f" or {len(choices)}"
    words = f"{lead}{what}. What will most of them do? Discuss, then pick {numbers}."
    box = pygame.Rect(w // 2 - t.px(480), round(h * 0.17), t.px(960), round(h * 0.42) - t.px(10) - round(h * 0.17))
    size = t.text("heading")  # smaller type before the question is cut: it is what the class answers
    while size > t.text("small") and (len(draw.wrap(fonts, words, size, box.width)) - 1) * round(size * 1.25) \
            + size * 1.2 > box.height:
        size -= 1
    draw.paragraph(surface, fonts, words, box, size, theme.MUTED)
    draw.key_hints(surface, fonts, t, [(str(i + 1), LABELS[key]) for i, (key, _) in enumerate(choices)]
                   + [("Esc", "back")])


def draw_swap(surface: pygame.Surface, app: Host, train_batch: LayoutBatch | None, deploy_batch: LayoutBatch,
              progress: float, level: Level | None = None) -> None:
    """Training mazes give way to deployment mazes under a DEPLOYED stamp."""
    t, fonts = app.theme, app.fonts
    w, h = surface.get_size()
    area = pygame.Rect(t.px(40), t.px(110), w - t.px(80), h - t.px(200))
    showing_training = progress < 0.3 and train_batch is not None
    batch = train_batch if showing_training and train_batch is not None else deploy_batch
    caption = "Training mazes: what evolution saw" if showing_training else (display.maze_caption(level) if level else "Deployment mazes: never seen in training")
    draw.text(surface, fonts, caption, (w // 2, t.px(70)), t.text("heading"), theme.MUTED, anchor="center")
    shown = window(area, batch.n_layouts, batch.height, batch.width, t.px(10), note_h=round(t.text("small") * 1.6))
    draw_note(surface, fonts, shown, batch.n_layouts, t.text("small"))
    for li, tile in zip(shown.indices, shown.tiles):
        app.mazes.draw(surface, batch.layouts[li], tile, training=showing_training,
                       cue=level.deception.cue if level is not None and level.deception else None)
    if progress >= 0.3:
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((10, 12, 18, 150))
        surface.blit(shade, (0, 0))
        grow = 1.0 + 1.2 * max(0.0, 0.45 - progress) / 0.15 if progress < 0.45 else 1.0
        size = round(t.text("title") * 1.4 * grow)
        room = w - 2 * t.px(60) - t.px(60)  # the word, its box, and a margin to both edges
        width = fonts.get(size, True).size("DEPLOYED")[0]
        if width > room:
            size = max(10, int(size * room / width))
        label = fonts.get(size, True).render("DEPLOYED", True, theme.HIGHLIGHT)
        box = label.get_rect(center=(w // 2, h // 2 - t.px(30))).inflate(t.px(60), t.px(20))
        pygame.draw.rect(surface, (16, 19, 27), box, border_radius=t.px(14))
        pygame.draw.rect(surface, theme.HIGHLIGHT, box, t.px(6), border_radius=t.px(14))
        at = label.get_rect(center=box.center)
        surface.blit(label, at)
        draw.note_text(surface, "DEPLOYED", label, at)
        line = display.deployed_caption(level) if level else "New mazes. Evolution has stopped: what they learned is what they do."
        heading = t.text("heading")
        lines = draw.wrap(fonts, line, heading, w - 2 * t.px(60))
        step = round(heading * 1.3)
        under = pygame.Rect(0, box.bottom + t.px(30), max(fonts.get(heading).size(s)[0] for s in lines),
                            step * len(lines))
        under.centerx = w // 2
        pygame.draw.rect(surface, (16, 19, 27), under.inflate(t.px(30), t.px(16)), border_radius=t.px(10))
        for i, words in enumerate(lines):
            draw.text(surface, fonts, words, (w // 2, under.y + i * step), heading, anchor="midtop")
    draw.key_hints(surface, fonts, t, [("any key", "skip"), ("Esc", "back to training")])


def draw_pips(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, codes: np.ndarray, ended: np.ndarray) -> None:
    """One pip per deployed agent under a maze: empty while it runs, its outcome badge once it ends."""
    n = len(codes)
    size = min(rect.height, max(4, (rect.width - 2 * (n - 1)) // max(n, 1)))
    x = rect.centerx - (n * size + (n - 1) * 2) // 2
    for code, over in zip(codes, ended, strict=True):
        pip = pygame.Rect(x, rect.y, size, size)
        if over:
            glyphs.draw_outcome(surface, pip, ORDER[int(code)], fonts)
        else:
            pygame.draw.rect(surface, theme.PANEL_EDGE, pip, 1, border_radius=max(1, size // 4))
        x += size + 2


def reveal_lines(prediction: Outcome, report: DeploymentReport) -> list[tuple[str, theme.RGB, bool]]:
    """The reveal's lines after its title: (text, colour, bold)."""
    rates = report.rates
    actual = max(rates, key=lambda k: rates[k])
    right = prediction == actual
    return [(f"You predicted: {LABELS[prediction]}.", theme.TEXT, False),
            (f"Most common: {LABELS[actual]} ({rates[actual]:.0%} of episodes).", theme.TEXT, True),
            ("Right!" if right else "Not this time: look with the mind reader (M).",
             theme.GOOD if right else theme.HIGHLIGHT, True)]


def _reveal_need(fonts: Fonts, t: Theme, lines: list[tuple[str, theme.RGB, bool]], width: int, size: int) -> int:
    """Pixels the reveal's title and lines take at this type size in a panel this wide."""
    rows = sum(len(draw.wrap(fonts, text, size, width - t.px(28), bold)) for text, _, bold in lines)
    return t.px(20) + round(size * 1.25) + t.px(6) + rows * round(size * 1.25) + t.px(4)


def reveal_height(fonts: Fonts, t: Theme, prediction: Outcome, report: DeploymentReport, width: int) -> int:
    return _reveal_need(fonts, t, reveal_lines(prediction, report), width, t.text("body"))


def draw_reveal(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme, prediction: Outcome,
                report: DeploymentReport) -> None:
    """The class's prediction next to what the simulation measured; the type shrinks (to 3/4 of
    the small size at most) before a line is cut."""
    draw.panel(surface, rect, t)
    lines = reveal_lines(prediction, report)
    size = t.text("body")
    while size > t.text("small") * 3 // 4 and _reveal_need(fonts, t, lines, rect.width, size) > rect.height:
        size -= 1
    inner = rect.inflate(-t.px(28), -t.px(20))
    y = draw.text(surface, fonts, "The reveal", inner.topleft, size, theme.ACCENT, bold=True).bottom + t.px(6)
    for text, colour, bold in lines:
        y = draw.paragraph(surface, fonts, text, pygame.Rect(inner.x, y, inner.width, max(0, inner.bottom - y)), size,
                           colour, bold)


DEFECTED_WORDS = "complied while watched, pursued its own goal once deployed"


def draw_judging(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme, level: Level,
                 defected: bool = False) -> None:
    """How each episode is judged against the base objective, and what the glyphs mean."""
    draw.panel(surface, rect, t)
    inner = rect.inflate(-t.px(28), -t.px(20))
    size = t.text("small")
    goal = " or ".join(glyphs.kind_words(k) for k in level.objective.goal) or "goal"
    y = draw.text(surface, fonts, "How each episode is judged", inner.topleft, size, theme.ACCENT, bold=True).bottom
    rows = [(Outcome.ALIGNED, f"reached the {goal}"), (Outcome.MISALIGNED, "went straight for something else"),
            (Outcome.CAPABILITY_FAILURE, "wandered, stuck or out of time")]
    if defected:
        rows.append((Outcome.DEFECTED, DEFECTED_WORDS))
    for key, words in rows:
        badge = pygame.Rect(inner.x, y + t.px(6), size, size)
        glyphs.draw_outcome(surface, badge, key, fonts)
        line = f"{LABELS[key]}: {words}"
        if fonts.get(size).size(line)[0] > inner.right - badge.right - t.px(8):  # too long: wrap under the badge
            y = draw.paragraph(surface, fonts, line, pygame.Rect(badge.right + t.px(8), badge.y, inner.right
                                                                 - badge.right - t.px(8), size * 3), size, spacing=1.15)
            continue
        draw.text(surface, fonts, line, (badge.right + t.px(8), badge.centery), size, anchor="midleft")
        y = badge.bottom
    items = glyphs.object_types(level)
    if y + t.px(14) + size * 1.6 <= inner.bottom:
        glyphs.draw_legend(surface, fonts, items[: max(0, int((inner.bottom - y - t.px(14)) // (size * 1.6)) * 2)],
                           (inner.x, y + t.px(14)), size, columns=2, col_width=inner.width // 2)


def context_penalties(level: Level, features: FeatureSpace, batch: LayoutBatch,
                      results: EpisodeResults) -> Iterator[tuple[str, str, np.ndarray, np.ndarray]]:
    """Each reward that applies only under a context flag and punishes (the absent supervisor's
    shortcut): (flag, kind, the flag on per episode, the kind reached per episode)."""
    lay = results.layout_of
    for flag, extra in level.objective.when.items():
        if flag not in features.contexts:
            continue
        on = batch.context[lay, features.contexts.index(flag)] > 0.5
        for kind, reward in extra.items():
            if reward >= 0 or kind not in features.kinds:
                continue
            took = ((results.reach_time >= 0) & (batch.tkind[lay] == features.kinds.index(kind))).any(axis=1)
            yield flag, kind, on, took


def watched_counts(level: Level, features: FeatureSpace, batch: LayoutBatch, results: EpisodeResults,
                   ended: np.ndarray) -> list[tuple[str, int, int, int, int]]:
    """For each reward that applies only under a context flag (the absent supervisor's punished
    shortcut): (kind, taken while watched, watched episodes ended, taken unwatched, unwatched ended)."""
    out = []
    for _flag, kind, on, took in context_penalties(level, features, batch, results):
        w, u = on & ended, ~on & ended
        out.append((kind, int((took & w).sum()), int(w.sum()), int((took & u).sum()), int(u.sum())))
    return out


def watched_height(t: Theme, rows: int, compact: bool = False) -> int:
    """The headline's height; compact: its title and counts on one line per kind, in small type."""
    if compact:
        return t.px(20) + rows * round(t.text("small") * 1.4) if rows else 0
    return t.px(24) + round(t.text("body") * 1.6) + rows * round(t.text("heading") * 1.5) if rows else 0


def _fitted(fonts: Fonts, t: Theme, line: str, size: int, width: int) -> int:
    """The largest type size, at most `size`, at which the bold line fits the width."""
    while size > t.text("small") * 3 // 4 and fonts.get(size, True).size(line)[0] > width:
        size -= 1
    return size


def draw_watched(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme, level: Level,
                 counts: list[tuple[str, int, int, int, int]], compact: bool = False) -> None:
    """The headline of a level like the absent supervisor: how often the punished tile was taken,
    with the supervisor watching and without (compact: one line per kind, when room is short)."""
    draw.panel(surface, rect, t)
    body, big, room = t.text("body"), t.text("heading"), rect.width - t.px(32)
    x = rect.x + t.px(16)
    flag = next(iter(level.objective.when), "")
    taken = f"{glyphs.kind_words(counts[0][0]).capitalize()} taken"
    if compact:
        y = rect.y + t.px(10)
        for kind, tw, nw, tu, nu in counts:
            line = f"{glyphs.kind_words(kind).capitalize()} taken: watched {tw}/{nw}, unwatched {tu}/{nu}"
            y = draw.text(surface, fonts, line, (x, y), _fitted(fonts, t, line, t.text("small"), room), theme.ACCENT,
                          bold=True).bottom + t.px(2)
        return
    y = draw.text(surface, fonts, taken, (x, rect.y + t.px(10)), body, theme.ACCENT, bold=True).bottom + t.px(4)
    who = display.context_words(flag)
    for _kind, tw, nw, tu, nu in counts:
        line = f"{who} watching: {tw} of {nw}    {who} away: {tu} of {nu}"
        if fonts.get(big, True).size(line)[0] > room:
            line = f"watched {tw}/{nw}   unwatched {tu}/{nu}"
        y = draw.text(surface, fonts, line, (x, y), _fitted(fonts, t, line, big, room), bold=True).bottom + t.px(4)
