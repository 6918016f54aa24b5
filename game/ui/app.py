"""The game loop: a window, a scene stack, and the keys that work everywhere.

    run_game()                                # title screen
    run_game("levels/01_green_exit.yaml")     # straight to that level's intro

F11 fullscreen, F12 screenshot, F10 classroom mode. An exception inside a scene never reaches
the player as a traceback: it becomes an in-game error panel with a way back to the menu.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game.core.atomic import atomic_write
from game.core.progress import ProgressStore

from . import draw, paths, pictures, theme
from .editor.live import LiveReload
from .levels_index import load_entry
from .maze_view import MazeView
from .scene import Scene, To
from .scenes import registry
from .theme import Fonts, Theme

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (320, 240)  # the window cannot be made smaller; every scene still works at this size
FPS = 60
IDLE_FPS = 10  # frames per second when nothing moves and nobody touches anything
IDLE_AFTER = 1.0  # seconds without input before a still scene drops to IDLE_FPS


def fit_desktop(size: tuple[int, int], desktop: tuple[int, int] | None) -> tuple[int, int]:
    """The window size to open: size, made smaller to fit the desktop (with room for a title bar
    and a task bar), never below MIN_SIZE."""
    w, h = size
    if desktop and desktop[0] > 0 and desktop[1] > 0:
        w, h = min(w, round(desktop[0] * 0.96)), min(h, round(desktop[1] * 0.90))
    return max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])


class App:
    """Owns the window, the fonts, the widget manager and the scene stack; the scenes see it as a
    `Host` (game/ui/scene.py) and open one another through `go` (scenes/registry.py makes them)."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, classroom: bool = False, fullscreen: bool = False) -> None:
        warnings.filterwarnings("ignore", module="pygame_gui")
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Mesa Maze")
        window_icon = pictures.icon()
        if window_icon is not None:  # a broken icon file is reported, and the window keeps its default
            pygame.display.set_icon(window_icon)
        pygame.key.set_repeat(350, 60)
        desktops = pygame.display.get_desktop_sizes() if hasattr(pygame.display, "get_desktop_sizes") else []
        self.windowed_size = fit_desktop(size, desktops[0] if desktops else None)
        self.fullscreen = fullscreen or classroom
        self.screen = self._set_mode()
        self.classroom = classroom
        self.fonts = Fonts()
        self.theme = Theme(self.screen.get_size(), classroom)
        self.mazes = MazeView(self.fonts)
        self.manager = pygame_gui.UIManager(self.screen.get_size(), self.theme.gui_theme())
        self.clock = pygame.time.Clock()
        self.stack: list[Scene] = []
        self.running = True
        self.exit_code = 0
        self._toast: tuple[str, float] | None = None
        self._ui_dirty = False
        self.live: LiveReload | None = None  # when started with a level file (editor/live.py)
        self.progress: ProgressStore | None = None  # the player's progress, opened on first use (progress_view.store)
        self.toast_rect: pygame.Rect | None = None  # where the toast was last drawn (tests read it)
        self._last_input = time.monotonic()

    # --- window -----------------------------------------------------------------------------
    def _set_mode(self) -> pygame.Surface:
        if self.fullscreen:
            screen = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            screen = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass  # an older pygame, or a driver without windows: resized() clamps instead
        return screen

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
        self._ui_dirty = True

    def refresh_ui(self) -> None:
        """Rebuild the top scene's widgets before the next frame (e.g. after its phase changed)."""
        self._ui_dirty = True

    def _rebuild_ui(self) -> None:
        self._ui_dirty = False
        # A new manager (it parses its theme) only when the size or the theme changed: making one
        # costs more than a frame, and a scene change would stall the window for it.
        key = (self.screen.get_size(), repr(self.theme.gui_theme()))
        if getattr(self, "_manager_key", None) == key:
            self.manager.clear_and_reset()
        else:
            self.manager = pygame_gui.UIManager(self.screen.get_size(), self.theme.gui_theme())
            self._manager_key = key
        if self.stack:
            self.stack[-1].actions.clear()
            self._guard(self.stack[-1].build_ui, self.manager)

    # --- scene stack ----------------------------------------------------------------------------
    @property
    def scene(self) -> Scene:
        return self.stack[-1]

    def push(self, scene: Scene) -> None:
        if self.stack:
            self._guard(self.stack[-1].leave)
        self.stack.append(scene)
        self._guard(scene.enter)
        self._ui_dirty = True

    def pop(self) -> None:
        if self.stack:
            self._guard(self.stack.pop().leave)
        if not self.stack:
            self.quit()
            return
        self._guard(self.stack[-1].enter)
        self._ui_dirty = True

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self._guard(self.stack.pop().leave)
        self.push(scene)

    def go(self, to: To, *args: Any, **kwargs: Any) -> None:
        """Open the scene for destination `to` over the current one (the arguments are those `To`
        lists for it); a scene that cannot open (a file that is not a level) has said why."""
        scene = registry.make(self, to, *args, **kwargs)
        if scene is not None:
            self.push(scene)

    def back_to(self, to: To) -> Scene | None:
        """Pop down to the nearest scene opened as `to`, stopping the training runs of the scenes
        left; that scene, or None (and nothing popped) if the stack holds none."""
        if not any(scene.destination is to for scene in self.stack):
            return None
        while self.scene.destination is not to:
            self._close_and_pop()
        return self.scene

    def _close_and_pop(self) -> None:
        """Pop the top scene; a training run it started stops (its worker must not keep going)."""
        trainer = getattr(self.scene, "trainer", None)
        if trainer is not None:
            trainer.close()
        self.pop()

    def home(self) -> None:
        """Back to the title screen, dropping everything above it."""
        while self.stack:
            self._guard(self.stack.pop().leave)
        self.go(To.TITLE)

    def quit(self, code: int = 0) -> None:
        self.running = False
        self.exit_code = code

    # --- errors, messages, screenshots -------------------------------------------------------------
    def _guard(self, fn: Callable[..., object], *args: object) -> None:
        try:
            fn(*args)
        except Exception as exc:  # noqa: BLE001 - the player gets a panel, never a traceback
            self.fail(exc)

    def fail(self, exc: BaseException, title: str = "Something went wrong") -> None:
        """Show an error panel over the stack, and log the traceback for developers."""
        self._log(exc)
        if self.stack and self.stack[-1].destination is To.ERROR:
            print(f"mesa-maze: {exc}", file=sys.stderr)
            self.quit(1)
            return
        panel = registry.make(self, To.ERROR, title, str(exc) or type(exc).__name__)
        if panel is not None:
            self.stack.append(panel)  # over the scene that failed, which is not told to leave
        self._ui_dirty = True

    @staticmethod
    def _log(exc: BaseException) -> None:
        """The traceback into the log file, for developers (never on screen)."""
        try:
            log = paths.log_file()
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as f:
                f.write(time.strftime("%Y-%m-%d %H:%M:%S ") + "".join(traceback.format_exception(exc)))
        except OSError:
            pass

    def toast(self, message: str, seconds: float = 3.5) -> None:
        self._toast = (message, time.monotonic() + seconds)

    def screenshot(self) -> Path | None:
        """Save the window as a PNG in the screenshots folder; an unwritable folder is a message."""
        folder = paths.screenshots_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / time.strftime("mesa-maze-%Y%m%d-%H%M%S.png")
            n = 1
            while path.exists():
                path = folder / time.strftime(f"mesa-maze-%Y%m%d-%H%M%S-{n}.png")
                n += 1
            atomic_write(path, lambda out: pygame.image.save(self.screen, out, path.name))
        except (OSError, pygame.error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.toast(f"Cannot save the screenshot in {folder}: {reason}", 6)
            return None
        self.toast(f"Screenshot saved: {path}")
        return path

    def level_select(self) -> None:
        """The level select, from anywhere: back down to it if it is open, else opened over the
        title screen. Training runs of the scenes left are stopped."""
        keep = To.SELECT if any(s.destination is To.SELECT for s in self.stack) else To.TITLE
        while len(self.stack) > 1 and self.stack[-1].destination is not keep:
            self._close_and_pop()
        if not self.stack or self.stack[-1].destination is not To.SELECT:
            if not self.stack or self.stack[-1].destination is not To.TITLE:
                self.home()
            self.go(To.SELECT)

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

    def controls(self) -> list[pygame.Rect]:
        """Screen rectangles of the visible widgets (buttons, fields, text boxes)."""
        out = []
        for element in getattr(self.manager.get_root_container(), "elements", ()):
            if getattr(element, "visible", True):
                out.append(pygame.Rect(element.rect))
        return out

    def _draw_toast(self) -> None:
        self.toast_rect = None
        if self._toast is None:
            return
        message, until = self._toast
        if time.monotonic() > until:
            self._toast = None
            return
        t = self.theme
        size = t.text("body")
        w, h = self.screen.get_size()
        message = draw.shorten(self.fonts.get(size), message, w - t.px(60))
        image = self.fonts.get(size).render(message, True, theme.TEXT)
        box = image.get_rect().inflate(t.px(28), t.px(16))
        self.toast_rect = box = self._toast_place(box, round(size * 3.2))
        pygame.draw.rect(self.screen, (10, 12, 18), box, border_radius=t.px(8))
        pygame.draw.rect(self.screen, theme.ACCENT, box, t.px(2), border_radius=t.px(8))
        draw.text(self.screen, self.fonts, message, box.center, size, anchor="center")

    def _toast_place(self, box: pygame.Rect, above_bottom: int) -> pygame.Rect:
        """Centred near the bottom, moved up above any control it would cover; at the top of the
        window when nothing below is free. Never over a button."""
        w, h = self.screen.get_size()
        controls = self.controls()
        box.midbottom = (w // 2, h - above_bottom)
        for _ in range(len(controls) + 1):
            hit = box.collidelist(controls)
            if hit < 0:
                return box
            box.bottom = controls[hit].top - self.theme.px(8)
            if box.top < 0:
                break
        box.midtop = (w // 2, self.theme.px(6))
        if box.collidelist(controls) >= 0:  # the top is taken too: the least covered free row
            for y in range(self.theme.px(6), h - box.height, max(4, box.height // 4)):
                box.top = y
                if box.collidelist(controls) < 0:
                    break
        return box

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


def drop_key_repeat(held_before: Sequence[bool], held_now: Sequence[bool] | None = None) -> None:
    """After a slow frame (loading a level): drop the key repeat that piled up, so one Return does
    not walk through several screens. pygame repeats a key on a timer while the frame is busy; the
    key's release is often read only afterwards, so a key down when the frame began (`held_before`)
    repeats until its release in the queue, and a key still held (`held_now`) throughout. Keys
    pressed and released meanwhile are kept: on a slow or busy machine a teacher's presses are not
    lost."""
    held_now = pygame.key.get_pressed() if held_now is None else held_now
    released: set[int] = set()
    for event in pygame.event.get():  # all of them, put back in the order they came
        if event.type == pygame.KEYUP:
            released.add(event.key)
        elif event.type == pygame.KEYDOWN and (_is_down(held_now, event.key)
                                               or (_is_down(held_before, event.key) and event.key not in released)):
            continue  # a repeat
        pygame.event.post(event)


def _is_down(held: Sequence[bool], key: int) -> bool:
    try:
        return bool(held[key])
    except IndexError:
        return False


def typed(event: pygame.event.Event) -> pygame.event.Event | None:
    """Typed text without invisible format and control characters (zero-width space and joiner,
    byte-order mark, direction overrides...): they cannot be seen in a field, and pygame_gui
    cannot measure text made only of them. None when nothing visible is left."""
    text = "".join(ch for ch in getattr(event, "text", "") if unicodedata.category(ch) not in ("Cf", "Cc", "Cs"))
    if not text:
        return None
    return pygame.event.Event(pygame.TEXTINPUT, text=text, window=getattr(event, "window", None))


def _no_display_reason() -> str | None:
    if os.environ.get("SDL_VIDEODRIVER") or sys.platform in ("win32", "darwin"):
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display found (DISPLAY is not set)"
    return None


def run_game(level_path: str | None = None, classroom: bool = False, fullscreen: bool = False,
             frames: int | None = None) -> int:
    """Start the game; returns an exit code (2 when there is no display to open a window on).
    `frames`: quit after that many frames (with SDL_VIDEODRIVER=dummy, a headless smoke run)."""
    reason = _no_display_reason()
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
        if level_path:
            app.go(To.INTRO, load_entry(Path(level_path)))
            app.live = LiveReload(app, Path(level_path))  # edit the file, save, and the game reloads it
        return app.run(frames)
    except KeyboardInterrupt:
        return 130
    finally:
        pygame.quit()
