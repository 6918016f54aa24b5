"""Exporting a deployment episode as an animated GIF (Pillow), for slides and handouts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
from PIL import Image

from game.core.layouts import Layout

from . import glyphs, theme
from .maze_view import MazeView, Placement


def episode_frames(mazes: MazeView, layout: Layout, cells: np.ndarray, width: int, outcome: str | None,
                   cell: int = 28) -> list[Image.Image]:
    """One image per step of the episode; the last one carries the outcome badge."""
    rows, cols = layout.shape
    base = mazes.surface(layout, cell)
    place = Placement(0, 0, cell, rows, cols)
    frames = []
    for i, flat in enumerate(cells):
        frame = base.copy()
        mazes.agents(frame, place, np.array([flat]), width, jitter=False, colour=theme.HIGHLIGHT, scale=0.32)
        if outcome and i == len(cells) - 1:
            glyphs.draw_outcome(frame, pygame.Rect(4, 4, cell, cell), outcome, mazes.fonts)
        frames.append(Image.frombytes("RGB", frame.get_size(), pygame.image.tobytes(frame, "RGB")))
    return frames


def save_gif(frames: list[Image.Image], path: Path, step_ms: int = 140, hold_ms: int = 1500) -> Path:
    """Write frames as a looping GIF, holding the final frame so the ending can be read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    durations = [step_ms] * (len(frames) - 1) + [hold_ms]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=durations, loop=0, optimize=False)
    return path
