"""The validating level loader: YAML text in, a `Level` or one clear `LevelError` out.

Four passes, each stopping at the first mistake: safe YAML reading that keeps every value's
place (yamlnodes), the published JSON Schema (validate_schema), `level_from_dict` (semantics that
need the legend and kinds), then the checks of the built level (level_checks), among them
realising each layout: the goal is present and the start can reach it. Every problem, whatever its cause, comes out as a
`LevelError` carrying file:line:col and a fix.

    level = load_level("levels/01_green_exit.yaml")
    errors = validate_files(["levels"])
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from yaml.nodes import ScalarNode

from .errors import LevelError
from .knob_file import puzzle_of
from .knobs import Puzzle
from .level import Level
from .level_build import level_from_dict
from .level_checks import begin_checks, check_level, end_checks
from .validate_schema import schema_error
from .yamlnodes import MAX_TEXT, Places, locate, read_document


def load_level(path: str | Path) -> Level:
    """Read and validate a level file. Raises only LevelError."""
    return load_level_text(read_level_text(path), str(path))


def file_digest(path: str | Path) -> bytes | None:
    """A fingerprint of a level file's contents, to tell whether it changed (None: unreadable).
    Reads no more than a level may hold (the rest of a far too big file is never read: its size
    is in the fingerprint, and the loader refuses it anyway)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(MAX_TEXT * 4 + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return None
    return hashlib.sha256(head).digest() + size.to_bytes(8, "little")


def read_level_text(path: str | Path) -> str:
    """A level file's text. Raises only LevelError: no such file, a folder, unreadable, far too
    big (found before reading more than the limit), or not UTF-8 (at its line and column)."""
    file = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TEXT * 4 + 1)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise LevelError("no such level file", fix="check the file name and folder", file=file, line=1, col=1) from None
    except IsADirectoryError:
        raise LevelError("this is a folder, not a level file", fix="give the path of a .yaml file", file=file, line=1, col=1) from None
    except OSError as err:
        raise LevelError(f"cannot read the file ({err.strerror})", fix="check the file's permissions", file=file, line=1, col=1) from None
    if len(raw) > MAX_TEXT * 4:
        raise LevelError(f"the file is {max(size, len(raw))} bytes, far over the limit", fix="a level fits in a few kilobytes",
                         file=file, line=1, col=1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line, col = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        raise LevelError("the file is not UTF-8 text", fix="save the file as UTF-8 (most editors: 'Save with encoding')",
                         file=file, line=line, col=col) from None


def load_level_text(text: str, file: str = "<text>", *, knobs: bool = True) -> Level:
    """Validate level text (YAML) and build the Level. Raises only LevelError.
    With knobs (the default), every value of every knob is applied and the result loaded too."""
    token = begin_checks()
    try:
        return _load(text, file, knobs)
    except LevelError:
        raise
    except Exception as err:  # a bug in the model code must still reach the author as a LevelError
        raise LevelError(f"internal error while reading the level: {type(err).__name__}: {err}",
                         fix="please report this with the level file attached", file=file, line=1, col=1) from err
    finally:
        end_checks(token)


def _load(text: str, file: str, knobs: bool = True) -> Level:
    data, places = read_document(text, file)
    _check_map_styles(places, file)
    _check_map_rows_indented(places, text, file)
    err = schema_error(data, places, file)
    if err is not None:
        raise err
    try:
        level = level_from_dict(data, file)
    except LevelError as bad:
        raise locate(bad, places, text, file) from None
    check_level(level, places, text, file)
    if knobs and isinstance(data, dict) and data.get("knobs"):
        puzzle_of(level, data, places, file, _load_without_knobs)
    return level


def _check_map_styles(places: Places, file: str) -> None:
    """'map: >' (folded) joins the rows into one line: say so plainly."""
    for path, node in places.values.items():
        if path and path[-1] == "map" and isinstance(node, ScalarNode) and node.style == ">":
            raise LevelError("'map: >' joins the map's rows into one line",
                             fix="write the map as a literal block: 'map: |' then one indented line per row",
                             file=file, line=node.start_mark.line + 1, col=node.start_mark.column + 1, path=path)


def _check_map_rows_indented(places: Places, text: str, file: str) -> None:
    """A map row indented less than the rows above it ends the 'map: |' block, and YAML reads a
    row that starts with '#' as a comment: the map silently loses it (and the loader would then
    blame the border). Name the row and its indentation instead."""
    lines = text.splitlines()
    for path, node in places.values.items():
        if not (path and path[-1] == "map" and isinstance(node, ScalarNode) and node.style == "|"):
            continue
        rows = node.value.splitlines()
        first = node.start_mark.line + 1  # the block's first row (0-based), after any blank lines
        while first < len(lines) and not lines[first].strip():
            first += 1
        after = node.end_mark.line
        if not rows or first >= len(lines) or after >= len(lines):
            continue
        indent = len(lines[first]) - len(lines[first].lstrip(" "))
        line = lines[after]
        row = line.strip()
        shift = len(line) - len(line.lstrip(" "))
        if row.startswith("#") and " " not in row and len(row) == len(rows[0].rstrip()) and shift < indent:
            raise LevelError(f"this map row is indented {shift} spaces, less than the {indent} of the rows above "
                             "it, so YAML read it as a comment and the map ended on the line before",
                             fix=f"indent every row of the map by the same {indent} spaces",
                             file=file, line=after + 1, col=shift + 1, path=path)


def _level_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            files.append(path)
    return files


def validate_files(paths: Iterable[str | Path]) -> list[LevelError]:
    """Load every level file (folders: their *.yaml files); one LevelError per bad file."""
    errors = []
    for file in _level_files(paths):
        try:
            load_level(file)
        except LevelError as err:
            errors.append(err)
    return errors


def _load_without_knobs(text: str, file: str) -> Level:
    return load_level_text(text, file, knobs=False)


def puzzle_from_text(text: str, file: str = "<text>") -> Puzzle:
    """Read a level's knobs, budget and goal; check that every knob value gives a valid level."""
    level = load_level_text(text, file, knobs=False)
    document, places = read_document(text, file)
    return puzzle_of(level, document, places, file, _load_without_knobs)


def load_puzzle(source: str | Path | Level) -> Puzzle:
    """A level file (or a loaded Level, whose file is read again) with its knobs."""
    file = source.file if isinstance(source, Level) else str(source)
    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise LevelError(f"cannot read the level file ({err})", fix="check the file name", file=file) from None
    return puzzle_from_text(text, file)
