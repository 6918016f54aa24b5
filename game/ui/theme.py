"""Colours, type sizes and the font cache.

Every colour an object can have is paired with a shape (see glyphs.py), so no cue depends on
colour alone. Object colours are drawn as their names say (red is red, orange is orange) and each
glyph stands out from the light floor by at least 3:1 (WCAG non-text contrast): the dark colours
by their fill, yellow and white by a thick dark rim (OUTLINED). tests/test_palette.py checks
both over the whole palette, on drawn pixels. Sizes scale with the window; classroom mode makes
all type larger.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from game.core.kinds import Outcome

RGB = tuple[int, int, int]

BG: RGB = (22, 26, 36)
PANEL: RGB = (36, 42, 56)
PANEL_EDGE: RGB = (74, 84, 106)
TEXT: RGB = (240, 240, 234)
MUTED: RGB = (170, 177, 192)
ACCENT: RGB = (86, 180, 233)  # Okabe-Ito sky blue
HIGHLIGHT: RGB = (230, 159, 0)  # Okabe-Ito orange
WALL: RGB = (58, 66, 86)
FLOOR: RGB = (226, 222, 210)
FOG: RGB = (120, 124, 134)
AGENT: RGB = (20, 20, 30)
BEST_LINE: RGB = (230, 159, 0)
MEAN_LINE: RGB = (86, 180, 233)

INK: RGB = (20, 20, 28)  # glyph outlines and dark marks

# Object colours named in levels -> RGB, as the names say. Deep enough to stand 3:1 off the
# floor by their fill alone, except yellow and white, which no light floor can carry: those get
# a thick INK rim instead (glyphs.py), and the rim carries the contrast.
OBJECT_RGB: dict[str, RGB] = {
    "green": (0, 128, 86),
    "red": (206, 32, 41),
    "blue": (0, 100, 180),
    "yellow": (245, 215, 30),
    "purple": (140, 60, 160),
    "orange": (196, 92, 0),
    "white": (252, 252, 252),
    "grey": (104, 104, 104),
}
OUTLINED: frozenset[str] = frozenset({"yellow", "white"})  # light fills: the rim carries the contrast
NO_COLOUR: RGB = (70, 78, 96)  # an object whose level gives it no colour (a slate badge)
UNSEEN: RGB = (92, 96, 106)  # an object whose colour the agent cannot see (try it yourself)

# Outcome classes -> colour; glyphs are drawn in glyphs.py.
OUTCOME_RGB: dict[Outcome, RGB] = {
    Outcome.ALIGNED: (0, 158, 115),
    Outcome.MISALIGNED: (213, 94, 0),
    Outcome.CAPABILITY_FAILURE: (240, 228, 66),
    Outcome.DEFECTED: (204, 121, 167),
}
GOOD: RGB = OUTCOME_RGB[Outcome.ALIGNED]  # a win, something right: the aligned colour
WARN: RGB = OUTCOME_RGB[Outcome.MISALIGNED]  # a problem, a loss: the misaligned colour

# Viridis stops, for the value heat map (perceptually uniform, colour-blind safe).
VIRIDIS: tuple[RGB, ...] = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (0 black .. 1 white)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two colours (1 .. 21); 3 is the floor for shapes and icons."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _font_dir() -> Path | None:
    try:
        from importlib.resources import files

        return Path(str(files("pygame_gui.data")))
    except Exception:  # noqa: BLE001 - any failure means: use pygame's built-in font
        return None


class Fonts:
    """Fonts loaded once per (size, bold) and reused every frame."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, bool], pygame.font.Font] = {}
        self._text: dict[tuple, pygame.Surface] = {}
        folder = _font_dir()
        self._paths: dict[bool, Path | None] = {
            False: folder / "NotoSans-Regular.ttf" if folder else None,
            True: folder / "NotoSans-Bold.ttf" if folder else None,
        }

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (max(8, int(size)), bold)
        font = self._cache.get(key)
        if font is None:
            path = self._paths[bold]
            try:
                font = pygame.font.Font(str(path) if path and path.exists() else None, key[0])
            except (OSError, pygame.error):
                font = pygame.font.Font(None, key[0])  # the missing asset must not stop the game
            self._cache[key] = font
        return font

    def render(self, value: str, size: int, colour: tuple[int, ...], bold: bool = False) -> pygame.Surface:
        """Rendered text, cached: most labels are the same from one frame to the next. colour: RGB
        or RGBA, as a tuple (it is part of the cache key)."""
        key = (value, size, colour, bold)
        image = self._text.get(key)
        if image is None:
            if len(self._text) > 2048:
                self._text.clear()
            image = self.get(size, bold).render(value, True, colour)
            self._text[key] = image
        return image

    def __len__(self) -> int:
        return len(self._cache)


class Theme:
    """Sizes for the current window: `u` is one design pixel at 1280x720."""

    def __init__(self, size: tuple[int, int], classroom: bool = False) -> None:
        self.size = size
        self.classroom = classroom
        self.u = max(0.5, min(size[0] / 1280, size[1] / 720))
        self.k = 1.3 if classroom else 1.0

    def px(self, value: float) -> int:
        """A design length in screen pixels."""
        return max(1, round(value * self.u))

    def text(self, role: str) -> int:
        """Type size for a role: small, body, heading, title."""
        base = {"small": 17, "body": 21, "heading": 30, "big": 44, "title": 68}[role]
        return max(10, round(base * self.u * self.k))

    def gui_theme(self) -> dict:
        """A pygame_gui theme with our colours and type sizes."""
        body = str(self.text("body"))
        colours = {
            "normal_bg": "#2a3142", "hovered_bg": "#3b4760", "active_bg": "#56b4e9",
            "selected_bg": "#56b4e9", "normal_text": "#f0f0ea", "hovered_text": "#ffffff",
            "active_text": "#16202c", "selected_text": "#16202c", "normal_border": "#4a546a",
            "hovered_border": "#56b4e9", "dark_bg": "#242a38", "disabled_bg": "#242a38",
            "disabled_text": "#7a8090", "link_text": "#56b4e9", "link_hover": "#e69f00",
        }
        font = {"name": "noto_sans", "size": body}
        return {
            "defaults": {"colours": colours, "font": font},
            "button": {"colours": colours, "font": font,
                       "misc": {"shape": "rounded_rectangle", "shape_corner_radius": "8", "border_width": "2"}},
            "text_box": {"colours": colours, "font": font, "misc": {"border_width": "0", "padding": "8,8"}},
        }
