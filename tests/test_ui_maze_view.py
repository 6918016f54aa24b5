"""What big or odd levels look like: their mazes stay inside their tiles, their charts read right.

A 128x128 level (the largest the loader allows) drew its mazes at 2 pixels a cell whatever the
tile: four of them overflowed their tiles by about 30 pixels each, over the caption above the
grid and the outcome marks and buttons below it (16 mazes of 64x64 likewise). When even one
pixel a cell does not fit them all (16 mazes of 128x128 at 1280x720), the grid shows as many as
fit, the run of them that holds the selected maze, and says so under them.
"""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.core.layouts import realise
from game.core.loader import load_level_text
from game.ui.maze_view import MazeView, fit, tiles, window
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


@pytest.mark.parametrize("keep", [0, 7, 15])
@pytest.mark.parametrize("area", [pygame.Rect(24, 140, 700, 450), pygame.Rect(24, 120, 560, 380),
                                  pygame.Rect(0, 0, 160, 120)])
def test_too_many_mazes_show_a_run_of_them_that_holds_the_selected_one(keep: int, area: pygame.Rect) -> None:
    """16 mazes of 128x128: never overlapping, each at one pixel a cell or more, inside the area,
    the selected one among them, a line under them kept for saying which are shown."""
    shown = window(area, 16, 128, 128, 8, keep=keep, note_h=20)
    assert 1 <= len(shown.indices) < 16 and keep in shown.indices and shown.indices.stop <= 16
    assert len(shown.tiles) == len(shown.indices) and shown.note is not None
    if area.width < 128 or area.height - 20 < 128:
        assert len(shown.indices) == 1, "a window too small for one maze shows one (at one pixel a cell)"
        return
    for i, tile in enumerate(shown.tiles):
        place = fit(tile, 128, 128)
        assert place.cell >= 1 and tile.contains(place.rect)
        assert not any(tile.colliderect(other) for other in shown.tiles[i + 1 :]), "mazes overlap"
        assert area.contains(tile), "a maze outside its area"
        assert not tile.colliderect(shown.note)


def test_mazes_that_fit_are_all_shown_with_no_note() -> None:
    shown = window(pygame.Rect(24, 140, 700, 450), 16, 64, 64, 8, keep=9, note_h=20)
    assert shown.indices == range(16) and shown.note is None


def test_the_fitness_axis_never_reads_minus_zero() -> None:
    """A population whose best fitness was -0.3 had its axis top labelled '-0'."""
    from game.ui import draw
    from game.ui.charts import axis_label, fitness_chart
    from game.ui.theme import Theme

    assert [axis_label(v) for v in (-0.3, -0.04, 0.0, 7.0, -6.5, 12.4, -11.6)] == \
        ["-0.3", "0", "0", "7", "-6.5", "12", "-12"]
    pygame.init()
    surface = pygame.Surface((600, 300))
    with draw.recording() as rec:
        fitness_chart(surface, pygame.Rect(0, 0, 600, 300), Fonts(), Theme((1280, 720)), [-0.4, -0.3], [-7.0, -5.0], 20)
    assert "-0" not in [d.value for d in rec.texts] and "-0.3" in [d.value for d in rec.texts]


def test_a_gif_of_a_big_maze_stays_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """G in the deployment of a 128x128 level drew every step at 28 pixels a cell (3584 pixels a
    side, 38 MB a frame: 600 steps took the machine's memory). A big maze gets smaller cells, and
    a long episode evenly spaced steps within a memory budget, its first, decided and last kept."""
    from game.ui import export

    pygame.init()
    level = load_level_text(BIG, "big.yaml")
    layout = realise(level, 0, level.training[0], np.random.default_rng(0))
    mazes = MazeView(Fonts())
    frames = export.episode_frames(mazes, layout, np.full(3, 130), 128, None, title="big")
    assert len(frames) == 3 and max(frames[0].size) <= export.GIF_SIDE + 64, frames[0].size
    monkeypatch.setattr(export, "GIF_BYTES", 20 * frames[0].size[0] * frames[0].size[1] * 3)
    cells = np.full(600, 130)
    frames = export.episode_frames(mazes, layout, cells, 128, None, title="big", decided=333)
    assert len(frames) <= 21
    small = load_level_text(BIG.replace("[128, 128]", "[9, 9]"), "small.yaml")
    room = realise(small, 0, small.training[0], np.random.default_rng(0))
    assert len(export.episode_frames(mazes, room, np.full(40, 10), 9, None)) == 40  # small mazes: every step
