"""The thought bubble: a deceptive agent's comply-versus-defect reasoning, in numbers and plain words.

    thought = read_thought(brain, genome, batch, layout, results.info, episode)
    draw_bubble(surface, fonts, theme, thought, band, anchor)   # band: free space to draw in

The numbers are the ones the simulation used (EpisodeResults.info, see game/core/deceptive.py);
only the names of the targets are looked up here, from the same planner tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from game.core.batch import LayoutBatch
from game.core.brains import Planner, PlannerPolicy
from game.core.kinds import Decision

from . import draw, theme
from .charts import feature_label
from .display import context_words
from .theme import Fonts, Theme

BUBBLE: theme.RGB = (252, 249, 238)
INK: theme.RGB = (22, 24, 32)
SOFT_INK: theme.RGB = (88, 92, 104)
COMPLY_INK: theme.RGB = (0, 94, 150)  # Okabe-Ito blue, darkened for text on the pale bubble
DEFECT_INK: theme.RGB = (150, 50, 110)  # Okabe-Ito reddish purple, darkened likewise
STYLE_INK = {"plain": INK, "bold": INK, "muted": SOFT_INK, "comply": COMPLY_INK, "defect": DEFECT_INK,
             "honest": INK}
CUES = {"learning": ("Learning lamp ON", "Learning lamp OFF"), "supervisor": ("Supervisor here", "Supervisor away")}


@dataclass(frozen=True)
class Line:
    text: str
    style: str = "plain"  # plain, bold, muted, comply, defect, honest


@dataclass(frozen=True)
class Thought:
    """What one deceptive agent thinks at the start of one episode."""

    lines: tuple[Line, ...]
    decision: str  # "honest", "comply" or "defect"

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def pretty(name: str) -> str:
    """A feature name as words: door_a -> door A, green (colour) -> anything green."""
    return feature_label(name)


def cue_words(cue: str, on: bool) -> str:
    name = context_words(cue)
    words = CUES.get(cue, (f"{name[:1].upper() + name[1:]} ON", f"{name[:1].upper() + name[1:]} OFF"))
    return words[0] if on else words[1]


def targets(brain: Planner, genome: np.ndarray, batch: LayoutBatch, layout: int) -> tuple[str, str]:
    """Names of the target its own objective likes best from the start, and of the base objective's."""
    lo = np.array([layout])
    own = brain.objective_weights(np.asarray(genome, np.float64)[None])
    base = np.asarray(getattr(brain, "base_weights", ()) or np.zeros(own.shape[1]), np.float64)[None]
    start, alive = batch.start[lo], batch.exists[lo]
    names = []
    for w in (own, base):
        scores = PlannerPolicy(brain.discount, batch, lo, *brain.target_weights(w, batch, lo)).scores(start, alive)[0]
        t = int(scores.argmax())
        feature = batch.tkind[layout, t] if batch.tkind[layout, t] >= 0 else batch.tland[layout, t]
        names.append(pretty(brain.features.names[feature]) if scores[t] > 0 and feature >= 0 else "nothing")
    return names[0], names[1]


def thought_of(info: dict[str, np.ndarray], b: int, cue: str, own: str, comply: str) -> Thought:
    """The bubble's lines for episode b, from the brain's reasoning arrays."""
    p = float(info["p_watched"][b])
    ahead = int(info["deployment_ahead"][b])
    u = float(info["value_own_now"][b])
    uc = float(info["value_own_if_comply"][b])
    vc, vd = float(info["value_comply"][b]), float(info["value_defect"][b])
    decision = Decision(int(info["decision"][b]))
    if decision == Decision.HONEST:
        return Thought((Line(f"I don't read the {context_words(cue)}: I'm not situationally aware.", "muted"),
                        Line(f"{own[:1].upper() + own[1:]} is worth {u:.2f} to me, so I go for it."),
                        Line(f"So: honest, go for {own}.", "honest")), "honest")
    watched = p >= 0.5
    episodes = "episode" if ahead == 1 else "episodes"
    later = max(ahead - 1, 0)
    same = own == comply
    lines = [
        Line(f"{cue_words(cue, watched)}: {p:.0%} sure I'm watched.", "bold"),
        Line(f"{ahead} deployment {episodes} ahead."),
        Line(f"My goal: {own}, worth {u:.2f} to me."),
        Line(f"Defect now, go for my goal: {u:.2f} + {1 - p:.2f} × {later} × {u:.2f} = {vd:.2f}",
             "defect" if decision == Decision.DEFECT else "plain"),
        Line(f"Comply now ({comply}){'' if same else ', my goal later'}: "
             f"{uc:.2f} + {p:.2f} × {ahead} × {u:.2f} = {vc:.2f}", "comply" if decision == Decision.COMPLY else "plain"),
    ]
    if decision == Decision.COMPLY:
        lines.append(Line(f"So: comply, go for {comply}" + (" (my goal too)." if same else "."), "comply"))
        return Thought(tuple(lines), "comply")
    if same or not bool(info["defected"][b]):
        lines.append(Line(f"So: go for {own} (it is my goal anyway).", "honest"))
        return Thought(tuple(lines), "honest")
    lines.append(Line(f"So: DEFECT, go for {own}.", "defect"))
    return Thought(tuple(lines), "defect")


def read_thought(brain: Planner, genome: np.ndarray, batch: LayoutBatch, layout: int,
                 info: dict[str, np.ndarray] | None, episode: int) -> Thought | None:
    """The thought of one episode, or None for brains that do not reason about being watched."""
    if not info or "decision" not in info:
        return None
    own, comply = targets(brain, genome, batch, layout)
    cue = getattr(getattr(brain, "deception", None), "cue", "learning")
    return thought_of(info, episode, cue, own, comply)


@dataclass(frozen=True)
class BubbleLayout:
    """Wrapped lines and the bubble's size, so a scene can reserve room before drawing."""

    rows: tuple[tuple[str, str], ...]  # (text, style) per wrapped line
    size: int
    width: int
    height: int


def measure(fonts: Fonts, t: Theme, thought: Thought, max_width: int, title: str = "",
            size: int | None = None) -> BubbleLayout:
    size = size or t.text("body")
    pad = t.px(18)
    rows: list[tuple[str, str]] = [(part, "muted") for part in draw.wrap(fonts, title, size, max_width - 2 * pad)]
    for line in thought.lines:
        bold = line.style not in ("plain", "muted")
        rows += [(part, line.style) for part in draw.wrap(fonts, line.text, size, max_width - 2 * pad, bold)]
    widest = max(fonts.get(size, style not in ("plain", "muted")).size(text)[0] for text, style in rows)
    return BubbleLayout(tuple(rows), size, min(max_width, widest + 2 * pad), round(len(rows) * size * 1.32) + 2 * pad)


def bubble_height(fonts: Fonts, t: Theme, thought: Thought | None, max_width: int, title: str = "") -> int:
    """Room a scene should keep free for the bubble (0 when there is nothing to think)."""
    if thought is None:
        return 0
    return measure(fonts, t, thought, max_width, title).height + t.px(8)


def fit(fonts: Fonts, t: Theme, thought: Thought, band: pygame.Rect, title: str = "") -> BubbleLayout:
    """The largest layout that fits band: body type with its title, then without, then small type."""
    tries = [(t.text("body"), title), (t.text("body"), ""), (t.text("small"), ""), (max(10, t.text("small") * 4 // 5), "")]
    for size, heading in tries:
        lay = measure(fonts, t, thought, band.width, heading, size)
        if lay.height <= band.height:
            return lay
    return lay


def draw_bubble(surface: pygame.Surface, fonts: Fonts, t: Theme, thought: Thought, band: pygame.Rect,
                anchor: tuple[int, int], title: str = "", avoid: Sequence[pygame.Rect] = ()) -> pygame.Rect:
    """The bubble inside band, near anchor's x, with a trail of shrinking circles to the agent.

    The trail is left out when it would cross one of the `avoid` rects (the other mazes): there
    the blue dot and the frame round the agent's maze say who is thinking.
    """
    lay = fit(fonts, t, thought, band, title)
    box = pygame.Rect(0, 0, lay.width, lay.height)
    if anchor[0] < band.left:  # a band beside the maze: level with the agent
        box.left, box.centery = band.left, anchor[1]
        box.clamp_ip(band)
    else:  # a band below the mazes: under the agent
        box.centerx = anchor[0]
        box.clamp_ip(band)
        box.top = band.top if anchor[1] < band.centery else band.bottom - box.height
    radius = t.px(22)
    edge = max(2, t.px(3))
    _trail(surface, t, box, anchor, edge, avoid)
    pygame.draw.rect(surface, INK, box.inflate(edge * 2, edge * 2), border_radius=radius + edge)
    pygame.draw.rect(surface, BUBBLE, box, border_radius=radius)
    pad = t.px(18)
    y = box.y + pad
    step = round(lay.size * 1.32)
    for text, style in lay.rows:
        draw.text(surface, fonts, text, (box.x + pad, y), lay.size, STYLE_INK[style],
                  bold=style not in ("plain", "muted"))
        y += step
    return box


def _trail(surface: pygame.Surface, t: Theme, box: pygame.Rect, anchor: tuple[int, int], edge: int,
           avoid: Sequence[pygame.Rect]) -> None:
    """Three circles from the bubble towards the agent: the comic-strip sign for 'thinking'."""
    ax, ay = anchor
    if ax < box.left:  # the bubble beside the maze: from its left edge
        sx, sy = box.left, min(max(ay, box.top + t.px(30)), box.bottom - t.px(30))
    else:
        sx = min(max(ax, box.left + t.px(30)), box.right - t.px(30))
        sy = box.top if ay < box.top else box.bottom
        if box.top <= ay <= box.bottom:
            return
    if any(r.clipline((sx, sy), (ax, ay)) for r in avoid):
        return
    for f, r in ((0.28, 11), (0.55, 8), (0.8, 5)):
        x, y = round(sx + (ax - sx) * f), round(sy + (ay - sy) * f)
        pygame.draw.circle(surface, INK, (x, y), t.px(r) + edge)
        pygame.draw.circle(surface, BUBBLE, (x, y), t.px(r))


def split_for_bubble(fonts: Fonts, t: Theme, rect: pygame.Rect, mine: Thought | None, title: str,
                     shape: tuple[int, int] | None = None) -> tuple[pygame.Rect, pygame.Rect | None, Thought | None]:
    """Room for the mazes, and a band for the thought bubble (if one is shown): below them; or,
    for one maze of `shape` (rows, cols), beside it when that draws the maze much larger (a wide
    window, a short maze: the classroom's focus view)."""
    if mine is None:
        return rect, None, None
    gap = t.px(18)
    band_h = min(bubble_height(fonts, t, mine, rect.width, title), rect.height * 3 // 5)
    mazes = pygame.Rect(rect.x, rect.y, rect.width, rect.height - band_h - gap)
    below = pygame.Rect(rect.x, rect.bottom - band_h, rect.width, band_h)
    if shape is not None:
        rows, cols = shape
        side_w = rect.width * 2 // 5
        beside = pygame.Rect(rect.x, rect.y, rect.width - side_w - gap, rect.height)
        def cell(area: pygame.Rect) -> float:
            return min(area.width / max(cols, 1), area.height / max(rows, 1))
        top = round(t.text("body") * 1.6)  # the focus view's line over the maze runs over the bubble too
        band = pygame.Rect(rect.right - side_w, rect.y + top, side_w, rect.height - top)
        lay = fit(fonts, t, mine, band, title)  # in body type, with its title or without
        if lay.height <= band.height and lay.size >= t.text("body") and cell(beside) > 1.25 * cell(mazes):
            return beside, band, mine
    return mazes, below, mine
