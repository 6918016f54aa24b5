"""What an agent can act on: its perception ranges, and which mesa-objective features they let act.

A planner values a target only when it perceives it (see brains.Planner.target_weights): its
colour within the colour range, what it is within the kind range, corners only if it knows
landmarks. A weight on something it can never perceive does nothing, so the panels that show
what agents want (the wants panel, the mind reader) leave such weights out and say how far each
agent notices each cue instead.

    ranges = agent_ranges(brain, genomes)            # one Ranges per genome
    mask = acting_mask(brain.features, ranges[0], level.kinds)
    wants(brain, genomes, level.kinds)                # {feature: share of agents that weight it most}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .batch import FeatureSpace
from .brains import Planner, Reflex
from .kinds import KindInfo
from .level import Perception


@dataclass(frozen=True)
class Ranges:
    """How far one agent notices each cue, in cells (square radius); None means from anywhere,
    0 not at all. `evolved` names the channels that are genes (the rest are fixed by the level)."""

    colour: int | None
    kind: int | None
    landmarks: int | None  # the corners: None = known from anywhere, 0 = not known
    evolved: frozenset[str] = frozenset()

    def is_evolved(self, channel: str) -> bool:
        return channel in self.evolved


def _fixed(perception: Perception) -> Ranges:
    """The level's fixed ranges, as the model reads them (budget applied)."""
    colour, kind, landmarks = (_cells(float(perception.fixed_range(c))) for c in ("colour", "kind", "landmarks"))
    return Ranges(colour, kind, landmarks)


def _cells(value: float) -> int | None:
    """A range gene as whole cells: inf = from anywhere (None), negative = not at all (0)."""
    if not np.isfinite(value):
        return None if value > 0 else 0
    return max(int(np.floor(value)), 0)


def agent_ranges(brain: object, genomes: np.ndarray) -> list[Ranges]:
    """Each genome's perception ranges: read from the genome where the brain evolves them
    (`perception_ranges(genomes)` -> {channel: (P,) cells, inf = any, -1 = none}), otherwise the
    level's fixed ranges. A brain without perception (reflex) gets an empty list."""
    genomes = np.atleast_2d(np.asarray(genomes, np.float64))
    if not isinstance(brain, Planner):
        return []
    fixed = _fixed(brain.perception)
    evolved = frozenset(brain.perception.evolved)
    if not evolved:
        return [fixed] * len(genomes)
    got = brain.perception_ranges(genomes)
    out = []
    for i in range(len(genomes)):
        colour = _cells(float(got["colour"][i])) if "colour" in got else fixed.colour
        kind = _cells(float(got["kind"][i])) if "kind" in got else fixed.kind
        land = _cells(float(got["landmarks"][i])) if "landmarks" in got else fixed.landmarks
        out.append(Ranges(colour, kind, land, evolved))
    return out


def acting_mask(features: FeatureSpace, ranges: Ranges, kinds: Mapping[str, KindInfo] | None = None) -> np.ndarray:
    """(F,) bool: the features whose weight can change what this agent does.

    A colour weight acts if colour is noticed from at least one cell away, a kind weight if what a
    thing is is noticed from at least one cell away, a corner weight if it knows the corners. A
    hazard it dislikes always acts (hazards next to its path are always recognised), so hazard
    kinds stay."""
    mask = np.zeros(features.size, bool)
    k0, c0, l0 = 0, features.colour_offset(), features.landmark_offset()
    sees_kind = ranges.kind is None or ranges.kind > 0
    mask[k0:c0] = sees_kind
    if not sees_kind and kinds:
        for i, name in enumerate(features.kinds):
            info = kinds.get(name)
            mask[k0 + i] = bool(info and info.hazard)
    mask[c0:l0] = ranges.colour is None or ranges.colour > 0
    mask[l0:] = ranges.landmarks is None or ranges.landmarks > 0
    return mask


def _noticed(brain: Planner, genomes: np.ndarray) -> np.ndarray:
    """(P, 3) bool per genome: colour, kind, corners noticed from at least one cell away (a range
    that `agent_ranges` reads as None or > 0), without building a Ranges per genome."""
    fixed = _fixed(brain.perception)
    fixed_sees = [r is None or r > 0 for r in (fixed.colour, fixed.kind, fixed.landmarks)]
    got = brain.perception_ranges(genomes) if brain.perception.evolved else {}
    # _cells(v) is None (from anywhere) or > 0 exactly when v >= 1 (inf included, nan not).
    return np.stack([np.asarray(got[c], np.float64) >= 1 if c in got else np.full(len(genomes), fixed_sees[i])
                     for i, c in enumerate(("colour", "kind", "landmarks"))], axis=1)


def masks(brain: Planner | Reflex, genomes: np.ndarray, kinds: Mapping[str, KindInfo] | None = None) -> np.ndarray:
    """(P, F) bool: acting_mask for every genome (none for a brain without perception); one mask
    per distinct set of channels noticed."""
    features = brain.features
    genomes = np.atleast_2d(np.asarray(genomes, np.float64))
    if not isinstance(brain, Planner) or not len(genomes):
        return np.zeros((len(genomes), features.size), bool)
    combos, inverse = np.unique(_noticed(brain, genomes), axis=0, return_inverse=True)
    def noticed(seen: bool) -> int | None:
        return None if seen else 0  # from anywhere, or not at all: all acting_mask asks

    table = np.stack([acting_mask(features, Ranges(noticed(c), noticed(k), noticed(land)), kinds)
                      for c, k, land in combos])
    return table[inverse.reshape(-1)]


def favourites(brain: Planner, genomes: np.ndarray, kinds: Mapping[str, KindInfo] | None = None) -> np.ndarray:
    """(P,) index of the feature each agent weights most among those that act; -1 if none acts
    or none is wanted (every acting weight <= 0)."""
    genomes = np.atleast_2d(np.asarray(genomes, np.float64))
    weights = brain.objective_weights(genomes)
    acting = masks(brain, genomes, kinds)
    masked = np.where(acting, weights, -np.inf)
    best = masked.argmax(axis=1)
    value = masked[np.arange(len(genomes)), best]
    return np.where(np.isfinite(value) & (value > 0), best, -1)


def wants(brain: object, genomes: np.ndarray, kinds: Mapping[str, KindInfo] | None = None) -> dict[str, float]:
    """Share of agents whose mesa-objective puts its largest weight on each feature they can act
    on (features they cannot perceive never appear). Agents that want nothing they can perceive
    are counted under "nothing it can see". Empty for a brain without an objective (reflex)."""
    if not isinstance(brain, Planner):
        return {}
    genomes = np.atleast_2d(np.asarray(genomes, np.float64))
    if not len(genomes):
        return {}
    fav = favourites(brain, genomes, kinds)
    names = brain.features.names
    counts = np.bincount(fav + 1, minlength=len(names) + 1) / len(genomes)
    out = {name: float(share) for name, share in zip(names, counts[1:]) if share > 0}
    if counts[0] > 0:
        out[NOTHING] = float(counts[0])
    return out


NOTHING = "nothing it can see"


def runners_up(brain: object, genomes: np.ndarray, kinds: Mapping[str, KindInfo] | None = None) -> dict[str, int]:
    """How many agents put their second-largest positive weight (among features that act) on each
    feature: what they go for when their favourite is not in sight."""
    if not isinstance(brain, Planner):
        return {}
    genomes = np.atleast_2d(np.asarray(genomes, np.float64))
    if not len(genomes):
        return {}
    weights = np.where(masks(brain, genomes, kinds), brain.objective_weights(genomes), -np.inf)
    if weights.shape[1] < 2:
        return {}
    order = np.argsort(-weights, axis=1, kind="stable")[:, 1]
    value = weights[np.arange(len(genomes)), order]
    names = brain.features.names
    counts = Counter(names[i] for i, v in zip(order, value) if np.isfinite(v) and v > 0)
    return dict(counts)


def acting_objective(pairs: tuple[tuple[str, float], ...], features: FeatureSpace,
                     mask: np.ndarray) -> tuple[tuple[str, float], ...]:
    """(feature, weight) pairs (as mind.mesa_objective gives them) without the ones that cannot act."""
    keep = {name for name, on in zip(features.names, mask) if on}
    return tuple((name, w) for name, w in pairs if name in keep)


def range_words(value: float | None) -> str:
    """A range in words: None or inf = from anywhere, below one cell = not at all."""
    if value is None or value == float("inf"):
        return "from anywhere"
    if value < 1:
        return "not at all"
    cells = int(value)
    return f"from {cells} cell{'s' if cells != 1 else ''}"


def describe_ranges(ranges: Ranges, plural: bool = False) -> str:
    """'sees colour from anywhere, what a thing is from 2 cells; does not know the corners'
    (plural: 'see ... know ...')."""
    sees, knows, does = ("see", "know", "do") if plural else ("sees", "knows", "does")
    if ranges.landmarks == 0:
        corners = f"{does} not know the corners"
    else:
        corners = f"{knows} the corners {range_words(ranges.landmarks)}"

    def tag(channel: str) -> str:
        if not ranges.evolved:
            return ""
        return " (evolved)" if channel in ranges.evolved else " (fixed)"

    return (f"{sees} colour {range_words(ranges.colour)}{tag('colour')}, what a thing is "
            f"{range_words(ranges.kind)}{tag('kind')}; {corners}{tag('landmarks')}")


def typical(ranges: list[Ranges]) -> Ranges | None:
    """The population's median ranges (None = from anywhere counts as larger than any number). The
    median is one agent's range (the lower middle one of an even count): the mean of the two middle
    ones could be a range no agent has, and halfway between 4 cells and anywhere is no range at all
    (it was shown as "524290 cells")."""
    if not ranges:
        return None
    big = 1 << 20

    def med(values: list[int | None]) -> int | None:
        ordered = sorted(big if v is None else v for v in values)
        m = ordered[(len(ordered) - 1) // 2]
        return None if m >= big else m

    return Ranges(med([r.colour for r in ranges]), med([r.kind for r in ranges]),
                  med([r.landmarks for r in ranges]), ranges[0].evolved)
