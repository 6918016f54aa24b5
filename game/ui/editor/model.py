"""The level being edited: a level document and the edits made to it (paint, resize, layouts,
fields, legend), each one an undo step (history.py) checked as a file would be (validation.py), and
saved where saving.py says.

No pygame here. The editor edits the *document* (the plain dict a level file parses to), not the
`Level` dataclass, so whatever a person wrote by hand (flow or block style, `brain: planner` or a
mapping, keys left at their defaults) survives an edit. Every change is validated the way a
file is: the document is written out with `dump_level` and read back with `load_level_text`, and
the first problem is turned back into the document path (and map cell) it points at.

    doc = EditorDoc.open(Path("levels/01_green_exit.yaml"), campaign, mine)
    doc.paint("training", 0, 3, 4, "E")
    doc.undo()
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.core.errors import LevelError
from game.core.level import Level
from game.core.level_writer import Comments, dump_level, save_text
from game.resources import schema_path

from .history import History
from .saving import free_path, inside, new_level_doc, read_level_doc
from .validation import Problem, check

BUILT_IN = {"#": "wall", ".": "floor", "S": "start"}


def rows_of(text: str) -> list[str]:
    return [line.rstrip() for line in str(text).strip("\n").splitlines()]


def legend_chars(doc: dict[str, Any]) -> dict[str, tuple[str, str | None, str | None]]:
    """Map character -> (cell, kind, colour), built-ins first, as the document says (unchecked)."""
    out: dict[str, tuple[str, str | None, str | None]] = {ch: (cell, None, None) for ch, cell in BUILT_IN.items()}
    for ch, entry in (doc.get("legend") or {}).items():
        if isinstance(entry, str):
            out[str(ch)] = (entry, None, None) if entry in ("wall", "floor", "start") else ("object", entry, None)
        elif isinstance(entry, dict):
            out[str(ch)] = ("object", entry.get("kind"), entry.get("colour"))
    return out


class EditorDoc:
    """A level document with undo/redo, validation after every change, and a safe place to save."""

    def __init__(self, doc: dict[str, Any], *, source: Path | None, campaign_dir: Path, user_dir: Path,
                 comments: Comments | None = None) -> None:
        self.doc = doc
        self.source = source
        self.campaign_dir = campaign_dir
        self.user_dir = user_dir
        self.comments = comments or Comments()
        self.history = History()
        self.saved = copy.deepcopy(doc)
        self.level: Level | None = None  # the last valid version
        self.problem: Problem | None = None
        self.validate()

    # --- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, campaign_dir: Path, user_dir: Path) -> EditorDoc:
        """Open a level file. Raises LevelError only if it is not readable YAML at all."""
        doc, comments = read_level_doc(path)
        return cls(doc, source=path, campaign_dir=campaign_dir, user_dir=user_dir, comments=comments)

    @classmethod
    def new(cls, campaign_dir: Path, user_dir: Path) -> EditorDoc:
        made = cls(new_level_doc(), source=None, campaign_dir=campaign_dir, user_dir=user_dir)
        made.saved = {}  # a new level is unsaved until it is saved
        return made

    # --- where it saves -------------------------------------------------------------------------
    @property
    def is_campaign(self) -> bool:
        return self.source is not None and inside(self.source, self.campaign_dir)

    def target_path(self) -> Path:
        """Where Save writes (saving.free_path): a bundled level is never overwritten."""
        return free_path(self.source, str(self.doc.get("title", "my level")), self.campaign_dir, self.user_dir)

    def text(self, target: Path | None = None) -> str:
        comments = self.comments.with_schema(target, schema_path()) if target is not None else self.comments
        return dump_level(self.doc, comments)

    def save(self) -> Path:
        target = self.target_path()
        if inside(target, self.campaign_dir):
            raise LevelError("the campaign levels are never overwritten", fix="save a copy in your levels folder",
                             file=str(target))
        save_text(target, self.text(target))
        self.source = target
        self.saved = copy.deepcopy(self.doc)
        return target

    @property
    def dirty(self) -> bool:
        return self.doc != self.saved

    # --- validation ----------------------------------------------------------------------------
    def validate(self) -> Problem | None:
        """Check the document as a file would be checked (validation.py); the level, or the problem."""
        level, self.problem = check(self.text(), str(self.source or "new level"))
        if level is not None:
            self.level = level  # the last valid version stays when the document goes wrong
        return self.problem

    # --- undo and redo (history.py) ---------------------------------------------------------------
    def change(self, edit: Callable[[dict[str, Any]], None], merge: object = None) -> bool:
        """Apply edit to the document as one undo step (or part of the last one, if merge matches)."""
        before = copy.deepcopy(self.doc)
        edit(self.doc)
        if self.doc == before:
            return False
        self.history.record(before, merge)
        self.validate()
        return True

    def end_merge(self) -> None:
        """The next change starts a new undo step (e.g. the mouse button was released)."""
        self.history.end_merge()

    def undo(self) -> bool:
        return self._restore(self.history.undo(self.doc))

    def redo(self) -> bool:
        return self._restore(self.history.redo(self.doc))

    def _restore(self, doc: dict[str, Any] | None) -> bool:
        if doc is None:
            return False
        self.doc = doc
        self.validate()
        return True

    # --- layouts --------------------------------------------------------------------------------
    def layouts(self, name: str) -> list[dict[str, Any]]:
        value = self.doc.get(name)
        return value if isinstance(value, list) else []

    def layout(self, name: str, index: int) -> dict[str, Any] | None:
        items = self.layouts(name)
        return items[index] if 0 <= index < len(items) and isinstance(items[index], dict) else None

    def map_rows(self, name: str, index: int) -> list[str] | None:
        entry = self.layout(name, index)
        if entry is None or "map" not in entry:
            return None
        return rows_of(entry["map"])

    def paint(self, name: str, index: int, row: int, col: int, char: str, stroke: object = None) -> bool:
        """Put char at (row, col) of a map layout; painting the start moves it (one start per map)."""
        legend = legend_chars(self.doc)

        def edit(doc: dict[str, Any]) -> None:
            rows = rows_of(doc[name][index]["map"])
            if not 0 <= row < len(rows):
                return
            if legend.get(char, ("",))[0] == "start":
                floor = next((ch for ch, e in legend.items() if e[0] == "floor"), ".")
                rows = [r.replace(char, floor) for r in rows]
            line = rows[row].ljust(col + 1, "#")
            rows[row] = line[:col] + char + line[col + 1:]
            doc[name][index]["map"] = "\n".join(rows) + "\n"

        if self.map_rows(name, index) is None:
            return False
        return self.change(edit, merge=("stroke", stroke) if stroke is not None else None)

    def resize_map(self, name: str, index: int, width: int, height: int) -> bool:
        """Grow or shrink a map, keeping a wall border (new cells are floor inside, wall on the edge)."""
        width, height = max(3, min(width, 128)), max(3, min(height, 128))

        def edit(doc: dict[str, Any]) -> None:
            rows = rows_of(doc[name][index]["map"])
            out = []
            for r in range(height):
                old = rows[r] if r < len(rows) else ""
                line = "".join(old[c] if c < len(old) and r < len(rows) - 1 and c < len(rows[0]) - 1 else "."
                               for c in range(width))
                if r in (0, height - 1):
                    line = "#" * width
                line = "#" + line[1:-1] + "#"
                out.append(line)
            doc[name][index]["map"] = "\n".join(out) + "\n"

        return self.map_rows(name, index) is not None and self.change(edit)

    def add_layout(self, name: str, kind: str, copy_from: int | None = None) -> int:
        """Append a layout ('map' or 'generate'), a copy of copy_from when given; returns its index."""
        goal = self._goal_char()

        def edit(doc: dict[str, Any]) -> None:
            items = doc.setdefault(name, [])
            if not isinstance(items, list):
                items = doc[name] = []
            if copy_from is not None and 0 <= copy_from < len(items):
                items.append(copy.deepcopy(items[copy_from]))
            elif kind == "map":
                inner = "." * 7
                items.append({"map": "\n".join(["#" * 9, f"#{inner[:-1]}{goal}#", *[f"#{inner}#"] * 3,
                                                 f"#S{inner[1:]}#", "#" * 9]) + "\n"})
            else:
                place = [{"kind": k, "colour": c, "where": "anywhere"} if c else {"kind": k, "where": "anywhere"}
                         for k, c in [self._goal_object()] if k]
                items.append({"generate": {"size": [9, 9], "place": place}})

        self.change(edit)
        return len(self.layouts(name)) - 1

    def remove_layout(self, name: str, index: int) -> bool:
        if len(self.layouts(name)) <= 1:
            return False  # a level needs at least one layout in each set
        return self.change(lambda doc: doc[name].pop(index))

    def _goal_object(self) -> tuple[str | None, str | None]:
        goal = self.level.objective.goal if self.level else ("exit",)
        for _, (cell, kind, colour) in legend_chars(self.doc).items():
            if cell == "object" and kind in goal:
                return kind, colour
        return (goal[0] if goal else "exit"), None

    def _goal_char(self) -> str:
        kind, colour = self._goal_object()
        for ch, entry in legend_chars(self.doc).items():
            if entry == ("object", kind, colour):
                return ch
        return "."

    # --- fields and legend -------------------------------------------------------------------------
    def get(self, path: tuple) -> Any:
        value: Any = self.doc
        for key in path:
            if key == "type" and isinstance(value, str):
                return value  # 'brain: planner' is short for 'brain: {type: planner}'
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
                value = value[key]
            else:
                return None
        return value

    def set(self, path: tuple, value: Any, merge: object = None) -> bool:
        """Set the value at path (None removes the key, so the default applies)."""

        def edit(doc: dict[str, Any]) -> None:
            _set(doc, path, value)

        return self.change(edit, merge=merge)

    def add_legend(self, kind: str, colour: str | None) -> str:
        """The legend character for (kind, colour), added to the legend if there is none yet."""
        chars = legend_chars(self.doc)
        for ch, entry in chars.items():
            if entry == ("object", kind, colour):
                return ch
        pool = [kind[:1].upper(), kind[:1].lower(), *"ABCDEFGHIJKLMNOPQRTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"]
        char = next(ch for ch in pool if ch and ch not in chars and ch not in "#.S ")
        value = {"kind": kind, "colour": colour} if colour else {"kind": kind}
        self.change(lambda doc: doc.setdefault("legend", {}).__setitem__(char, value))
        return char


def _set(doc: dict[str, Any], path: tuple, value: Any) -> None:
    node: Any = doc
    for i, key in enumerate(path[:-1]):
        nxt = node.get(key) if isinstance(node, dict) else node[key]
        if isinstance(nxt, str) and path[i + 1] != "type" and key == "brain":
            nxt = {"type": nxt}  # 'brain: planner' grows into a mapping when a brain setting is set
            node[key] = nxt
        elif isinstance(nxt, str) and path[i + 1] == "type":
            node[key] = value if value is not None else "planner"
            return
        if nxt is None:
            if value is None:
                return
            nxt = {}
            node[key] = nxt
        node = nxt
    last = path[-1]
    if value is None:
        if isinstance(node, dict):
            node.pop(last, None)
    else:
        node[last] = value
    # tidy: a section left empty goes away; a brain mapping with only a type goes back to its short form
    if len(path) >= 2 and isinstance(node, dict) and not node and path[0] not in ("objective",):
        _set(doc, path[:-1], None)
    brain = doc.get("brain")
    if isinstance(brain, dict) and set(brain) == {"type"} and isinstance(brain["type"], str):
        doc["brain"] = brain["type"]
