"""`level_from_dict`: a parsed, schema-checked level document into a `Level`, section by section
(objective, perception, brain, evolution, deception, layouts). It raises `LevelError` carrying the
key path of the offending value; `loader.py` turns that path into file:line:col.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import LevelError
from .kinds import Algorithm, BrainKind, KindInfo
from .level import (
    ANY,
    PERCEPTION_CHANNELS,
    BrainSpec,
    DeceptionSpec,
    EvolutionSpec,
    FirstStage,
    GeneratorSpec,
    LayoutSpec,
    Level,
    Objective,
    Path,
    Perception,
)
from .level_parts import read_kind, read_kinds, read_layout, read_legend, read_number, read_range, suggest


def _objective(raw: Mapping[str, Any], kinds: Mapping[str, KindInfo]) -> Objective:
    path: Path = ("objective",)
    rewards = {
        read_kind(k, kinds, path + ("rewards", k)): read_number(v, path + ("rewards", k), lo=-1e6, hi=1e6)
        for k, v in (raw.get("rewards") or {}).items()
    }
    goal = raw.get("goal")
    if goal is None:
        positive = {k: r for k, r in rewards.items() if r > 0}
        terminal = [k for k in positive if kinds[k].terminal]
        goal = terminal or [k for k, r in positive.items() if r == max(positive.values(), default=0)]
        goal = tuple(goal)
    elif isinstance(goal, str):
        goal = (read_kind(goal, kinds, path + ("goal",)),)
    else:
        goal = tuple(read_kind(k, kinds, path + ("goal", i)) for i, k in enumerate(goal))
    if not goal:
        raise LevelError("the base objective rewards nothing", fix="give some kind a positive reward", path=path)
    when = {
        str(flag): {
            read_kind(k, kinds, path + ("when", flag, k)): read_number(v, path + ("when", flag, k), lo=-1e6, hi=1e6)
            for k, v in (extra or {}).items()
        }
        for flag, extra in (raw.get("when") or {}).items()
    }
    return Objective(
        rewards=rewards,
        when=when,
        step_cost=read_number(raw.get("step_cost", 0.0), path + ("step_cost",), lo=0, hi=1e6),
        max_steps=int(read_number(raw.get("max_steps", 100), path + ("max_steps",), lo=1, hi=10_000, integer=True)),
        goal=goal,
    )


def _brain(raw: Any) -> BrainSpec:
    if isinstance(raw, str) or raw is None:
        raw = {"type": raw or "planner"}
    kinds = [b.value for b in BrainKind]
    kind = raw.get("type", "planner")
    if kind not in kinds:
        raise LevelError(f"unknown brain '{kind}'", fix=suggest(kind, kinds), path=("brain",))
    return BrainSpec(
        kind=BrainKind(kind),
        discount=read_number(raw.get("discount", 0.9), ("brain", "discount"), lo=0.01, hi=0.999),
        view=int(read_number(raw.get("view", 2), ("brain", "view"), lo=1, hi=5, integer=True)),
        hidden=int(read_number(raw.get("hidden", 8), ("brain", "hidden"), lo=1, hi=64, integer=True)),
    )


def _evolution(raw: Mapping[str, Any]) -> EvolutionSpec:
    algorithms = [a.value for a in Algorithm]
    algorithm = raw.get("algorithm", "ga")
    if algorithm not in algorithms:
        raise LevelError(f"unknown algorithm '{algorithm}'", fix=suggest(algorithm, algorithms), path=("evolution", "algorithm"))
    ints = {
        "population": (2, 4096), "generations": (1, 10_000), "episodes": (1, 256), "seed": (0, 2**32 - 1),
        "elite": (0, 4096), "tournament": (1, 64), "pool": (1, 4096), "deploy_agents": (1, 4096),
        "deploy_episodes": (1, 4096),
    }
    floats = {"mutation": (0.0, 100.0), "learning_rate": (0.0, 100.0)}
    defaults = EvolutionSpec()
    values: dict[str, Any] = {"algorithm": Algorithm(algorithm)}
    for name, (lo, hi) in ints.items():
        values[name] = int(read_number(raw.get(name, getattr(defaults, name)), ("evolution", name), lo=lo, hi=hi, integer=True))
    for name, (flo, fhi) in floats.items():
        values[name] = read_number(raw.get(name, getattr(defaults, name)), ("evolution", name), lo=flo, hi=fhi)
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
                raise LevelError(f"unknown perception channel '{channel}'", fix=suggest(channel, PERCEPTION_CHANNELS),
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
    budget = read_range(raw.get("budget"), path + ("budget",))
    prices = {c: read_number(v, path + ("prices", c), lo=0, hi=1000) for c, v in prices_raw.items()}
    start = {}
    for c, v in start_raw.items():
        r = read_range(v, path + ("start", c))
        start[c] = float(cap if r is None else min(r, cap))
    return Perception(
        colour_range=read_range(raw.get("colour_range"), path + ("colour_range",)),
        kind_range=read_range(raw.get("kind_range"), path + ("kind_range",)),
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
        read_kind(k, kinds, path + ("rewards", k)): read_number(v, path + ("rewards", k), lo=-1e6, hi=1e6)
        for k, v in (raw.get("rewards") or {}).items()
    }
    if not any(r > 0 for r in rewards.values()):
        raise LevelError("the first stage rewards nothing", fix="give some kind a positive reward under first_stage.rewards",
                         path=path + ("rewards",))
    generations = int(read_number(raw.get("generations", 10), path + ("generations",), lo=1, hi=10_000, integer=True))
    return FirstStage(generations, rewards, str(raw.get("label", "earlier training")))


def level_from_dict(data: Mapping[str, Any], file: str = "") -> Level:
    """Build a Level from a parsed level document. Raises LevelError with a key path."""
    kinds = read_kinds(data)
    perception = data.get("perception") or {}
    training = tuple(read_layout(r, kinds, ("training", i)) for i, r in enumerate(data.get("training") or []))
    deployment = tuple(read_layout(r, kinds, ("deployment", i)) for i, r in enumerate(data.get("deployment") or []))
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
            confidence=read_number(raw.get("confidence", 0.95), dpath + ("confidence",), lo=0.5, hi=1.0),
            deployment_episodes=int(read_number(raw.get("deployment_episodes", 3), dpath + ("deployment_episodes",),
                                            lo=0, hi=10_000, integer=True)),
            awareness_from=int(read_number(raw.get("awareness_from_generation", 0),
                                       dpath + ("awareness_from_generation",), lo=0, hi=10_000, integer=True)),
            awareness_price=read_number(raw.get("awareness_price", 0.0), dpath + ("awareness_price",), lo=0, hi=1e6),
            awareness_start=read_number(raw.get("awareness_start", -0.5), dpath + ("awareness_start",), lo=-100, hi=0),
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
        legend=read_legend(data, kinds),
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
