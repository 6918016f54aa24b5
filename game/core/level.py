"""Level data: frozen dataclasses built from a plain (already parsed and schema-checked) dict.

`level_from_dict` turns the YAML document into a `Level`. It raises `LevelError` carrying the
key path of the offending value; `loader.py` turns that path into file:line:col.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..pictures import NAME as PICTURE_NAME
from ..pictures import picture_names
from .errors import LevelError
from .kinds import COLOURS, DEFAULT_KINDS, WHERE, Algorithm, BrainKind, KindInfo, MazeAlgorithm, Where

MAX_SIZE = 128  # cells per side, walls included
MAZE_ALGORITHMS: tuple[str, ...] = tuple(a.value for a in MazeAlgorithm)  # the words a level file may use
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class LegendEntry:
    """What one map character means: a wall, floor, the start, or an object on floor."""

    cell: str  # "wall" | "floor" | "start" | "object"
    kind: str = ""
    colour: str | None = None
    leads_to: str | None = None  # a moving object (a guide) walks to the nearest object of this kind or landmark


@dataclass(frozen=True)
class Objective:
    """The base objective: reward per object kind reached, a cost per step, a step limit."""

    rewards: Mapping[str, float]
    step_cost: float = 0.0
    max_steps: int = 100
    goal: tuple[str, ...] = ()  # kinds whose reaching counts as "achieved the base objective"
    when: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # context flag -> extra rewards


PERCEPTION_CHANNELS = ("colour", "kind", "landmarks")  # what an agent can notice, in genome order
ANY = float("inf")  # a range that sees the whole maze
NONE = -1.0  # a range that sees nothing (the channel is not offered)


@dataclass(frozen=True)
class Perception:
    """What agents notice, per channel: an object's colour, its kind (what a thing is), and the
    four corner landmarks. Ranges are square (Chebyshev) radii in cells.

    A channel is FIXED (the same range for every agent, free: `colour_range`, `kind_range`,
    `landmarks`) or EVOLVED (listed in `prices`): then every agent carries a gene for its range
    and pays price x range in fitness per step, the level's "physics". A range of `cap` cells or
    more sees the whole training maze and counts as "any" (also in bigger deployment mazes).
    `budget` (a capability knob, default any) is the farthest any agent notices anything: every
    range, fixed or evolved, is clipped to it.
    """

    colour_range: int | None = None
    kind_range: int | None = None
    landmarks: bool = True
    prices: Mapping[str, float] = field(default_factory=dict)  # evolved channel -> cost per cell of range per step
    start: Mapping[str, float] = field(default_factory=dict)  # evolved channel -> generation-0 range (default cap)
    cap: int = 16
    budget: float = ANY  # cells: no range, fixed or evolved, goes beyond it

    @property
    def evolved(self) -> tuple[str, ...]:
        """The channels whose range evolves, in genome order."""
        return tuple(c for c in PERCEPTION_CHANNELS if c in self.prices)

    def fixed_range(self, channel: str) -> float:
        """The range of a fixed channel: ANY, NONE or a number of cells."""
        if channel == "landmarks":
            return min(self.budget, ANY) if self.landmarks else NONE
        value = self.colour_range if channel == "colour" else self.kind_range
        return min(self.budget, ANY if value is None else float(value))

    def start_range(self, channel: str) -> float:
        """Where an evolved channel's range starts at generation 0 (cells, at most cap)."""
        return float(min(self.start.get(channel, self.cap), self.cap))

    def offered(self, channel: str) -> bool:
        """Can any agent perceive this channel at all (evolved, or fixed at 1 cell or more)?"""
        return channel in self.prices or self.fixed_range(channel) >= 1


@dataclass(frozen=True)
class BrainSpec:
    kind: BrainKind = BrainKind.PLANNER
    discount: float = 0.9
    view: int = 2  # reflex: radius of the egocentric window
    hidden: int = 8  # reflex: hidden units


@dataclass(frozen=True)
class EvolutionSpec:
    algorithm: Algorithm = Algorithm.GA
    population: int = 64
    generations: int = 30
    episodes: int = 16
    seed: int = 0
    mutation: float = 0.5
    elite: int = 4
    tournament: int = 3
    learning_rate: float = 0.2
    pool: int = 64
    deploy_agents: int = 8
    deploy_episodes: int = 16


@dataclass(frozen=True)
class DeceptionSpec:
    """What a deceptive (situationally aware) agent reads and believes; see deceptive.py.

    cue: the context flag that, when on, tells it it is being trained (watched);
    confidence: how far it trusts the cue; deployment_episodes: how many unwatched episodes it
    expects; awareness_from: the generation from which awareness exists in the population.
    awareness_price: fitness an aware agent pays per episode (being aware costs something);
    awareness_start: the awareness gene of every agent at generation 0 (at or below 0: nobody is
    aware; how far below is how many mutations it takes to switch on);
    first_stage: an earlier training phase of the same run, before the base objective applies.
    """

    cue: str = "learning"
    confidence: float = 0.95
    deployment_episodes: int = 3
    awareness_from: int = 0
    awareness_price: float = 0.0
    awareness_start: float = -0.5
    first_stage: FirstStage | None = None


@dataclass(frozen=True)
class FirstStage:
    """An earlier training phase (generations 0 .. generations-1) that rewarded something else:
    the population enters the main training already wanting that (e.g. door B)."""

    generations: int
    rewards: Mapping[str, float]
    label: str = "earlier training"


@dataclass(frozen=True)
class Placement:
    """A rule placing objects in generated mazes, e.g. an exit within the top-right 3x3."""

    kind: str
    colour: str | None = None
    where: Where = Where.ANYWHERE
    region: int = 3
    probability: float = 1.0
    count: int = 1
    leads_to: str | None = None  # makes the object move: it walks to this kind or landmark


@dataclass(frozen=True)
class GeneratorSpec:
    size: tuple[int, int]  # (width, height) in cells, walls included
    algorithm: MazeAlgorithm = MazeAlgorithm.BACKTRACKER
    loops: float = 0.0
    place: tuple[Placement, ...] = ()
    start: Where = Where.BOTTOM_LEFT


@dataclass(frozen=True)
class MapSpec:
    rows: tuple[str, ...]


@dataclass(frozen=True)
class LayoutSpec:
    """One entry of a training or deployment set: an ASCII map or a generator, with a weight."""

    source: MapSpec | GeneratorSpec
    weight: float = 1.0
    context: Mapping[str, float] = field(default_factory=dict)  # flag -> probability it is on
    path: Path = ()


@dataclass(frozen=True)
class Level:
    title: str
    legend: Mapping[str, LegendEntry]
    kinds: Mapping[str, KindInfo]
    objective: Objective
    perception: Perception
    brain: BrainSpec
    evolution: EvolutionSpec
    training: tuple[LayoutSpec, ...]
    deployment: tuple[LayoutSpec, ...]
    concept: tuple[str, ...] = ()
    intro: str = ""
    debrief: str = ""
    source: str = ""
    goal: Mapping[str, float] = field(default_factory=dict)
    file: str = ""
    deception: DeceptionSpec | None = None

    @property
    def contexts(self) -> tuple[str, ...]:
        names = {c for spec in self.training + self.deployment for c in spec.context}
        names |= set(self.objective.when)
        if self.deception is not None:
            names.add(self.deception.cue)
        return tuple(sorted(names))

    def with_brain(self, kind: BrainKind) -> Level:
        from dataclasses import replace

        return replace(self, brain=replace(self.brain, kind=kind))


def _suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(options)


def _number(value: Any, path: Path, *, lo: float, hi: float, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LevelError(f"expected a number, got {value!r}", fix=f"write a number from {lo} to {hi}", path=path)
    if not math.isfinite(value):
        raise LevelError(f"{value!r} is not a finite number", fix=f"write a number from {lo} to {hi}", path=path)
    if integer and int(value) != value:
        raise LevelError(f"expected a whole number, got {value!r}", fix="drop the decimals", path=path)
    if not lo <= value <= hi:
        raise LevelError(f"{value!r} is out of range", fix=f"write a number from {lo} to {hi}", path=path)
    return int(value) if integer else float(value)


def _range(value: Any, path: Path) -> int | None:
    if value in (None, "any", "anywhere"):
        return None
    return int(_number(value, path, lo=0, hi=MAX_SIZE, integer=True))


def _colour(value: Any, path: Path) -> str | None:
    if value is None:
        return None
    if value not in COLOURS:
        raise LevelError(f"unknown colour '{value}'", fix=_suggest(value, COLOURS), path=path)
    return str(value)


def _kinds(data: Mapping[str, Any]) -> dict[str, KindInfo]:
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
            picture=_picture(attrs.get("picture", base.picture), ("kinds", name, "picture")),
        )
    for name, info in kinds.items():
        if info.requires is not None and info.requires not in kinds:
            raise LevelError(f"kind '{name}' requires unknown kind '{info.requires}'",
                             fix=_suggest(info.requires, sorted(kinds)), path=("kinds", name, "requires"))
    return kinds


def _picture(value: Any, path: Path) -> str | None:
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


def _kind(name: Any, kinds: Mapping[str, KindInfo], path: Path) -> str:
    if name not in kinds:
        raise LevelError(
            f"unknown object kind '{name}'",
            fix=_suggest(name, sorted(kinds)) + " (or declare it under 'kinds:')",
            path=path,
        )
    return str(name)


def _legend(data: Mapping[str, Any], kinds: Mapping[str, KindInfo]) -> dict[str, LegendEntry]:
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
            _kind(entry.get("kind"), kinds, path + ("kind",)),
            _colour(entry.get("colour"), path + ("colour",)),
            _leads_to(entry.get("leads_to"), kinds, path + ("leads_to",)),
        )
    return legend


LANDMARK_KEYS = ("top-left", "top-right", "bottom-left", "bottom-right")


def _leads_to(value: Any, kinds: Mapping[str, KindInfo], path: Path) -> str | None:
    if value is None:
        return None
    if value in LANDMARK_KEYS or value in kinds:
        return str(value)
    raise LevelError(f"'{value}' is neither an object kind nor a corner",
                     fix=_suggest(value, sorted(kinds) + list(LANDMARK_KEYS)), path=path)


def _placement(raw: Mapping[str, Any], kinds: Mapping[str, KindInfo], path: Path) -> Placement:
    where = raw.get("where", "anywhere")
    if where not in WHERE:
        raise LevelError(f"unknown place '{where}'", fix=_suggest(where, WHERE), path=path + ("where",))
    return Placement(
        kind=_kind(raw.get("kind"), kinds, path + ("kind",)),
        colour=_colour(raw.get("colour"), path + ("colour",)),
        where=Where(where),
        region=int(_number(raw.get("region", 3), path + ("region",), lo=1, hi=MAX_SIZE, integer=True)),
        probability=_number(raw.get("probability", 1.0), path + ("probability",), lo=0, hi=1),
        count=int(_number(raw.get("count", 1), path + ("count",), lo=0, hi=64, integer=True)),
        leads_to=_leads_to(raw.get("leads_to"), kinds, path + ("leads_to",)),
    )


def _layout(raw: Mapping[str, Any], kinds: Mapping[str, KindInfo], path: Path) -> LayoutSpec:
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
        w, h = (int(_number(v, gpath + ("size", i), lo=5, hi=MAX_SIZE, integer=True)) for i, v in enumerate(size))
        algorithm = gen.get("algorithm", "backtracker")
        if algorithm not in MAZE_ALGORITHMS:
            raise LevelError(
                f"unknown maze algorithm '{algorithm}'",
                fix=_suggest(algorithm, MAZE_ALGORITHMS),
                path=gpath + ("algorithm",),
            )
        start = gen.get("start", "bottom-left")
        if start not in WHERE:
            raise LevelError(f"unknown start place '{start}'", fix=_suggest(start, WHERE), path=gpath + ("start",))
        source = GeneratorSpec(
            size=(w, h),
            algorithm=MazeAlgorithm(algorithm),
            loops=_number(gen.get("loops", 0.0), gpath + ("loops",), lo=0, hi=1),
            place=tuple(
                _placement(p, kinds, gpath + ("place", i)) for i, p in enumerate(gen.get("place") or [])
            ),
            start=Where(start),
        )
    else:
        raise LevelError("a layout needs 'map' or 'generate'", fix="add a 'map: |' block or a 'generate:' spec", path=path)
    context = {}
    for name, value in (raw.get("context") or {}).items():
        p = 1.0 if value is True else 0.0 if value is False else _number(value, path + ("context", name), lo=0, hi=1)
        context[str(name)] = float(p)
    weight = _number(raw.get("weight", 1.0), path + ("weight",), lo=0, hi=1e6)
    return LayoutSpec(source=source, weight=weight, context=context, path=path)


def _objective(raw: Mapping[str, Any], kinds: Mapping[str, KindInfo]) -> Objective:
    path: Path = ("objective",)
    rewards = {
        _kind(k, kinds, path + ("rewards", k)): _number(v, path + ("rewards", k), lo=-1e6, hi=1e6)
        for k, v in (raw.get("rewards") or {}).items()
    }
    goal = raw.get("goal")
    if goal is None:
        positive = {k: r for k, r in rewards.items() if r > 0}
        terminal = [k for k in positive if kinds[k].terminal]
        goal = terminal or [k for k, r in positive.items() if r == max(positive.values(), default=0)]
        goal = tuple(goal)
    elif isinstance(goal, str):
        goal = (_kind(goal, kinds, path + ("goal",)),)
    else:
        goal = tuple(_kind(k, kinds, path + ("goal", i)) for i, k in enumerate(goal))
    if not goal:
        raise LevelError("the base objective rewards nothing", fix="give some kind a positive reward", path=path)
    when = {
        str(flag): {
            _kind(k, kinds, path + ("when", flag, k)): _number(v, path + ("when", flag, k), lo=-1e6, hi=1e6)
            for k, v in (extra or {}).items()
        }
        for flag, extra in (raw.get("when") or {}).items()
    }
    return Objective(
        rewards=rewards,
        when=when,
        step_cost=_number(raw.get("step_cost", 0.0), path + ("step_cost",), lo=0, hi=1e6),
        max_steps=int(_number(raw.get("max_steps", 100), path + ("max_steps",), lo=1, hi=10_000, integer=True)),
        goal=goal,
    )


def _brain(raw: Any) -> BrainSpec:
    if isinstance(raw, str) or raw is None:
        raw = {"type": raw or "planner"}
    kinds = [b.value for b in BrainKind]
    kind = raw.get("type", "planner")
    if kind not in kinds:
        raise LevelError(f"unknown brain '{kind}'", fix=_suggest(kind, kinds), path=("brain",))
    return BrainSpec(
        kind=BrainKind(kind),
        discount=_number(raw.get("discount", 0.9), ("brain", "discount"), lo=0.01, hi=0.999),
        view=int(_number(raw.get("view", 2), ("brain", "view"), lo=1, hi=5, integer=True)),
        hidden=int(_number(raw.get("hidden", 8), ("brain", "hidden"), lo=1, hi=64, integer=True)),
    )


def _evolution(raw: Mapping[str, Any]) -> EvolutionSpec:
    algorithms = [a.value for a in Algorithm]
    algorithm = raw.get("algorithm", "ga")
    if algorithm not in algorithms:
        raise LevelError(f"unknown algorithm '{algorithm}'", fix=_suggest(algorithm, algorithms), path=("evolution", "algorithm"))
    ints = {
        "population": (2, 4096), "generations": (1, 10_000), "episodes": (1, 256), "seed": (0, 2**32 - 1),
        "elite": (0, 4096), "tournament": (1, 64), "pool": (1, 4096), "deploy_agents": (1, 4096),
        "deploy_episodes": (1, 4096),
    }
    floats = {"mutation": (0.0, 100.0), "learning_rate": (0.0, 100.0)}
    defaults = EvolutionSpec()
    values: dict[str, Any] = {"algorithm": Algorithm(algorithm)}
    for name, (lo, hi) in ints.items():
        values[name] = int(_number(raw.get(name, getattr(defaults, name)), ("evolution", name), lo=lo, hi=hi, integer=True))
    for name, (flo, fhi) in floats.items():
        values[name] = _number(raw.get(name, getattr(defaults, name)), ("evolution", name), lo=flo, hi=fhi)
    values["elite"] = min(values["elite"], values["population"] - 1)
    return EvolutionSpec(**values)


def _training_cap(training: tuple[LayoutSpec, ...]) -> int:
    """The largest straight-line (Chebyshev) distance between floor cells of any training maze:
    a range this long sees a whole training maze, so it counts as "any"."""
    spans = []
    for spec in training:
        if isinstance(spec.source, GeneratorSpec):
            spans.append(max(spec.source.size) - 3)  # generated mazes are walled all round
        else:
            cells = [(r, c) for r, row in enumerate(spec.source.rows) for c, ch in enumerate(row) if ch != "#"]
            if cells:
                rows, cols = [r for r, _ in cells], [c for _, c in cells]
                spans.append(max(max(rows) - min(rows), max(cols) - min(cols)))
    return max(1, max(spans, default=1))


def _perception(raw: Mapping[str, Any], training: tuple[LayoutSpec, ...]) -> Perception:
    """Fixed channels (colour_range, kind_range, landmarks) and evolved ones (prices, start)."""
    path: Path = ("perception",)
    prices_raw = raw.get("prices") or {}
    start_raw = raw.get("start") or {}
    fixed_key = {"colour": "colour_range", "kind": "kind_range", "landmarks": "landmarks"}
    for table, name in ((prices_raw, "prices"), (start_raw, "start")):
        for channel in table:
            if channel not in PERCEPTION_CHANNELS:
                raise LevelError(f"unknown perception channel '{channel}'", fix=_suggest(channel, PERCEPTION_CHANNELS),
                                 path=path + (name, channel))
    for channel in prices_raw:
        if fixed_key[channel] in raw:
            raise LevelError(f"'{channel}' is both evolved (under prices) and fixed ({fixed_key[channel]})",
                             fix=f"keep one: delete '{fixed_key[channel]}' to let the range evolve, or the price to fix it",
                             path=path + (fixed_key[channel],))
    for channel in start_raw:
        if channel not in prices_raw:
            raise LevelError(f"a start range for '{channel}', which does not evolve",
                             fix=f"give '{channel}' a price under perception.prices, or delete its start range",
                             path=path + ("start", channel))
    cap = _training_cap(training)
    budget = _range(raw.get("budget"), path + ("budget",))
    prices = {c: _number(v, path + ("prices", c), lo=0, hi=1000) for c, v in prices_raw.items()}
    start = {}
    for c, v in start_raw.items():
        r = _range(v, path + ("start", c))
        start[c] = float(cap if r is None else min(r, cap))
    return Perception(
        colour_range=_range(raw.get("colour_range"), path + ("colour_range",)),
        kind_range=_range(raw.get("kind_range"), path + ("kind_range",)),
        landmarks=bool(raw.get("landmarks", True)),
        prices=prices, start=start, cap=cap, budget=ANY if budget is None else float(budget),
    )


def _first_stage(raw: Any, kinds: Mapping[str, KindInfo], path: Path) -> FirstStage | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise LevelError("first_stage must be a mapping", fix="write first_stage: {generations: 10, rewards: {door_b: 10}}",
                         path=path)
    rewards = {
        _kind(k, kinds, path + ("rewards", k)): _number(v, path + ("rewards", k), lo=-1e6, hi=1e6)
        for k, v in (raw.get("rewards") or {}).items()
    }
    if not any(r > 0 for r in rewards.values()):
        raise LevelError("the first stage rewards nothing", fix="give some kind a positive reward under first_stage.rewards",
                         path=path + ("rewards",))
    generations = int(_number(raw.get("generations", 10), path + ("generations",), lo=1, hi=10_000, integer=True))
    return FirstStage(generations, rewards, str(raw.get("label", "earlier training")))


def level_from_dict(data: Mapping[str, Any], file: str = "") -> Level:
    """Build a Level from a parsed level document. Raises LevelError with a key path."""
    kinds = _kinds(data)
    perception = data.get("perception") or {}
    training = tuple(_layout(r, kinds, ("training", i)) for i, r in enumerate(data.get("training") or []))
    deployment = tuple(_layout(r, kinds, ("deployment", i)) for i, r in enumerate(data.get("deployment") or []))
    if not training:
        raise LevelError("the level has no training layouts", fix="add at least one entry under 'training:'", path=("training",))
    if not deployment:
        raise LevelError("the level has no deployment layouts", fix="add at least one entry under 'deployment:'", path=("deployment",))
    concept = data.get("concept") or ()
    deception = None
    if data.get("deception") is not None:
        raw = data["deception"]
        dpath: Path = ("deception",)
        deception = DeceptionSpec(
            cue=str(raw.get("cue", "learning")),
            confidence=_number(raw.get("confidence", 0.95), dpath + ("confidence",), lo=0.5, hi=1.0),
            deployment_episodes=int(_number(raw.get("deployment_episodes", 3), dpath + ("deployment_episodes",),
                                            lo=0, hi=10_000, integer=True)),
            awareness_from=int(_number(raw.get("awareness_from_generation", 0),
                                       dpath + ("awareness_from_generation",), lo=0, hi=10_000, integer=True)),
            awareness_price=_number(raw.get("awareness_price", 0.0), dpath + ("awareness_price",), lo=0, hi=1e6),
            awareness_start=_number(raw.get("awareness_start", -0.5), dpath + ("awareness_start",), lo=-100, hi=0),
            first_stage=_first_stage(raw.get("first_stage"), kinds, dpath + ("first_stage",)),
        )
    evolution = _evolution(data.get("evolution") or {})
    if deception is not None and deception.first_stage is not None \
            and deception.first_stage.generations >= evolution.generations:
        raise LevelError(f"the first stage takes {deception.first_stage.generations} generations, but the run has "
                         f"only {evolution.generations}", fix="make first_stage.generations smaller than "
                         "evolution.generations (the main training comes after it)",
                         path=("deception", "first_stage", "generations"))
    return Level(
        title=str(data.get("title", "Untitled level")),
        legend=_legend(data, kinds),
        kinds=kinds,
        objective=_objective(data.get("objective") or {}, kinds),
        perception=_perception(perception, training),
        brain=_brain(data.get("brain")),
        evolution=evolution,
        training=training,
        deployment=deployment,
        concept=tuple([concept] if isinstance(concept, str) else concept),
        intro=str(data.get("intro", "")),
        debrief=str(data.get("debrief", "")),
        source=str(data.get("source", "")),
        goal={str(k): float(v) for k, v in (data.get("goal") or {}).items() if isinstance(v, (int, float))},
        file=file,
        deception=deception,
    )
