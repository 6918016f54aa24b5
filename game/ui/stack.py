"""The scene stack: scenes opened over one another (`go`, made by scenes/registry.py), left
(`pop`, `back_to`, `home`, `level_select`), and the guard every call into a scene goes through,
which turns an exception into the error panel over the stack (and the traceback into the log
file), never a traceback on screen. App (app.py) is a SceneStack with a window."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from . import paths
from .scene import Host, Scene, To
from .scenes import registry


class SceneStack:
    """The scenes, bottom first; the top one is drawn and gets the input."""

    def __init__(self) -> None:
        self.stack: list[Scene] = []
        self.running = True
        self.exit_code = 0
        self._ui_dirty = False  # the top scene's widgets are rebuilt before the next frame

    def host(self) -> Host:
        """What the scenes made here are given: the app they run in (App returns itself)."""
        raise NotImplementedError

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
        scene = registry.make(self.host(), to, *args, **kwargs)
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
        panel = registry.make(self.host(), To.ERROR, title, str(exc) or type(exc).__name__)
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
