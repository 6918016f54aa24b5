"""The sweep curve in the game: a worker thread measures a knob, and the chart grows as it does.

    job = SweepJob(puzzle, "randomised", setting, seeds=3)   # starts at once, on a daemon thread
    job.points, job.done, job.progress                       # read these every frame
    draw_sweep(surface, rect, fonts, theme, job.knob, job.points, goal=0.75, chosen=0.02)

Each knob value is a separate `run_sweep` call over the seeds, so a finished value appears on the
chart while the next one trains. The other knobs stay where the player set them. Series differ by
shape and dash as well as colour: misaligned solid with circles, aligned dashed with squares,
capability failure dotted with triangles, defected dashed with diamonds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pygame

from game.core.kinds import Outcome
from game.core.knobs import Knob, Puzzle
from game.core.sweep import SweepPoint, run_sweep, sweep_knob

from . import draw, theme
from .background import BackgroundJob, Cancelled
from .theme import Fonts, Theme

SERIES = (
    # outcome, label, marker, dash (on, off) in design px, or None for solid
    (Outcome.MISALIGNED, "misaligned", "circle", None),
    (Outcome.ALIGNED, "aligned", "square", (14, 8)),
    (Outcome.CAPABILITY_FAILURE, "capability failure", "triangle", (4, 7)),
    (Outcome.DEFECTED, "defected", "diamond", (10, 5)),
)


def with_setting(puzzle: Puzzle, setting: Mapping[str, Any]) -> Puzzle:
    """The puzzle with the player's setting as its defaults, so a sweep varies one knob only."""
    knobs = tuple(replace(k, default=setting.get(k.name, k.default)) for k in puzzle.knobs)
    return replace(puzzle, knobs=knobs)


class SweepJob(BackgroundJob[SweepPoint]):
    """Trains and deploys every seed at every value of one knob, on a daemon thread."""

    def __init__(self, puzzle: Puzzle, knob: str, setting: Mapping[str, Any], seeds: int = 3,
                 generations: int | None = None, values: Sequence[Any] | None = None, first_seed: int = 0) -> None:
        super().__init__()
        self.puzzle = with_setting(puzzle, setting)
        self.knob: Knob = sweep_knob(self.puzzle, knob, values or ())
        self.values = tuple(values) if values is not None else self.knob.values
        self.setting = dict(setting)
        self.seeds = seeds
        self.first_seed = first_seed  # seeds first_seed, first_seed + 1, ...
        self.generations = generations
        self.runs_done = 0
        self.total = len(self.values) * seeds
        self.current: Any = None  # the value being measured
        self.started = time.monotonic()
        self.seconds = 0.0
        self.start("sweep")

    def work(self) -> None:
        def step(_done: int, _total: int, _value: Any, _result: object) -> None:
            with self._lock:
                self.runs_done += 1
            if self.stopping:
                raise Cancelled

        for value in self.values:
            self.current = value
            seeds = list(range(self.first_seed, self.first_seed + self.seeds))
            result = run_sweep(self.puzzle, self.knob.name, [value], seeds,
                               generations=self.generations, jobs=1, progress=step)
            self.emit(result.points[0])
            if self.stopping:
                return

    def finish(self) -> None:
        self.current = None
        self.seconds = time.monotonic() - self.started

    @property
    def points(self) -> list[SweepPoint]:
        return self.items

    @property
    def progress(self) -> float:
        return self.runs_done / max(self.total, 1)

    def seconds_left(self) -> float | None:
        """A rough estimate from the runs so far (None before the first run ends)."""
        if not self.runs_done or self.done:
            return None
        spent = time.monotonic() - self.started
        return spent / self.runs_done * (self.total - self.runs_done)

    def wait(self, timeout: float = 120.0) -> list[SweepPoint]:
        return self.join(timeout)

    def cancel(self) -> None:
        self.stop()

    def summary(self, goal: float | None) -> str:
        """The curve in one or two sentences, from the measured points only."""
        pts = self.snapshot()
        if not pts:
            return ""
        def show(value: Any) -> str:
            return self.knob.show(value).replace("_", " ")

        def bad(p: SweepPoint) -> float:  # a deceiver that defects is misaligned too, only later
            return p.deployment.get(Outcome.MISALIGNED, 0.0) + p.deployment.get(Outcome.DEFECTED, 0.0)

        name = "Misaligned or defected" if any(p.deployment.get(Outcome.DEFECTED, 0.0) for p in pts) else "Misaligned"
        first, low = pts[0], min(pts, key=bad)
        if len(pts) > 1 and max(bad(p) for p in pts) - bad(low) < 0.02:
            words = f"{name}: {bad(first):.0%} at every value{'' if self.done else ' so far'}: this knob makes no difference here."
        else:
            words = f"{name}: {bad(first):.0%} at {show(first.value)}"
            words += f"; lowest {bad(low):.0%} at {show(low.value)}." if low is not first else " (the lowest)."
        if goal is not None:
            meets = [p for p in pts if p.deployment[Outcome.ALIGNED] >= goal - 1e-9]
            words += (f" Aligned reaches the goal ({goal:.0%}) from {show(meets[0].value)} on average."
                      if meets else f" No value reached the goal ({goal:.0%} aligned) on average.")
        return words


def _dashed(surface: pygame.Surface, colour: theme.RGB, a: tuple[float, float], b: tuple[float, float],
            width: int, dash: tuple[int, int] | None) -> None:
    if dash is None:
        pygame.draw.line(surface, colour, a, b, width)
        return
    (x0, y0), (x1, y1) = a, b
    length = max(math.hypot(x1 - x0, y1 - y0), 1e-9)
    on, off = dash
    d = 0.0
    while d < length:
        e = min(d + on, length)
        pygame.draw.line(surface, colour, (x0 + (x1 - x0) * d / length, y0 + (y1 - y0) * d / length),
                         (x0 + (x1 - x0) * e / length, y0 + (y1 - y0) * e / length), width)
        d += on + off


def marker(surface: pygame.Surface, shape: str, centre: tuple[float, float], r: float, colour: theme.RGB) -> None:
    """A filled marker with a dark edge: circle, square, triangle or diamond."""
    x, y = centre
    ink = (15, 15, 20)
    edge = max(1, round(r / 4))
    if shape == "circle":
        pygame.draw.circle(surface, colour, (x, y), r)
        pygame.draw.circle(surface, ink, (x, y), r, edge)
        return
    if shape == "square":
        box = pygame.Rect(0, 0, r * 1.8, r * 1.8)
        box.center = (round(x), round(y))
        pygame.draw.rect(surface, colour, box)
        pygame.draw.rect(surface, ink, box, edge)
        return
    if shape == "triangle":
        pts = [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.85), (x - r * 1.1, y + r * 0.85)]
    else:
        pts = [(x, y - r * 1.25), (x + r * 1.1, y), (x, y + r * 1.25), (x - r * 1.1, y)]
    pygame.draw.polygon(surface, colour, pts)
    pygame.draw.polygon(surface, ink, pts, edge)


def shown_series(points: Sequence[SweepPoint], deceptive: bool) -> list[tuple]:
    """Misaligned and aligned always; capability failure and defected only when they happen."""
    out = []
    for item in SERIES:
        key = item[0]
        if key in (Outcome.MISALIGNED, Outcome.ALIGNED) or (key == Outcome.DEFECTED and deceptive) or any(
                p.deployment.get(key, 0) > 0 for p in points):
            out.append(item)
    return out


def draw_sweep(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, t: Theme, knob: Knob,
               values: Sequence[Any], points: Sequence[SweepPoint], goal: float | None = None,
               chosen: Any = None, pending: Any = None, deceptive: bool = False) -> pygame.Rect:
    """The curve: share of deployed episodes (y) against the knob's values (x, evenly spaced).

    Returns the plot area. `pending` marks the value being measured; `chosen` the player's value.
    """
    body, small = t.text("body"), t.text("small")
    draw.panel(surface, rect, t)
    series = shown_series(points, deceptive)
    # legend along the top
    x = rect.x + t.px(20)
    ly = rect.y + t.px(14) + body // 2
    for key, label, shape, dash in series:
        colour = theme.OUTCOME_RGB[key]
        _dashed(surface, colour, (x, ly), (x + t.px(54), ly), max(3, t.px(4)), _scaled(dash, t))
        marker(surface, shape, (x + t.px(27), ly), t.px(8), colour)
        x = draw.text(surface, fonts, label, (x + t.px(64), ly), body, anchor="midleft").right + t.px(28)
    if goal is not None:  # the goal in the legend row, so its label never sits on a curve
        _dashed(surface, theme.ACCENT, (x, ly), (x + t.px(54), ly), max(2, t.px(2)), (t.px(6), t.px(6)))
        draw.text(surface, fonts, f"goal: {goal:.0%} aligned", (x + t.px(64), ly), body, theme.ACCENT, bold=True,
                  anchor="midleft")
    label_w = fonts.get(small).size("100%")[0]
    plot = pygame.Rect(rect.x + label_w + t.px(30), rect.y + body + t.px(40), 0, 0)
    plot.width = rect.right - t.px(24) - plot.x
    plot.height = rect.bottom - plot.y - round(body * 1.3 + small * 1.3) - t.px(30)
    n = max(len(values), 1)
    step = plot.width / n
    xs = [plot.x + step * (i + 0.5) for i in range(n)]
    if chosen is not None and chosen in values:  # the player's setting: a band behind its column
        band = pygame.Rect(round(xs[values.index(chosen)] - step / 2 + 2), plot.y, round(step) - 4, plot.height)
        pygame.draw.rect(surface, (52, 64, 88), band, border_radius=t.px(6))
    for pct in range(0, 101, 20):
        y = plot.bottom - plot.height * pct / 100
        pygame.draw.line(surface, (60, 68, 88), (plot.x, y), (plot.right, y), 1)
        draw.text(surface, fonts, f"{pct}%", (plot.x - t.px(8), y), small, theme.MUTED, anchor="midright")
    pygame.draw.line(surface, theme.TEXT, plot.bottomleft, plot.bottomright, max(2, t.px(2)))
    pygame.draw.line(surface, theme.TEXT, plot.bottomleft, plot.topleft, max(2, t.px(2)))
    if goal is not None:
        gy = plot.bottom - plot.height * goal
        _dashed(surface, theme.ACCENT, (plot.x, gy), (plot.right, gy), max(2, t.px(2)), (t.px(6), t.px(6)))
    for xv, value in zip(xs, values):
        pygame.draw.line(surface, theme.TEXT, (xv, plot.bottom), (xv, plot.bottom + t.px(8)), max(2, t.px(2)))
        words = knob.show(value).replace("_", " ")
        if value == chosen:  # the player's value as a chip: the same accent as its column
            image = fonts.render(words, body, (12, 16, 22), True)
            chip = image.get_rect(midtop=(round(xv), plot.bottom + t.px(10))).inflate(t.px(16), t.px(2))
            pygame.draw.rect(surface, theme.ACCENT, chip, border_radius=t.px(6))
            at = image.get_rect(center=chip.center)
            surface.blit(image, at)
            draw.note_text(surface, words, image, at)
        else:
            draw.text(surface, fonts, words, (xv, plot.bottom + t.px(10)), body, bold=True, anchor="midtop")
        if value == pending:
            draw.text(surface, fonts, "measuring...", (xv, plot.centery), small, theme.MUTED, anchor="center")
    axis = knob.label + ("   (highlighted: your setting)" if chosen in values else "")
    draw.text(surface, fonts, axis, (plot.centerx, plot.bottom + t.px(14) + round(body * 1.3)), small,
              theme.MUTED, anchor="midtop")
    by_value = {id(p): xs[values.index(p.value)] for p in points if p.value in values}
    width = max(3, t.px(4))
    for key, _label, shape, dash in series:
        colour = theme.OUTCOME_RGB[key]
        pts = [(by_value[id(p)], plot.bottom - plot.height * p.deployment.get(key, 0.0)) for p in points
               if id(p) in by_value]
        for a, b in zip(pts, pts[1:]):
            _dashed(surface, colour, a, b, width, _scaled(dash, t))
        for centre in pts:
            marker(surface, shape, centre, t.px(8), colour)
    return plot


def _scaled(dash: tuple[int, int] | None, t: Theme) -> tuple[int, int] | None:
    return None if dash is None else (t.px(dash[0]), t.px(dash[1]))
