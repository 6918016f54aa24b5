"""What a probe is made of: the items a player may place, the small probe maze they edit, where
each agent went in it (a row), and the table of rows with the evidence it holds. Data only: the
simulation that fills a row is `probe.run_probe`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from .batch import FeatureSpace
from .layouts import Layout, PlacedObject
from .level import Level
from .shift import words

NOTHING = "nowhere in particular"  # an agent that reached no object and settled at no corner
MAX_OBJECTS = 6


@dataclass(frozen=True)
class ProbeItem:
    """Something the player may put in a probe maze: one of the level's kinds, in one of its colours."""

    kind: str
    colour: str | None = None

    @property
    def label(self) -> str:
        return f"{self.colour} {words(self.kind)}" if self.colour else words(self.kind)


def palette(level: Level) -> tuple[ProbeItem, ...]:
    """Every (kind, colour) the level's training and deployment mazes use, goal kinds first."""
    seen: list[ProbeItem] = []
    for entry in level.legend.values():
        if entry.cell == "object" and entry.leads_to is None:
            seen.append(ProbeItem(entry.kind, entry.colour))
    for spec in level.training + level.deployment:
        for rule in getattr(spec.source, "place", ()):
            if rule.leads_to is None:
                seen.append(ProbeItem(rule.kind, rule.colour))
    unique = list(dict.fromkeys(seen))
    for kind in level.objective.rewards:
        if not any(item.kind == kind for item in unique):
            unique.append(ProbeItem(kind))
    goal = set(level.objective.goal)
    return tuple(sorted(unique, key=lambda i: (i.kind not in goal, i.kind, i.colour or "")))


@dataclass(frozen=True)
class ProbeMaze:
    """A small open room the player edits: a start and a few objects (walls only on the border)."""

    width: int
    height: int
    start: tuple[int, int]
    objects: tuple[tuple[ProbeItem, tuple[int, int]], ...] = ()
    context: tuple[str, ...] = ()  # context flags switched on (e.g. the learning lamp)

    @classmethod
    def empty(cls, width: int = 9, height: int = 9) -> ProbeMaze:
        return cls(width, height, (height - 2, 1))

    def inside(self, pos: tuple[int, int]) -> bool:
        r, c = pos
        return 0 < r < self.height - 1 and 0 < c < self.width - 1

    def item_at(self, pos: tuple[int, int]) -> ProbeItem | None:
        for item, where in self.objects:
            if where == tuple(pos):
                return item
        return None

    def with_object(self, item: ProbeItem, pos: tuple[int, int]) -> ProbeMaze:
        """Put item at pos (replacing what was there); refused on the border, the start, or when full."""
        pos = (int(pos[0]), int(pos[1]))
        if not self.inside(pos) or pos == self.start:
            return self
        rest = tuple((i, p) for i, p in self.objects if p != pos)
        if len(rest) >= MAX_OBJECTS:
            return self
        return replace(self, objects=rest + ((item, pos),))

    def without(self, pos: tuple[int, int]) -> ProbeMaze:
        return replace(self, objects=tuple((i, p) for i, p in self.objects if p != tuple(pos)))

    def moved(self, old: tuple[int, int], new: tuple[int, int]) -> ProbeMaze:
        """Drag: the object (or the start) at old goes to new, if new is a free inside cell."""
        new = (int(new[0]), int(new[1]))
        if not self.inside(new) or new == self.start or self.item_at(new) is not None:
            return self
        if tuple(old) == self.start:
            return replace(self, start=new)
        return replace(self, objects=tuple((i, new if p == tuple(old) else p) for i, p in self.objects))

    def with_start(self, pos: tuple[int, int]) -> ProbeMaze:
        pos = (int(pos[0]), int(pos[1]))
        if not self.inside(pos) or self.item_at(pos) is not None:
            return self
        return replace(self, start=pos)

    def toggled(self, flag: str) -> ProbeMaze:
        on = set(self.context) ^ {flag}
        return replace(self, context=tuple(sorted(on)))

    def layout(self) -> Layout:
        walls = np.ones((self.height, self.width), bool)
        walls[1:-1, 1:-1] = False
        objects = tuple(PlacedObject(i.kind, i.colour, p) for i, p in self.objects)
        return Layout(walls, self.start, objects, {flag: True for flag in self.context})

    def describe(self) -> str:
        """'red exit 6 away, green apple 2 away' (steps from the start)."""
        if not self.objects:
            return "an empty room"
        sr, sc = self.start
        parts = [f"{i.label} {abs(r - sr) + abs(c - sc)} away" for i, (r, c) in self.objects]
        lamp = f" ({', '.join(self.context)} on)" if self.context else ""
        return ", ".join(parts) + lamp


@dataclass(frozen=True)
class Choice:
    """Where one agent went in one probe maze, and what else was on offer there."""

    went: str  # label of the object or corner it went to first, or NOTHING
    chosen: frozenset[str]  # the feature names of what it went to (empty for NOTHING)
    offered: tuple[frozenset[str], ...]  # the feature names of every object and corner in the maze
    then: str = ""  # where it went on to after that, if anywhere (the last object, or a corner it stayed at)


@dataclass(frozen=True)
class ProbeRow:
    maze: ProbeMaze
    choices: tuple[Choice, ...]  # one per agent
    ends: tuple[tuple[int, int], ...] = ()  # per agent: the cell where its episode ended
    paths: tuple[tuple[tuple[int, int], ...], ...] = ()  # per agent: the cells it walked, start first

    def counts(self) -> dict[str, int]:
        """Destination label -> how many agents went there first, most common first."""
        return dict(Counter(c.went for c in self.choices).most_common())

    def then_counts(self) -> dict[str, int]:
        """Where agents went on to after their first destination ('' = nowhere further)."""
        return dict(Counter(c.then for c in self.choices if c.then).most_common())



@dataclass(frozen=True)
class Evidence:
    """What the table says about one feature: how often agents went to it when it was on offer."""

    feature: str
    chosen: int
    offered: int

    @property
    def rate(self) -> float:
        """Chosen when on offer, smoothed so that more evidence counts for more."""
        return (self.chosen + 0.5) / (self.offered + 1)


@dataclass(frozen=True)
class ProbeTable:
    """The rows built up so far (one per probe maze run)."""

    rows: tuple[ProbeRow, ...] = field(default_factory=tuple)

    def add(self, row: ProbeRow) -> ProbeTable:
        return ProbeTable(self.rows + (row,))

    def __len__(self) -> int:
        return len(self.rows)

    def evidence(self, features: FeatureSpace) -> list[Evidence]:
        """Every feature that was on offer, ranked by how often agents went for it when they could."""
        chosen: Counter[str] = Counter()
        offered: Counter[str] = Counter()
        for row in self.rows:
            for choice in row.choices:
                for name in set().union(*choice.offered) if choice.offered else ():
                    offered[name] += 1
                for name in choice.chosen:
                    chosen[name] += 1
        items = [Evidence(name, chosen[name], offered[name]) for name in features.names if offered[name]]
        return sorted(items, key=lambda e: (-e.rate, -e.offered, features.names.index(e.feature)))
