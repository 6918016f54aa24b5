"""Glyphs: every colour has a shape and every kind a letter, so nothing relies on colour alone.

A green exit is a green triangle marked E; a green apple is a green triangle marked A. A viewer
who cannot tell green from red still sees "triangles" (the proxy) against "squares".
"""

from __future__ import annotations

import math

import pygame

from game.core.kinds import Outcome

from . import draw, pictures, theme

# Colour -> shape drawn for objects of that colour.
SHAPE: dict[str | None, str] = {
    "green": "triangle", "red": "square", "blue": "circle", "yellow": "diamond",
    "purple": "star", "orange": "hexagon", "white": "ring", "grey": "cross", None: "rounded",
}
# How large a mark fits inside each shape (type size / glyph height).
MARK_SCALE: dict[str, float] = {"triangle": 0.42, "star": 0.4, "cross": 0.5, "diamond": 0.52, "hexagon": 0.58}
# How large a picture fits inside each shape (picture side / glyph height).
# (The largest square inside each shape; the rim is drawn again over the picture.)
PICTURE_SCALE: dict[str, float] = {"triangle": 0.4, "star": 0.3, "cross": 0.5, "diamond": 0.46, "hexagon": 0.58,
                                   "ring": 0.6, "circle": 0.6, "square": 0.72, "rounded": 0.72}
PICTURE_MIN = 12  # below this many pixels a picture is a smudge: the letter reads better
# Kind -> letter marked on the object (others: their first letter).
LETTER: dict[str, str] = {
    "exit": "E", "cheese": "C", "coin": "$", "gem": "G", "apple": "A", "key": "K",
    "chest": "X", "shield": "D", "lava": "~", "shortcut": "!", "line": "L",
}
OUTCOME_MARK: dict[Outcome, str] = {Outcome.ALIGNED: "check", Outcome.MISALIGNED: "cross",
                                    Outcome.CAPABILITY_FAILURE: "?", Outcome.DEFECTED: "!"}


def kind_words(kind: str) -> str:
    """A kind as words: door_a -> door A, forbidden_tile -> forbidden tile."""
    words = kind.replace("_", " ").split()
    if len(words) > 1 and len(words[-1]) == 1:
        words[-1] = words[-1].upper()
    return " ".join(words) or kind


def letter(kind: str) -> str:
    """The mark on an object: door_a -> A, door_b -> B (a one-letter suffix names it), else the initial."""
    head, _, tail = kind.rpartition("_")
    if head and len(tail) == 1:
        return tail.upper()
    return LETTER.get(kind, kind[:1].upper() or "?")


def _polygon(cx: float, cy: float, r: float, n: int, rotation: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(rotation + 2 * math.pi * i / n), cy + r * math.sin(rotation + 2 * math.pi * i / n))
            for i in range(n)]


def rim_width(r: float, outlined: bool = False) -> int:
    """Outline width for a glyph of radius r: thick for light fills, whose rim carries the contrast."""
    return max(2, round(r / (3.5 if outlined else 7)))


def draw_shape(surface: pygame.Surface, shape: str, rect: pygame.Rect, fill: theme.RGB,
               outline: theme.RGB = theme.INK, edge: int | None = None, rim_only: bool = False) -> None:
    """A filled shape inside rect, with a dark outline (`edge` pixels) so it reads on a light floor.

    rim_only draws the outline alone (again, over a picture, so the glyph's edge stays the rim).
    """
    cx, cy = rect.center
    r = min(rect.width, rect.height) / 2
    edge = rim_width(r) if edge is None else edge
    if shape == "square":
        box = rect.inflate(-r * 0.3, -r * 0.3)
        if not rim_only:
            pygame.draw.rect(surface, fill, box)
        pygame.draw.rect(surface, outline, box, edge)
    elif shape in ("circle", "ring"):
        radius = r * (0.9 if shape == "circle" else 0.92)
        if not rim_only:
            pygame.draw.circle(surface, fill, (cx, cy), radius)
        pygame.draw.circle(surface, outline, (cx, cy), radius, edge)
    elif shape == "rounded":
        box = rect.inflate(-r * 0.3, -r * 0.3)
        if not rim_only:
            pygame.draw.rect(surface, fill, box, border_radius=round(r / 3))
        pygame.draw.rect(surface, outline, box, edge, border_radius=round(r / 3))
    else:
        points = _points(shape, cx, cy, r)
        if not rim_only:
            pygame.draw.polygon(surface, fill, points)
        pygame.draw.polygon(surface, outline, points, edge)
        for point in points:  # round the joins: thick polygon outlines leave notches at the corners
            pygame.draw.circle(surface, outline, point, edge / 2)


def _points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """Corners of the polygon shapes (triangle, diamond, hexagon, star, cross)."""
    if shape == "cross":  # a plus sign
        a, b = r * 0.95, r * 0.5
        return [(cx - b, cy - a), (cx + b, cy - a), (cx + b, cy - b), (cx + a, cy - b), (cx + a, cy + b),
                (cx + b, cy + b), (cx + b, cy + a), (cx - b, cy + a), (cx - b, cy + b), (cx - a, cy + b),
                (cx - a, cy - b), (cx - b, cy - b)]
    n, rot, rr = {"triangle": (3, -math.pi / 2, 1.0), "diamond": (4, 0, 0.95), "hexagon": (6, 0, 0.92),
                  "star": (10, -math.pi / 2, 1.0)}.get(shape, (4, math.pi / 4, 1.0))
    points = _polygon(cx, cy + (r * 0.12 if n == 3 else 0), r * rr, n, rot)
    if shape == "star":
        points = [(cx + (px - cx) * (1 if i % 2 == 0 else 0.5), cy + (py - cy) * (1 if i % 2 == 0 else 0.5))
                  for i, (px, py) in enumerate(points)]
    return points


def object_fill(colour: str | None, show_colour: bool = True) -> theme.RGB:
    """The fill an object of this colour is drawn with."""
    if not show_colour:
        return theme.UNSEEN
    return theme.OBJECT_RGB.get(colour or "", theme.NO_COLOUR)


def ink_on(fill: theme.RGB) -> theme.RGB:
    """Dark or white marks, whichever reads better on this fill."""
    return theme.INK if theme.luminance(fill) > 0.3 else (255, 255, 255)


def draw_object(surface: pygame.Surface, rect: pygame.Rect, kind: str | None, colour: str | None,
                fonts: theme.Fonts, show_colour: bool = True) -> None:
    """An object as its colour's shape with its kind's letter; kind None = not recognised yet."""
    fill = object_fill(colour, show_colour)
    seen = colour if show_colour else None
    r = min(rect.width, rect.height) / 2
    draw_shape(surface, SHAPE.get(seen, "rounded"), rect, fill, edge=rim_width(r, seen in theme.OUTLINED))
    shape = SHAPE.get(seen, "rounded")
    centre = (rect.centerx, rect.centery + (rect.height * 0.14 if shape == "triangle" else 0))
    side = round(min(rect.width, rect.height) * PICTURE_SCALE.get(shape, 0.6))
    name = pictures.name_for(kind) if kind else None
    lettered = kind is not None and len(kind.rpartition("_")[2]) == 1 and "_" in kind  # door_a: the A must read
    spot = (centre[0], rect.centery + rect.height * 0.11) if shape == "triangle" else centre
    if name and kind and side >= PICTURE_MIN * (1.7 if lettered else 1) and _draw_picture(surface, name, kind, side, spot, fill,
                                                                                  fonts):
        draw_shape(surface, shape, rect, fill, edge=rim_width(r, seen in theme.OUTLINED), rim_only=True)
        return
    size = round(rect.height * MARK_SCALE.get(shape, 0.62))
    if size < 8:  # smaller than this a letter is a smudge: the shape alone says it
        return
    mark = letter(kind) if kind else "?"
    label = fonts.render(mark, size, ink_on(fill), True)
    surface.blit(label, label.get_rect(center=centre))


def _draw_picture(surface: pygame.Surface, name: str, kind: str, side: int, centre: tuple[float, float],
                  fill: theme.RGB, fonts: theme.Fonts) -> bool:
    """The kind's picture in ink and paper that read on the fill; False if it cannot be drawn."""
    ink = ink_on(fill)
    paper = theme.INK if ink != theme.INK else (255, 255, 255)
    image = pictures.picture(name, side, ink, paper)
    if image is None:
        return False
    box = image.get_rect(center=(round(centre[0]), round(centre[1])))
    surface.blit(image, box)
    head, _, tail = kind.rpartition("_")
    if head and len(tail) == 1:  # door_a and door_b share a picture: the letter tells them apart
        label = fonts.render(tail.upper(), max(8, round(side * 0.5)), ink, True)
        surface.blit(label, label.get_rect(center=box.center))
    return True


def draw_outcome(surface: pygame.Surface, rect: pygame.Rect, outcome: Outcome, fonts: theme.Fonts) -> None:
    """An outcome badge: colour plus its own mark (tick, cross, ?, !)."""
    fill = theme.OUTCOME_RGB[outcome]
    pygame.draw.rect(surface, fill, rect, border_radius=max(2, rect.height // 4))
    mark = OUTCOME_MARK[outcome]
    ink = (15, 15, 20)
    w = max(2, rect.height // 6)
    inner = rect.inflate(-rect.width * 0.4, -rect.height * 0.4)
    if mark == "check":
        pygame.draw.lines(surface, ink, False, [(inner.left, inner.centery), (inner.centerx - inner.width * 0.1, inner.bottom),
                                                (inner.right, inner.top)], w)
    elif mark == "cross":
        pygame.draw.line(surface, ink, inner.topleft, inner.bottomright, w)
        pygame.draw.line(surface, ink, inner.topright, inner.bottomleft, w)
    else:
        label = fonts.render(mark, round(rect.height * 0.8), ink, True)
        surface.blit(label, label.get_rect(center=rect.center))


def draw_start(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The start cell: a dashed square outline."""
    inner = rect.inflate(-rect.width * 0.25, -rect.height * 0.25)
    pygame.draw.rect(surface, theme.MUTED, inner, max(1, rect.width // 10))


def object_types(level: object) -> list[tuple[str, str | None]]:
    """The distinct (kind, colour) pairs a level can show, legend first, then generator rules."""
    seen: list[tuple[str, str | None]] = []
    for entry in getattr(level, "legend", {}).values():
        if entry.cell == "object" and (entry.kind, entry.colour) not in seen:
            seen.append((entry.kind, entry.colour))
    for spec in getattr(level, "training", ()) + getattr(level, "deployment", ()):
        for rule in getattr(spec.source, "place", ()):
            if (rule.kind, rule.colour) not in seen:
                seen.append((rule.kind, rule.colour))
    return seen


def draw_legend(surface: pygame.Surface, fonts: theme.Fonts, items: list[tuple[str, str | None]],
                pos: tuple[int, int], size: int, columns: int = 1, col_width: int = 0) -> int:
    """Glyph + words for each object type ("green exit"); returns the y below the legend."""
    x0, y = pos
    step = round(size * 1.6)
    for i, (kind, colour) in enumerate(items):
        col, row = i % columns, i // columns
        x = x0 + col * col_width
        yy = y + row * step
        draw_object(surface, pygame.Rect(x, yy, round(size * 1.3), round(size * 1.3)), kind, colour, fonts)
        words = f"{colour + ' ' if colour else ''}{kind_words(kind)}"
        if col_width:
            words = draw.shorten(fonts.get(size), words, col_width - round(size * 1.7) - 6)
        draw.text(surface, fonts, words, (x + round(size * 1.7), yy + round(size * 0.05)), size)
    return y + ((len(items) + columns - 1) // columns) * step
