"""Drawing an ASCII map as it is being edited, straight from its characters.

The game's MazeView draws realised layouts, which need a valid map; while editing, a map may be
ragged or hold a character the legend does not know, and it must still be drawn, with the bad
cells visible. So this draws from the rows and the legend, and caches the last picture.
"""

from __future__ import annotations

import pygame

from .. import glyphs, theme
from ..maze_view import Placement, fit
from ..theme import Fonts

UNKNOWN: theme.RGB = (204, 121, 167)  # a character the legend does not define
GRID: theme.RGB = (208, 203, 190)
BAD: theme.RGB = (213, 94, 0)


class MapCanvas:
    """Draws map rows with the legend; remembers where, so clicks can be turned into cells."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self.place: Placement | None = None
        self._image: tuple[tuple, pygame.Surface] | None = None  # (what was drawn, the picture)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, rows: list[str],
             legend: dict[str, tuple[str, str | None, str | None]]) -> Placement:
        height, width = len(rows), max((len(r) for r in rows), default=1)
        self.place = place = fit(rect, max(height, 1), max(width, 1))
        key = (tuple(rows), place.cell, tuple(sorted(legend.items(), key=lambda kv: kv[0])))
        if self._image is None or self._image[0] != key:
            self._image = (key, self._render(rows, legend, place.cell, width))
        surface.blit(self._image[1], (place.x, place.y))
        return place

    def _render(self, rows: list[str], legend: dict, cell: int, width: int) -> pygame.Surface:
        image = pygame.Surface((max(1, width * cell), max(1, len(rows) * cell)))
        image.fill(theme.BG)
        for r, row in enumerate(rows):
            for c, ch in enumerate(row):
                box = pygame.Rect(c * cell, r * cell, cell, cell)
                what, kind, colour = legend.get(ch, ("unknown", None, None))
                if what == "wall":
                    pygame.draw.rect(image, theme.WALL, box)
                    continue
                if what == "unknown":
                    pygame.draw.rect(image, UNKNOWN, box)
                    label = self.fonts.render(ch, round(cell * 0.6), (15, 15, 20), True)
                    image.blit(label, label.get_rect(center=box.center))
                    continue
                pygame.draw.rect(image, theme.FLOOR, box)
                if cell >= 10:
                    pygame.draw.rect(image, GRID, box, 1)
                if what == "start":
                    glyphs.draw_start(image, box)
                    if cell >= 16:
                        label = self.fonts.render("S", round(cell * 0.45), theme.AGENT, True)
                        image.blit(label, label.get_rect(center=box.center))
                elif what == "object":
                    glyphs.draw_object(image, box.inflate(-cell * 0.1, -cell * 0.1), kind or "?", colour, self.fonts)
        return image

    def cell_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        """(row, col) under a screen position, or None outside the map."""
        p = self.place
        if p is None or not p.rect.collidepoint(pos):
            return None
        return (pos[1] - p.y) // p.cell, (pos[0] - p.x) // p.cell
