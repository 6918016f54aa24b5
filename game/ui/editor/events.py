"""The editor's input: keys (undo, save, test play, layouts, the cursor and brush), painting with
the mouse, and the edits typed into its fields. A mixin of EditorScene, like widgets.py, kept apart
so each file has one job; what it reads of the scene is declared here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from ..scene import Scene
from .canvas import MapCanvas
from .fields import Field, parse
from .model import EditorDoc, legend_chars
from .panels import Geometry

if TYPE_CHECKING:
    from game.core.layouts import Layout


class EditorInput(Scene):
    """Turns events into the scene's actions and the document's edits (self is the scene)."""

    model: EditorDoc
    set_name: str
    index: int
    brush: str
    cursor: tuple[int, int]
    stroke: int
    painting: str | None
    preview_seed: int
    canvas: MapCanvas
    bound: dict[object, tuple[tuple, Field]]  # widget -> (document path, field)
    field_errors: dict[tuple, str]
    geo: Geometry | None
    _preview: tuple[tuple, Layout] | None

    if TYPE_CHECKING:  # defined by EditorScene
        @property
        def rows(self) -> list[str] | None: ...
        def select(self, name: str, index: int) -> None: ...
        def cycle(self, by: int) -> None: ...
        def _changed(self, rebuild: bool = True) -> None: ...
        def paint_at(self, cell: tuple[int, int], char: str) -> None: ...
        def undo(self) -> None: ...
        def redo(self) -> None: ...
        def save(self) -> None: ...
        def test_play(self) -> None: ...
        def go_to_problem(self) -> None: ...
        def leave_editor(self) -> None: ...

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame_gui.UI_TEXT_ENTRY_CHANGED, pygame_gui.UI_TEXT_ENTRY_FINISHED,
                          pygame_gui.UI_DROP_DOWN_MENU_CHANGED):
            self._field_event(event)
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            self._click(event.pos, event.button)
        elif event.type == pygame.MOUSEMOTION and self.painting is not None:
            cell = self.canvas.cell_at(event.pos)
            if cell is not None and self.rows is not None:
                self.paint_at(cell, self.painting)
        elif event.type == pygame.MOUSEBUTTONUP and self.painting is not None:
            self.painting = None
            self.model.end_merge()

    def _field_event(self, event: pygame.event.Event) -> None:
        bound = self.bound.get(getattr(event, "ui_element", None))
        if bound is None:
            return
        path, field = bound
        text = event.text if isinstance(event.text, str) else event.text[0]
        if path[0] == "resize":
            if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
                self._resize(path[1], text)
            return
        try:
            value = parse(text, field)
        except ValueError as err:
            self.field_errors[path] = str(err)
            return
        self.field_errors.pop(path, None)
        if len(path) >= 2 and path[-2] == "size" and isinstance(path[-1], int):
            size = list(self.model.get(path[:-1]) or [9, 9])
            size[path[-1]] = value if value is not None else 9
            path, value = path[:-1], size
        self.model.set(path, value, merge=("field", path))
        self._preview = None
        if field.kind == "choice" or path == ("title",):
            self.model.end_merge()

    def _resize(self, axis: int, text: str) -> None:
        rows = self.rows or []
        try:
            value = int(text)
        except ValueError:
            self.app.toast("Width and height are whole numbers of cells (walls included)")
            return
        width, height = max((len(r) for r in rows), default=9), len(rows)
        width, height = (value, height) if axis == 0 else (width, value)
        self.model.resize_map(self.set_name, self.index, width, height)
        self._changed()

    def _key(self, event: pygame.event.Event) -> None:
        ctrl = event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        shift = event.mod & pygame.KMOD_SHIFT
        key = event.key
        if ctrl and (key == pygame.K_y or (key == pygame.K_z and shift)):
            self.redo()
        elif ctrl and key == pygame.K_z:
            self.undo()
        elif ctrl and key == pygame.K_s:
            self.save()
        elif key == pygame.K_F5:
            self.test_play()
        elif key == pygame.K_F8:
            self.go_to_problem()
        elif key == pygame.K_ESCAPE:
            self.leave_editor()
        elif key in (pygame.K_TAB, pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.cycle(-1 if shift or key == pygame.K_PAGEUP else 1)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            dr, dc = {pygame.K_LEFT: (0, -1), pygame.K_RIGHT: (0, 1), pygame.K_UP: (-1, 0), pygame.K_DOWN: (1, 0)}[key]
            rows = self.rows or [""]
            self.cursor = (max(0, min(self.cursor[0] + dr, len(rows) - 1)),
                           max(0, min(self.cursor[1] + dc, max(len(r) for r in rows) - 1)))
        elif key in (pygame.K_SPACE, pygame.K_RETURN) and self.rows is not None:
            self.stroke += 1
            self.paint_at(self.cursor, self.brush)
        elif key in (pygame.K_DELETE, pygame.K_BACKSPACE) and self.rows is not None:
            self.stroke += 1
            self.paint_at(self.cursor, self._floor())
        elif pygame.K_1 <= key <= pygame.K_9:
            chars = list(legend_chars(self.model.doc))
            if key - pygame.K_1 < len(chars):
                self.brush = chars[key - pygame.K_1]
        elif key == pygame.K_r:
            self.preview_seed += 1
            self._preview = None

    def _floor(self) -> str:
        return next((ch for ch, e in legend_chars(self.model.doc).items() if e[0] == "floor"), ".")

    def _click(self, pos: tuple[int, int], button: int) -> None:
        geo = self.geo
        if geo is None:
            return
        cell = self.canvas.cell_at(pos) if self.rows is not None else None
        if cell is not None:
            self.stroke += 1
            self.painting = self.brush if button == 1 else self._floor()
            self.cursor = cell
            self.paint_at(cell, self.painting)
            return
        for rect, name, index in geo.layout_rows:
            if rect.collidepoint(pos):
                self.select(name, index)
                return
        for rect, char in geo.palette_rows:
            if rect.collidepoint(pos):
                self.brush = char
                return
        if geo.status.collidepoint(pos):
            self.go_to_problem()
