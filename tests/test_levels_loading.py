"""The level list loads off the frame loop: frames keep coming while level files load on a worker,
the rows appear in the list's order under "Loading levels... n of m", and what the list ends
with is exactly what loading every file in order gives. Leaving mid-load is safe, and quitting
never waits for the list. Work is counted (files loaded, threads), never timed."""

from __future__ import annotations

import threading
from pathlib import Path

import pygame
import pytest

from game.ui import draw, levels_index, levels_loading
from game.ui.app import App
from tests.ui_helpers import frames, frames_until, key, listed, scene

LEVELS = Path(__file__).resolve().parents[1] / "levels"
DEADLINE = 60.0


class Held:
    """Level loading that records the thread it ran on and stops at one file until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, hold: str | None) -> None:
        self.hold = hold
        self.release = threading.Event()
        self.reached = threading.Event()
        self.loads: list[tuple[str, str]] = []  # (file name, thread name)
        real = levels_index.load_level

        def load(path):
            self.loads.append((Path(path).name, threading.current_thread().name))
            if Path(path).name == self.hold:
                self.reached.set()
                assert self.release.wait(DEADLINE), "the test never let the file load"
            return real(path)

        monkeypatch.setattr(levels_index, "load_level", load)
        monkeypatch.setattr(levels_index, "_scanned", {})  # nothing loaded yet: the first visit

    def names(self) -> list[str]:
        return [name for name, _ in self.loads]


@pytest.fixture(autouse=True)
def no_scan_left():
    assert levels_loading.shutdown(timeout=DEADLINE), "a scan of an earlier test is still loading"
    yield
    assert levels_loading.shutdown(timeout=DEADLINE)


def _expected(tmp_path: Path) -> list[str]:
    return [p.name for p, _ in levels_index.level_files(None, tmp_path / "levels")]


def test_the_first_visit_loads_on_the_worker_and_the_window_keeps_drawing(app: App, monkeypatch, tmp_path) -> None:
    held = Held(monkeypatch, hold="05_keys_and_chests.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    select = app.scene
    assert scene(app) == "SelectScene" and select.loading is not None
    assert held.reached.wait(DEADLINE)
    with draw.recording() as seen:
        frames(app, 5)  # the worker is stuck on one file: the frames still come
    assert [e.path.name for e in select.entries] == _expected(tmp_path)[:5]  # loaded so far, in the list's order
    texts = [t.value for t in seen.texts]
    assert f"Loading levels... 5 of {len(_expected(tmp_path))}" in texts
    assert select.animating  # the spinner turns at full frame rate
    frames(app, 1, [key(pygame.K_DOWN)])
    frames(app, 1, [key(pygame.K_END)])
    assert select.index == 4  # keys move over the rows already there
    held.release.set()
    listed(app, DEADLINE)
    assert [e.path.name for e in select.entries] == _expected(tmp_path)
    assert select.entries == levels_index.scan()  # the same entries, from the cache: nothing loaded again
    assert held.names() == _expected(tmp_path)  # each file loaded once, in order
    assert {thread for _, thread in held.loads} == {"level-index"}  # never on the UI thread
    assert not select.animating and select.index == 4


def test_a_second_visit_and_a_reload_load_only_what_changed(app: App, monkeypatch, tmp_path) -> None:
    mine = tmp_path / "levels"
    mine.mkdir()
    (mine / "mine.yaml").write_text((LEVELS / "02_cheese_corner.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (mine / "zz_broken.yaml").write_text("title: Broken\ntraining: [\n", encoding="utf-8")
    held = Held(monkeypatch, hold=None)
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app, DEADLINE)
    select = app.scene
    broken = select.entries[-1]
    assert broken.path.name == "zz_broken.yaml" and broken.level is None and "zz_broken.yaml" in broken.error
    first = len(held.loads)
    assert first == len(select.entries)
    frames(app, 2, [key(pygame.K_ESCAPE)])
    frames(app, 2, [key(pygame.K_RETURN)])  # a new list scene: every file unchanged, all there at once
    again = app.scene
    assert again is not select and again.loading is None and len(held.loads) == first
    assert [e.path for e in again.entries] == [e.path for e in select.entries]
    again.choose(mine / "mine.yaml")
    (mine / "mine.yaml").write_text((LEVELS / "06_lava_shift.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    frames(app, 2, [key(pygame.K_F5)])
    listed(app, DEADLINE)
    assert held.names()[first:] == ["mine.yaml"]  # the file saved since, and only it
    assert again.entries[again.index].path.name == "mine.yaml"  # the selection stayed on its file
    assert again.entries[again.index].level.title == levels_index.load_entry(LEVELS / "06_lava_shift.yaml").title


def test_leaving_mid_load_is_safe_and_quitting_does_not_wait(app: App, monkeypatch) -> None:
    held = Held(monkeypatch, hold="03_coin_at_the_end.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    assert held.reached.wait(DEADLINE)
    frames(app, 2, [key(pygame.K_ESCAPE)])  # back to the title while the worker is inside a file
    assert scene(app) == "TitleScene"
    frames(app, 2, [key(pygame.K_RETURN)])  # and back: the new list follows the same scan
    assert scene(app) == "SelectScene" and app.scene.loading is not None
    workers = [t for t in threading.enumerate() if t.name == "level-index"]
    assert len(workers) == 1 and workers[0].daemon  # one worker, and it never holds the process open
    assert not levels_loading.shutdown()  # cancelled; the file in hand is still loading
    held.release.set()
    assert levels_loading.shutdown(timeout=DEADLINE)  # it stops after that file
    assert held.names()[-1] == "03_coin_at_the_end.yaml"  # nothing loaded after the cancel
    frames_until(app, lambda: app.scene.loading is None, "the list to notice", DEADLINE)
    frames(app, 3, [key(pygame.K_DOWN)])  # a cut-short list still works


def test_the_game_starts_loading_the_list_once_the_title_is_drawn(app: App, monkeypatch) -> None:
    held = Held(monkeypatch, hold="01_green_exit.yaml")
    app.preload_levels = True  # as run_game sets it
    assert app.level_scan is None
    frames(app, 1)
    scan = app.level_scan
    assert scan is not None and held.reached.wait(DEADLINE)
    frames(app, 2, [key(pygame.K_RETURN)])
    assert app.scene.loading is scan  # the list picks up the load under way, not a second one
    held.release.set()
    listed(app, DEADLINE)
    assert held.names() == [p.name for p, _ in scan.files]  # every file once


def test_a_level_opened_from_the_debrief_while_the_list_loads_is_the_right_one(app: App, monkeypatch) -> None:
    """Next level from a debrief opens that level even when the list under it is still loading."""
    held = Held(monkeypatch, hold="00_control.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    select = app.scene
    assert held.reached.wait(DEADLINE) and not select.entries
    target = LEVELS / "02_cheese_corner.yaml"
    assert not select.choose(target)  # not loaded yet: chosen when it arrives
    held.release.set()
    listed(app, DEADLINE)
    assert select.entries[select.index].path == target


QUIT_WHILE_LOADING = """
import sys, threading
from game.ui import levels_index, levels_loading
from game.ui.app import run_game
entered = threading.Event()
def stuck(path):  # a level file that never finishes loading
    entered.set()
    threading.Event().wait()
levels_index.load_level = stuck
real_shutdown = levels_loading.shutdown
def shutdown(timeout=0.0):  # quit only once the worker is inside the file
    assert entered.wait(60), "the list never started loading"
    return real_shutdown(timeout)
levels_loading.shutdown = shutdown
code = run_game(frames=30)  # the splash (a font or more a frame), the title; then the list starts loading
scans = list(levels_loading._latest.values())
print("stuck in a file:", entered.is_set(), "finished:", [s.finished for s in scans])
sys.exit(code)
"""


def test_quitting_while_a_level_file_is_still_loading_does_not_hang(tmp_path) -> None:
    """The worker is stuck inside a file for good: the game still quits (a daemon thread)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", MESA_MAZE_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", QUIT_WHILE_LOADING], cwd=LEVELS.parent, env=env,
                          capture_output=True, text=True, timeout=120)  # the deadline: a hang fails here
    assert proc.returncode == 0, proc.stderr
    assert "stuck in a file: True finished: [False]" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_the_debrief_waits_for_the_list_for_its_next_level_button(app: App, monkeypatch) -> None:
    """Started on a level file, the debrief can come before the list has loaded: it never loads
    the list itself (a frozen frame); Next level appears once the worker is done."""
    from tests.test_ui_registry import _debrief_over_title

    held = Held(monkeypatch, hold="02_cheese_corner.yaml")
    debrief = _debrief_over_title(app)  # level 01: the next one is 02
    assert held.reached.wait(DEADLINE)
    frames(app, 3)
    assert debrief.following() is None and "Next level (N)" not in [b.text for b in debrief.actions]
    assert {thread for _, thread in held.loads} == {"level-index"}
    held.release.set()
    frames_until(app, lambda: debrief.following() is not None, "the Next level button", DEADLINE, pause=0.002)
    frames(app, 2)
    assert debrief.following().path.name == "02_cheese_corner.yaml"
    assert "Next level (N)" in [b.text for b in debrief.actions]
    frames(app, 2, [key(pygame.K_n)])
    assert scene(app) == "IntroScene" and app.scene.entry.path.name == "02_cheese_corner.yaml"
