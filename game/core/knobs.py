"""Puzzle knobs: settings the player turns before training, a budget, and the judge.

A level may declare `knobs:` (a list) and, inside `goal:`, a `budget`. Each knob names one or
more places in the level document (`training[1].weight`, `training[0].generate.place[2].probability`,
`evolution.generations`) and the values the player may choose, each with a cost:

    knobs:
      - name: randomised
        label: Share of training mazes with the coin anywhere
        sets: training[1].weight          # one path, or a list of paths
        complement: training[0].weight    # optional: set to 1 - value (so the value is a share)
        values: [0, 0.01, 0.02, 0.05, 0.1]
        default: 0
        cost: [0, 1, 1, 2, 3]
    goal: {deploy_aligned_at_least: 0.75, budget: 2}

A setting ({knob name: value}) is applied to a copy of the level document, which then goes
through the same loader as the file itself, so a knob can never produce a level the loader
would refuse. The Level class does not carry knobs; `knob_file.puzzle_of` reads them from the file.

    puzzle = load_puzzle("levels/03_coin_at_the_end.yaml")   # game.core.loader.load_puzzle
    verdict = judge(puzzle, {"randomised": 0.05})
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import LevelError
from .kinds import BrainKind, Outcome
from .level import Level
from .outcomes import ORDER, Rates
from .yamlnodes import dump_plain

LoadText = Callable[[str, str], Level]

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$")
DocPath = tuple[str | int, ...]


def parse_path(text: str) -> DocPath:
    """'training[1].generate.place[0].probability' -> ('training', 1, 'generate', 'place', 0, 'probability')."""
    steps: list[str | int] = []
    for part in str(text).split("."):
        match = _STEP.match(part.strip())
        if not match:
            raise ValueError(f"'{part}' is not a key (e.g. weight) or a key with an index (e.g. training[1])")
        steps.append(match.group(1))
        steps.extend(int(i) for i in re.findall(r"\[(\d+)\]", match.group(2)))
    return tuple(steps)


def show_path(path: DocPath) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def set_path(document: Any, path: DocPath, value: Any) -> None:
    """Set the value at path inside a document (dicts and lists). The last key may be new."""
    node = document
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        where = show_path(path[: depth + 1])
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                size = len(node) if isinstance(node, list) else 0
                raise ValueError(f"'{where}' does not exist (that list has {size} entries, counted from 0)")
        elif not isinstance(node, dict) or (not last and step not in node):
            raise ValueError(f"'{where}' does not exist in the level")
        if last:
            node[step] = value
        else:
            node = node[step]


@dataclass(frozen=True)
class Knob:
    """One setting the player may change before training."""

    name: str
    label: str
    sets: tuple[DocPath, ...]
    values: tuple[Any, ...]
    default: Any
    cost: tuple[float, ...]
    complement: tuple[DocPath, ...] = ()
    help: str = ""
    percent: bool = False  # show values as percentages (shares of training mazes)
    player: bool = True  # offered to the player before training; False: only for experiments and sweeps

    def cost_of(self, value: Any) -> float:
        """The cost of choosing value (values outside the list cost the most of any value)."""
        for v, c in zip(self.values, self.cost):
            if v == value:
                return c
        return max(self.cost, default=0.0)

    def show(self, value: Any) -> str:
        if self.percent and isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{value * 100:g}%"
        if isinstance(value, str):  # an identifier such as old_news reads as words: old news
            return value.replace("_", " ")
        return str(value)

    def apply_to(self, document: Any, value: Any) -> None:
        for path in self.sets:
            set_path(document, path, value)
        for path in self.complement:
            set_path(document, path, 1 - value)


@dataclass(frozen=True)
class Puzzle:
    """A level with its knobs, budget and goal. `level` is the level at the default setting."""

    level: Level
    knobs: tuple[Knob, ...]
    document: Mapping[str, Any] = field(repr=False)
    budget: float | None = None
    goal: float | None = None  # fraction of deployed episodes that must be aligned
    #: builds a level from document text (the loader, passed in: the loader itself checks knobs)
    load: LoadText | None = field(default=None, repr=False, compare=False)

    @property
    def is_puzzle(self) -> bool:
        """A puzzle offers the player at least one knob (others may exist for experiments only)."""
        return any(k.player for k in self.knobs)

    def knob(self, name: str) -> Knob:
        for knob in self.knobs:
            if knob.name == name:
                return knob
        known = ", ".join(k.name for k in self.knobs) or "none"
        raise LevelError(f"this level has no knob '{name}'", fix=f"use one of its knobs: {known}",
                         file=self.level.file)

    def default_setting(self) -> dict[str, Any]:
        return {k.name: k.default for k in self.knobs}

    def cost(self, setting: Mapping[str, Any]) -> float:
        full = {**self.default_setting(), **setting}
        return float(sum(k.cost_of(full[k.name]) for k in self.knobs))

    def affordable(self, setting: Mapping[str, Any]) -> bool:
        return self.budget is None or self.cost(setting) <= self.budget + 1e-9

    def settings(self) -> list[dict[str, Any]]:
        """Every combination of the player's knob values (for tests and hints; knobs are few and
        short). Knobs for experiments only (player: false) stay at their defaults."""
        combos: list[dict[str, Any]] = [{}]
        for knob in (k for k in self.knobs if k.player):
            combos = [{**c, knob.name: v} for c in combos for v in knob.values]
        return combos

    def apply(self, setting: Mapping[str, Any], extra: Sequence[Knob] = ()) -> Level:
        """The level with these knob values (missing knobs at their default), fully validated."""
        knobs = {k.name: k for k in (*self.knobs, *extra)}
        for name in setting:
            if name not in knobs:
                self.knob(name)  # raises the helpful error
        document = copy.deepcopy(dict(self.document))
        document.pop("knobs", None)
        for name, value in {**self.default_setting(), **setting}.items():
            knob = knobs[name]
            try:
                knob.apply_to(document, value)
            except (ValueError, TypeError) as err:
                raise LevelError(f"knob '{name}': {err}", fix="correct the path under 'sets:' (see docs/levels.md)",
                                 file=self.level.file) from None
        if self.load is None:
            raise ValueError("this puzzle was built without a loader (use game.core.loader.load_puzzle)")
        return _build(self.load, document, self.level.file, setting)


def _build(load: LoadText, document: dict, file: str, setting: Mapping[str, Any]) -> Level:
    try:
        level = load(dump_plain(document), file)
    except LevelError as err:
        shown = ", ".join(f"{k} = {v}" for k, v in setting.items()) or "the default setting"
        raise LevelError(f"with knobs {shown}: {err.message}", fix=err.fix, file=file) from None
    return replace(level, file=file)

def path_knob(text: str, values: Sequence[Any]) -> Knob:
    """An ad-hoc knob for a sweep over any document path (e.g. evolution.generations)."""
    try:
        path = parse_path(text)
    except ValueError as err:
        raise LevelError(f"'{text}' is neither a knob of this level nor a path: {err}",
                         fix="use a knob name from the level's knobs, or a path such as evolution.generations") from None
    return Knob(name=text, label=text, sets=(path,), values=tuple(values), default=values[0],
                cost=tuple(0.0 for _ in values))


@dataclass(frozen=True)
class Verdict:
    """Did the player's setting win? Every number comes from training and deploying."""

    setting: dict[str, Any]
    won: bool
    aligned: float  # mean aligned fraction of deployed episodes over the seeds
    rates: Rates  # mean deployment outcome rates
    cost: float
    budget: float | None
    goal: float | None
    seeds: tuple[int, ...]

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.cost > self.budget + 1e-9

    def message(self) -> str:
        if self.over_budget:
            return f"Over budget: this setting costs {self.cost:g}, the budget is {self.budget:g}."
        target = f"{self.goal:.0%}" if self.goal is not None else "the goal"
        verb = "Won" if self.won else "Not yet"
        return f"{verb}: {self.aligned:.0%} of deployed episodes aligned (goal: at least {target})."


def judge(puzzle: Puzzle, setting: Mapping[str, Any], seeds: Sequence[int] | None = None,
          brain: BrainKind | None = None, generations: int | None = None, jobs: int | None = 1) -> Verdict:
    """Train with the player's setting, deploy, and say whether the goal was met within budget.

    The game judges one run, on the level's own seed; tests and sweeps may pass more seeds.
    """
    from .experiment import run_experiment

    level = puzzle.apply(setting)
    seeds = tuple(seeds) if seeds is not None else (level.evolution.seed,)
    full = {**puzzle.default_setting(), **setting}
    cost = puzzle.cost(full)
    results = run_experiment(level, list(seeds), brain, generations, jobs)
    rates = {k: sum(r.deployment[k] for r in results) / len(results) for k in ORDER}
    aligned = rates[Outcome.ALIGNED]
    goal = puzzle.goal
    won = (goal is None or aligned >= goal - 1e-9) and puzzle.affordable(full)
    return Verdict(full, won, aligned, rates, cost, puzzle.budget, goal, seeds)
