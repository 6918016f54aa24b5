"""The level being edited: a level document, its undo history, and its live validation.

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
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import ScalarNode

from game.core.errors import LevelError
from game.core.level import Level
from game.core.level_writer import Comments, dump_level, save_text
from game.core.loader import load_level_text
from game.core.yamlnodes import read_document
from game.resources import schema_path

SETS = ("training", "deployment")
BUILT_IN = {"#": "wall", ".": "floor", "S": "start"}
NEW_LEVEL = """\
title: My level
intro: |
  Describe what the agents will be trained on, and what changes in deployment.
legend:
  E: {kind: exit, colour: green}
objective: {rewards: {exit: 10}, step_cost: 0.1, max_steps: 60}
perception: {colour_range: any, kind_range: any}
brain: planner
evolution: {algorithm: ga, population: 64, generations: 30, episodes: 16, seed: 1}
training:
  - map: |
      #########
      #......E#
      #.#####.#
      #.......#
      #.#####.#
      #S......#
      #########
deployment:
  - generate:
      size: [11, 11]
      place:
        - {kind: exit, colour: green, where: anywhere}
"""


@dataclass(frozen=True)
class Problem:
    """The first thing wrong with the level, and where: a document path, maybe a map cell."""

    message: str
    fix: str
    path: tuple

    @property
    def layout(self) -> tuple[str, int] | None:
        if len(self.path) >= 2 and self.path[0] in SETS and isinstance(self.path[1], int):
            return str(self.path[0]), int(self.path[1])
        return None

    @property
    def cell(self) -> tuple[int, int] | None:
        """(row, col) in the layout's map, when the problem is one character of it."""
        p = self.path
        if len(p) == 5 and p[2] == "map" and isinstance(p[3], int) and isinstance(p[4], int):
            return p[3], p[4]
        return None

    def where(self) -> str:
        """The place in words, e.g. 'training layout 1, row 3, column 7' or 'objective > step_cost'."""
        if self.layout is not None:
            text = f"{self.layout[0]} layout {self.layout[1] + 1}"
            if self.cell is not None:
                text += f", row {self.cell[0] + 1}, column {self.cell[1] + 1}"
            elif len(self.path) > 2:
                text += " > " + " > ".join(str(p) for p in self.path[2:])
            return text
        return " > ".join(str(p) for p in self.path) or "the level"


def locate(text: str, line: int, col: int) -> tuple:
    """The document path (and map cell) written at 1-based line:col of text."""
    try:
        _, places = read_document(text, "<editor>")
    except LevelError:
        return ()
    at = (line - 1, col - 1)
    best: tuple = ()
    for path, node in places.values.items():
        start, end = (node.start_mark.line, node.start_mark.column), (node.end_mark.line, node.end_mark.column)
        if start <= at < end and len(path) >= len(best):
            best = path
    node = places.values.get(best)
    if best and best[-1] == "map" and isinstance(node, ScalarNode) and node.style == "|":
        row = line - 1 - (node.start_mark.line + 1)
        rows = node.value.splitlines()
        if 0 <= row < len(rows):
            indent = len(text.splitlines()[line - 1]) - len(rows[row])
            return best + (row, max(0, col - 1 - indent))
    return best


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
        self.past: list[dict[str, Any]] = []
        self.future: list[dict[str, Any]] = []
        self._merge: object = None
        self.saved = copy.deepcopy(doc)
        self.level: Level | None = None  # the last valid version
        self.problem: Problem | None = None
        self.validate()

    # --- opening ------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, campaign_dir: Path, user_dir: Path) -> EditorDoc:
        """Open a level file. Raises LevelError only if it is not readable YAML at all."""
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as err:
            raise LevelError(f"cannot read the file ({err.strerror})", fix="check the path", file=str(path),
                             line=1, col=1) from None
        doc, _ = read_document(text, str(path))
        if not isinstance(doc, dict):
            raise LevelError("the file is not a level (a mapping of keys)", fix="start from docs/levels.md",
                             file=str(path), line=1, col=1)
        return cls(doc, source=path, campaign_dir=campaign_dir, user_dir=user_dir, comments=Comments.of(text))

    @classmethod
    def new(cls, campaign_dir: Path, user_dir: Path) -> EditorDoc:
        doc, _ = read_document(NEW_LEVEL, "<new>")
        made = cls(doc, source=None, campaign_dir=campaign_dir, user_dir=user_dir)
        made.saved = {}  # a new level is unsaved until it is saved
        return made

    # --- where it saves -------------------------------------------------------------------------
    @property
    def is_campaign(self) -> bool:
        return self.source is not None and _inside(self.source, self.campaign_dir)

    def target_path(self) -> Path:
        """Where Save writes: the file itself, or, for a campaign level or a new one, a free name
        in the player's levels folder (a bundled level is never overwritten)."""
        if self.source is not None and not self.is_campaign:
            return self.source
        stem = self.source.stem if self.source is not None else _slug(str(self.doc.get("title", "my level")))
        candidate = self.user_dir / f"{stem}.yaml"
        n = 2
        while candidate.exists():
            candidate = self.user_dir / f"{stem}-{n}.yaml"
            n += 1
        return candidate

    def text(self, target: Path | None = None) -> str:
        comments = self.comments.with_schema(target, schema_path()) if target is not None else self.comments
        return dump_level(self.doc, comments)

    def save(self) -> Path:
        target = self.target_path()
        if _inside(target, self.campaign_dir):
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
        text = self.text()
        try:
            self.level = load_level_text(text, str(self.source or "new level"))
            self.problem = None
        except LevelError as err:
            path = err.path
            if err.line and (not path or (path[-1] == "map" and "map" in err.message)):
                path = locate(text, err.line, err.col) or path
            self.problem = Problem(err.message, err.fix, tuple(path))
        return self.problem

    # --- undo and redo ---------------------------------------------------------------------------
    def change(self, edit: Callable[[dict[str, Any]], None], merge: object = None) -> bool:
        """Apply edit to the document as one undo step (or part of the last one, if merge matches)."""
        before = copy.deepcopy(self.doc)
        edit(self.doc)
        if self.doc == before:
            return False
        if merge is None or merge != self._merge:
            self.past.append(before)
            self.future.clear()
        self._merge = merge
        self.validate()
        return True

    def end_merge(self) -> None:
        """The next change starts a new undo step (e.g. the mouse button was released)."""
        self._merge = None

    def undo(self) -> bool:
        if not self.past:
            return False
        self.future.append(self.doc)
        self.doc = self.past.pop()
        self._merge = None
        self.validate()
        return True

    def redo(self) -> bool:
        if not self.future:
            return False
        self.past.append(self.doc)
        self.doc = self.future.pop()
        self._merge = None
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


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:40] or "my_level"
