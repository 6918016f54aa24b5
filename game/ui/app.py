"""The game loop: one window, the scene stack over it (stack.py), and the keys that work everywhere.

    run_game()                                # title screen
    run_game("levels/01_green_exit.yaml")     # straight to that level's intro

F11 fullscreen, F12 screenshot, F10 classroom mode. An exception inside a scene never reaches
the player as a traceback: it becomes an in-game error panel with a way back to the menu.
Here: the frame (events, update, draw), the idle frame rate, resizing and the widget manager,
fullscreen and classroom mode, toasts and screenshots. Opening the window and cleaning its input
are in window.py, drawing the toast in toast.py.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import pygame
import pygame_gui

from game.core.progress import ProgressStore

from . import levels_loading, paths, pictures, theme, toast, warmup
from .editor.live import LiveReload
from .levels_index import load_entry
from .maze_view import MazeView
from .scene import Host, To
from .stack import SceneStack
from .theme import Fonts, Theme
from .window import (
    DEFAULT_SIZE,
    MIN_SIZE,
    desktop_size,
    drop_key_repeat,
    fit_desktop,
    no_display_reason,
    open_window,
    save_screenshot,
    typed,
)

FPS = 60
IDLE_FPS = 10  # frames per second when nothing moves and nobody touches anything
IDLE_AFTER = 1.0  # seconds without input before a still scene drops to IDLE_FPS
SWITCH_INTERVAL = 0.0005  # seconds a thread may hold the GIL while another waits for it


class App(SceneStack):
    """Owns the window, the fonts, the widget manager and the scene stack; the scenes see it as a
    `Host` (game/ui/scene.py) and open one another through `go` (scenes/registry.py makes them)."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, classroom: bool = False, fullscreen: bool = False) -> None:
        super().__init__()
        # Worker threads (training, the level list) share the GIL with the frame loop. Each call
        # that lets go of it (a scale, a blit, a font render) must win it back from a worker busy
        # in Python, which keeps it for the switch interval: 5 ms by default, 35 calls a frame.
        sys.setswitchinterval(SWITCH_INTERVAL)
        warnings.filterwarnings("ignore", module="pygame_gui")
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Mesa Maze")
        window_icon = pictures.icon()
        if window_icon is not None:  # a broken icon file is reported, and the window keeps its default
            pygame.display.set_icon(window_icon)
        pygame.key.set_repeat(350, 60)
        self.windowed_size = fit_desktop(size, desktop_size())
        self.fullscreen = fullscreen or classroom
        self.screen = self._set_mode()
        self.classroom = classroom
        self.fonts = Fonts()
        self.theme = Theme(self.screen.get_size(), classroom)
        self.mazes = MazeView(self.fonts)
        self.manager = pygame_gui.UIManager(self.screen.get_size(), self.theme.gui_theme())
        self._manager_key = self._manager_for()  # the first scene reuses it: a second one parses its theme again
        self.clock = pygame.time.Clock()
        self._toast: tuple[str, float] | None = None
        self.live: LiveReload | None = None  # when started with a level file (editor/live.py)
        self.progress: ProgressStore | None = None  # the player's progress, opened on first use (progress_view.store)
        self.toast_rect: pygame.Rect | None = None  # where the toast was last drawn (tests read it)
        self._last_input = time.monotonic()
        self.warmup = self._warmup()
        self.splash = False  # run_game: the first frames show the name only, while the fonts warm
        self.preload_levels = False  # run_game: start loading the level list once the title is drawn
        self.level_scan: levels_loading.IndexScan | None = None  # that load, once started

    def _warmup(self) -> warmup.Warmup:
        """Fonts and pictures loaded a little at the end of each frame, before a scene needs them."""
        return warmup.Warmup(warmup.jobs(self.fonts, self.theme, lambda: self.manager))

    def host(self) -> Host:
        return self

    # --- window -----------------------------------------------------------------------------
    def _set_mode(self) -> pygame.Surface:
        return open_window(self.fullscreen, self.windowed_size)

    def toggle_fullscreen(self) -> None:
        if not self.fullscreen:
            self.windowed_size = self.screen.get_size()
        self.fullscreen = not self.fullscreen
        self.screen = self._set_mode()
        self.resized()

    def toggle_classroom(self) -> None:
        self.classroom = not self.classroom
        self.resized()
        self.toast("Classroom mode on: large type, narration, predict-then-reveal" if self.classroom
                   else "Classroom mode off")

    def resized(self, size: tuple[int, int] | None = None) -> None:
        """Recompute sizes and rebuild the widgets of the top scene; a window dragged smaller
        than MIN_SIZE is set back to it."""
        self.screen = pygame.display.get_surface() or self._set_mode()
        want = size or self.screen.get_size()
        clamped = (max(want[0], MIN_SIZE[0]), max(want[1], MIN_SIZE[1]))
        if not self.fullscreen and clamped != self.screen.get_size():
            self.screen = pygame.display.set_mode(clamped, pygame.RESIZABLE)
        self.theme = Theme(self.screen.get_size(), self.classroom)
        self.warmup = self._warmup()  # new type sizes
        self._ui_dirty = True

    def refresh_ui(self) -> None:
        """Rebuild the top scene's widgets before the next frame (e.g. after its phase changed)."""
        self._ui_dirty = True

    def _manager_for(self) -> tuple[tuple[int, int], str]:
        """What the widget manager depends on: the window size and the widget theme."""
        return self.screen.get_size(), repr(self.theme.gui_theme())

    def _rebuild_ui(self) -> None:
        self._ui_dirty = False
        # A new manager (it parses its theme) only when the size or the theme changed: making one
        # costs more than a frame, and a scene change would stall the window for it.
        key = self._manager_for()
        if self._manager_key == key:
            self.manager.clear_and_reset()
        else:
            self.manager = pygame_gui.UIManager(self.screen.get_size(), self.theme.gui_theme())
            self._manager_key = key
        if self.stack:
            self.stack[-1].actions.clear()
            self._guard(self.stack[-1].build_ui, self.manager)

    # --- messages, screenshots ----------------------------------------------------------------
    def toast(self, message: str, seconds: float = 3.5) -> None:
        self._toast = (message, time.monotonic() + seconds)

    def screenshot(self) -> Path | None:
        """Save the window as a PNG in the screenshots folder; an unwritable folder is a message."""
        folder = paths.screenshots_dir()
        try:
            path = save_screenshot(self.screen, folder)
        except (OSError, pygame.error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.toast(f"Cannot save the screenshot in {folder}: {reason}", 6)
            return None
        self.toast(f"Screenshot saved: {path}")
        return path

    # --- the loop ------------------------------------------------------------------------------
    def frame(self, events: list[pygame.event.Event], dt: float) -> None:
        """One frame: events, update, draw. Tests call this with scripted events."""
        if self._ui_dirty:
            self._rebuild_ui()
        for event in events:
            self._event(event)
            if self._ui_dirty:
                self._rebuild_ui()
        if not self.running or not self.stack:
            return
        if self.splash and not self.warmup.fonts_warm:
            warmup.splash(self.screen, self.fonts, self.theme, self.warmup)
            return
        self.manager.update(dt)
        self._guard(self.scene.update, dt)
        if self.live is not None:
            self._guard(self.live.update, dt)
        if not self.stack:
            return
        self.screen.fill(theme.BG)
        self._guard(self.scene.draw, self.screen)
        self.manager.draw_ui(self.screen)
        for problem in pictures.take_problems():  # a broken picture: say so once, draw its letter
            self.toast(problem, seconds=6)
        if self.live is not None:
            self.live.draw(self.screen)
        self._draw_toast()
        if self.preload_levels and self.level_scan is None:  # the title is drawn: now the worker may start
            self.level_scan = levels_loading.preload()
        else:
            self.warmup.step()

    def _event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.resized(getattr(event, "size", None))
            return
        if event.type == pygame.WINDOWSIZECHANGED:
            self.resized()
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_F11, pygame.K_F12, pygame.K_F10):
            {pygame.K_F11: self.toggle_fullscreen, pygame.K_F12: self.screenshot,
             pygame.K_F10: self.toggle_classroom}[event.key]()
            return
        if event.type == pygame.TEXTINPUT:
            visible = typed(event)
            if visible is None:
                return
            event = visible
        try:
            consumed = self.manager.process_events(event)
        except Exception as exc:  # noqa: BLE001 - a widget choking on input must not end the game
            self._log(exc)
            self.toast("That input could not be used here.")
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED and self.stack:
            self._guard(self.scene.on_widget, event)
            return
        if not consumed and self.stack:
            self._guard(self.scene.handle_event, event)

    def _draw_toast(self) -> None:
        self.toast_rect = None
        if self._toast is not None and time.monotonic() > self._toast[1]:
            self._toast = None
        if self._toast is not None:
            self.toast_rect = toast.draw_toast(self.screen, self.fonts, self.theme, self._toast[0],
                                               toast.controls(self.manager))

    def busy(self) -> bool:
        """Is anything on screen moving (so the loop must run at full rate)?"""
        if self._ui_dirty or self._toast is not None or not self.stack:
            return True
        if time.monotonic() - self._last_input < IDLE_AFTER:
            return True  # hover and click feedback of the widgets
        return bool(getattr(self.scene, "animating", True))

    def run(self, frames: int | None = None) -> int:
        """The game loop; `frames` stops it after that many frames (a headless smoke run)."""
        fps = FPS
        while self.running and (frames is None or frames > 0):
            frames = None if frames is None else frames - 1
            dt = self.clock.tick(fps) / 1000.0
            started = time.perf_counter()
            events = pygame.event.get()
            held = pygame.key.get_pressed()
            if events:
                self._last_input = time.monotonic()
            self.frame(events, min(dt, 0.1))
            pygame.display.flip()
            if time.perf_counter() - started > 0.1:
                drop_key_repeat(held)
            fps = FPS if self.busy() else IDLE_FPS  # a still screen does not burn a core
        return self.exit_code


def run_game(level_path: str | None = None, classroom: bool = False, fullscreen: bool = False,
             frames: int | None = None) -> int:
    """Start the game; returns an exit code (2 when there is no display to open a window on).
    `frames`: quit after that many frames (with SDL_VIDEODRIVER=dummy, a headless smoke run)."""
    reason = no_display_reason()
    try:
        if reason is not None:
            raise pygame.error(reason)
        app = App(classroom=classroom, fullscreen=fullscreen)
    except pygame.error as exc:
        print(f"mesa-maze: cannot open a window: {reason or exc}. "
              "Run it on a desktop, or use a headless command (python main.py --help).", file=sys.stderr)
        return 2
    try:
        app.home()
        app.splash = True  # fonts warmed over the first frames, not all in the title's first
        app.preload_levels = True  # the level list loads on a worker while the title screen shows
        if level_path:
            app.go(To.INTRO, load_entry(Path(level_path)))
            app.live = LiveReload(app, Path(level_path))  # edit the file, save, and the game reloads it
        return app.run(frames)
    except KeyboardInterrupt:
        return 130
    finally:
        levels_loading.shutdown()  # a scan still loading stops after its file in hand
        pygame.quit()
