"""The editor's live validation: the document written out and read back exactly as a level file
is loaded, and the first problem pointed back at the document path (and map cell) it is about, so
the editor can frame the field or the tile at fault. No pygame here."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import ScalarNode

from game.core.errors import LevelError
from game.core.level import Level
from game.core.loader import load_level_text
from game.core.yamlnodes import read_document

SETS = ("training", "deployment")


def check(text: str, name: str) -> tuple[Level | None, Problem | None]:
    """The level the text makes, or the first problem with it (located in the document)."""
    try:
        return load_level_text(text, name), None
    except LevelError as err:
        path = err.path
        if err.line and (not path or (path[-1] == "map" and "map" in err.message)):
            path = locate(text, err.line, err.col) or path
        return None, Problem(err.message, err.fix, tuple(path))


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


def related(field: tuple, problem: tuple) -> bool:
    """Does a problem at the document path `problem` concern the field at `field`?"""
    if problem == ("evolution",):  # population x episodes too large
        return field in (("evolution", "population"), ("evolution", "episodes"))
    if problem == ("objective",):  # rewards nothing
        return field == ("objective", "rewards")
    return bool(field) and problem[:len(field)] == field
