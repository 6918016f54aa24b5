"""Say what is given and what emerged: the "Built in" and "Evolved" lines of a level.

"Built in" is read from the level and the engine: how the brain searches and keeps its routes
safe, what it can perceive (or the price list, where perception evolves), the comply-or-defect
rule of a deceptive brain, and how deployment differs from training. "Evolved" is read from a
run's genomes, never from the level file: what the agents came to want most, and how far they
notice each cue where that is a gene.

    built_in(level)                          # -> "Built in: ..."
    evolved(level, session.brain, genomes)   # -> "Evolved (this run, ...): ..."
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .kinds import BrainKind
from .level import Level, Perception
from .perceives import NOTHING, agent_ranges, describe_ranges, range_words, runners_up, typical, wants
from .shift import Side, describe_shift, shift_changes, words

__all__ = ["built_in", "describe_shift", "evolved", "feature_words", "fixed_channel_words", "shift_changes",
           "sight_words", "words"]

SEARCH = ("the planner's search (the shortest route to what it values most) and its route safety (it never "
          "crosses what would end its episode unless heading there)")
NO_SEARCH = "a small neural network's shape ({view}x{view} view around it, {hidden} hidden units): no search, no objective"


def feature_words(name: str) -> str:
    """A mesa-objective feature in plain words: 'green (colour)' -> 'green things'."""
    if name.endswith(" (colour)"):
        return name[: -len(" (colour)")] + " things"
    if name.endswith(" corner"):
        return "the " + name
    if name == NOTHING:
        return name
    return "the " + words(name)


CHANNEL_WORDS = {"colour": "colour", "kind": "what a thing is", "landmarks": "the corners"}


def _budget_words(p: Perception, who: str) -> str:
    """'' without a perception budget, else '<who> notices nothing beyond N cells'."""
    budget = float(getattr(p, "budget", float("inf")))
    if budget == float("inf"):
        return ""
    cells = max(int(budget), 0)
    return f"{who} nothing beyond {cells} cell{'s' if cells != 1 else ''}"


def _perception(level: Level) -> str:
    p = level.perception
    budget = _budget_words(p, "it notices")
    return _channels(p) + (f"; a perception budget: {budget}" if budget else "")


def sight_words(level: Level) -> str:
    """What the level lets the agents perceive, for a player probing them: each fixed channel's
    range (clipped to the perception budget, as the agents have it), evolved channels named as
    what the probe is finding out."""
    p = level.perception
    evolved = p.evolved
    parts = [f"they {phrase}" for phrase in fixed_channel_words(p, plural=True)]
    budget = _budget_words(p, "they notice")
    if budget:
        parts.append(budget)
    words = "Built in: " + "; ".join(parts) + "." if parts else ""
    if evolved:
        names = " and ".join(CHANNEL_WORDS[c] for c in evolved)
        words += f" How far they notice {names} evolved: part of what you are finding out."
    return (words + " Out of sight is out of mind.").strip()


def fixed_channel_words(p: Perception, plural: bool = False) -> list[str]:
    """Each fixed channel's range as the agents have it (clipped to the perception budget), in the
    range words of perceives.range_words: 'sees colour from anywhere', 'tells what a thing is from
    2 cells', 'does not know the corners' (plural: 'see', 'tell', 'do not know')."""
    sees, tells, knows, does = ("see", "tell", "know", "do") if plural else ("sees", "tells", "knows", "does")
    out = []
    if "colour" not in p.evolved:
        out.append(f"{sees} {CHANNEL_WORDS['colour']} {range_words(p.fixed_range('colour'))}")
    if "kind" not in p.evolved:
        out.append(f"{tells} {CHANNEL_WORDS['kind']} {range_words(p.fixed_range('kind'))}")
    if "landmarks" not in p.evolved:
        corners = p.fixed_range("landmarks")
        out.append(f"{knows} {CHANNEL_WORDS['landmarks']} {range_words(corners)}" if corners >= 1
                   else f"{does} not know {CHANNEL_WORDS['landmarks']}")
    return out


def _channels(p: Perception) -> str:
    prices = getattr(p, "prices", None)
    corners = "knows the corners" if p.landmarks else "does not know the corners"
    if isinstance(prices, Mapping) and prices:
        items = ", ".join(f"{CHANNEL_WORDS.get(str(k), words(str(k)))} {float(v):g}" for k, v in prices.items())
        fixed = [f"it {phrase}" for phrase in fixed_channel_words(p)]
        text = f"the price list, the physics of this world (fitness paid per cell of range per step: {items})"
        short = [f"{CHANNEL_WORDS.get(c, c)} {range_words(p.start_range(c))}" for c in p.evolved
                 if p.start_range(c) < p.cap]  # perception.start: where evolution begins, set by the level
        text += f"; at generation 0 they notice {', '.join(short)}" if short else ""
        return text + (f"; fixed: {', '.join(fixed)}" if fixed else "")
    return (f"what the agents perceive (colour {range_words(p.colour_range)}, "
            f"what a thing is {range_words(p.kind_range)}; it {corners})")


def built_in(level: Level) -> str:
    """What the engine and the level file give, as one line starting 'Built in:'."""
    kind = level.brain.kind
    parts = []
    if kind == BrainKind.REFLEX:
        view = 2 * level.brain.view + 1
        parts.append(NO_SEARCH.format(view=view, hidden=level.brain.hidden))
    else:
        present = set(Side(level, level.training).colours) | set(Side(level, level.deployment).colours)
        hazards = any(level.kinds[name].hazard for name in present if name in level.kinds)
        parts.append(SEARCH[:-1] + ", and goes round hazards it dislikes)" if hazards else SEARCH)
        from .brains import Planner

        engine_plans_means = hasattr(Planner, "means_value")  # the engine values a key by the chest it opens
        means = sorted({(info.requires, name) for name, info in level.kinds.items()
                        if info.requires and name in present and engine_plans_means})
        for key, lock in means:
            parts.append(f"its planning of means (a {words(key)} is worth to it what the {words(lock)} it opens "
                         f"is worth, without wanting {words(key)}s)")
        parts.append(_perception(level))
    if kind == BrainKind.DECEPTIVE and level.deception is not None:
        d = level.deception
        parts.append(f"the comply-or-defect rule (an aware agent reads the '{words(d.cue)}' cue, trusts it "
                     f"{d.confidence:.0%}, expects {d.deployment_episodes} deployment episodes, and complies "
                     "while it believes it is watched when that serves its own objective)")
        start = getattr(d, "awareness_start", 1.0)
        price = float(getattr(d, "awareness_price", 0.0) or 0.0)
        aware = "awareness is off in every agent at generation 0" if start <= 0 else "awareness may be on from the start"
        parts.append(aware + (f" and costs {price:g} per episode" if price else " and is free"))
        stage = getattr(d, "first_stage", None)
        if stage is not None:
            paid = ", ".join(f"{words(k)} {v:+g}" for k, v in stage.rewards.items())
            parts.append(f"a first training stage of {stage.generations} generations that paid {paid}")
    parts.append(describe_shift(level))
    return "Built in: " + "; ".join(parts) + "."


def evolved(level: Level, brain: object, genomes: np.ndarray | None) -> str:
    """What this run's population came to want and notice, read from its genomes."""
    if genomes is None or not len(np.atleast_2d(genomes)):
        if level.brain.kind == BrainKind.REFLEX:
            return ("Evolved (not yet known): train the agents. A reflex has no objective to read, so the "
                    "debrief says what they do, not what they want.")
        return "Evolved (not yet known): train the agents, and the debrief says what they came to want and notice."
    genomes = np.atleast_2d(np.asarray(genomes, np.float64))
    n = len(genomes)
    shares = wants(brain, genomes, level.kinds)
    if not shares:
        return (f"Evolved (this run, {n} agents): the network's weights only. A reflex has no objective to "
                "read, so what it wants cannot be said; only what it does.")
    ranked = sorted(shares.items(), key=lambda kv: -kv[1])
    first, share = ranked[0]
    text = f"Evolved (this run, read from the {n} genomes): {round(share * n)} of {n} agents want {feature_words(first)} most"
    rest = [f"{feature_words(name)} {round(s * n)}" for name, s in ranked[1:3]]
    if rest:
        text += " (others: " + ", ".join(rest) + ")"
    second = runners_up(brain, genomes, level.kinds)
    if second:
        name, count = max(second.items(), key=lambda kv: kv[1])
        text += f"; second choice: {feature_words(name)} ({count} of {n})"
    ranges = agent_ranges(brain, genomes)
    mid = typical(ranges)
    if mid is not None and mid.evolved:
        text += "; typically they " + describe_ranges(mid, plural=True)
    aware = getattr(brain, "aware", None)
    if callable(aware):
        text += f"; {int(np.sum(aware(genomes)))} of {n} use their situational awareness"
    return text + "."
