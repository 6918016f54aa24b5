"""The sweep chart as a PNG (Pillow): outcome rates against the knob's values.

Drawn large (1600x1000, 30+ px type) so it reads on a classroom projector. Misaligned is a solid
red line with round markers, aligned a dashed green line with square markers, capability failure
a dotted grey line with triangles: every series differs by shape and dash, not only by colour.
The x axis is categorical (the swept values evenly spaced), as the values are usually uneven
(0%, 1%, 2%, 5%, 10%).

    save_chart(result, "sweep.png")
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from game.core.atomic import atomic_write

from .core.kinds import Outcome
from .core.sweep import SweepResult

RGB = tuple[int, int, int]
SIZE = (1600, 1060)
MARGIN = (190, 150, 70, 270)  # left, top, right, bottom
BG, INK, GRID = (255, 255, 255), (25, 25, 35), (215, 215, 225)
SERIES = (
    # outcome, label, colour, marker, dash (on, off) in px
    (Outcome.MISALIGNED, "misaligned", (200, 40, 40), "circle", None),
    (Outcome.ALIGNED, "aligned", (30, 140, 60), "square", (22, 12)),
    (Outcome.CAPABILITY_FAILURE, "capability failure", (110, 110, 120), "triangle", (6, 10)),
)
DEFECTED = (Outcome.DEFECTED, "defected", (204, 121, 167), "diamond", (16, 8))  # drawn when any episode defected


def _series(result: SweepResult) -> tuple:
    if any(p.deployment.get(Outcome.DEFECTED, 0.0) for p in result.points):
        return SERIES + (DEFECTED,)
    return SERIES


def _font_file(bold: bool) -> str | None:
    """A TrueType font: pygame_gui's Noto Sans (found without importing pygame), else DejaVu."""
    spec = importlib.util.find_spec("pygame_gui")
    candidates = []
    if spec and spec.origin:
        candidates.append(Path(spec.origin).parent / "data" / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"))
    candidates.append(Path("/usr/share/fonts/truetype/dejavu") / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
    for path in candidates:
        if path.exists():
            return str(path)
    return None


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_file(bold)
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _dashed(draw: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], colour: RGB, width: int,
            dash: tuple[int, int] | None) -> None:
    if dash is None:
        draw.line([a, b], fill=colour, width=width)
        return
    (x0, y0), (x1, y1) = a, b
    length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-9)
    on, off = dash
    t = 0.0
    while t < length:
        t2 = min(t + on, length)
        draw.line([(x0 + (x1 - x0) * t / length, y0 + (y1 - y0) * t / length),
                   (x0 + (x1 - x0) * t2 / length, y0 + (y1 - y0) * t2 / length)], fill=colour, width=width)
        t += on + off


def _marker(draw: ImageDraw.ImageDraw, x: float, y: float, shape: str, colour: RGB, r: int = 13) -> None:
    if shape == "circle":
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline=INK, width=2)
    elif shape == "square":
        draw.rectangle([x - r, y - r, x + r, y + r], fill=colour, outline=INK, width=2)
    elif shape == "diamond":
        draw.polygon([(x, y - r - 3), (x + r + 3, y), (x, y + r + 3), (x - r - 3, y)], fill=colour, outline=INK)
    else:
        draw.polygon([(x, y - r - 2), (x + r + 2, y + r), (x - r - 2, y + r)], fill=colour, outline=INK)


def render_chart(result: SweepResult) -> Image.Image:
    """The chart as a Pillow image."""
    img = Image.new("RGB", SIZE, BG)
    draw = ImageDraw.Draw(img)
    title_font, label_font, tick_font = _font(40, bold=True), _font(34), _font(30)
    left, top, right, bottom = MARGIN
    x0, y0, x1, y1 = left, top, SIZE[0] - right, SIZE[1] - bottom
    draw.text((SIZE[0] / 2, 48), result.title, font=title_font, fill=INK, anchor="mm")
    sub = f"{result.brain.value} brain, {result.seeds} seeds per value, deployed episodes"
    draw.text((SIZE[0] / 2, 98), sub, font=tick_font, fill=(80, 80, 90), anchor="mm")
    # y axis: 0-100% of deployed episodes
    for pct in range(0, 101, 20):
        y = y1 - (y1 - y0) * pct / 100
        draw.line([(x0, y), (x1, y)], fill=GRID, width=2)
        draw.text((x0 - 16, y), f"{pct}%", font=tick_font, fill=INK, anchor="rm")
    draw.line([(x0, y0), (x0, y1), (x1, y1)], fill=INK, width=3)
    ylabel = Image.new("RGBA", (y1 - y0, 50), (255, 255, 255, 0))
    ImageDraw.Draw(ylabel).text(((y1 - y0) / 2, 25), "share of deployed episodes", font=label_font, fill=INK,
                                anchor="mm")
    ylabel = ylabel.rotate(90, expand=True)
    img.paste(ylabel, (20, y0), ylabel)
    # x axis: the swept values, evenly spaced
    n = len(result.points)
    step = (x1 - x0) / n
    xs = [x0 + step * (i + 0.5) for i in range(n)]
    for x, point in zip(xs, result.points):
        draw.line([(x, y1), (x, y1 + 12)], fill=INK, width=3)
        draw.text((x, y1 + 20), result.knob.show(point.value), font=tick_font, fill=INK, anchor="ma")
    draw.text(((x0 + x1) / 2, y1 + 85), result.knob.label, font=label_font, fill=INK, anchor="ma")
    # the series
    series = _series(result)
    for outcome, _label, colour, marker, dash in series:
        pts = [(x, y1 - (y1 - y0) * p.deployment.get(outcome, 0.0)) for x, p in zip(xs, result.points)]
        for a, b in zip(pts, pts[1:]):
            _dashed(draw, a, b, colour, 6, dash)
        for x, y in pts:
            _marker(draw, x, y, marker, colour)
    # legend: one row under the axis label, outside the plot so it never hides a point
    widths = [120 + draw.textlength(label, font=tick_font) for _o, label, *_ in series]
    gap = 60
    lx = (SIZE[0] - sum(widths) - gap * (len(series) - 1)) / 2
    ly = y1 + 185
    for width, (_outcome, label, colour, marker, dash) in zip(widths, series):
        _dashed(draw, (lx, ly), (lx + 80, ly), colour, 6, dash)
        _marker(draw, lx + 40, ly, marker, colour, r=11)
        draw.text((lx + 100, ly), label, font=tick_font, fill=INK, anchor="lm")
        lx += width + gap
    return img


def save_chart(result: SweepResult, path: str | Path) -> Path:
    """Write the chart PNG; returns its path."""
    image = render_chart(result)
    return atomic_write(path, lambda out: image.save(out, format="PNG"))
