"""Nothing clipped, nothing overlapping: every scene at 1024x600, 1280x720 and 1920x1080, with and
without classroom mode.

The drawing helpers record every text they draw (game/ui/draw.py, `recording`); a frame of each
scene is drawn under the recorder and fails when
- a text's ink leaves the window, or leaves the smallest panel its centre lies in;
- two texts' ink overlap;
- a text lies under a widget (a button or text box would hide it);
- a button's label is wider than the button, a drop-down's choice wider than its box;
- two widgets overlap, or a widget leaves the window;
- a toast covers a widget.
"""

from __future__ import annotations

import pygame
import pygame_gui
import pytest

from game.ui import draw
from game.ui.app import App
from tests.ui_tour import SCENES

SIZES = ((1024, 600), (1280, 720), (1920, 1080))


def _area(r: pygame.Rect) -> int:
    return r.width * r.height


def _widgets(app: App) -> list:
    """The visible top-level widgets (not the scroll bars and buttons inside them)."""
    return [e for e in app.manager.get_root_container().elements
            if getattr(e, "visible", True) and getattr(e, "parent_element", None) is None]


def _buttons(app: App) -> list:
    """Every visible button, including those inside drop-downs."""
    return [e for e in app.manager.get_sprite_group().sprites() if isinstance(e, pygame_gui.elements.UIButton)
            and getattr(e, "visible", True) and e.text]


def layout_problems(app: App) -> list[str]:
    """Draw one frame of the top scene under the recorder; what is clipped or overlaps."""
    with draw.recording() as rec:
        app.frame([], 1 / 60)
    screen = app.screen
    bounds = screen.get_rect()
    toast = app.toast_rect or pygame.Rect(0, 0, 0, 0)  # a toast lies over everything for a moment
    texts = [d for d in rec.texts if d.target == id(screen) and d.ink.width and d.ink.height
             and not toast.contains(d.ink)]
    panels = [r for r, target in rec.panels if target == id(screen)]
    widgets = _widgets(app)
    controls = [pygame.Rect(w.rect) for w in widgets]
    out = []
    for d in texts:
        if not bounds.contains(d.ink):
            out.append(f"leaves the window: {d.value!r} at {tuple(d.ink)}")
            continue
        holders = [p for p in panels if p.collidepoint(d.ink.center)]
        if holders:
            holder = min(holders, key=_area)
            if not holder.inflate(2, 2).contains(d.ink):
                out.append(f"leaves its panel {tuple(holder)}: {d.value!r} at {tuple(d.ink)}")
        hit = d.ink.collidelist(controls)
        if hit >= 0 and d.ink.clip(controls[hit]).width > 1 and d.ink.clip(controls[hit]).height > 1:
            out.append(f"under a widget {type(widgets[hit]).__name__} {tuple(controls[hit])}: {d.value!r}")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            both = a.ink.clip(b.ink)
            if both.width > 1 and both.height > 1 and not (a.value == b.value and a.ink == b.ink):
                out.append(f"texts overlap: {a.value!r} {tuple(a.ink)} and {b.value!r} {tuple(b.ink)}")
    for i, w in enumerate(widgets):
        rect = controls[i]
        if not bounds.contains(rect):
            out.append(f"widget leaves the window: {type(w).__name__} {tuple(rect)}")
        for j in range(i + 1, len(widgets)):
            nested = rect.contains(controls[j]) or controls[j].contains(rect)  # a part of a widget (scroll bar)
            if rect.colliderect(controls[j]) and not nested:
                out.append(f"widgets overlap: {type(w).__name__} {tuple(rect)} and {tuple(controls[j])}")
    for b in _buttons(app):
        if b.font.size(b.text)[0] > b.rect.width - 4:
            out.append(f"button label clipped: {b.text!r} ({b.font.size(b.text)[0]} px) in {b.rect.width} px")
    if app.toast_rect is not None and app.toast_rect.collidelist(controls) >= 0:
        out.append(f"toast covers a widget: {tuple(app.toast_rect)}")
    return out


def resize(app: App, size: tuple[int, int]) -> None:
    pygame.display.set_mode(size, pygame.RESIZABLE)
    app.frame([pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])], 1 / 60)


def reset(app: App) -> None:
    """Back to the title screen, stopping any training run."""
    for s in app.stack:
        trainer = getattr(s, "trainer", None)
        if trainer is not None:
            trainer.close()
    app.home()
    app.frame([], 1 / 60)


@pytest.mark.parametrize("classroom", [False, True], ids=["normal", "classroom"])
def test_every_scene_at_every_size_has_nothing_clipped_or_overlapping(app: App, classroom: bool) -> None:
    found: list[str] = []
    for name, go in SCENES.items():
        reset(app)
        resize(app, SIZES[1])
        if app.classroom != classroom:
            app.toggle_classroom()
        app._toast = None
        go(app)
        app._toast = None
        for size in SIZES:
            resize(app, size)
            app.frame([], 1 / 60)
            found += [f"{name} {size[0]}x{size[1]}: {p}" for p in layout_problems(app)]
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found)


def test_toasts_never_cover_a_button(app: App) -> None:
    from tests.ui_tour import to_debrief

    to_debrief(app)
    for size in SIZES:
        resize(app, size)
        app.toast("A long message that would sit right on the button row if it were drawn at the bottom")
        app.frame([], 1 / 60)
        assert app.toast_rect is not None
        assert app.toast_rect.collidelist([pygame.Rect(w.rect) for w in _widgets(app)]) < 0


def test_the_recorder_sees_a_clipped_and_an_overlapping_text(app: App) -> None:
    """The checker itself: a text past the edge and two texts on top of each other are found."""
    screen = app.screen
    with draw.recording() as rec:
        draw.text(screen, app.fonts, "past the edge", (screen.get_width() - 10, 10), 20)
        draw.text(screen, app.fonts, "one", (100, 100), 20)
        draw.text(screen, app.fonts, "two", (105, 102), 20)
    values = [d.value for d in rec.texts]
    assert values == ["past the edge", "one", "two"]
    assert not screen.get_rect().contains(rec.texts[0].ink)
    assert rec.texts[1].ink.colliderect(rec.texts[2].ink)
