"""Object glyphs stand out from the floor (WCAG non-text contrast, 3:1) and colours are drawn as named."""

from __future__ import annotations

import colorsys

import numpy as np
import pygame
import pytest

from game.core.kinds import COLOURS
from game.ui import glyphs, theme

# Hue ranges (degrees) a colour name must be drawn in; None: an achromatic colour (white, grey).
HUES: dict[str, tuple[float, float] | None] = {
    "red": (345, 372), "orange": (18, 40), "yellow": (45, 62), "green": (100, 170), "blue": (190, 250),
    "purple": (260, 320), "white": None, "grey": None,
}


def test_every_colour_name_has_a_hue_range():
    assert set(HUES) == set(COLOURS) == set(theme.OBJECT_RGB)


@pytest.mark.parametrize("name", COLOURS)
def test_colour_is_drawn_as_named(name):
    r, g, b = (v / 255 for v in theme.OBJECT_RGB[name])
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    if HUES[name] is None:
        assert s < 0.05, f"{name} is drawn tinted"
        assert (v > 0.95) == (name == "white")
        return
    low, high = HUES[name]
    hue = h * 360 if h * 360 >= low else h * 360 + 360
    assert low <= hue <= high and s > 0.5, f"'{name}' is drawn with hue {h * 360:.0f} (saturation {s:.2f})"


def test_red_and_orange_are_told_apart():
    assert theme.contrast(theme.OBJECT_RGB["red"], theme.OBJECT_RGB["orange"]) > 1.0
    hue = {n: colorsys.rgb_to_hsv(*(v / 255 for v in theme.OBJECT_RGB[n]))[0] * 360 for n in ("red", "orange")}
    assert (hue["orange"] - hue["red"]) % 360 >= 20


@pytest.mark.parametrize("name", COLOURS)
def test_fill_or_rim_carries_three_to_one(name):
    fill = theme.OBJECT_RGB[name]
    if name in theme.OUTLINED:
        assert theme.contrast(theme.INK, theme.FLOOR) >= 3 and theme.contrast(theme.INK, fill) >= 3
    else:
        assert theme.contrast(fill, theme.FLOOR) >= 3, f"{name} fill {fill} is {theme.contrast(fill, theme.FLOOR):.2f}:1"


def _edge_pixels(image: np.ndarray, floor: tuple[int, int, int]) -> np.ndarray:
    """Pixels of the glyph that touch the floor (4-neighbours): what the eye separates from it."""
    is_floor = np.all(image == floor, axis=2)
    near = np.zeros_like(is_floor)
    near[1:, :] |= is_floor[:-1, :]
    near[:-1, :] |= is_floor[1:, :]
    near[:, 1:] |= is_floor[:, :-1]
    near[:, :-1] |= is_floor[:, 1:]
    return image[near & ~is_floor]


@pytest.mark.parametrize("cell", [12, 16, 24, 48, 96])
@pytest.mark.parametrize("colour", [*COLOURS, None, "unseen"])
def test_drawn_glyph_edge_reaches_three_to_one(colour, cell):
    """Every glyph, drawn as the maze draws it, is bounded by pixels at 3:1 or more against the floor."""
    pygame.init()
    fonts = theme.Fonts()
    surface = pygame.Surface((cell * 3, cell * 3))
    surface.fill(theme.FLOOR)
    rect = pygame.Rect(cell, cell, cell, cell).inflate(-cell * 0.1, -cell * 0.1)
    glyphs.draw_object(surface, rect, "exit", None if colour == "unseen" else colour, fonts,
                       show_colour=colour != "unseen")
    pixels = pygame.surfarray.array3d(surface).transpose(1, 0, 2)
    edge = _edge_pixels(pixels, theme.FLOOR)
    assert len(edge) >= cell, "nothing drawn"
    worst = min(theme.contrast(tuple(int(v) for v in p), theme.FLOOR) for p in np.unique(edge, axis=0))
    assert worst >= 3.0, f"{colour} glyph at {cell}px has an edge at {worst:.2f}:1 against the floor"


def test_floor_tells_from_wall():
    assert theme.contrast(theme.FLOOR, theme.WALL) >= 3
