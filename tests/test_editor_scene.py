"""The editor scene and live reload, driven with scripted events under the dummy video driver."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pygame_gui

from game.core.loader import load_level
from game.ui.app import App
from game.ui.editor.live import LiveReload
from game.ui.levels_index import load_entry
from game.ui.scene import To
from game.ui.scenes.intro import IntroScene
from tests.ui_helpers import listed

ROOT = Path(__file__).resolve().parents[1]


def key(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def mouse(kind: int, pos: tuple[int, int], button: int = 1) -> pygame.event.Event:
    if kind == pygame.MOUSEMOTION:
        return pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(1, 0, 0), touch=False)
    return pygame.event.Event(kind, pos=pos, button=button, touch=False)


def frames(app: App, n: int = 1, events: tuple = ()) -> None:
    for i in range(n):
        app.frame(list(events) if i == 0 else [], 1 / 60)


def name(app: App) -> str:
    return type(app.scene).__name__


def open_from_select(app: App, filename: str) -> None:
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app)
    names = [e.path.name for e in app.scene.entries]
    for _ in range(names.index(filename)):
        frames(app, 1, [key(pygame.K_DOWN)])
    frames(app, 2, [key(pygame.K_e)])
    assert name(app) == "EditorScene"


def test_paint_undo_save_and_leave(app: App, tmp_path: Path) -> None:
    open_from_select(app, "07_absent_supervisor.yaml")
    editor = app.scene
    assert editor.model.is_campaign
    place = editor.canvas.place
    rows = editor.rows
    target = place.cell_rect(3, 5).center  # a floor cell of the bottom corridor
    assert rows[3][5] == "."
    frames(app, 1, [mouse(pygame.MOUSEBUTTONDOWN, target), mouse(pygame.MOUSEMOTION, place.cell_rect(3, 6).center),
                    mouse(pygame.MOUSEBUTTONUP, target)])
    assert editor.rows[3][5:7] == "##"  # the brush starts as wall; a drag paints every cell it crosses
    frames(app, 1, [key(pygame.K_z, pygame.KMOD_CTRL)])
    assert editor.rows[3][5:7] == ".."  # one drag, one undo step
    frames(app, 1, [key(pygame.K_y, pygame.KMOD_CTRL)])
    assert editor.rows[3][5:7] == "##"
    # the wall cuts the only path round the shortcut, but the shortcut is not a wall, so still valid
    assert editor.model.problem is None
    frames(app, 2, [key(pygame.K_ESCAPE)])
    assert name(app) == "LeaveScene"  # unsaved changes: asked before leaving
    frames(app, 2, [key(pygame.K_ESCAPE)])
    assert name(app) == "EditorScene"
    frames(app, 2, [key(pygame.K_s, pygame.KMOD_CTRL)])
    saved = tmp_path / "levels" / "07_absent_supervisor.yaml"
    assert saved.exists() and load_level(saved).training[0].source.rows[3][5:7] == "##"
    frames(app, 2, [key(pygame.K_ESCAPE)])
    assert name(app) == "SelectScene"
    listed(app)  # the new file loads on the worker
    assert any(e.path == saved for e in app.scene.entries)  # the list shows the new copy


def test_typing_into_a_field_validates_live_and_marks_the_field(app: App) -> None:
    frames(app, 2, [key(pygame.K_e)])
    editor = app.scene
    editor.show_tab("Evolution")
    frames(app, 2)
    widget = next(w for w, (path, _) in editor.bound.items() if path == ("evolution", "population"))
    widget.set_text("-5")
    frames(app, 1, [pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_CHANGED, text="-5", ui_element=widget)])
    assert editor.model.problem is not None and editor.model.problem.path == ("evolution", "population")
    assert editor._tab_has_problem("Evolution")
    frames(app, 1, [pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_CHANGED, text="40", ui_element=widget)])
    assert editor.model.problem is None and editor.model.doc["evolution"]["population"] == 40


def test_bad_cell_is_shown_and_f8_goes_to_it(app: App) -> None:
    app.go(To.EDITOR, ROOT / "levels" / "07_absent_supervisor.yaml")
    frames(app, 2)
    editor = app.scene
    editor.model.paint("deployment", 0, 1, 1, "?")
    assert editor.model.problem.layout == ("deployment", 0) and editor.model.problem.cell == (1, 1)
    frames(app, 2, [key(pygame.K_F8)])
    assert (editor.set_name, editor.index, editor.cursor) == ("deployment", 0, (1, 1))
    frames(app, 2, [key(pygame.K_F5)])
    assert name(app) == "EditorScene"  # test play refuses an invalid level


def test_test_play_trains_the_edited_level(app: App) -> None:
    frames(app, 2, [key(pygame.K_e)])
    editor = app.scene
    editor.model.set(("title",), "Edited in the editor")
    frames(app, 2, [key(pygame.K_F5)])
    assert name(app) == "TrainingScene"
    assert app.scene.run.level.title == "Edited in the editor"
    app.scene.back()
    frames(app, 2)
    assert name(app) == "EditorScene"


def test_generator_layout_shows_rule_fields_and_a_sample(app: App) -> None:
    frames(app, 2, [key(pygame.K_e)])
    editor = app.scene
    editor.select("deployment", 0)
    frames(app, 2)
    paths = {path for path, _ in editor.bound.values()}
    assert ("deployment", 0, "generate", "place", 0, "where") in paths
    assert editor._sample() is not None
    editor.add_rule()
    frames(app, 2)
    assert len(editor.model.doc["deployment"][0]["generate"]["place"]) == 2


def write_later(path: Path, text: str) -> None:
    path.write_text(text)
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_live_reload_shows_errors_over_the_last_good_version(app: App, tmp_path: Path) -> None:
    level = tmp_path / "mine.yaml"
    good = (ROOT / "levels" / "01_green_exit.yaml").read_text()
    level.write_text(good)
    app.push(IntroScene(app, load_entry(level)))
    app.live = live = LiveReload(app, level, interval=0)
    frames(app, 2)
    write_later(level, good.replace("title: Green Means Go", "title: Green Means Stop"))
    frames(app, 2)
    assert live.reloads == 1 and live.error is None
    assert name(app) == "IntroScene" and app.scene.entry.level.title == "Green Means Stop"
    write_later(level, good.replace("step_cost: 0.3", "step_cost: -1"))
    frames(app, 2)
    line = 1 + next(i for i, text in enumerate(good.splitlines()) if "step_cost: 0.3" in text)
    assert live.error is not None and f":{line}:" in live.error.where  # file:line:col of the bad value
    assert name(app) == "IntroScene" and app.scene.entry.level.title == "Green Means Stop"  # last good version
    write_later(level, good)
    frames(app, 2)
    assert live.error is None and app.scene.entry.level.title == "Green Means Go"


def test_a_file_that_is_not_utf8_gets_a_message_not_the_error_panel(app: App, tmp_path: Path) -> None:
    """E on a binary file in the level list opened the error panel ("'utf-8' codec can't decode
    byte 0xbb"); it is a toast naming the file, the place and the fix, like the loader's."""
    from game.ui.editor.scene import editor_for

    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"ti\xbbtle: x\n")
    assert editor_for(app, junk) is None
    assert app._toast is not None and "not UTF-8" in app._toast[0] and "junk.yaml:1:3" in app._toast[0]
