"""Exporting a deployment episode as an animated GIF (Pillow), for slides and handouts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pygame
from PIL import Image

from game.core.atomic import atomic_write
from game.core.kinds import Outcome
from game.core.layouts import Layout

from . import draw, glyphs, theme
from .maze_view import MazeView, Placement

GIF_SIDE = 512  # the longest side of a frame's maze, in pixels: big mazes get cells smaller than 28
GIF_BYTES = 64 << 20  # the frames of one GIF held in memory at most; longer episodes skip steps evenly


def episode_frames(mazes: MazeView, layout: Layout, cells: np.ndarray, width: int, outcome: Outcome | None,
                   cell: int = 28, title: str = "", decided: int | None = None) -> list[Image.Image]:
    """Every frame of `iter_episode_frames` at once."""
    return [image for _, _, image in iter_episode_frames(mazes, layout, cells, width, outcome, cell, title, decided)]


def iter_episode_frames(mazes: MazeView, layout: Layout, cells: np.ndarray, width: int, outcome: Outcome | None,
                        cell: int = 28, title: str = "", decided: int | None = None
                        ) -> Iterator[tuple[int, int, Image.Image]]:
    """(index, how many, image), drawn one at a time (the game draws a few per frame, gif_export.py):
    one image per step of the episode under a caption: the level title, the step, and the
    episode's outcome from the step it is decided (`decided`, else the last step), with its badge.
    A big maze gets smaller cells (its maze at most GIF_SIDE pixels), and an episode whose frames
    would pass GIF_BYTES shows evenly spaced steps, the first, the decided and the last among them
    (a 128x128 maze at 28 pixels a cell was 3584 pixels a side: 600 steps needed 23 GB)."""
    rows, cols = layout.shape
    cell = max(2, min(cell, GIF_SIDE // max(rows, cols)))
    base = mazes.surface(layout, cell)
    fonts = mazes.fonts
    size = 15
    band = round(size * 1.4) * 2 + 8
    w = max(base.get_width(), 360)
    place = Placement((w - base.get_width()) // 2, band, cell, rows, cols)
    last = len(cells) - 1
    decided = last if decided is None else min(max(decided, 0), last)
    label = outcome.label if outcome is not None else ""
    per_frame = w * (band + base.get_height()) * 3
    most = max(2, GIF_BYTES // per_frame)
    steps = np.arange(len(cells))
    if len(cells) > most:
        steps = np.unique(np.r_[np.linspace(0, last, most - 1).round().astype(int), decided])
    for k, i in enumerate(steps):
        flat = cells[i]
        frame = pygame.Surface((w, band + base.get_height()))
        frame.fill(theme.BG)
        frame.blit(base, (place.x, band))
        mazes.agents(frame, place, np.array([flat]), width, jitter=False, colour=theme.HIGHLIGHT, scale=0.32)
        title_line = draw.shorten(fonts.get(size, True), title, w - 12)
        draw.text(frame, fonts, title_line, (6, 4), size, bold=True)
        x = draw.text(frame, fonts, f"step {i} / {last}", (6, 4 + round(size * 1.4)), size, theme.MUTED).right
        if outcome is not None and i >= decided:
            badge = pygame.Rect(x + 12, 4 + round(size * 1.4), size + 2, size + 2)
            glyphs.draw_outcome(frame, badge, outcome, fonts)
            draw.text(frame, fonts, label, (badge.right + 6, badge.y), size, theme.OUTCOME_RGB[outcome],
                      bold=True)
        yield k, len(steps), Image.frombytes("RGB", frame.get_size(), pygame.image.tobytes(frame, "RGB"))


def save_gif(frames: list[Image.Image], path: Path, step_ms: int = 140, hold_ms: int = 1500) -> Path:
    """Write frames as a looping GIF, holding the final frame so the ending can be read."""
    durations = [step_ms] * (len(frames) - 1) + [hold_ms]
    return atomic_write(path, lambda out: frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:],
                                                         duration=durations, loop=0, optimize=False))
