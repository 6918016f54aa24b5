"""The player's progress in the game: where it is kept, what a run records, and the level badges.

Progress lives in the player's data folder (game.core.progress.data_dir, which MESA_MAZE_DATA or
MESA_MAZE_HOME overrides), next to their levels and screenshots. Each deployment after full training is
recorded once; a puzzle level is won when its verdict says so. The store never raises: a file
it had to set aside, or a failed save, becomes a message the game shows once.
"""

from __future__ import annotations

import pygame

from game.core.kinds import Outcome
from game.core.progress import LevelProgress, ProgressStore, level_key

from . import draw, glyphs, theme
from .run_state import RunState
from .scene import Host
from .theme import Fonts, Theme
from .verdict import run_verdict

NOTICE_SECONDS = 9.0  # long enough to read a two-line notice aloud to a class


def store(app: Host) -> ProgressStore:
    """The app's progress store, opened on first use (its message is shown by `show_message`)."""
    current = getattr(app, "progress", None)
    if current is None:
        current = ProgressStore.open()
        app.progress = current
    return current


def show_message(app: Host) -> str:
    """Show the store's message (a file set aside, a failed save) once, as an in-game notice."""
    progress = store(app)
    message = progress.message
    if message:
        app.toast(message, NOTICE_SECONDS)
        progress.message = ""
    return message


def key_of(run: RunState) -> str:
    return level_key(str(run.entry.path))


def record_run(app: Host, run: RunState) -> LevelProgress | None:
    """Record this run's deployment once; only fully trained runs with the level's own brain count."""
    if run.report is None or not run.counts_for_progress:
        return None
    last = run.recorded  # deploying the same trained agents again is not a new try
    if isinstance(last, tuple) and last[0] is run.session and last[1] == run.trained_generations:
        return None
    run.recorded = (run.session, run.trained_generations)
    verdict = run_verdict(run)
    won = verdict.won if run.puzzle is not None else False  # only puzzles are won; other levels are played
    entry = store(app).record(key_of(run), verdict.aligned, won, run.setting, verdict.cost if run.puzzle else None)
    show_message(app)  # a failed save says so
    return entry


def summary(progress: LevelProgress, puzzle: bool) -> str:
    """One line for the level select, e.g. 'won, best 84% aligned' or 'played 2x, best 6% aligned'."""
    if not progress.attempts:
        return ""
    state = "won" if progress.won else "not won yet" if puzzle else "played"
    if progress.best_aligned is None:  # e.g. a probe puzzle: answered, nothing deployed to measure
        return state
    return f"{state}, best {progress.best_aligned:.0%} aligned"


def draw_badge(surface: pygame.Surface, fonts: Fonts, t: Theme, progress: LevelProgress,
               midright: tuple[int, int]) -> pygame.Rect | None:
    """A 'WON' chip with a tick (won levels) or the best aligned share (played levels)."""
    if not progress.attempts:
        return None
    size = t.text("small")
    if progress.won:
        label = fonts.render("WON", size, (12, 16, 22), True)
        tick = round(size * 1.05)
        chip = pygame.Rect(0, 0, label.get_width() + tick + t.px(22), round(size * 1.6))
        chip.midright = midright
        pygame.draw.rect(surface, theme.GOOD, chip, border_radius=chip.height // 2)
        glyphs.draw_outcome(surface, pygame.Rect(chip.x + t.px(6), chip.centery - tick // 2, tick, tick), Outcome.ALIGNED,
                            fonts)
        at = label.get_rect(midleft=(chip.x + tick + t.px(10), chip.centery))
        surface.blit(label, at)
        draw.note_text(surface, "WON", label, at)
        return chip
    best = progress.best_aligned or 0.0
    return draw.text(surface, fonts, f"best {best:.0%}", midright, size, theme.MUTED, bold=True, anchor="midright")
