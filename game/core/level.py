"""The level's data model: the frozen dataclasses of a level and its sections (legend, objective,
perception, brain, evolution, deception, layouts) and the limits a level file must keep.

`level_build.level_from_dict` makes a `Level` from the parsed YAML document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .kinds import Algorithm, BrainKind, KindInfo, MazeAlgorithm, Where

MAX_SIZE = 128  # cells per side, walls included
MAZE_ALGORITHMS: tuple[str, ...] = tuple(a.value for a in MazeAlgorithm)  # the words a level file may use
Path = tuple[str | int, ...]  # the key path of a value in the level document
LANDMARK_KEYS = ("top-left", "top-right", "bottom-left", "bottom-right")  # the corners, as a level file names them


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
