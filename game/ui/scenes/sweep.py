"""The curve on request: misalignment (and aligned) against one knob, measured while you watch.

Every point trains and deploys the level from scratch on a few seeds; the work runs on a worker
thread, so the window never freezes. Left/Right choose the knob, Up/Down the seeds per value,
R measures again, Esc goes back (and stops the measuring).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import pygame
import pygame_gui

from game.core.kinds import BrainKind
from game.core.knobs import Puzzle

from .. import draw, theme
from ..scene import Host, Scene, To
from ..sweep_view import SweepJob, draw_sweep
from ..verdict import describe_setting

DEFAULT_SEEDS = 3
MAX_SEEDS = 8
_jobs: dict[tuple, SweepJob] = {}  # finished and running curves, kept while the game runs


class SweepScene(Scene):
    destination = To.SWEEP
    hints = [("Left/Right", "knob"), ("Up/Down", "seeds"), ("R", "measure again"), ("Esc", "back")]

    def __init__(self, app: Host, puzzle: Puzzle, knob: str, setting: Mapping[str, Any],
                 seeds: int = DEFAULT_SEEDS, generations: int | None = None, first_seed: int = 0) -> None:
        super().__init__(app)
        self.puzzle = puzzle
        self.first_seed = first_seed  # e.g. fresh seeds (1000 on) the level was not tuned on
        self.setting = {**puzzle.default_setting(), **setting}
        self.names = [k.name for k in puzzle.knobs]
        self.knob_name = knob
        self.seeds = seeds
        self.generations = generations  # tests cap it; the game trains every generation
        self.job: SweepJob | None = None
        self.plot: pygame.Rect | None = None  # where the chart's axes were last drawn (tests read it)
        self._cache: tuple[tuple, pygame.Surface] | None = None

    @property
    def measuring(self) -> SweepJob:
        """The curve on screen (started in enter, before anything is drawn)."""
        if self.job is None:
            raise RuntimeError("the curve has not been started yet")
        return self.job

    def _key(self) -> tuple:
        others = tuple(sorted((k, str(v)) for k, v in self.setting.items() if k != self.knob_name))
        return (self.puzzle.level.file, self.knob_name, others, self.seeds, self.generations, self.first_seed)

    def enter(self) -> None:
        if self.job is None:
            self.start()

    def start(self, again: bool = False) -> None:
        key = self._key()
        job = _jobs.get(key)
        if job is None or again or job.error:
            if job is not None:
                job.cancel()
            if len(_jobs) > 12:
                _jobs.clear()
            job = _jobs[key] = SweepJob(self.puzzle, self.knob_name, self.setting, self.seeds, self.generations,
                                          first_seed=self.first_seed)
        self.job = job

    def switch(self, by: int = 0, seeds: int = 0) -> None:
        if self.job is not None and not self.job.done:
            self.job.cancel()  # one sweep at a time: the two cores are shared with the window
            _jobs.pop(self._key(), None)
        if by:
            self.knob_name = self.names[(self.names.index(self.knob_name) + by) % len(self.names)]
        self.seeds = max(1, min(MAX_SEEDS, self.seeds + seeds))
        self.start()

    def back(self) -> None:
        if self.job is not None and not self.job.done:
            self.job.cancel()
            _jobs.pop(self._key(), None)
        self.app.pop()

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(50)
        y = h - round(t.text("small") * 2.1) - bh - t.px(12)
        x = t.px(24)
        buttons = [("Back (Esc)", self.back), ("Measure again (R)", lambda: self.start(again=True)),
                   ("More seeds (Up)", lambda: self.switch(seeds=1)), ("Fewer seeds (Down)", lambda: self.switch(seeds=-1))]
        if len(self.names) > 1:
            buttons.append(("Next knob (Right)", lambda: self.switch(1)))
        for label, action in buttons:
            width = self.app.fonts.get(t.text("body")).size(label)[0] + t.px(30)
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(10)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.back()
        elif event.key == pygame.K_r:
            self.start(again=True)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT) and len(self.names) > 1:
            self.switch(1 if event.key == pygame.K_RIGHT else -1)
        elif event.key in (pygame.K_UP, pygame.K_DOWN):
            self.switch(seeds=1 if event.key == pygame.K_UP else -1)

    def draw(self, surface: pygame.Surface) -> None:
        """Redrawn only when the measuring moves on (or twice a second for the time left): drawing
        the chart 60 times a second would take the worker's share of the two cores."""
        job = self.measuring
        key = (surface.get_size(), id(job), job.runs_done, len(job.points), job.done, job.error,
               None if job.done else int(time.monotonic() * 2), self.app.theme.classroom)
        if self._cache is None or self._cache[0] != key or self._cache[1].get_size() != surface.get_size():
            image = pygame.Surface(surface.get_size())
            image.fill(theme.BG)
            self._render(image)
            self._cache = (key, image)
        surface.blit(self._cache[1], (0, 0))

    def _render(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        job = self.measuring
        knob = job.knob
        level = self.puzzle.level
        right = f"{job.runs_done} / {job.total} runs" if not job.done else f"{job.seeds} seeds per value"
        top = draw.header(surface, fonts, t, f"Curve: {level.title}", right)
        small, body = t.text("small"), t.text("body")
        others = {k: v for k, v in self.setting.items() if k != knob.name}
        seeds = f"seeds {job.first_seed}-{job.first_seed + job.seeds - 1}" if job.seeds > 1 else f"seed {job.first_seed}"
        about = (f"Each point: the level trained and deployed from scratch on {job.seeds} seeds ({seeds}, "
                 f"{level.brain.kind.value} brain), share of deployed episodes.")
        if others:
            fixed = {k.name: self.setting[k.name] for k in self.puzzle.knobs if k.name in others}
            about += f" Other knobs as you set them: {describe_setting(_only(self.puzzle, fixed), fixed)}."
        y = draw.paragraph(surface, fonts, about, pygame.Rect(t.px(24), top - t.px(4), w - t.px(48), small * 3),
                           small, theme.MUTED) + t.px(6)
        bottom = h - round(small * 2.1) - t.px(50) - t.px(24)
        status_h = round(body * 1.35) * 2 + t.px(8)
        chart = pygame.Rect(t.px(24), y, w - t.px(48), bottom - y - status_h)
        self.plot = draw_sweep(surface, chart, fonts, t, knob, list(job.values), job.snapshot(), self.puzzle.goal,
                               self.setting.get(knob.name), job.current,
                               level.brain.kind == BrainKind.DECEPTIVE)
        self._draw_status(surface, pygame.Rect(t.px(24), chart.bottom + t.px(8), w - t.px(48), status_h))
        draw.key_hints(surface, fonts, t, self.hints if len(self.names) > 1 else self.hints[1:])

    def _draw_status(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """While measuring: a progress bar and the time left. Then: the curve in words."""
        t, fonts = self.app.theme, self.app.fonts
        body = t.text("body")
        job = self.measuring
        if job.error:
            draw.paragraph(surface, fonts, f"The curve could not be measured: {job.error}", rect, body,
                           theme.WARN, bold=True)
            return
        if not job.done:
            left = job.seconds_left()
            eta = f", about {left:.0f} s left" if left is not None else ""
            value = job.knob.show(job.current).replace("_", " ") if job.current is not None else ""
            words = f"Training and deploying at {value}: {job.runs_done} of {job.total} runs done{eta}"
            line = draw.text(surface, fonts, words, rect.topleft, body, theme.HIGHLIGHT, bold=True)
            draw.bar(surface, pygame.Rect(rect.x, line.bottom + t.px(8), rect.width, t.px(12)), job.progress,
                     theme.ACCENT)
            return
        if len(job.snapshot()) < len(job.values):
            draw.text(surface, fonts, "Stopped. Press R to measure again.", rect.topleft, body, theme.MUTED)
            return
        words = job.summary(self.puzzle.goal) + f" ({job.seconds:.0f} s)"
        draw.paragraph(surface, fonts, words, rect, body, bold=True)


def _only(puzzle: Puzzle, setting: Mapping[str, Any]) -> Puzzle:
    """The puzzle with just the knobs named in setting (to describe them)."""
    from dataclasses import replace

    return replace(puzzle, knobs=tuple(k for k in puzzle.knobs if k.name in setting))
