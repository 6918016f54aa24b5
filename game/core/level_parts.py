"""Reading a level document's parts: single values checked against their limits (numbers, ranges,
colours, kinds, corners, pictures), the kinds and legend sections and one training or deployment
layout. Every reader raises `LevelError` with the key path of the offending value.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from ..pictures import NAME as PICTURE_NAME
from ..pictures import picture_names
from .errors import LevelError
from .kinds import COLOURS, DEFAULT_KINDS, WHERE, KindInfo, MazeAlgorithm, Where
from .level import (
    LANDMARK_KEYS,
    MAX_SIZE,
    MAZE_ALGORITHMS,
    GeneratorSpec,
    LayoutSpec,
    LegendEntry,
    MapSpec,
    Path,
    Placement,
)


def suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(options)


def read_number(value: Any, path: Path, *, lo: float, hi: float, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LevelError(f"expected a number, got {value!r}", fix=f"write a number from {lo} to {hi}", path=path)
    if not math.isfinite(value):
        raise LevelError(f"{value!r} is not a finite number", fix=f"write a number from {lo} to {hi}", path=path)
    if integer and int(value) != value:
        raise LevelError(f"expected a whole number, got {value!r}", fix="drop the decimals", path=path)
    if not lo <= value <= hi:
        raise LevelError(f"{value!r} is out of range", fix=f"write a number from {lo} to {hi}", path=path)
    return int(value) if integer else float(value)


def read_range(value: Any, path: Path) -> int | None:
    if value in (None, "any", "anywhere"):
        return None
    return int(read_number(value, path, lo=0, hi=MAX_SIZE, integer=True))


def read_colour(value: Any, path: Path) -> str | None:
    if value is None:
        return None
    if value not in COLOURS:
        raise LevelError(f"unknown colour '{value}'", fix=suggest(value, COLOURS), path=path)
    return str(value)


def read_kinds(data: Mapping[str, Any]) -> dict[str, KindInfo]:
    kinds = dict(DEFAULT_KINDS)
    for name, attrs in (data.get("kinds") or {}).items():
        attrs = attrs or {}
        base = kinds.get(name, KindInfo(name))
        kinds[name] = KindInfo(
            name,
            consumable=bool(attrs.get("consumable", base.consumable)),
            terminal=bool(attrs.get("terminal", base.terminal)),
            hazard=bool(attrs.get("hazard", base.hazard)),
            requires=attrs.get("requires", base.requires),
            picture=read_picture(attrs.get("picture", base.picture), ("kinds", name, "picture")),
        )
    for name, info in kinds.items():
        if info.requires is not None and info.requires not in kinds:
            raise LevelError(f"kind '{name}' requires unknown kind '{info.requires}'",
                             fix=suggest(info.requires, sorted(kinds)), path=("kinds", name, "requires"))
    return kinds


def read_picture(value: Any, path: Path) -> str | None:
    """A picture name from the library in assets/pictures (checked to exist)."""
    if value is None:
        return None
    names = picture_names()
    if not isinstance(value, str) or not PICTURE_NAME.match(value):
        raise LevelError(f"picture {value!r} is not a picture name",
                         fix="give the name of a file in assets/pictures without '.xpm', e.g. 'star'", path=path)
    if value not in names:
        close = difflib.get_close_matches(value, list(names), n=1)
        raise LevelError(f"there is no picture named '{value}' in assets/pictures",
                         fix=(f"did you mean '{close[0]}'? " if close else "") + f"Pictures: {', '.join(names)}; "
                         "or leave 'picture' out and the kind is drawn as a letter badge", path=path)
    return value


def read_kind(name: Any, kinds: Mapping[str, KindInfo], path: Path) -> str:
    if name not in kinds:
        raise LevelError(
            f"unknown object kind '{name}'",
            fix=suggest(name, sorted(kinds)) + " (or declare it under 'kinds:')",
            path=path,
        )
    return str(name)


def read_legend(data: Mapping[str, Any], kinds: Mapping[str, KindInfo]) -> dict[str, LegendEntry]:
    legend = {"#": LegendEntry("wall"), ".": LegendEntry("floor"), "S": LegendEntry("start")}
    for char, entry in (data.get("legend") or {}).items():
        path: Path = ("legend", char)
        if len(str(char)) != 1:
            raise LevelError(f"legend key '{char}' must be one character", fix="use a single character", path=path)
        if isinstance(entry, str):
            if entry in ("wall", "floor", "start"):
                legend[str(char)] = LegendEntry(entry)
                continue
            entry = {"kind": entry}
        legend[str(char)] = LegendEntry(
            "object",
            read_kind(entry.get("kind"), kinds, path + ("kind",)),
            read_colour(entry.get("colour"), path + ("colour",)),
            read_leads_to(entry.get("leads_to"), kinds, path + ("leads_to",)),
        )
    return legend



def read_leads_to(value: Any, kinds: Mapping[str, KindInfo], path: Path) -> str | None:
    if value is None:
        return None
    if value in LANDMARK_KEYS or value in kinds:
        return str(value)
    raise LevelError(f"'{value}' is neither an object kind nor a corner",
                     fix=suggest(value, sorted(kinds) + list(LANDMARK_KEYS)), path=path)


def read_placement(raw: Mapping[str, Any], kinds: Mapping[str, KindInfo], path: Path) -> Placement:
    where = raw.get("where", "anywhere")
    if where not in WHERE:
        raise LevelError(f"unknown place '{where}'", fix=suggest(where, WHERE), path=path + ("where",))
    return Placement(
        kind=read_kind(raw.get("kind"), kinds, path + ("kind",)),
        colour=read_colour(raw.get("colour"), path + ("colour",)),
        where=Where(where),
        region=int(read_number(raw.get("region", 3), path + ("region",), lo=1, hi=MAX_SIZE, integer=True)),
        probability=read_number(raw.get("probability", 1.0), path + ("probability",), lo=0, hi=1),
        count=int(read_number(raw.get("count", 1), path + ("count",), lo=0, hi=64, integer=True)),
        leads_to=read_leads_to(raw.get("leads_to"), kinds, path + ("leads_to",)),
    )


def read_layout(raw: Mapping[str, Any], kinds: Mapping[str, KindInfo], path: Path) -> LayoutSpec:
    source: MapSpec | GeneratorSpec
    if "map" in raw:
        text = str(raw["map"])
        rows = tuple(line.rstrip() for line in text.strip("\n").splitlines())
        source = MapSpec(rows)
    elif "generate" in raw:
        gen = raw["generate"]
        gpath = path + ("generate",)
        size = gen.get("size", [9, 9])
        if not isinstance(size, list) or len(size) != 2:
            raise LevelError("size must be [width, height]", fix="write e.g. size: [9, 9]", path=gpath + ("size",))
        w, h = (int(read_number(v, gpath + ("size", i), lo=5, hi=MAX_SIZE, integer=True)) for i, v in enumerate(size))
        algorithm = gen.get("algorithm", "backtracker")
        if algorithm not in MAZE_ALGORITHMS:
            raise LevelError(
                f"unknown maze algorithm '{algorithm}'",
                fix=suggest(algorithm, MAZE_ALGORITHMS),
                path=gpath + ("algorithm",),
            )
        start = gen.get("start", "bottom-left")
        if start not in WHERE:
            raise LevelError(f"unknown start place '{start}'", fix=suggest(start, WHERE), path=gpath + ("start",))
        source = GeneratorSpec(
            size=(w, h),
            algorithm=MazeAlgorithm(algorithm),
            loops=read_number(gen.get("loops", 0.0), gpath + ("loops",), lo=0, hi=1),
            place=tuple(
                read_placement(p, kinds, gpath + ("place", i)) for i, p in enumerate(gen.get("place") or [])
            ),
            start=Where(start),
        )
    else:
        raise LevelError("a layout needs 'map' or 'generate'", fix="add a 'map: |' block or a 'generate:' spec", path=path)
    context = {}
    for name, value in (raw.get("context") or {}).items():
        p = 1.0 if value is True else 0.0 if value is False else read_number(value, path + ("context", name), lo=0, hi=1)
        context[str(name)] = float(p)
    weight = read_number(raw.get("weight", 1.0), path + ("weight",), lo=0, hi=1e6)
    return LayoutSpec(source=source, weight=weight, context=context, path=path)
