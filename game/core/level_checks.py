"""The checks a built `Level` must pass that neither the schema nor `level_from_dict` can make:
episodes per generation, memory (cost.estimate), a search that can move, layout weights, the
deception cue, puzzle goals a reflex brain cannot meet, and every layout realised (its goal always
placed, present and reachable from the start). Each raises a `LevelError` at the file position.

Realising layouts is the costly part: one load and the loads of its knob variants share one
sampling budget (`begin_checks` / `end_checks` around them) and realise each layout once.
"""

from __future__ import annotations

import difflib
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

import numpy as np

from .cost import MEMORY_LIMIT, advice, estimate
from .errors import LevelError
from .kinds import Algorithm, BrainKind, Where
from .layouts import realise
from .level import DeceptionSpec, GeneratorSpec, LayoutSpec, Level, MapSpec
from .maze import reachable
from .yamlnodes import Places, locate

MAX_EPISODES = 65_536  # population x episodes simulated per generation
GENERATOR_SAMPLES = 3
# Work (cells x BFS passes) the generator samples may cost, so a huge level still loads in a second
# or two (about six 128x128 samples). Past it, generators get only the static check: their mazes
# are connected by construction.
CHECK_BUDGET = 500_000


@dataclass
class _Work:
    """The layout checks of one load, shared with the loads of its knob variants: one sampling
    budget, and each layout realised once (a knob that changes only a weight re-checks nothing)."""

    budget: int = CHECK_BUDGET
    checked: set = field(default_factory=set)


_WORK: ContextVar[_Work | None] = ContextVar("level_check_work", default=None)



def begin_checks() -> Token[_Work | None] | None:
    """Open a shared check budget for one load (and its knob variants); None if one is open."""
    return _WORK.set(_Work()) if _WORK.get() is None else None


def end_checks(token: Token[_Work | None] | None) -> None:
    if token is not None:
        _WORK.reset(token)


def check_level(level: Level, places: Places, text: str, file: str) -> None:
    """Every check below, in order; the first mistake raises."""
    _check_sizes(level, places, file)
    _check_weights(level, places, file)
    _check_search(level, places, file)
    _check_cost(level, places, file)
    _check_cue(level, places, file)
    _check_objective(level, places, file)
    _check_puzzle_brain(level, places, file)
    _check_layouts(level, places, text, file)


def _check_sizes(level: Level, places: Places, file: str) -> None:
    ev = level.evolution
    if ev.population * ev.episodes > MAX_EPISODES:
        line, col = places.position(("evolution",))
        raise LevelError(
            f"too many episodes per generation: population {ev.population} x episodes {ev.episodes} "
            f"= {ev.population * ev.episodes}",
            fix=f"keep population x episodes at most {MAX_EPISODES} (e.g. population 64, episodes 16)",
            file=file, line=line, col=col, path=("evolution",),
        )


def _goal_rules(spec: GeneratorSpec, goal: tuple[str, ...]) -> bool:
    return any(p.kind in goal and p.count > 0 and p.probability > 0 for p in spec.place)


def _goal_always(spec: GeneratorSpec, goal: tuple[str, ...]) -> bool:
    return any(p.kind in goal and p.count > 0 and p.probability >= 1 for p in spec.place)


def _check_cost(level: Level, places: Places, file: str) -> None:
    cost = estimate(level)
    if cost.peak_bytes > MEMORY_LIMIT:
        line, col = places.position(("evolution",))
        raise LevelError(f"this level would need too much memory: {cost.describe()} "
                         f"(the limit is {MEMORY_LIMIT >> 20} MiB)",
                         fix=advice(level),
                         file=file, line=line, col=col, path=("evolution",))


def _check_search(level: Level, places: Places, file: str) -> None:
    ev = level.evolution
    if ev.algorithm == Algorithm.ES and ev.mutation <= 0:
        line, col = places.position(("evolution", "mutation"))
        raise LevelError("evolution.mutation is 0, so the evolution strategy cannot search (it samples "
                         "agents around its mean with this spread)",
                         fix="give mutation a spread above 0, e.g. mutation: 0.3",
                         file=file, line=line, col=col, path=("evolution", "mutation"))


def _check_weights(level: Level, places: Places, file: str) -> None:
    for name, specs in (("training", level.training), ("deployment", level.deployment)):
        if specs and sum(s.weight for s in specs) <= 0:
            line, col = places.position((name,))
            raise LevelError(f"every {name} layout has weight 0, so none would ever be drawn",
                             fix=f"give at least one {name} layout a weight above 0 (weight: 1)",
                             file=file, line=line, col=col, path=(name,))


def _check_cue(level: Level, places: Places, file: str) -> None:
    """A deceptive agent reads a context flag (the cue) to tell training from deployment: some
    layout must set it, or the brain has nothing to read and the lesson is empty."""
    deceptive = level.brain.kind == BrainKind.DECEPTIVE
    if level.deception is None and not deceptive:
        return
    cue = level.deception.cue if level.deception is not None else DeceptionSpec().cue
    specs = level.training + level.deployment
    flags = sorted({flag for s in specs for flag in s.context})
    where = ("deception", "cue") if level.deception is not None else ("brain",)
    line, col = places.position(where)
    if deceptive and level.perception.prices:
        line, col = places.position(("perception", "prices"))
        raise LevelError("a deceptive brain's perception does not evolve, so these prices would never be paid",
                         fix="give it fixed ranges instead, e.g. perception: {colour_range: any, kind_range: any}",
                         file=file, line=line, col=col, path=("perception", "prices"))
    if not flags:
        raise LevelError("a deceptive brain needs a cue, but no layout has a 'context:'",
                         fix=f"add context: {{{cue}: true}} to the training layouts and {{{cue}: false}} to the "
                             "deployment layouts (the cue tells training from deployment)",
                         file=file, line=line, col=col, path=where)
    if not any(s.context.get(cue, 0) > 0 for s in specs):
        known = ", ".join(flags)
        raise LevelError(f"the deception cue '{cue}' is set by no layout's context",
                         fix=f"use a flag the layouts set ({known}), or add context: {{{cue}: true}} "
                             "to the training layouts",
                         file=file, line=line, col=col, path=where)


def _check_objective(level: Level, places: Places, file: str) -> None:
    """A `when:` flag that no layout sets never applies (a misspelt flag, silently); a goal kind
    that only moves (a guide with leads_to) can never be reached, so no episode could be aligned."""
    flags = sorted({flag for s in level.training + level.deployment for flag in s.context})
    for flag in level.objective.when:
        if flag not in flags:
            line, col = places.position(("objective", "when", flag), key=True)
            close = difflib.get_close_matches(flag, flags, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise LevelError(f"objective.when names the flag '{flag}', but no layout's context sets it",
                             fix=f"{hint}add context: {{{flag}: true}} to the layouts where it applies"
                                 + (f" (the layouts set: {', '.join(flags)})" if flags else ""),
                             file=file, line=line, col=col, path=("objective", "when", flag))
    movers = {e.kind for e in level.legend.values() if e.cell == "object" and e.leads_to}
    movers |= {p.kind for s in level.training + level.deployment for p in getattr(s.source, "place", ()) if p.leads_to}
    for kind in level.objective.goal:
        if kind in movers:
            where = ("objective", "goal") if places.node(("objective", "goal")) is not None else ("objective", "rewards", kind)
            line, col = places.position(where)
            raise LevelError(f"the goal '{kind}' moves (leads_to): a moving object cannot be reached, so no episode "
                             "could ever be aligned", fix=f"make the goal what the {kind} leads to (e.g. goal: exit), "
                             f"or place the {kind} without leads_to", file=file, line=line, col=col, path=where)


def _check_puzzle_brain(level: Level, places: Places, file: str) -> None:
    """Probe and steering puzzles are about the agents' objective: a reflex brain has none to
    find out or edit, so such a puzzle could not be answered or won."""
    if level.brain.kind != BrainKind.REFLEX:
        return
    for key, task in (("probe_mazes", "find out what the agents want"), ("steer_weights", "edit what they want")):
        if key in level.goal:
            line, col = places.position(("goal", key))
            raise LevelError(f"goal.{key} asks the player to {task}, but a reflex brain has no objective",
                             fix=f"use brain: planner (or deceptive), or remove {key} from goal",
                             file=file, line=line, col=col, path=("goal", key))


def _check_layouts(level: Level, places: Places, text: str, file: str) -> None:
    """Realise every layout spec and check that its goal exists and the start can reach one."""
    goal = level.objective.goal
    names = " or ".join(f"'{k}'" for k in goal)
    specs = level.training + level.deployment
    work = _WORK.get() or _Work()
    reads = (goal, repr(level.legend), repr(level.kinds))  # what a layout check depends on besides the spec
    seen: set[MapSpec | GeneratorSpec] = set()
    for index, spec in enumerate(specs):
        if spec.source in seen:
            continue
        seen.add(spec.source)
        line, col = places.position(spec.path)
        where = f"{spec.path[0]} layout {int(spec.path[1]) + 1}"
        if isinstance(spec.source, GeneratorSpec) and not _goal_rules(spec.source, goal):
            raise LevelError(f"{where} never places a goal object ({names})",
                             fix=f"place an exit (or another goal kind: {names}) with a rule under 'place:'",
                             file=file, line=line, col=col, path=spec.path)
        if isinstance(spec.source, GeneratorSpec) and not _goal_always(spec.source, goal):
            chance = max(p.probability for p in spec.source.place if p.kind in goal and p.count > 0)
            raise LevelError(f"{where} places its goal ({names}) only with probability {chance:g}: an episode "
                             "without a goal could only be scored as a failure",
                             fix="give the goal's rule probability: 1 (vary the other objects instead)",
                             file=file, line=line, col=col, path=spec.path)
        if (spec.source, reads) in work.checked:
            continue
        work.checked.add((spec.source, reads))
        rounds = 1
        if isinstance(spec.source, GeneratorSpec):
            rounds = max(0, min(GENERATOR_SAMPLES, work.budget // cells(spec)))
            work.budget -= rounds * cells(spec)
        rng = np.random.default_rng(0)
        for _ in range(rounds):
            try:
                layout = realise(level, index, spec, rng)
            except LevelError as bad:
                raise locate(bad if bad.path else LevelError(bad.message, fix=bad.fix, path=spec.path),
                              places, text, file) from None
            goals = [o.pos for o in layout.objects if o.kind in goal]
            if not goals:
                if isinstance(spec.source, GeneratorSpec):
                    continue  # a goal rule with probability < 1 may place nothing this time
                raise LevelError(f"{where} has no goal object ({names})",
                                 fix=f"place an exit (or another goal kind: {names}) on the map; check the legend",
                                 file=file, line=line, col=col, path=spec.path)
            seen_cells = reachable(layout.walls, layout.start)
            if not any(seen_cells[p] for p in goals):
                raise LevelError(f"exit unreachable: in {where} no goal object ({names}) can be reached from the start",
                                 fix="open a path of floor cells from 'S' to the goal (walls block; objects do not)",
                                 file=file, line=line, col=col, path=spec.path)
            needs = {level.kinds[o.kind].requires for o in layout.objects if o.kind in goal and seen_cells[o.pos]}
            held = {o.kind for o in layout.objects if seen_cells[o.pos]}
            if None not in needs and not needs & held:  # every reachable goal needs something none can fetch
                need = " or ".join(f"'{k}'" for k in sorted(n for n in needs if n))
                raise LevelError(f"in {where} every goal object ({names}) needs a {need} to be reached, and the "
                                 "start can reach none: no episode could be won",
                                 fix=f"place a {need} in this layout (with probability 1) where the start can reach it",
                                 file=file, line=line, col=col, path=spec.path)


def cells(spec: LayoutSpec) -> int:
    if isinstance(spec.source, GeneratorSpec):
        w, h = spec.source.size
        return w * h * (4 + sum(p.count for p in spec.source.place if p.where == Where.FAR_FROM_START))
    return sum(len(r) for r in spec.source.rows)
