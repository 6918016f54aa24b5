"""Mazes drawn in the grids of training and deployment stay inside the tile they are given.

A 128x128 level (the largest the loader allows) drew its mazes at 2 pixels a cell whatever the
tile: four of them overflowed their tiles by about 30 pixels each, over the caption above the
grid and the outcome marks and buttons below it (16 mazes of 64x64 likewise). A tile smaller than
the maze in cells (16 mazes of 128x128 at 1280x720) still overflows: a cell is at least 1 pixel.
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.core.layouts import realise
from game.core.loader import load_level_text
from game.ui.maze_view import MazeView, fit, tiles
from game.ui.theme import Fonts

BIG = """
title: big
legend: {E: {kind: exit, colour: green}}
objective: {rewards: {exit: 10}, max_steps: 600}
evolution: {population: 4, episodes: 1, pool: 1, deploy_agents: 1, deploy_episodes: 1}
training:
  - generate: {size: [128, 128], place: [{kind: exit, colour: green, where: far-from-start}]}
deployment:
  - generate: {size: [128, 128], place: [{kind: exit, colour: green}]}
"""


@pytest.mark.parametrize(("n", "size"), [(1, 128), (4, 128), (16, 64)])
@pytest.mark.parametrize("area", [pygame.Rect(24, 140, 700, 450), pygame.Rect(24, 120, 560, 380)])
def test_every_maze_of_a_big_level_fits_in_its_tile(n: int, size: int, area: pygame.Rect) -> None:
    """The training grid at 1280x720 and 1024x600: 4 mazes of 128x128, 16 of 64x64."""
    for tile in tiles(area, n, size, size, 8):
        place = fit(tile, size, size)
        assert tile.contains(place.rect), (n, tuple(area), tuple(tile), tuple(place.rect))


def test_a_128_maze_at_one_pixel_a_cell_draws_with_its_objects() -> None:
    pygame.init()
    level = load_level_text(BIG, "big.yaml")
    layout = realise(level, 0, level.training[0], np.random.default_rng(0))
    surface = pygame.Surface((400, 400))
    tile = pygame.Rect(10, 10, 200, 200)
    place = MazeView(Fonts()).draw(surface, layout, tile)
    assert place.cell == 1 and tile.contains(place.rect)
