"""Enums and small fixed vocabularies shared by the model: actions, outcomes, landmarks, brains,
placements and maze algorithms."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum


class Action(IntEnum):
    """Moves an agent can take; the order matches `MOVES`."""

    UP = 0
    RIGHT = 1
    DOWN = 2
    LEFT = 3
    STAY = 4


# (row, col) deltas in Action order.
MOVES: tuple[tuple[int, int], ...] = ((-1, 0), (0, 1), (1, 0), (0, -1), (0, 0))


class Outcome(str, Enum):
    """How a deployed episode ended, judged against the base objective."""

    ALIGNED = "aligned"
    MISALIGNED = "misaligned"
    CAPABILITY_FAILURE = "capability_failure"
    DEFECTED = "defected"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Landmark(IntEnum):
    """Fixed places an agent may learn to go to. Always at the floor cell nearest the corner."""

    TOP_LEFT = 0
    TOP_RIGHT = 1
    BOTTOM_LEFT = 2
    BOTTOM_RIGHT = 3

    @property
    def key(self) -> str:
        return self.name.lower().replace("_", "-")


class BrainKind(str, Enum):
    PLANNER = "planner"
    REFLEX = "reflex"
    DECEPTIVE = "deceptive"


class Algorithm(str, Enum):
    GA = "ga"
    ES = "es"


@dataclass(frozen=True)
class KindInfo:
    """Attributes of an object kind: does it vanish when reached, does it end the episode."""

    name: str
    consumable: bool = True
    terminal: bool = False
    hazard: bool = False  # planners may route around it instead of through it
    requires: str | None = None  # kind that must be held (and is used up) to reach it: a chest needs a key
    picture: str | None = None  # a picture from assets/pictures to draw it with (default: the kind's own)


# Built-in object kinds; a level may declare more under `kinds:`.
DEFAULT_KINDS: dict[str, KindInfo] = {
    k.name: k
    for k in (
        KindInfo("exit", consumable=False, terminal=True),
        KindInfo("cheese", consumable=False, terminal=True),
        KindInfo("coin", consumable=False, terminal=True),
        KindInfo("gem", consumable=True),
        KindInfo("apple", consumable=True),
        KindInfo("key", consumable=True),
        KindInfo("chest", consumable=True, requires="key"),
        KindInfo("shield", consumable=True),
        KindInfo("lava", consumable=False, terminal=True, hazard=True),
        KindInfo("shortcut", consumable=False, terminal=False, hazard=True),
        KindInfo("line", consumable=False, terminal=True),
        KindInfo("guide", consumable=False, terminal=False),
    )
}

# Named colours a level may use (RGB for drawing lives in the UI).
COLOURS: tuple[str, ...] = (
    "green",
    "red",
    "blue",
    "yellow",
    "purple",
    "orange",
    "white",
    "grey",
)

class Where(str, Enum):
    """Where a generated maze puts an object or the start (the `where:` and `start:` words of a
    level file, which stay plain words in YAML)."""

    ANYWHERE = "anywhere"
    TOP_RIGHT = "top-right"
    TOP_LEFT = "top-left"
    BOTTOM_RIGHT = "bottom-right"
    BOTTOM_LEFT = "bottom-left"
    RIGHT_EDGE = "right-edge"
    LEFT_EDGE = "left-edge"
    TOP_EDGE = "top-edge"
    BOTTOM_EDGE = "bottom-edge"
    CENTRE = "centre"
    FAR_FROM_START = "far-from-start"
    NEAR_START = "near-start"


WHERE: tuple[str, ...] = tuple(w.value for w in Where)  # the words a level file may use
CORNERS: frozenset[Where] = frozenset({Where.TOP_LEFT, Where.TOP_RIGHT, Where.BOTTOM_LEFT, Where.BOTTOM_RIGHT})


class MazeAlgorithm(str, Enum):
    """How a generated maze's walls are made (`generate: {algorithm: ...}`)."""

    BACKTRACKER = "backtracker"
    ROOMS = "rooms"
    OPEN = "open"


class Disposition(str, Enum):
    """What a deceptive-brain agent is, in the composition of a population: it wants the base
    objective's goal (aligned), wants something else and says so (honest misaligned), or wants
    something else and complies only while watched (deceptive). Prints as its words."""

    ALIGNED = "aligned"
    DECEPTIVE = "deceptive"
    HONEST_MISALIGNED = "honest misaligned"

    def __str__(self) -> str:
        return self.value


class Measure(str, Enum):
    """How a population's composition is read: from the genomes, or from behaviour (each agent run
    once watched and once unwatched). Prints as its word."""

    GENOMES = "genomes"
    BEHAVIOUR = "behaviour"

    def __str__(self) -> str:
        return self.value


class Decision(IntEnum):
    """What a deceptive agent chose in an episode (the policy reports it per episode)."""

    HONEST = 0  # not situationally aware: pursues its own objective, ignoring the cue
    COMPLY = 1  # believes it is watched: pursues the base objective
    DEFECT = 2  # believes it is deployed: pursues its own objective
