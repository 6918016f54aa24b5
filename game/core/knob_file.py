"""Reading a level file's `knobs:` section into a `Puzzle`: each knob checked (name, values,
costs, default, paths), then every value of every knob applied and loaded, so a bad knob is
reported with its file position as soon as the level is read. What knobs do is in `knobs.py`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from .errors import LevelError
from .knobs import DocPath, Knob, LoadText, Puzzle, parse_path
from .level import Level
from .yamlnodes import Places

_NAME = re.compile(r"[a-z][a-z0-9_]*$")
MAX_KNOBS = 8
MAX_KNOB_VALUES = 32  # every value is tried at load: each is one more full load of the level


def _knob_error(message: str, fix: str, places: Places, path: DocPath, file: str) -> LevelError:
    line, col = places.position(path)
    return LevelError(message, fix=fix, file=file, line=line, col=col, path=path)


def _paths(raw: Any, where: DocPath, places: Places, file: str, name: str) -> tuple[DocPath, ...]:
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else None
    if items is None or not items or not all(isinstance(p, str) for p in items):
        raise _knob_error(f"knob '{name}': '{where[-1]}' must be a path or a list of paths",
                          "write e.g. sets: training[1].weight", places, where, file)
    out = []
    for text in items:
        try:
            out.append(parse_path(text))
        except ValueError as err:
            raise _knob_error(f"knob '{name}': bad path '{text}': {err}",
                              "write e.g. training[0].generate.place[1].probability", places, where, file) from None
    return tuple(out)


def _knob(raw: Any, index: int, places: Places, file: str) -> Knob:
    where: DocPath = ("knobs", index)
    if not isinstance(raw, dict):
        raise _knob_error("a knob must be a mapping", "write name:, label:, sets:, values:", places, where, file)
    allowed = {"name", "label", "sets", "complement", "values", "default", "cost", "help", "percent", "player"}
    for key in raw:
        if key not in allowed:
            raise _knob_error(f"unknown knob key '{key}'", "allowed keys: " + ", ".join(sorted(allowed)),
                              places, where + (key,), file)
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise _knob_error("a knob needs a name in lower case letters, digits and _", "write e.g. name: randomised",
                          places, where + ("name",), file)
    values = raw.get("values")
    if not isinstance(values, list) or not values:
        raise _knob_error(f"knob '{name}' needs a list of values", "write e.g. values: [0, 0.02, 0.1]",
                          places, where + ("values",), file)
    if len(values) > MAX_KNOB_VALUES:
        raise _knob_error(f"knob '{name}' has {len(values)} values", f"give it at most {MAX_KNOB_VALUES} values",
                          places, where + ("values",), file)
    if not all(v is None or isinstance(v, (str, int, float, bool)) for v in values):
        raise _knob_error(f"knob '{name}': each value must be a number, text or true/false",
                          "write e.g. values: [0, 0.02, 0.1]", places, where + ("values",), file)
    cost = raw.get("cost", [0] * len(values))
    ok_cost = isinstance(cost, list) and len(cost) == len(values) and all(
        isinstance(c, (int, float)) and not isinstance(c, bool) and c >= 0 for c in cost)
    if not ok_cost:
        raise _knob_error(f"knob '{name}': cost must list one number >= 0 per value ({len(values)})",
                          "write e.g. cost: [0, 1, 2]", places, where + ("cost",), file)
    default = raw.get("default", values[0])
    if default not in values:
        raise _knob_error(f"knob '{name}': the default {default!r} is not one of its values",
                          "make the default one of the values", places, where + ("default",), file)
    sets = _paths(raw.get("sets"), where + ("sets",), places, file, name)
    complement = _paths(raw["complement"], where + ("complement",), places, file, name) if "complement" in raw else ()
    if complement and not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise _knob_error(f"knob '{name}': 'complement' needs number values (it sets 1 - value)",
                          "drop 'complement' or use numbers", places, where + ("complement",), file)
    return Knob(name=name, label=str(raw.get("label", name)), sets=sets, values=tuple(values), default=default,
                cost=tuple(float(c) for c in cost), complement=complement, help=str(raw.get("help", "")),
                percent=bool(raw.get("percent", bool(complement))), player=bool(raw.get("player", True)))


def puzzle_of(level: Level, document: dict, places: Places, file: str, load: LoadText) -> Puzzle:
    """The puzzle of a loaded level's document: every value of every knob applied and loaded.
    The loader calls this for any level with knobs, so `validate` and the level select see a bad
    knob value as soon as the file is read. `load(text, file)` builds a level without checking
    knobs again (the loader passes itself in, so this module never imports it)."""
    raw = document.get("knobs") or []
    if not isinstance(raw, list):
        raise _knob_error("'knobs' must be a list of knobs", "write knobs: then one '- name: ...' entry per knob",
                          places, ("knobs",), file)
    if len(raw) > MAX_KNOBS:
        raise _knob_error(f"the level has {len(raw)} knobs", f"keep at most {MAX_KNOBS} knobs",
                          places, ("knobs",), file)
    knobs = tuple(_knob(r, i, places, file) for i, r in enumerate(raw))
    names = [k.name for k in knobs]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise _knob_error(f"two knobs are called '{name}'", "give every knob its own name",
                              places, ("knobs", i, "name"), file)
    goal = level.goal
    puzzle = Puzzle(level, knobs, document, goal.get("budget"), goal.get("deploy_aligned_at_least"), load)
    for i, knob in enumerate(knobs):  # paths first, each knob on its own, so errors point at the right knob
        for value in knob.values:
            try:
                knob.apply_to(copy.deepcopy(document), value)
            except (ValueError, TypeError, KeyError, IndexError) as err:
                raise _knob_error(f"knob '{knob.name}': {err}", "correct the path under 'sets:' (see docs/levels.md)",
                                  places, ("knobs", i, "sets"), file) from None
    for i, knob in enumerate(knobs):
        for value in knob.values:
            try:
                puzzle.apply({knob.name: value})
            except LevelError as err:
                raise _knob_error(err.message, err.fix, places, ("knobs", i), file) from None
    if knobs:
        puzzle = replace(puzzle, level=puzzle.apply({}))
    return puzzle
