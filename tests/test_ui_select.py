"""The level select: long concept tags are shortened without hanging, at any size and in classroom mode."""

from __future__ import annotations

import pygame

from game.ui import draw
from tests.ui_helpers import frames, key, scene


def test_fit_items_always_ends_and_fits():
    """Regression: shortening "a, b, ..." used to turn it back into "a, b, ..." forever."""
    pygame.font.init()
    font = pygame.font.Font(None, 40)
    items = ["emergent deception", "absent supervisor", "specification gaming"]
    for room in (0, 5, 20, 60, 120, 300, 2000):
        out = draw.fit_items(font, items, room)
        assert out == "" or font.size(out)[0] <= room
    assert draw.fit_items(font, items, 5000) == ", ".join(items)
    assert draw.fit_items(font, items, font.size("emergent deception, ...")[0]) == "emergent deception, ..."


def test_classroom_level_select_draws(app):
    """Regression: classroom mode + level select froze the game for good."""
    app.toggle_classroom()
    frames(app, 2, (key(pygame.K_RETURN),))
    assert scene(app) == "SelectScene"
    frames(app, 3, (key(pygame.K_DOWN),))
