"""Drawing mazes: a layout's walls, floor and objects as a cached surface, agents on top."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pygame

from game.core.layouts import Layout, PlacedObject

from . import glyphs, theme
from .context_badges import draw_badges
from .theme import Fonts


@dataclass(frozen=True)
class Placement:
    """Where a maze sits on screen: top-left corner and cell size in pixels."""

    x: int
    y: int
    cell: int
    rows: int
    cols: int

    @property
    def rect(self) -> pygame.Rect:
        return pygame.Rect(self.x, self.y, self.cell * self.cols, self.cell * self.rows)

    def cell_rect(self, r: int, c: int) -> pygame.Rect:
        return pygame.Rect(self.x + c * self.cell, self.y + r * self.cell, self.cell, self.cell)

    def centres(self, flat: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
        """Pixel centres of flat cell indices (cell = row * width + col)."""
        r, c = np.divmod(np.asarray(flat), width)
        return self.x + c * self.cell + self.cell // 2, self.y + r * self.cell + self.cell // 2


def fit(rect: pygame.Rect, rows: int, cols: int) -> Placement:
    """The largest whole-pixel cell size that fits a rows x cols maze in rect, centred."""
    cell = max(1, min(rect.width // cols, rect.height // rows))  # 1: a 128x128 maze stays in its tile
    x = rect.x + (rect.width - cell * cols) // 2
    y = rect.y + (rect.height - cell * rows) // 2
    return Placement(x, y, cell, rows, cols)


class MazeView:
    """Renders layouts; each (layout, cell size) is drawn once and then blitted."""

    def __init__(self, fonts: Fonts, limit: int = 256) -> None:
        self.fonts = fonts
        self.limit = limit
        self._cache: dict[tuple, pygame.Surface] = {}
        self._dots: dict[tuple, pygame.Surface] = {}

    def surface(self, layout: Layout, cell: int, objects: bool = True) -> pygame.Surface:
        key = (id(layout), cell, objects)
        image = self._cache.get(key)
        if image is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            image = self._render(layout, cell, objects)
            self._cache[key] = image
        return image

    def _render(self, layout: Layout, cell: int, objects: bool) -> pygame.Surface:
        rows, cols = layout.shape
        image = pygame.Surface((cols * cell, rows * cell))
        image.fill(theme.WALL)
        floor = pygame.Surface((cols, rows))
        pixels = np.where(layout.walls.T[:, :, None], np.array(theme.WALL), np.array(theme.FLOOR))
        pygame.surfarray.blit_array(floor, pixels.astype(np.uint8))
        image.blit(pygame.transform.scale(floor, (cols * cell, rows * cell)), (0, 0))
        if cell >= 10:  # faint grid lines help count cells on a projector
            for r in range(rows):
                for c in range(cols):
                    if not layout.walls[r, c]:
                        pygame.draw.rect(image, (208, 203, 190), (c * cell, r * cell, cell, cell), 1)
        glyphs.draw_start(image, pygame.Rect(layout.start[1] * cell, layout.start[0] * cell, cell, cell))
        if objects:
            for obj in layout.objects:
                if not obj.moves:  # moving objects (a guide) are drawn each frame where they stand
                    self._object(image, obj, obj.pos, cell, (0, 0))
        return image

    def _object(self, image: pygame.Surface, obj: PlacedObject, pos: tuple[int, int], cell: int,
                offset: tuple[int, int]) -> None:
        rect = pygame.Rect(offset[0] + pos[1] * cell, offset[1] + pos[0] * cell, cell, cell)
        glyphs.draw_object(image, rect.inflate(-cell * 0.1, -cell * 0.1), obj.kind, obj.colour, self.fonts)

    def draw(self, surface: pygame.Surface, layout: Layout, rect: pygame.Rect, objects: bool = True,
             step: int = 0, training: bool = False, cue: str | None = None) -> Placement:
        """The layout fitted into rect; a moving object is drawn where it stands at `step`; its
        context (supervisor, lamp, an unannounced test in training) as badges along the top."""
        rows, cols = layout.shape
        place = fit(rect, rows, cols)
        surface.blit(self.surface(layout, place.cell, objects), (place.x, place.y))
        if objects:
            for obj in layout.objects:
                if obj.moves:
                    self._object(surface, obj, obj.position_at(step), place.cell, (place.x, place.y))
        if layout.context:
            draw_badges(surface, place.rect, layout.context, self.fonts, training, cue, place.cell)
        return place

    def dot(self, radius: int, colour: theme.RGB, ring: theme.RGB | None = None) -> pygame.Surface:
        key = (radius, colour, ring)
        image = self._dots.get(key)
        if image is None:
            size = 2 * radius + 2
            image = pygame.Surface((size, size), pygame.SRCALPHA)
            if ring:
                pygame.draw.circle(image, ring, (radius + 1, radius + 1), radius + 1)
                pygame.draw.circle(image, colour, (radius + 1, radius + 1), max(1, radius - 1))
            else:
                pygame.draw.circle(image, colour, (radius + 1, radius + 1), radius)
            self._dots[key] = image
        return image

    def agents(self, surface: pygame.Surface, place: Placement, flat: np.ndarray, width: int,
               jitter: bool = True, colour: theme.RGB = theme.AGENT, scale: float = 0.18) -> None:
        """Agents at flat cells; a crowd on one cell is spread out a little so it reads as a crowd."""
        if len(flat) == 0:
            return
        radius = max(2, round(place.cell * scale))
        image = self.dot(radius, colour, (255, 255, 255) if radius >= 4 else None)
        xs, ys = place.centres(flat, width)
        if jitter and len(flat) > 1:
            k = np.arange(len(flat))
            spread = place.cell * 0.28
            xs = xs + np.round(np.cos(k * 2.39996) * spread * ((k % 4) / 3)).astype(int)
            ys = ys + np.round(np.sin(k * 2.39996) * spread * ((k % 4) / 3)).astype(int)
        off = radius + 1
        surface.fblits([(image, (int(x) - off, int(y) - off)) for x, y in zip(xs, ys, strict=True)])


def tiles(rect: pygame.Rect, n: int, rows: int, cols: int, gap: int) -> list[pygame.Rect]:
    """n tiles for rows x cols mazes in rect, in the grid shape that makes the cells largest."""
    best: tuple[float, int] = (0.0, 1)
    for across in range(1, n + 1):
        down = -(-n // across)
        cell = min((rect.width - gap * (across - 1)) / (across * cols), (rect.height - gap * (down - 1)) / (down * rows))
        if cell > best[0]:
            best = (cell, across)
    cell, across = best
    down = -(-n // across)
    tw, th = int(cell * cols), int(cell * rows)
    x0 = rect.x + (rect.width - (tw * across + gap * (across - 1))) // 2
    y0 = rect.y + (rect.height - (th * down + gap * (down - 1))) // 2
    return [pygame.Rect(x0 + (i % across) * (tw + gap), y0 + (i // across) * (th + gap), tw, th) for i in range(n)]


@dataclass(frozen=True)
class Shown:
    """The mazes a grid draws: `indices` in `tiles`; `note` is where to say that the others did
    not fit (None when all are shown)."""

    indices: range
    tiles: list[pygame.Rect]
    note: pygame.Rect | None


def window(rect: pygame.Rect, n: int, rows: int, cols: int, gap: int, keep: int = 0, below: int = 0,
           note_h: int = 0) -> Shown:
    """The n mazes in rect when each fits at one pixel per cell or more (plus `below` pixels
    under it), else as many as do, the run of them that holds maze `keep`, with a line of
    `note_h` pixels under them kept to say so. (Overlapping thumbnails read as one blur.)"""
    def fits(m: int, area: pygame.Rect) -> bool:
        tile = tiles(area, m, rows, cols, gap)[0]
        return tile.width >= cols and tile.height - below >= rows

    if n <= 1 or fits(n, rect):
        return Shown(range(n), tiles(rect, n, rows, cols, gap), None)
    area = pygame.Rect(rect.x, rect.y, rect.width, max(1, rect.height - note_h))
    low, high = 1, n - 1  # the most that fit: fewer mazes never get smaller tiles
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if fits(mid, area) else (low, mid - 1)
    start = min(keep // low * low, n - low)
    return Shown(range(start, start + low), tiles(area, low, rows, cols, gap),
                 pygame.Rect(rect.x, area.bottom, rect.width, rect.height - area.height))


def draw_note(surface: pygame.Surface, fonts: Fonts, shown: Shown, n: int, size: int) -> None:
    """Under a grid that shows only some mazes: which, and how to see the others."""
    if shown.note is None:
        return
    first, last = shown.indices.start + 1, shown.indices.stop
    words = (f"Mazes {first}-{last} of {n}: the others do not fit this window. "
             "Tab shows one maze at a time; Tab again, the next.")
    image = fonts.render(words, size, theme.MUTED)
    if image.get_width() > shown.note.width:
        image = fonts.render(f"Mazes {first}-{last} of {n} (Tab: one at a time)", size, theme.MUTED)
    surface.blit(image, image.get_rect(midtop=(shown.note.centerx, shown.note.y)))


def crowd(surface: pygame.Surface, place: Placement, flat: npt.ArrayLike, width: int, total: int) -> int:
    """Many agents as one ring per occupied cell, wider for more agents (objects stay visible inside).

    Returns how many agents were drawn. A crowd of 64 dots on one cell reads as one dot; a ring
    whose size is the share of the population reads as "most of them went here".
    """
    cells, counts = np.unique(np.asarray(flat), return_counts=True)
    xs, ys = place.centres(cells, width)
    edge = max(2, place.cell // 7)
    for x, y, n in zip(xs, ys, counts, strict=True):
        share = n / max(total, 1)
        radius = max(edge + 1, round(place.cell * (0.22 + 0.5 * np.sqrt(share))))
        pygame.draw.circle(surface, (255, 255, 255), (int(x), int(y)), radius + 1, edge + 2)
        pygame.draw.circle(surface, theme.AGENT, (int(x), int(y)), radius, edge)
    return int(counts.sum())
