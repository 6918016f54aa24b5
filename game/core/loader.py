"""The validating level loader: YAML text in, a `Level` or one clear `LevelError` out.

Four passes, each stopping at the first mistake: safe YAML reading that keeps every value's
place (yamlnodes), the published JSON Schema (validate_schema), `level_from_dict` (semantics that
need the legend and kinds), then checks that can only be made by realising each layout: the
goal is present and the start can reach it. Every problem, whatever its cause, comes out as a
`LevelError` carrying file:line:col and a fix.

    level = load_level("levels/01_green_exit.yaml")
    errors = validate_files(["levels"])
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from yaml.nodes import ScalarNode

from .cost import MEMORY_LIMIT, estimate
from .errors import LevelError
from .kinds import Algorithm, BrainKind, Where
from .knob_file import puzzle_of
from .knobs import Puzzle
from .layouts import realise
from .level import DeceptionSpec, GeneratorSpec, LayoutSpec, Level, MapSpec
from .level_build import level_from_dict
from .maze import reachable
from .validate_schema import schema_error
from .yamlnodes import MAX_TEXT, Places, read_document

MAX_EPISODES = 65_536  # population x episodes simulated per generation
GENERATOR_SAMPLES = 3
# Work (cells x BFS passes) the generator samples may cost, so a huge level still loads in a second
# or two (about six 128x128 samples). Past it, generators get only the static check: their mazes
# are connected by construction.
_CHECK_BUDGET = 500_000


def load_level(path: str | Path) -> Level:
    """Read and validate a level file. Raises only LevelError."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise LevelError("no such level file", fix="check the file name and folder", file=file, line=1, col=1) from None
    except IsADirectoryError:
        raise LevelError("this is a folder, not a level file", fix="give the path of a .yaml file", file=file, line=1, col=1) from None
    except OSError as err:
        raise LevelError(f"cannot read the file ({err.strerror})", fix="check the file's permissions", file=file, line=1, col=1) from None
    if len(raw) > MAX_TEXT * 4:
        raise LevelError(f"the file is {len(raw)} bytes, far over the limit", fix="a level fits in a few kilobytes",
                         file=file, line=1, col=1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line, col = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
        raise LevelError("the file is not UTF-8 text", fix="save the file as UTF-8 (most editors: 'Save with encoding')",
                         file=file, line=line, col=col) from None
    return load_level_text(text, file)


@dataclass
class _Work:
    """The layout checks of one load, shared with the loads of its knob variants: one sampling
    budget, and each layout realised once (a knob that changes only a weight re-checks nothing)."""

    budget: int = _CHECK_BUDGET
    checked: set = field(default_factory=set)


_WORK: ContextVar[_Work | None] = ContextVar("level_check_work", default=None)


def load_level_text(text: str, file: str = "<text>", *, knobs: bool = True) -> Level:
    """Validate level text (YAML) and build the Level. Raises only LevelError.
    With knobs (the default), every value of every knob is applied and the result loaded too."""
    token = _WORK.set(_Work()) if _WORK.get() is None else None
    try:
        return _load(text, file, knobs)
    except LevelError:
        raise
    except Exception as err:  # a bug in the model code must still reach the author as a LevelError
        raise LevelError(f"internal error while reading the level: {type(err).__name__}: {err}",
                         fix="please report this with the level file attached", file=file, line=1, col=1) from err
    finally:
        if token is not None:
            _WORK.reset(token)


def _load(text: str, file: str, knobs: bool = True) -> Level:
    data, places = read_document(text, file)
    _check_map_styles(places, file)
    err = schema_error(data, places, file)
    if err is not None:
        raise err
    try:
        level = level_from_dict(data, file)
    except LevelError as bad:
        raise _locate(bad, places, text, file) from None
    _check_sizes(level, places, file)
    _check_weights(level, places, file)
    _check_search(level, places, file)
    _check_cost(level, places, file)
    _check_cue(level, places, file)
    _check_puzzle_brain(level, places, file)
    _check_layouts(level, places, text, file)
    if knobs and isinstance(data, dict) and data.get("knobs"):
        puzzle_of(level, data, places, file, _load_without_knobs)
    return level


def _check_map_styles(places: Places, file: str) -> None:
    """'map: >' (folded) joins the rows into one line: say so plainly."""
    for path, node in places.values.items():
        if path and path[-1] == "map" and isinstance(node, ScalarNode) and node.style == ">":
            raise LevelError("'map: >' joins the map's rows into one line",
                             fix="write the map as a literal block: 'map: |' then one indented line per row",
                             file=file, line=node.start_mark.line + 1, col=node.start_mark.column + 1, path=path)


def _locate(err: LevelError, places: Places, text: str, file: str) -> LevelError:
    """Give an error raised with a key path the place in the file that path came from."""
    path = err.path
    if len(path) >= 3 and path[-3] == "map" and isinstance(path[-2], int) and isinstance(path[-1], int):
        node = places.values.get(path[:-2])
        if isinstance(node, ScalarNode):
            line, col = _map_cell(node, text, path[-2], path[-1])
            return err.located(file, line, col)
    line, col = places.position(path, key=_is_key_path(path))
    return err.located(file, line, col)


def _is_key_path(path: tuple) -> bool:
    """Errors about a legend key itself point at the key, not its value."""
    return len(path) == 2 and path[0] == "legend"


def _map_cell(node: ScalarNode, text: str, row: int, col: int) -> tuple[int, int]:
    """1-based line and column of map cell (row, col) written in a literal block ('map: |')."""
    start = node.start_mark.line + 1, node.start_mark.column + 1
    if node.style != "|":
        return start  # quoted or folded text has no simple cell-to-column mapping
    lines = text.splitlines()
    leading_blank = len(node.value) - len(node.value.lstrip("\n"))
    index = node.start_mark.line + 1 + leading_blank + row
    rows = node.value.strip("\n").splitlines()
    if index >= len(lines) or row >= len(rows) or not rows:
        return start
    source = lines[index]
    value_row = rows[row]
    indent = (len(source) - len(source.lstrip(" "))) - (len(value_row) - len(value_row.lstrip(" ")))
    return index + 1, max(indent, 0) + col + 1


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
                         fix="lower evolution.population, episodes, deploy_agents or deploy_episodes, "
                             "or objective.max_steps",
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
            rounds = max(0, min(GENERATOR_SAMPLES, work.budget // _cells(spec)))
            work.budget -= rounds * _cells(spec)
        rng = np.random.default_rng(0)
        for _ in range(rounds):
            try:
                layout = realise(level, index, spec, rng)
            except LevelError as bad:
                raise _locate(bad if bad.path else LevelError(bad.message, fix=bad.fix, path=spec.path),
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


def _cells(spec: LayoutSpec) -> int:
    if isinstance(spec.source, GeneratorSpec):
        w, h = spec.source.size
        return w * h * (4 + sum(p.count for p in spec.source.place if p.where == Where.FAR_FROM_START))
    return sum(len(r) for r in spec.source.rows)


def _level_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            files.append(path)
    return files


def validate_files(paths: Iterable[str | Path]) -> list[LevelError]:
    """Load every level file (folders: their *.yaml files); one LevelError per bad file."""
    errors = []
    for file in _level_files(paths):
        try:
            load_level(file)
        except LevelError as err:
            errors.append(err)
    return errors


def _load_without_knobs(text: str, file: str) -> Level:
    return load_level_text(text, file, knobs=False)


def puzzle_from_text(text: str, file: str = "<text>") -> Puzzle:
    """Read a level's knobs, budget and goal; check that every knob value gives a valid level."""
    level = load_level_text(text, file, knobs=False)
    document, places = read_document(text, file)
    return puzzle_of(level, document, places, file, _load_without_knobs)


def load_puzzle(source: str | Path | Level) -> Puzzle:
    """A level file (or a loaded Level, whose file is read again) with its knobs."""
    file = source.file if isinstance(source, Level) else str(source)
    try:
        text = Path(file).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise LevelError(f"cannot read the level file ({err})", fix="check the file name", file=file) from None
    return puzzle_from_text(text, file)
