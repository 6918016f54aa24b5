"""Random input in every scene, at every window size, in normal and classroom mode.

From each scene of the game (tests/ui_tour.py) a seeded monkey sends keys (letters, arrows,
Enter, Esc, F-keys, Ctrl+Z/S), text input with odd unicode (zero-width space and joiner, byte-order
mark, right-to-left override, emoji, combining marks) into whatever field has focus (in the
editor it clicks a field first), mouse clicks and moves, the wheel, and window resizes from
160x120 (below the minimum the game allows) up to 1920x1080. The game may wander to other
scenes (Esc, Enter...); when it quits or lands on the title it is taken back to the scene.

It fails on
- any exception out of a frame (e.g. pygame_gui raising inside its own event handling);
- any error panel (ErrorScene): every level here is valid, so an error panel is the game's bug;
- a frame that does over FRAME_CPU seconds of work, or that hangs.

Why the frame limit is measured this way: a 1 s wall-clock limit would be flaky on a shared
2-core machine (another process can take the core for a second). So the work of a frame is the
main thread's CPU time (`time.thread_time`), which does not grow while the thread waits for the
core; a frame that waits forever (a deadlock, an endless wait on a worker) burns no CPU, so a
watchdog thread also reports any frame still running after HANG_SECONDS of wall time, with the
stacks of every thread, and fails the test.

The default run is short (the suite's time budget); MESA_MAZE_MONKEY_EVENTS=50000 runs that many
events per scene and mode by hand, and prints the figures (events, frames, scenes, slowest frame).
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field

import numpy as np
import pygame
import pygame_gui
import pytest

from game.ui.app import App
from tests.ui_tour import SCENES

EVENTS = int(os.environ.get("MESA_MAZE_MONKEY_EVENTS", "40"))  # per scene and mode
FRAME_CPU = 1.0  # seconds of main-thread CPU one frame may use
HANG_SECONDS = 60.0  # wall time after which a frame counts as hung
START_SCENES = ("title", "select", "intro", "training", "mind reader (training)", "deployment",
                "mind reader (deployment)", "debrief", "try it yourself", "classroom predict", "classroom reveal",
                "puzzle knobs", "puzzle debrief", "sweep", "editor")
ODD = ("\u200b", "\u200d", "\ufeff", "\u202e", "\u0301", "\U0001f600", "\u00e9", "a", "7", " ", "\t", "\u0000", "\u2028")
KEYS = (pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_SPACE, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT,
        pygame.K_TAB, pygame.K_BACKSPACE, pygame.K_DELETE, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
        pygame.K_END, pygame.K_F5, pygame.K_F8, pygame.K_F10, pygame.K_F12, pygame.K_MINUS, pygame.K_EQUALS,
        pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_6, *range(pygame.K_a, pygame.K_z + 1))
SIZES = ((160, 120), (320, 240), (400, 300), (640, 480), (800, 600), (1024, 600), (1280, 720), (1366, 768),
         (1920, 1080))


@dataclass
class Figures:
    events: int = 0
    frames: int = 0
    scenes: set = field(default_factory=set)
    slowest: float = 0.0
    slowest_in: str = ""
    problems: list[str] = field(default_factory=list)

    def problem(self, words: str) -> None:
        """Record a problem, and say it at once (a long run shows them as they come)."""
        self.problems.append(words)
        print(f"monkey problem: {words}", file=sys.stderr, flush=True)


class Watchdog:
    """A thread that notices a frame running longer than HANG_SECONDS of wall time."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.hung: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._main = threading.main_thread().ident
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(1.0):
            started = self.started
            if started is not None and time.monotonic() - started > HANG_SECONDS and self.hung is None:
                frame = sys._current_frames().get(threading.current_thread().ident if self._main is None else self._main)
                self.hung = "".join(traceback.format_stack(frame)) if frame else "(no stack)"

    def stop(self) -> None:
        self._stop.set()


def random_events(rng: np.random.Generator, app: App) -> list[pygame.event.Event]:
    """One frame's worth (0-3) of random input for the scene on top."""
    w, h = app.screen.get_size()
    out = []
    for _ in range(int(rng.integers(0, 4))):
        roll = rng.random()
        pos = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        if roll < 0.40:
            k = int(KEYS[rng.integers(len(KEYS))])
            mod = pygame.KMOD_CTRL if rng.random() < 0.06 else 0
            char = chr(k) if 32 <= k < 127 else ""
            out.append(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=char, scancode=0))
            out.append(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=char, scancode=0))
        elif roll < 0.55:
            text = "".join(ODD[i] for i in rng.integers(0, len(ODD), int(rng.integers(1, 4))))
            out.append(pygame.event.Event(pygame.TEXTINPUT, text=text))
        elif roll < 0.75:
            button = int(rng.choice([1, 1, 1, 3]))
            out.append(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=button, pos=pos))
            out.append(pygame.event.Event(pygame.MOUSEBUTTONUP, button=button, pos=pos))
        elif roll < 0.87:
            out.append(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        elif roll < 0.95:
            out.append(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=int(rng.choice([-3, -1, 1, 3])), flipped=False,
                                          precise_x=0.0, precise_y=1.0))
        else:
            size = SIZES[rng.integers(len(SIZES))]
            pygame.display.set_mode(size, pygame.RESIZABLE)
            out.append(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
    if type(app.scene).__name__ == "EditorScene" and rng.random() < 0.15:  # focus a field, then type
        fields = [e for e in app.manager.get_root_container().elements
                  if isinstance(e, (pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UITextEntryBox))]
        if fields:
            target = fields[int(rng.integers(len(fields)))]
            if rng.random() < 0.5:
                target.set_text("")
            out.append(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=target.rect.center))
            out.append(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=target.rect.center))
            text = "".join(ODD[i] for i in rng.integers(0, 4, int(rng.integers(1, 3))))  # zero-width first
            out.append(pygame.event.Event(pygame.TEXTINPUT, text=text))
    return out


def reset_to(app: App, name: str, classroom: bool) -> None:
    for s in app.stack:
        trainer = getattr(s, "trainer", None)
        if trainer is not None:
            trainer.close()
    app.running = True
    pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    app.resized()
    app.home()
    if app.classroom != classroom:
        app.toggle_classroom()
    SCENES[name](app)
    app._toast = None


def monkey(app: App, name: str, classroom: bool, events: int, seed: int, figures: Figures, dog: Watchdog) -> None:
    rng = np.random.default_rng(seed)
    reset_to(app, name, classroom)
    sent = 0
    while sent < events:
        batch = random_events(rng, app)
        sent += len(batch)
        where = type(app.scene).__name__
        figures.scenes.add(where)
        dog.started = time.monotonic()
        cpu = time.thread_time()
        try:
            app.frame(batch, 1 / 30)
        except Exception as exc:  # noqa: BLE001 - the point of the test: report it
            figures.problem(f"{name}/{'classroom' if classroom else 'normal'} in {where}: "
                                    f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}")
            reset_to(app, name, classroom)
            continue
        finally:
            dog.started = None
        used = time.thread_time() - cpu
        figures.frames += 1
        figures.events += len(batch)
        if used > figures.slowest:
            figures.slowest, figures.slowest_in = used, where
        if dog.hung:
            figures.problem(f"{name}: a frame in {where} hung:\n{dog.hung}")
            return
        if used > FRAME_CPU:
            figures.problem(f"{name}/{classroom}: a frame in {where} used {used:.2f} s of CPU")
        top = type(app.scene).__name__ if app.stack else "none"
        if top == "ErrorScene":
            figures.problem(f"{name}/{'classroom' if classroom else 'normal'}: error panel after {where}: "
                                    f"{app.scene.message}")
            reset_to(app, name, classroom)
        elif not app.running or not app.stack or top == "TitleScene" and rng.random() < 0.5:
            reset_to(app, name, classroom)


@pytest.mark.parametrize("classroom", [False, True], ids=["normal", "classroom"])
def test_random_input_in_every_scene_never_breaks_the_game(app: App, classroom: bool) -> None:
    figures = Figures()
    dog = Watchdog()
    try:
        for i, name in enumerate(START_SCENES):
            monkey(app, name, classroom, EVENTS, 1000 * i + classroom, figures, dog)
    finally:
        dog.stop()
    print(f"\nmonkey ({'classroom' if classroom else 'normal'}): {figures.events} events, {figures.frames} frames, "
          f"{len(START_SCENES)} start scenes, scenes seen {sorted(figures.scenes)}, slowest frame "
          f"{figures.slowest:.3f} s CPU (in {figures.slowest_in}), {len(figures.problems)} problems")
    assert not figures.problems, "\n\n".join(figures.problems[:20])


def test_zero_width_text_into_an_empty_editor_field(app: App) -> None:
    """Regression: U+200B typed first into an empty field raised "Text has zero width" inside
    pygame_gui, outside the game's guard; the process exited and unsaved edits were lost."""
    SCENES["editor"](app)
    fields = [e for e in app.manager.get_root_container().elements
              if isinstance(e, pygame_gui.elements.UITextEntryLine)]
    assert fields
    for char in ("\u200b", "\u200d", "\ufeff", "\u202e"):
        target = fields[0]
        target.set_text("")
        click = target.rect.center
        app.frame([pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=click),
                   pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=click),
                   pygame.event.Event(pygame.TEXTINPUT, text=char)], 1 / 60)
        app.frame([], 1 / 60)
        assert type(app.scene).__name__ == "EditorScene"


def test_f12_with_an_unwritable_data_folder_is_a_message(app: App, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("MESA_MAZE_HOME", str(blocker / "sub"))
    monkeypatch.setenv("MESA_MAZE_DATA", str(blocker / "sub"))
    app.frame([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F12, mod=0, unicode="", scancode=0)], 1 / 60)
    assert type(app.scene).__name__ == "TitleScene" and app.running
    assert app._toast is not None and "Cannot save the screenshot" in app._toast[0]


def test_the_window_never_gets_smaller_than_the_minimum(app: App) -> None:
    from game.ui.window import MIN_SIZE

    pygame.display.set_mode((100, 80), pygame.RESIZABLE)
    app.frame([pygame.event.Event(pygame.VIDEORESIZE, size=(100, 80), w=100, h=80)], 1 / 60)
    assert app.screen.get_size() == MIN_SIZE and app.theme.size == MIN_SIZE
