"""What the first frames used to load lazily (fonts, the widgets' fonts, pictures, a second widget
manager) is loaded a few jobs at a time at the end of the early frames. Work is counted, not timed."""

from __future__ import annotations

import pygame
import pygame_gui

from game import pictures as library
from game.ui import pictures, warmup
from game.ui.app import App
from tests.ui_helpers import frames


def test_the_first_scene_reuses_the_widget_manager_made_at_start_up(tmp_path, monkeypatch) -> None:
    """Each manager parses its theme and loads its fonts: the first frame used to make a second one."""
    monkeypatch.setenv("MESA_MAZE_HOME", str(tmp_path))
    made = []
    real = pygame_gui.UIManager

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            made.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pygame_gui, "UIManager", Counted)
    app = App()
    app.home()
    frames(app, 3)
    assert len(made) == 1
    app.resized((1000, 700))  # another size: a manager for it
    frames(app, 1)
    assert len(made) == 2
    pygame.quit()


def test_every_frame_warms_something_until_all_is_warm(app: App) -> None:
    assert not app.warmup.finished and app.warmup.done == 0
    counts = []
    for _ in range(200):  # a deadline: there are about twenty jobs
        if app.warmup.finished:
            break
        before = app.warmup.done
        frames(app, 1)
        counts.append(app.warmup.done - before)
    assert app.warmup.finished and all(n >= 1 for n in counts[:-1])
    sizes = {(app.theme.text(role), bold) for role in warmup.ROLES for bold in (False, True)}
    assert sizes <= set(app.fonts._cache)  # every type size the theme hands out, regular and bold
    assert set(library.picture_names()) <= set(pictures._base)  # every library picture parsed
    done = app.warmup.done
    frames(app, 3)
    assert app.warmup.done == done  # nothing left: no more work per frame


def test_a_new_type_size_is_warmed_again(app: App) -> None:
    app.warmup.finish()
    app.toggle_classroom()  # larger type
    assert not app.warmup.finished
    app.warmup.finish()
    assert (app.theme.text("title"), True) in app.fonts._cache


def test_warming_a_broken_picture_leaves_the_report_to_the_level_that_draws_it(monkeypatch) -> None:
    def broken(name: str):
        raise library.PictureError(f"{name}.xpm: broken")

    monkeypatch.setattr(library, "load", broken)
    monkeypatch.setattr(pictures, "_base", {})
    pictures.take_problems()
    pictures.parsed("heart")
    assert pictures.take_problems() == [] and "heart" not in pictures._base  # warming says nothing
    assert pictures.picture("heart", 16, (0, 0, 0), (255, 255, 255)) is None
    assert any("heart" in p for p in pictures.take_problems())  # the drawing does, once


def test_the_start_up_splash_shows_the_name_until_the_fonts_are_warm(app: App) -> None:
    """run_game's first frames: the name where the title has it, one font or more warmed a frame;
    then the title screen, whose first frame finds its fonts ready. Input is not lost meanwhile."""
    app.splash = True
    drawn = []
    title = app.scene
    real = title.draw
    title.draw = lambda surface: drawn.append(True) or real(surface)  # type: ignore[method-assign]
    splash = 0
    while not app.warmup.fonts_warm:
        assert splash <= warmup.FONT_JOBS, "each splash frame warms at least one font"
        frames(app, 1)
        splash += 1
    assert splash >= 1 and not drawn  # the title scene was not drawn during the splash
    assert app.screen.get_at((5, 5))[:3] == (22, 26, 36)  # the background, not a black window
    frames(app, 1)
    assert drawn  # then the title screen
    app.splash, app.warmup = True, app._warmup()  # a splash again (as at start-up): Enter still works
    frames(app, 2, [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0)])
    assert type(app.scene).__name__ == "SelectScene"


def test_warming_changes_no_pixel(app: App) -> None:
    from game.ui.theme import Fonts

    cold, warm = Fonts(), Fonts()
    size = app.theme.text("body")
    warmup.Warmup(warmup.jobs(warm, app.theme, lambda: app.manager)).finish()
    for text in ("Mesa Maze", "Loading levels... 3 of 14", "goal misgeneralization, proxy goal"):
        for bold in (False, True):
            a = cold.get(size, bold).render(text, True, (240, 240, 234))
            b = warm.get(size, bold).render(text, True, (240, 240, 234))
            assert pygame.image.tobytes(a, "RGBA") == pygame.image.tobytes(b, "RGBA"), text
