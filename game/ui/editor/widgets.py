"""The editor's widgets: the pygame_gui fields, tabs and small buttons, rebuilt whenever the
level or the window changes. A mixin of EditorScene, kept apart so each file has one job."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.core.kinds import COLOURS

from ..scene import Scene
from .fields import GENERATOR_FIELDS, LAYOUT_FIELDS, NONE, RULE_FIELDS, TABS, Field, show
from .model import EditorDoc
from .panels import Geometry

if TYPE_CHECKING:
    from ..theme import Theme


class EditorWidgets(Scene):
    """Builds the widgets of an EditorScene (self is the scene). What it reads of the scene is
    declared here; EditorScene sets the attributes and defines the methods."""

    model: EditorDoc
    set_name: str
    index: int
    tab: str
    bound: dict[object, tuple[tuple, Field]]  # widget -> (document path, field)
    widget_paths: list[tuple[pygame.Rect, tuple]]
    labels: list[tuple[str, pygame.Rect]]
    geo: Geometry | None
    new_kind: pygame_gui.elements.UIDropDownMenu | None
    new_colour: pygame_gui.elements.UIDropDownMenu | None

    if TYPE_CHECKING:  # defined by EditorScene
        @property
        def layout(self) -> dict[str, Any] | None: ...
        @property
        def rows(self) -> list[str] | None: ...
        def _clamp(self) -> None: ...
        def _tab_has_problem(self, name: str) -> bool: ...
        def show_tab(self, name: str) -> None: ...
        def undo(self) -> None: ...
        def redo(self) -> None: ...
        def save(self) -> None: ...
        def test_play(self) -> None: ...
        def leave_editor(self) -> None: ...
        def add_layout(self, kind: str) -> None: ...
        def remove_layout(self) -> None: ...
        def add_object(self) -> None: ...
        def add_rule(self) -> None: ...
        def remove_rule(self, i: int) -> None: ...

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        self._clamp()
        self.bound, self.widget_paths, self.labels = {}, [], []
        t = self.app.theme
        manager.get_theme().load_theme(widget_theme(t))
        self.geo = geo = Geometry.of(self.app.screen.get_size(), t, self.model, self.app.fonts)
        font = self.app.fonts.get(t.text("body"))
        x = geo.header.right
        for label, action in reversed((("Undo", self.undo), ("Redo", self.redo), ("Save", self.save),
                                       ("Test play (F5)", self.test_play), ("Back", self.leave_editor))):
            width = font.size(label)[0] + t.px(30)
            x -= width
            self.button(manager, label, pygame.Rect(x, geo.header.y, width, geo.header.height), action)
            x -= t.px(8)
        third = (geo.left.width - 2 * t.px(6)) // 3
        for i, (label, action, tip) in enumerate((
                ("+ Map", lambda: self.add_layout("map"), "add a map layout (a copy of this map, if it is one)"),
                ("+ Gen", lambda: self.add_layout("generate"), "add a generated layout: a new random maze per episode"),
                ("Remove", self.remove_layout, "remove this layout"))):
            self.small_button(manager, label, pygame.Rect(geo.left.x + i * (third + t.px(6)), geo.layout_buttons_y,
                                                          third, geo.row), action, tip)
        known = self.model.level.kinds if self.model.level else {
            "exit", "gem", "apple", "key", "chest", "coin", "cheese", "lava", "shield", "shortcut", "line"}
        kinds: list[str | tuple[str, str]] = [*sorted(known)]
        add_w = self.app.fonts.get(t.text("small")).size("Add")[0] + t.px(20)
        y, w3 = geo.new_object_y, (geo.left.width - t.px(12) - add_w) // 2
        self.new_kind = pygame_gui.elements.UIDropDownMenu(kinds, "exit" if "exit" in kinds else kinds[0],
                                                           pygame.Rect(geo.left.x, y, w3, geo.row), manager)
        self.new_colour = pygame_gui.elements.UIDropDownMenu([NONE, *COLOURS], "green",
                                                             pygame.Rect(geo.left.x + w3 + t.px(6), y, w3, geo.row),
                                                             manager)
        add_x = geo.left.x + 2 * (w3 + t.px(6))
        self.small_button(manager, "Add", pygame.Rect(add_x, y, geo.left.right - add_x, geo.row), self.add_object,
                          "add this object to the legend and paint with it")
        self._build_tabs(manager, geo)
        self._build_center(manager, geo)

    def _build_tabs(self, manager: pygame_gui.UIManager, geo: Geometry) -> None:
        t = self.app.theme
        names = list(TABS)
        labels = [name + (" !" if self._tab_has_problem(name) else "") for name in names]
        font = self.app.fonts.get(t.text("small"))
        room = geo.right.width - t.px(6) * (len(names) - 1)
        need = [font.size(label)[0] + t.px(12) for label in labels]
        spare = max(0, room - sum(need)) // len(names)  # each tab as wide as its label, the rest shared
        x = geo.right.x
        for name, label, width in zip(names, labels, need, strict=True):
            width += spare
            widget = self.small_button(manager, label, pygame.Rect(x, geo.right.y, width, geo.row),
                                       partial(self.show_tab, name))
            x += width + t.px(6)
            if name == self.tab:
                widget.select()
        y = geo.right.y + geo.row + t.px(12)
        label_w = round(geo.right.width * 0.42)
        fields = TABS[self.tab]
        lines = sum(3 if f.kind == "longtext" else 1 for f in fields)
        line = min(geo.row + t.px(8), (geo.right.bottom - y) // lines)  # the longest tab must fit
        for field in fields:
            if field.kind == "longtext":  # a label line, then a box the width of the column
                self.labels.append((field.label, pygame.Rect(geo.right.x, y, label_w, round(t.text("small") * 1.3))))
                y += round(t.text("small") * 1.4)
                rect = pygame.Rect(geo.right.x, y, geo.right.width, line * 3 - t.px(6) - round(t.text("small") * 1.4))
            else:
                rect = pygame.Rect(geo.right.x + label_w, y, geo.right.width - label_w, line - t.px(6))
                self.labels.append((field.label, pygame.Rect(geo.right.x, y, label_w - t.px(8), rect.height)))
            if rect.bottom > geo.right.bottom:
                break
            self._field(manager, field, field.path, rect)
            y = rect.bottom + t.px(6)

    def _build_center(self, manager: pygame_gui.UIManager, geo: Geometry) -> None:
        t = self.app.theme
        base = (self.set_name, self.index)
        entry = self.layout
        if entry is None:
            return
        x, y, row = geo.center.x, geo.center.y, geo.row
        gap = t.px(8)
        small = self.app.fonts.get(t.text("small"))

        def labelled(field: Field, path: tuple, width: int | None) -> None:
            """A label and its field, wrapping to a new row; width None: fill the rest of the row."""
            nonlocal x, y
            lw = small.size(field.label)[0] + t.px(8)
            if x + lw + (width or t.px(240)) > geo.center.right:
                x, y = geo.center.x, y + row + gap
            width = width or geo.center.right - x - lw
            self.labels.append((field.label, pygame.Rect(x, y, lw, row)))
            self._field(manager, field, path, pygame.Rect(x + lw, y, width, row))
            x += lw + width + t.px(14)

        if "map" in entry:
            rows = self.rows or []
            for label, value, n in (("Width", max((len(r) for r in rows), default=0), 0), ("Height", len(rows), 1)):
                field = Field(label, ("resize", n))
                lw = small.size(label)[0] + t.px(8)
                self.labels.append((label, pygame.Rect(x, y, lw, row)))
                widget = pygame_gui.elements.UITextEntryLine(pygame.Rect(x + lw, y, t.px(56), row), manager,
                                                             object_id="#field")
                widget.set_tooltip("cells, walls included; press Enter to resize")
                widget.set_text(str(value))
                self.bound[widget] = (("resize", n), field)
                x += lw + t.px(56) + t.px(14)
        else:
            for field in GENERATOR_FIELDS:
                body = self.app.fonts.get(t.text("body"))  # these fields are in body type
                labelled(field, base + field.path, column_width(body, field, row, t.px(14)))
        for field in LAYOUT_FIELDS:
            labelled(field, base + field.path, t.px(60) if field.kind == "number" else None)
        y += row + gap
        if "generate" in entry:
            y = self._build_rules(manager, geo, base, y)
        geo.canvas = pygame.Rect(geo.center.x, y + t.px(4), geo.center.width, geo.center.bottom - y - t.px(4))

    def _build_rules(self, manager: pygame_gui.UIManager, geo: Geometry, base: tuple, y: int) -> int:
        """One line per placement rule; when the columns are too wide for the centre (large type),
        two lines per rule: kind, colour, where; then region, count, chance."""
        t = self.app.theme
        row, gap = geo.row, t.px(6)
        widths = [column_width(self.app.fonts.get(t.text("small")), f, row, t.px(14)) for f in RULE_FIELDS]
        remove_w = t.px(36)
        heading = round(t.text("small") * 1.4)
        one_line = sum(widths) + gap * len(widths) + remove_w <= geo.center.width
        lines = [list(range(len(widths)))] if one_line else [[0, 1, 2], [3, 4, 5]]
        geo.rules_heading_y = y  # column headings are drawn here (one heading line per line of fields)
        geo.rule_columns = [(0, 0, 0)] * len(widths)
        for n, line in enumerate(lines):
            x = geo.center.x
            for k in line:
                geo.rule_columns[k] = (x, widths[k], n * heading)
                x += widths[k] + gap
        y += heading * len(lines)
        rules = self.model.get(base + ("generate", "place")) or []
        step = (row + gap) * len(lines)
        for i, _ in enumerate(rules):
            if y + step > geo.center.bottom - t.px(120):
                break
            for field, (x, width, dy) in zip(RULE_FIELDS, geo.rule_columns, strict=True):
                at = dy // heading  # which line of the rule this field is on
                self._field(manager, field, base + ("generate", "place", i) + field.path,
                            pygame.Rect(x, y + at * (row + gap), width, row), compact=True)
            x, width, dy = geo.rule_columns[lines[-1][-1]]
            self.small_button(manager, "x", pygame.Rect(x + width + gap, y + (len(lines) - 1) * (row + gap), remove_w,
                                                        row), partial(self.remove_rule, i), tooltip="remove this rule")
            y += step
        self.small_button(manager, "+ Placement rule", pygame.Rect(geo.center.x, y, t.px(200), row), self.add_rule)
        return y + row + gap

    def _field(self, manager: pygame_gui.UIManager, field: Field, path: tuple, rect: pygame.Rect,
               compact: bool = False) -> None:
        value = self.model.get(path)
        object_id = "#compact" if compact else "#field"
        text = show(value, field)
        widget: pygame_gui.core.UIElement
        if field.kind == "choice":
            options: list[str | tuple[str, str]] = list(field.options)
            if text not in options:
                options = [text or NONE, *options] if (text or NONE) not in options else options
            widget = pygame_gui.elements.UIDropDownMenu(options, text or options[0], rect, manager,
                                                        object_id=object_id)
        elif field.kind == "longtext":
            widget = pygame_gui.elements.UITextEntryBox(rect, text, manager, object_id="#field")
        else:
            placeholder = f"({field.default})" if field.default else None  # brackets: the default, when empty
            line = pygame_gui.elements.UITextEntryLine(rect, manager, placeholder_text=placeholder,
                                                       object_id=object_id)
            line.set_text(text)
            tip = "; ".join(part for part in (field.hint, f"empty: {field.default}" if field.default else "") if part)
            if tip:
                line.set_tooltip(tip)
            widget = line
        self.bound[widget] = (path, field)
        self.widget_paths.append((rect, path))

    def small_button(self, manager: pygame_gui.UIManager, label: str, rect: pygame.Rect,
                     action: Callable[[], None], tooltip: str | None = None) -> pygame_gui.elements.UIButton:
        """A button in the smaller type (many of them share a narrow column)."""
        widget = pygame_gui.elements.UIButton(rect, label, manager, tool_tip_text=tooltip, object_id="#small")
        self.actions[widget] = action
        return widget


def column_width(font: pygame.font.Font, field: Field, row: int, pad: int) -> int:
    """Wide enough for the field's heading and for its longest choice next to the drop-down arrow."""
    heading = font.size(field.label)[0] + pad
    if field.kind == "choice":
        return max(heading, max(font.size(str(o))[0] for o in field.options) + row + pad)
    return max(heading, font.size("0.25")[0] + 2 * pad)


def widget_theme(t: Theme) -> dict:
    """Fields and small buttons in type sizes readable from the back of a classroom."""
    body, small = str(t.text("body")), str(t.text("small"))
    colours = {"dark_bg": "#10131b", "normal_text": "#f0f0ea", "selected_bg": "#56b4e9", "selected_text": "#16202c",
               "normal_border": "#6a7898", "focused_border": "#e69f00", "text_cursor": "#f0f0ea"}
    field = {"font": {"name": "noto_sans", "size": body}, "colours": colours,
             "misc": {"border_width": "2", "padding": "6,2"}}
    compact = {**field, "font": {"name": "noto_sans", "size": small}}
    return {"#field": field, "#compact": compact, "text_entry_line": field, "text_entry_box": field,
            "drop_down_menu": {"font": {"name": "noto_sans", "size": small}},
            "#small": {"font": {"name": "noto_sans", "size": small},
                       "misc": {"shape": "rounded_rectangle", "shape_corner_radius": "6", "border_width": "2"}}}
