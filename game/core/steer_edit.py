"""A steering edit of the agents' mesa-objective and how it changes their genomes: `Steering`
(a delta per feature, a swap of two weights, awareness off), read from what a person types
(`parse_edits`), made on a copy of the genomes and checked through the brain's own reading of
its objective (`apply`), and the named presets of the activation-addition papers. Deploying the
edited agents and judging the result is in `steer.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from .batch import FeatureSpace
from .brains import Planner
from .probe import perceivable

if TYPE_CHECKING:
    from .brains import Reflex

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
