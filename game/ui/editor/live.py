"""Live reload for `python main.py play FILE`: edit the level in any text editor, save, and see it.

The file is polled a few times a second (game.core.watch). A change that loads replaces the
level's scenes with fresh ones (back in training if the player was past the intro). A change
that does not load leaves the last good version running and shows the error, with its
file:line:col and fix, over it until the file is fixed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from game.core.errors import LevelError
from game.core.level import Level
from game.core.loader import load_level
from game.core.watch import FileWatch

from .. import draw, theme
from ..levels_index import LevelEntry
from ..run_state import RunState
from ..scene import Host, To

BAD = theme.WARN


class LiveReload:
    """Watches one level file for the app; `update` each frame, `draw` over everything."""

    def __init__(self, app: Host, path: Path, interval: float = 0.3) -> None:
        self.app = app
        self.path = Path(path)
        self.watch = FileWatch(self.path, interval)
        self.error: LevelError | None = None
        self.reloads = 0

    def _level_depth(self) -> int | None:
        """Index in the stack of this file's intro scene, or None if the player went elsewhere."""
        for i, scene in enumerate(self.app.stack):
            entry = getattr(scene, "entry", None)
            if scene.destination is To.INTRO and entry is not None and Path(entry.path) == self.path:
                return i
        return None

    def update(self, dt: float, now: float | None = None) -> None:
        if not self.watch.poll(time.monotonic() if now is None else now):
            return
        depth = self._level_depth()
        if depth is None:
            return
        try:
            level = load_level(self.path)
        except LevelError as err:
            self.error = err
            return
        self.error = None
        self.reloads += 1
        self._restart(depth, level)

    def _restart(self, depth: int, level: Level) -> None:
        was_running = len(self.app.stack) > depth + 1
        while len(self.app.stack) > depth:
            trainer = getattr(self.app.stack[-1], "trainer", None)
            if trainer is not None:
                trainer.close()  # its worker must not keep training the old level
            self.app.pop()
        entry = LevelEntry(self.path, "yours", level=level)
        self.app.go(To.INTRO, entry)
        if was_running:
            self.app.go(To.TRAINING, RunState.start(entry))
        self.app.toast(f"Reloaded {self.path.name}" + (": training again" if was_running else ""))

    def draw(self, surface: pygame.Surface) -> None:
        if self.error is None or self._level_depth() is None:
            return
        t, fonts = self.app.theme, self.app.fonts
        w, _ = surface.get_size()
        body = t.text("body")
        head = "The level file changed but has a mistake; still showing the last version that loaded."
        lines = [(head, theme.HIGHLIGHT, True), (f"{self.error.where}: {self.error.message}", theme.TEXT, False)]
        if self.error.fix:
            lines.append((f"Fix: {self.error.fix}", theme.ACCENT, False))
        width = w - t.px(48)
        wrapped = [(part, colour, bold) for text, colour, bold in lines
                   for part in draw.wrap(fonts, text, body, width - t.px(36), bold)]
        box = pygame.Rect(t.px(24), t.px(70), width, round(len(wrapped) * body * 1.3) + t.px(24))
        pygame.draw.rect(surface, (40, 22, 18), box, border_radius=t.px(10))
        pygame.draw.rect(surface, BAD, box, t.px(3), border_radius=t.px(10))
        y = box.y + t.px(12)
        for text, colour, bold in wrapped:
            draw.text(surface, fonts, text, (box.x + t.px(18), y), body, colour, bold=bold)
            y += round(body * 1.3)
