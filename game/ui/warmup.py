"""What the first frames would load lazily, loaded a little at a time before a scene needs it.

The first text drawn at a size makes SDL_ttf open the font face and rasterise every glyph it
uses (3-8 ms per font; the theme has ten: five type sizes, regular and bold), pygame_gui does the
same for the fonts of its widgets, and the first maze drawn parses the pictures of its objects.
Left to the first frame that needs them, that is one frame of about 0.3 s on a loaded machine.
`Warmup` does the same work in small jobs at the end of the frames that come first (the title
screen, which already shows): at least one job a frame, more while the frame's budget lasts.
The game's own first frames are a `splash` (its name) until every font is warm, so the title
screen's first frame needs none of it. A change of window size or classroom mode changes the type
sizes, so the app starts a new Warmup.
Warming changes no pixel: a font renders the same text the same whether warmed or not.
"""

from __future__ import annotations

import string
import time
from collections.abc import Callable, Iterator
from functools import partial

import pygame
import pygame_gui

from game import pictures as library

from . import pictures, theme
from .theme import Fonts, Theme

ROLES = ("title", "heading", "body", "small", "big")  # every type size the theme hands out (the title's first)
SAMPLE = string.ascii_letters + string.digits + string.punctuation + " "  # the glyphs most text uses
BUDGET = 0.006  # seconds of warming a frame may take after drawing
FONT_JOBS = len(ROLES) * 2 + 3  # the first jobs: every font; the pictures come after


def _font(fonts: Fonts, size: int, bold: bool) -> None:
    fonts.get(size, bold).render(SAMPLE, True, (255, 255, 255))


def _widget_font(manager: Callable[[], pygame_gui.UIManager], size: int, bold: bool, italic: bool) -> None:
    found = manager().get_theme().get_font_dictionary().find_font(size, "noto_sans", bold, italic)
    found.render_premul(SAMPLE, pygame.Color(255, 255, 255))


def jobs(fonts: Fonts, t: Theme, manager: Callable[[], pygame_gui.UIManager]) -> Iterator[Callable[[], None]]:
    """The warming jobs, a few milliseconds each: the theme's fonts, the widgets' fonts (of the
    manager in use when their turn comes), the pictures."""
    for role in ROLES:
        for bold in (True, False):
            yield partial(_font, fonts, t.text(role), bold)
    for bold, italic in ((False, False), (True, False), (False, True)):  # buttons; <b> and <i> in text boxes
        yield partial(_widget_font, manager, t.text("body"), bold, italic)
    for name in library.picture_names():
        yield partial(pictures.parsed, name)


class Warmup:
    """Runs `jobs` a few at a time (`step`, called once a frame) until none is left."""

    def __init__(self, work: Iterator[Callable[[], None]], budget: float = BUDGET) -> None:
        self._work = work
        self.budget = budget
        self.done = 0  # jobs run so far
        self.finished = False

    @property
    def fonts_warm(self) -> bool:
        """Every font has drawn its glyphs once (the splash lasts until then)."""
        return self.finished or self.done >= FONT_JOBS

    def step(self) -> int:
        """Run one job, then more while the budget lasts; the number run. A job that fails (a
        broken font file) is skipped: the frame that needs it reports it as it always did."""
        if self.finished:
            return 0
        started, ran = time.perf_counter(), 0
        while ran == 0 or time.perf_counter() - started < self.budget:
            job = next(self._work, None)
            if job is None:
                self.finished = True
                break
            try:
                job()
            except (pygame.error, OSError, ValueError):
                pass
            ran += 1
        self.done += ran
        return ran

    def finish(self) -> None:
        """Run every job left (tests; a caller that has time to spare)."""
        while not self.finished:
            self.step()


def splash(surface: pygame.Surface, fonts: Fonts, t: Theme, warm: Warmup) -> None:
    """A start-up frame (run_game's, until the fonts are warm): the game's name where the title
    screen has it, once its font is warm (the first job), and more fonts warmed, so the title
    screen's first frame finds them ready. The scene under it gets its input meanwhile."""
    surface.fill(theme.BG)
    if warm.done:
        w, h = surface.get_size()
        image = fonts.render("Mesa Maze", t.text("title"), theme.TEXT, True)
        surface.blit(image, image.get_rect(center=(w // 2, round(h * 0.17))))
    warm.step()
