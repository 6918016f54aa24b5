"""The probe scene's input: its buttons (which depend on the phase: probing, answering, scored),
the mouse (pick an object or an answer, place, remove, drag) and the keys. A mixin of ProbeScene
(probe.py), kept apart so each file has one job; what it reads of the scene is declared here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.core.probe import ProbeItem, ProbeMaze, ProbeVerdict
from game.core.session import TrainingSession

from ..levels_index import LevelEntry
from ..scene import Scene
from .probe_panels import PAGE


class ProbeInput(Scene):
    """Turns events into the probe scene's actions (self is the scene)."""

    maze: ProbeMaze
    cursor: tuple[int, int]
    drag: tuple[int, int] | None
    choice: int
    items: tuple[ProbeItem, ...]
    answering: bool
    answer: list[str]
    verdict: ProbeVerdict | None
    limit: int | None
    session: TrainingSession | None
    entry: LevelEntry | None
    tiles: list[tuple[int, pygame.Rect]]
    feature_tiles: list[tuple[str, pygame.Rect]]

    if TYPE_CHECKING:  # defined by ProbeScene
        @property
        def ready(self) -> bool: ...
        @property
        def features(self) -> tuple[str, ...]: ...
        @property
        def contexts(self) -> tuple[str, ...]: ...
        def cell_at(self, pos: tuple[int, int]) -> tuple[int, int] | None: ...
        def click(self, cell: tuple[int, int]) -> None: ...
        def clear(self) -> None: ...
        def toggle_lamp(self) -> None: ...
        def run_agents(self) -> None: ...
        def start_answer(self) -> None: ...
        def pick(self, feature: str) -> None: ...
        def check(self) -> None: ...
        def deploy(self) -> None: ...

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(50)
        y = h - round(t.text("small") * 2.1) - bh - t.px(10)
        x = t.px(24)
        if not self.ready:
            buttons = []
        elif self.verdict is not None:  # a puzzle's verdict stands; elsewhere rankings can be tried again
            buttons = [("New answer", self.reset_answer)] if self.limit is None else []
            if self.session is not None and self.entry is not None:
                buttons.append(("Deploy them (D)", self.deploy))
        elif self.answering:
            buttons = [("Check my answer (Enter)", self.check), ("Back to probing (A)", self.stop_answer)]
        else:
            buttons = [("Run the agents (Enter)", self.run_agents), ("Answer (A)", self.start_answer),
                       ("Clear (C)", self.clear)]
            if self.contexts:
                buttons.append((f"Lamp '{self.contexts[0]}' (L)", self.toggle_lamp))
        buttons.append(("Back (Esc)", self.app.pop))
        for label, action in buttons:
            width = self.app.fonts.get(t.text("body")).size(label)[0] + t.px(30)
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(8)

    def stop_answer(self) -> None:
        self.answering = False
        self.app.refresh_ui()

    def reset_answer(self) -> None:
        """Answer again (not in a puzzle, whose verdict stands; this is for trying rankings)."""
        if self.limit is not None:
            return
        self.answer, self.verdict, self.answering = [], None, True
        self.app.refresh_ui()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN:
            self._mouse_down(event)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.drag is not None:
            cell = self.cell_at(event.pos)
            start, self.drag = self.drag, None
            if cell is None:
                return
            if cell == start:
                if start != self.maze.start:
                    self.click(start)
            else:
                self.maze = self.maze.moved(start, cell)
        elif event.type == pygame.KEYDOWN:
            self._key(event.key)

    def _mouse_down(self, event: pygame.event.Event) -> None:
        if event.button == 3:
            cell = self.cell_at(event.pos)
            if cell is not None:
                self.maze = self.maze.without(cell)
            return
        if event.button != 1:
            return
        for feature, rect in self.feature_tiles:
            if rect.collidepoint(event.pos):
                self.pick(feature)
                return
        for index, rect in self.tiles:
            if rect.collidepoint(event.pos):
                self.choice = index
                return
        cell = self.cell_at(event.pos)
        if cell is None or self.answering:
            return
        self.cursor = cell
        if cell == self.maze.start or self.maze.item_at(cell) is not None:
            self.drag = cell  # a click or a drag: decided on release
        else:
            self.click(cell)

    def _key(self, key: int) -> None:
        if key == pygame.K_ESCAPE:
            self.app.pop()
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.check() if self.answering else self.run_agents()
        elif key == pygame.K_a:
            self.stop_answer() if self.answering and self.verdict is None else self.start_answer()
        elif key == pygame.K_d and self.verdict is not None:
            self.deploy()
        elif self.answering:
            if pygame.K_1 <= key <= pygame.K_9 and key - pygame.K_1 < len(self.features):
                self.pick(self.features[key - pygame.K_1])
        elif pygame.K_1 <= key <= pygame.K_9 and (self.choice // PAGE) * PAGE + key - pygame.K_1 < len(self.items):
            self.choice = (self.choice // PAGE) * PAGE + key - pygame.K_1
        elif key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and len(self.items) > PAGE:
            pages = -(-len(self.items) // PAGE)
            page = (self.choice // PAGE + (1 if key == pygame.K_PAGEDOWN else -1)) % pages
            self.choice = page * PAGE
        elif key == pygame.K_c:
            self.clear()
        elif key == pygame.K_l:
            self.toggle_lamp()
        elif key in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
            dr, dc = {pygame.K_UP: (-1, 0), pygame.K_DOWN: (1, 0), pygame.K_LEFT: (0, -1), pygame.K_RIGHT: (0, 1)}[key]
            r, c = self.cursor
            self.cursor = (min(max(r + dr, 1), self.maze.height - 2), min(max(c + dc, 1), self.maze.width - 2))
        elif key == pygame.K_SPACE:
            self.click(self.cursor)
        elif key == pygame.K_s:
            self.maze = self.maze.with_start(self.cursor)
