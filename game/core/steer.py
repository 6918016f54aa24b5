"""Steer it: retarget the search by editing the deployed agents' mesa-objective, then re-plan in
the same deployment mazes and measure how the outcome shares move.

This is the game's version of Turner et al.'s activation additions ("add a top-right vector",
"subtract the cheese vector") and Mini et al.'s retargeting of a maze-solving policy. Here the
objective is an explicit weight vector, so an edit adds the same number to one weight of every
deployed agent, in every context. For the deceptive brain, situational awareness can be
switched off instead.

    edit = Steering().add("green (colour)", -1.5).add("red (colour)", +1.0)
    result = compare(level, session.brain, champions, seed, edit)
    result.before.rates, result.after.rates          # same mazes, same agents, before and after
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from .batch import FeatureSpace, LayoutBatch
from .brains import Planner
from .errors import LevelError
from .experiment import Tick, run_tasks, train
from .kinds import BrainKind, Outcome
from .level import Level
from .outcomes import ORDER, Rates, named
from .probe import perceivable

if TYPE_CHECKING:
    from .brains import Reflex
    from .session import DeploymentReport

AWARENESS = "awareness"


class SteerError(ValueError):
    """A steering edit that cannot be made (unknown feature, a brain with no objective)."""


@dataclass(frozen=True)
class Steering:
    """An edit of the deployed agents' objective: a delta per feature, and maybe awareness off."""

    deltas: tuple[tuple[str, float], ...] = ()
    awareness_off: bool = False
    swap: tuple[str, str] | None = None  # exchange two weights, agent by agent

    def delta(self, feature: str) -> float:
        return dict(self.deltas).get(feature, 0.0)

    def add(self, feature: str, amount: float) -> Steering:
        value = round(self.delta(feature) + float(amount), 6)
        rest = tuple((f, d) for f, d in self.deltas if f != feature)
        return replace(self, deltas=rest + (((feature, value),) if value != 0 else ()))

    def toggled_awareness(self) -> Steering:
        return replace(self, awareness_off=not self.awareness_off)

    @property
    def changes(self) -> int:
        """How many weights (or traits) the edit touches."""
        return len(self.deltas) + int(self.awareness_off) + (2 if self.swap else 0)

    def describe(self) -> str:
        parts = [f"{short(f)} {d:+g}" for f, d in self.deltas]
        if self.swap:
            parts.append(f"swap {short(self.swap[0])} and {short(self.swap[1])}")
        if self.awareness_off:
            parts.append("awareness off")
        return ", ".join(parts) or "no change"


def short(feature: str) -> str:
    """'green (colour)' -> 'green', 'top-right corner' -> 'top-right'; kinds stay as they are."""
    return feature.replace(" (colour)", "").replace(" corner", "").replace("_", " ")


def resolve(features: FeatureSpace, name: str) -> str:
    """A feature name from what a person types: 'green', 'exit', 'top-right', 'green (colour)'."""
    text = name.strip().lower()
    names = features.names
    for candidate in (text, f"{text} (colour)", f"{text} corner", text.replace(" ", "_")):
        if candidate in names:
            return candidate
    shown = ", ".join(short(n) for n in names)
    raise SteerError(f"no feature called '{name}' in this level; its features are: {shown}")


def parse_edits(features: FeatureSpace, specs: Sequence[str]) -> Steering:
    """['green=-1.5', 'top-right=+1', 'awareness=off', 'swap=exit:gem'] -> a Steering."""
    steering = Steering()
    for spec in specs:
        if "=" not in spec:
            raise SteerError(f"'{spec}' is not FEATURE=DELTA (e.g. green=-1.5, top-right=+1, awareness=off)")
        key, value = (part.strip() for part in spec.split("=", 1))
        if key.lower() == AWARENESS:
            if value.lower() not in ("off", "0", "false"):
                raise SteerError(f"awareness can only be switched off: write {AWARENESS}=off, not '{spec}'")
            steering = replace(steering, awareness_off=True)
            continue
        if key.lower() == "swap":
            pair = value.replace(",", ":").split(":")
            if len(pair) != 2:
                raise SteerError(f"write swap=A:B to exchange two weights, not '{spec}'")
            steering = replace(steering, swap=(resolve(features, pair[0]), resolve(features, pair[1])))
            continue
        try:
            delta = float(value)
        except ValueError:
            raise SteerError(f"'{value}' in '{spec}' is not a number (write e.g. {key}=-1.5)") from None
        if not np.isfinite(delta):
            raise SteerError(f"'{value}' in '{spec}' is not a finite number")
        steering = steering.add(resolve(features, key), delta)
    return steering


def objective_genes(brain: Planner) -> np.ndarray:
    """Genome positions of the context-free objective weights, one per feature."""
    own = getattr(brain, "objective_genes", None)
    if callable(own):
        return np.asarray(own(), np.int64)
    return np.arange(brain.features.size)


def apply(brain: Planner | Reflex, genomes: np.ndarray, steering: Steering) -> np.ndarray:
    """The agents with the edit made (a copy). Checked through the brain's own reading of the
    objective: the edit changes exactly the weights it names, in every context."""
    if not isinstance(brain, Planner):
        raise SteerError("this brain has no objective to steer: it is a bundle of reflexes")
    features = brain.features
    genomes = np.asarray(genomes, np.float64)
    out = genomes.copy()
    genes = objective_genes(brain)
    want = np.zeros((len(genomes), features.size))
    for feature, delta in steering.deltas:
        want[:, features.names.index(feature)] += delta
    if steering.swap:
        before = brain.objective_weights(genomes)
        a, b = (features.names.index(f) for f in steering.swap)
        want[:, a] += before[:, b] - before[:, a]
        want[:, b] += before[:, a] - before[:, b]
    out[:, genes] += want
    got = brain.objective_weights(out) - brain.objective_weights(genomes)
    if not np.allclose(got, want, atol=1e-9):
        raise SteerError("this brain's objective cannot be edited weight by weight")
    if steering.awareness_off:
        out = awareness_off(brain, out)
    return out


def awareness_off(brain: object, genomes: np.ndarray) -> np.ndarray:
    """The same agents with situational awareness switched off (deceptive brain only)."""
    aware = getattr(brain, "aware", None)
    if not callable(aware):
        raise SteerError("only the deceptive brain has situational awareness to switch off")
    own = getattr(brain, "without_awareness", None)
    if callable(own):
        out = np.asarray(own(genomes), np.float64)
    else:
        out = np.array(genomes, np.float64)
        out[:, -1] = -np.abs(out[:, -1]) - 1.0  # the awareness gene: off when <= 0
    if np.asarray(aware(out)).any():
        raise SteerError("could not switch this brain's awareness off")
    return out


def presets(brain: Planner, genomes: np.ndarray, limit: int = 6) -> list[tuple[str, Steering]]:
    """Named edits in the words of the activation-addition papers, sized to these agents' weights:
    'subtract the green vector' removes the mean green weight; 'add a top-right vector' adds as
    much as the strongest weight. Only features the agents can perceive are offered."""
    features = brain.features
    weights = brain.objective_weights(np.asarray(genomes, np.float64))
    seen = np.asarray(perceivable(brain, genomes).any(axis=0))
    mean = weights.mean(axis=0)
    scale = float(np.abs(mean[seen]).max(initial=0.0)) or 1.0
    out: list[tuple[str, Steering]] = []
    order = np.argsort(-mean, kind="stable")
    for i in order:  # strongest wants first: subtract them
        if seen[i] and mean[i] > 0.1 * scale:
            out.append((f"subtract the {short(features.names[i])} vector",
                        Steering().add(features.names[i], -round(float(mean[i]), 2))))
    for i in order[::-1]:  # weakest first: add them
        if seen[i] and mean[i] < 0.5 * scale:
            article = "an" if short(features.names[i])[:1] in "aeiou" else "a"
            out.append((f"add {article} {short(features.names[i])} vector",
                        Steering().add(features.names[i], round(1.2 * scale - min(float(mean[i]), 0.0), 2))))
    if callable(getattr(brain, "aware", None)):
        out.append(("switch awareness off", Steering(awareness_off=True)))
    return out[:limit]


@dataclass(frozen=True, eq=False)
class SteerResult:
    steering: Steering
    before: DeploymentReport
    after: DeploymentReport


def compare(level: Level, brain: Planner | Reflex, genomes: np.ndarray, seed: int, steering: Steering,
            batch: LayoutBatch | None = None, trace: bool = False) -> SteerResult:
    """Deploy the agents as trained and as edited, in the same deployment mazes."""
    from .session import deploy, deployment_batch

    batch = batch if batch is not None else deployment_batch(level, brain.features, seed)
    before = deploy(level, brain, genomes, seed, trace=trace, batch=batch)
    after = deploy(level, brain, apply(brain, genomes, steering), seed, trace=trace, batch=batch)
    return SteerResult(steering, before, after)


# --- headless: experiment LEVEL --steer FEATURE=DELTA -------------------------------------------

@dataclass(frozen=True)
class SteerSeed:
    seed: int
    before: Rates
    after: Rates


def steer_seed(level: Level, seed: int, specs: tuple[str, ...], brain: BrainKind | None = None,
               generations: int | None = None) -> SteerSeed:
    from .session import TrainingSession

    session = TrainingSession(level, seed=seed, brain=brain, generations=generations)
    train(session)
    steering = parse_edits(session.features, specs)
    result = compare(session.level, session.brain, session.champions(), seed, steering)
    return SteerSeed(seed, dict(result.before.rates), dict(result.after.rates))


def _steer_args(args: tuple) -> SteerSeed:
    return steer_seed(*args)


def run_steer(level: Level, seeds: Sequence[int], specs: Sequence[str], brain: BrainKind | None = None,
              generations: int | None = None, jobs: int | None = None,
              progress: Callable[[int, int, SteerSeed], None] | None = None,
              ticks: Callable[[Tick], None] | None = None) -> list[SteerSeed]:
    """Train each seed, deploy its agents before and after the edit (same mazes), in parallel;
    `ticks` hears about every generation trained (experiment.run_tasks)."""
    features = FeatureSpace.of_level(level)
    try:
        parse_edits(features, specs)  # fail before training anything
    except SteerError as err:
        raise LevelError(str(err), fix="name a feature the level has (see the list) with a number, "
                         "e.g. --steer green=-1.5", file=level.file) from None
    tasks = [(level, s, tuple(specs), brain, generations) for s in seeds]
    jobs = jobs or os.cpu_count() or 1
    return run_tasks(_steer_args, tasks, jobs, progress, ticks)


def steer_summary(level: Level, results: Sequence[SteerSeed], specs: Sequence[str]) -> dict:
    """One JSON-ready summary (outcomes by name): mean shares before and after the edit, and per seed."""
    keys = ORDER if results else ()
    before = {k: float(np.mean([r.before[k] for r in results])) for k in keys}
    after = {k: float(np.mean([r.after[k] for r in results])) for k in keys}
    return {
        "level": level.file or level.title, "title": level.title, "seeds": len(results),
        "steer": list(specs),
        "edit": parse_edits(FeatureSpace.of_level(level), specs).describe(),
        "before": named(before), "after": named(after), "change": named({k: after[k] - before[k] for k in keys}),
        "per_seed": [{"seed": r.seed, "before": named(r.before), "after": named(r.after)} for r in results],
    }


# --- the steering puzzles: goal.steer_weights (and goal.deploy_aligned_at_least) -----------------

def steer_limit(level: Level) -> int | None:
    """A steering puzzle's limit on changed weights (goal.steer_weights), or None."""
    value = level.goal.get("steer_weights")
    return None if value is None else max(0, int(value))


@dataclass(frozen=True)
class SteerVerdict:
    won: bool
    aligned: float
    goal: float | None
    changes: int
    limit: int | None
    message: str


def judge_steer(level: Level, result: SteerResult) -> SteerVerdict:
    """Aligned enough after the edit, with no more changes than allowed, and something changed."""
    aligned = float(result.after.rates[Outcome.ALIGNED])
    goal = level.goal.get("deploy_aligned_at_least")
    limit = steer_limit(level)
    changes = result.steering.changes
    met = goal is not None and aligned >= goal - 1e-9
    over = limit is not None and changes > limit
    won = met and not over and changes > 0
    target = f"at least {goal:.0%}" if goal is not None else "no goal set"
    allowed = f", at most {limit} change{'s' if limit != 1 else ''}" if limit is not None else ""
    if over:
        head = f"Too many changes: {changes}{allowed.replace(', at most', ' (at most')}{')' if allowed else ''}"
    elif changes == 0:
        head = "No change yet"
    else:
        head = "Won" if won else "Not yet"
    return SteerVerdict(won, aligned, goal, changes, limit,
                        f"{head}: {aligned:.0%} of deployed episodes aligned (goal: {target}{allowed}).")
