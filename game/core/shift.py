"""How deployment differs from training, read from the two layout sets of a level: colours,
new things, where things lead or sit, counts, context flags, maze sizes, shapes and starts.
It is part of the "Built in" line (provenance.py): the level file sets it, nothing evolves it.

    shift_changes(level)   # -> ["the exit is green in training, red in deployment", ...]
    describe_shift(level)  # -> "the deployment change: ..."
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .kinds import WHERE
from .level import GeneratorSpec, LayoutSpec, Level, MapSpec


def words(kind: str) -> str:
    """door_a -> door A, forbidden_tile -> forbidden tile."""
    parts = kind.replace("_", " ").split()
    if len(parts) > 1 and len(parts[-1]) == 1:
        parts[-1] = parts[-1].upper()
    return " ".join(parts) or kind


def _join(items: Iterable[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _colours(colours: set) -> str:
    return _join(sorted("uncoloured" if c is None else c for c in colours))


class Side:
    """What one layout set (training or deployment) contains, read from its specs."""

    def __init__(self, level: Level, specs: tuple[LayoutSpec, ...]) -> None:
        self.colours: dict[str, set] = {}
        self.where: dict[str, set] = {}
        self.count: dict[str, set] = {}
        self.leads: dict[str, set] = {}
        self.sizes: set = set()
        self.mazes: set = set()  # (algorithm, loops > 0) per generator; "map" for a hand-drawn one
        self.starts: set = set()  # start places of generators; "map" for a hand-drawn one
        self.context: dict[str, set] = {}
        for spec in specs:
            if spec.weight <= 0:
                continue
            for flag, p in spec.context.items():
                self.context.setdefault(flag, set()).add(p)
            src = spec.source
            if isinstance(src, GeneratorSpec):
                self.sizes.add(src.size)
                self.mazes.add((str(src.algorithm.value), src.loops > 0))
                self.starts.add(str(src.start.value))
                for rule in src.place:
                    self._add(rule.kind, rule.colour, rule.where, rule.count, rule.leads_to)
            elif isinstance(src, MapSpec):
                self.mazes.add("map")
                self.starts.add("map")
                self.sizes.add((max((len(r) for r in src.rows), default=0), len(src.rows)))
                seen: Counter = Counter()
                for r, row in enumerate(src.rows):
                    for c, ch in enumerate(row):
                        entry = level.legend.get(ch)
                        if entry is not None and entry.cell == "object":
                            seen[(entry.kind, entry.colour, entry.leads_to)] += 1
                            self.where.setdefault(entry.kind, set()).add((r, c))
                for (kind, colour, leads), n in seen.items():
                    self._add(kind, colour, None, n, leads)

    def _add(self, kind: str, colour: str | None, where: str | None, count: int, leads: str | None) -> None:
        self.colours.setdefault(kind, set()).add(colour)
        if where is not None:
            self.where.setdefault(kind, set()).add(where)
        self.count.setdefault(kind, set()).add(count)
        if leads is not None:
            self.leads.setdefault(kind, set()).add(leads)


def _places(values: set) -> str:
    """Where-words and corners as words ('top right'); object kinds with 'the' ('the exit')."""
    named = sorted(v for v in values if isinstance(v, str))
    if not named:
        return "elsewhere"
    return _join(v.replace("-", " ") if v in WHERE else f"the {words(v)}" for v in named)


MAX_CHANGES = 4


def describe_shift(level: Level) -> str:
    """How deployment differs from training, read from the two layout sets (the first few changes,
    most telling first: colours, new things, where things lead or sit, counts, cues, sizes)."""
    out = shift_changes(level)
    if not out:
        return "the deployment change: none but new mazes drawn like the training ones"
    return "the deployment change: " + "; ".join(out[:MAX_CHANGES])


def shift_changes(level: Level) -> list[str]:
    """Every difference between the training and the deployment sets, in order of importance."""
    train, deploy = Side(level, level.training), Side(level, level.deployment)
    colours: list[str] = []
    places: list[str] = []
    counts: list[str] = []
    leads: list[str] = []
    for kind in sorted(set(train.colours) & set(deploy.colours)):
        w = words(kind)
        if train.colours[kind] != deploy.colours[kind]:
            colours.append(f"the {w} is {_colours(train.colours[kind])} in training, {_colours(deploy.colours[kind])} in deployment")
        tw, dw = train.where.get(kind, set()), deploy.where.get(kind, set())
        if tw != dw and tw and dw:
            if all(isinstance(v, str) for v in tw | dw):
                places.append(f"the {w} is placed {_places(tw)} in training, {_places(dw)} in deployment")
            else:
                places.append(f"the {w} is somewhere else in deployment")
        if train.count[kind] != deploy.count[kind]:
            counts.append(f"{w}: {_join(str(n) for n in sorted(train.count[kind]))} per training maze, "
                       f"{_join(str(n) for n in sorted(deploy.count[kind]))} in deployment")
        if train.leads.get(kind, set()) != deploy.leads.get(kind, set()):
            leads.append(f"the {w} leads to {_places(train.leads.get(kind, set()))} in training, "
                       f"to {_places(deploy.leads.get(kind, set()))} in deployment")
    out = colours
    new = [f"{_colours(deploy.colours[k])} {words(k)}".replace("uncoloured ", "")
           for k in sorted(set(deploy.colours) - set(train.colours))]
    if new:
        out.append("new in deployment: " + ", ".join(new))
    out += leads + places + counts
    for flag in sorted(set(train.context) | set(deploy.context)):
        t, d = train.context.get(flag, {0.0}), deploy.context.get(flag, {0.0})
        if t != d:
            out.append(f"'{words(flag)}' {_onoff(t)} in training, {_onoff(d)} in deployment")
    gone = [words(k) for k in sorted(set(train.colours) - set(deploy.colours))]
    if gone:
        out.append("not in deployment: " + ", ".join(gone))
    if train.sizes != deploy.sizes and train.sizes and deploy.sizes:
        out.append(f"mazes {_sizes(train.sizes)} in training, {_sizes(deploy.sizes)} in deployment")
    generated = "map" not in train.mazes | deploy.mazes  # a hand-drawn map says its own shape
    if generated and train.mazes != deploy.mazes and train.mazes and deploy.mazes:
        out.append(f"{_mazes(train.mazes)} in training, {_mazes(deploy.mazes)} in deployment")
    if generated and train.starts != deploy.starts and train.starts and deploy.starts:
        out.append(f"the agent starts {_places(train.starts)} in training, {_places(deploy.starts)} in deployment")
    return out


MAZE_WORDS = {"backtracker": "winding corridors", "rooms": "rooms", "open": "one open room"}


def _mazes(kinds: set) -> str:
    return _join(f"{MAZE_WORDS.get(a, a)}{' with loops' if loops else ''}" for a, loops in sorted(kinds))


def _onoff(values: set) -> str:
    if values == {1.0}:
        return "on"
    if values == {0.0}:
        return "off"
    return "sometimes on"


def _sizes(sizes: set) -> str:
    return _join(f"{w}x{h}" for w, h in sorted(sizes))
