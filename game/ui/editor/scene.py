"""The level editor scene: layouts on the left, the maze (or generator form) in the middle, the
level's settings on the right, and the live validation result along the bottom. This module holds
the scene's state, its actions (undo, save, test play, layouts, rules) and its drawing; the keys and
the mouse are in events.py, the widgets in widgets.py.

    app.go(To.EDITOR, Path("levels/01_green_exit.yaml"))   # a campaign level opens as a copy
    app.go(To.EDITOR)                                       # a new level
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pygame_gui

from game.core.errors import LevelError
from game.core.layouts import Layout, realise

from .. import draw, paths, pictures, theme
from ..levels_index import LevelEntry
from ..run_state import RunState
from ..scene import Host, Scene, To
from .canvas import MapCanvas
from .confirm import LeaveScene
from .events import EditorInput
from .fields import NONE, RULE_FIELDS, TABS, Field
from .model import EditorDoc, legend_chars
from .panels import Geometry, draw_layouts, draw_palette, draw_status, palette_label
from .validation import SETS, related
from .widgets import EditorWidgets

BAD = theme.WARN
GOOD = theme.GOOD


def editor_for(app: Host, path: Path | None = None) -> EditorScene | None:
    """The editor for a level file (or a new level); a file that is not YAML gets a toast and None."""
    try:
        return EditorScene.for_file(app, path) if path is not None else EditorScene.new(app)
    except LevelError as err:
        app.toast(f"Cannot open it in the editor: {err.describe().splitlines()[0]}", 6)
        return None


class EditorScene(EditorInput, EditorWidgets, Scene):
    destination = To.EDITOR
    hints = [("Ctrl+Z", "undo"), ("Ctrl+Y", "redo"), ("Ctrl+S", "save"), ("F5", "test play"),
             ("Tab", "next layout"), ("1-9", "brush"), ("Arrows+Space", "paint"), ("F8", "go to problem"),
             ("Esc", "back")]

    def __init__(self, app: Host, model: EditorDoc) -> None:
        super().__init__(app)
        self.model = model
        self.set_name, self.index = "training", 0
        self.tab = "Objective"
        self.brush = "#"
        self.cursor = (1, 1)
        self.canvas = MapCanvas(app.fonts)
        self.bound: dict[object, tuple[tuple, Field]] = {}
        self.widget_paths: list[tuple[pygame.Rect, tuple]] = []
        self.field_errors: dict[tuple, str] = {}
        self.labels: list[tuple[str, pygame.Rect]] = []  # field labels drawn left of their widgets
        self.stroke = 0
        self.painting: str | None = None
        self.preview_seed = 0
        self._preview: tuple[tuple, Layout] | None = None
        self.new_kind: pygame_gui.elements.UIDropDownMenu | None = None
        self.new_colour: pygame_gui.elements.UIDropDownMenu | None = None
        self.geo: Geometry | None = None

    @classmethod
    def for_file(cls, app: Host, path: Path) -> EditorScene:
        return cls(app, EditorDoc.open(Path(path), paths.campaign_dir(), paths.user_levels_dir()))

    @classmethod
    def new(cls, app: Host) -> EditorScene:
        return cls(app, EditorDoc.new(paths.campaign_dir(), paths.user_levels_dir()))

    # --- the current layout --------------------------------------------------------------------
    @property
    def layout(self) -> dict | None:
        return self.model.layout(self.set_name, self.index)

    @property
    def rows(self) -> list[str] | None:
        return self.model.map_rows(self.set_name, self.index)

    def select(self, name: str, index: int) -> None:
        count = len(self.model.layouts(name))
        self.set_name, self.index = name, max(0, min(index, count - 1))
        self._preview = None
        self.app.refresh_ui()

    def cycle(self, by: int) -> None:
        order = [(n, i) for n in SETS for i in range(len(self.model.layouts(n)))]
        if not order:
            return
        at = order.index((self.set_name, self.index)) if (self.set_name, self.index) in order else 0
        self.select(*order[(at + by) % len(order)])

    def _clamp(self) -> None:
        count = len(self.model.layouts(self.set_name))
        if self.index >= count:
            self.index = max(0, count - 1)

    # --- widgets -----------------------------------------------------------------------------------
    def _tab_has_problem(self, name: str) -> bool:
        problem = self.model.problem
        return problem is not None and any(related(f.path, problem.path) for f in TABS[name])

    # --- actions -------------------------------------------------------------------------------------
    def show_tab(self, name: str) -> None:
        self.tab = name
        self.app.refresh_ui()

    def _changed(self, rebuild: bool = True) -> None:
        self._preview = None
        if rebuild:
            self.app.refresh_ui()

    def undo(self) -> None:
        if self.model.undo():
            self._changed()
        else:
            self.app.toast("Nothing to undo")

    def redo(self) -> None:
        if self.model.redo():
            self._changed()
        else:
            self.app.toast("Nothing to redo")

    def add_layout(self, kind: str) -> None:
        copy_from = self.index if kind == "map" and self.rows is not None else None
        self.select(self.set_name, self.model.add_layout(self.set_name, kind, copy_from))
        self.app.toast(f"Added {self.set_name} layout {self.index + 1}")

    def remove_layout(self) -> None:
        if not self.model.remove_layout(self.set_name, self.index):
            self.app.toast(f"A level needs at least one {self.set_name} layout")
            return
        self.select(self.set_name, self.index)

    def add_rule(self) -> None:
        path = (self.set_name, self.index, "generate", "place")
        rules = list(self.model.get(path) or [])
        self.model.set(path, [*rules, {"kind": "gem", "colour": "green", "where": "anywhere"}])
        self._changed()

    def remove_rule(self, i: int) -> None:
        path = (self.set_name, self.index, "generate", "place")
        rules = list(self.model.get(path) or [])
        if 0 <= i < len(rules):
            rules.pop(i)
            self.model.set(path, rules or None)
            self._changed()

    def add_object(self) -> None:
        kind = self.new_kind.selected_option if self.new_kind else "exit"
        colour = self.new_colour.selected_option if self.new_colour else NONE
        kind = kind[0] if isinstance(kind, tuple) else kind
        colour = colour[0] if isinstance(colour, tuple) else colour
        self.brush = self.model.add_legend(kind, None if colour == NONE else colour)
        self._changed()

    def paint_at(self, cell: tuple[int, int], char: str) -> None:
        if self.model.paint(self.set_name, self.index, cell[0], cell[1], char, stroke=self.stroke):
            self._preview = None

    def save(self) -> None:
        try:
            was_campaign = self.model.is_campaign
            target = self.model.save()
        except (OSError, LevelError) as err:
            self.app.toast(f"Not saved: {err}", 6)
            return
        note = " (a copy: the campaign level is unchanged)" if was_campaign else ""
        self.app.toast(f"Saved to {target}{note}", 5)
        self.app.refresh_ui()

    def test_play(self) -> None:
        if self.model.problem is not None or self.model.level is None:
            self.app.toast("Fix the problem shown at the bottom first (F8 goes to it)", 5)
            return
        entry = LevelEntry(self.model.source or Path("new level.yaml"), "yours", level=self.model.level)
        self.app.go(To.TRAINING, RunState.start(entry))

    def go_to_problem(self) -> None:
        problem = self.model.problem
        if problem is None:
            return
        if problem.layout is not None:
            self.select(*problem.layout)
            if problem.cell is not None:
                self.cursor = problem.cell
            return
        for name in TABS:
            if any(related(f.path, problem.path) for f in TABS[name]):
                self.show_tab(name)
                return

    def leave_editor(self) -> None:
        if self.model.dirty:
            self.app.push(LeaveScene(self.app, self))
        else:
            self.close()

    def close(self) -> None:
        self.app.pop()
        under = self.app.stack[-1] if self.app.stack else None
        if under is not None and hasattr(under, "reload"):
            under.reload()  # the level list shows the file just saved

    # --- drawing ------------------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self.geo is not None and self.geo.stale(self.model):
            self.app.refresh_ui()  # the palette or layout list changed length (e.g. after undo)

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        geo = self.geo
        if geo is None:
            return
        title = str(self.model.doc.get("title") or "Untitled level")
        mark = " *" if self.model.dirty else ""
        draw.text(surface, fonts, f"Editing: {title}{mark}", (t.px(16), t.px(8)), t.text("heading"), bold=True)
        draw.text(surface, fonts, self._where_it_saves(), (t.px(16), t.px(8) + round(t.text("heading") * 1.3)),
                  t.text("small"), theme.MUTED)
        problem = self.model.problem
        draw_layouts(surface, fonts, t, geo, self.model, (self.set_name, self.index), problem)
        draw_palette(surface, fonts, t, geo, legend_chars(self.model.doc), self.brush)
        for label, rect in self.labels:
            draw.text(surface, fonts, label, (rect.x, rect.centery), t.text("small"), theme.MUTED, anchor="midleft")
        for rect, path in self.widget_paths:
            if path in self.field_errors or (problem is not None and related(path, problem.path)):
                pygame.draw.rect(surface, BAD, rect.inflate(t.px(8), t.px(8)), t.px(3), border_radius=t.px(6))
        self._draw_center(surface, geo)
        message = next(iter(self.field_errors.values()), None)
        draw_status(surface, fonts, t, geo.status, problem, message)
        draw.key_hints(surface, fonts, t, self.hints)

    def _where_it_saves(self) -> str:
        target = self.model.target_path()
        if self.model.is_campaign:
            return f"Campaign level, opened as a copy. Save writes {target}"
        if self.model.source is None:
            return f"New level. Save writes {target}"
        return f"Save writes {target}"

    def _draw_center(self, surface: pygame.Surface, geo: Geometry) -> None:
        t, fonts = self.app.theme, self.app.fonts
        small = t.text("small")
        area = geo.canvas
        if self.layout is None or area is None:
            return
        if self.rows is not None:
            area = pygame.Rect(area.x, area.y, area.width, area.height - round(small * 1.5))
            if self.model.level is not None:
                pictures.declare(self.model.level.kinds)  # a custom kind's picture, as named in the file
            place = self.canvas.draw(surface, area, self.rows, legend_chars(self.model.doc))
            hover = self.canvas.cell_at(pygame.mouse.get_pos())
            if hover is not None:
                pygame.draw.rect(surface, theme.ACCENT, place.cell_rect(*hover), max(2, t.px(2)))
            pygame.draw.rect(surface, theme.HIGHLIGHT, place.cell_rect(*self.cursor), max(2, t.px(3)))
            problem = self.model.problem
            if problem is not None and problem.layout == (self.set_name, self.index) and problem.cell is not None:
                box = place.cell_rect(*problem.cell).inflate(t.px(10), t.px(10))
                pygame.draw.rect(surface, (255, 255, 255), box, t.px(6), border_radius=t.px(4))
                pygame.draw.rect(surface, BAD, box, t.px(4), border_radius=t.px(4))
            draw.text(surface, fonts, f"Brush: {palette_label(self.brush, legend_chars(self.model.doc))}.  "
                      "Left button paints, right button paints floor; one S per map.",
                      (geo.center.x, area.bottom + t.px(4)), small, theme.MUTED)
            return
        for field, (x, _, dy) in zip(RULE_FIELDS, geo.rule_columns, strict=True):
            draw.text(surface, fonts, field.label, (x, geo.rules_heading_y + dy), small, theme.MUTED)
        layout = self._sample()
        label = "One maze this generator makes (R: another)" if layout else "Fix the problem below to see a sample maze"
        draw.text(surface, fonts, label, (area.centerx, area.y), small, theme.MUTED, anchor="midtop")
        if layout is not None:
            self.app.mazes.draw(surface, layout, pygame.Rect(area.x, area.y + round(small * 1.5), area.width,
                                                            area.height - round(small * 1.5)))

    def _sample(self) -> Layout | None:
        level = self.model.level
        if level is None or self.model.problem is not None:
            return None
        key = (id(level), self.set_name, self.index, self.preview_seed)
        if self._preview is None or self._preview[0] != key:
            specs = level.training if self.set_name == "training" else level.deployment
            if self.index >= len(specs):
                return None
            layout = realise(level, self.index, specs[self.index], np.random.default_rng(self.preview_seed))
            self._preview = (key, layout)
        return self._preview[1]
