"""Which brain a level asks for, sized to its feature space.

Kept apart from brains.py so that the deceptive brain (built on the planner) and the plain ones
sit below one factory and no module imports its own importer.
"""

from __future__ import annotations

from .batch import FeatureSpace
from .brains import Planner, Reflex
from .deceptive import make_deceptive
from .kinds import BrainKind
from .level import BrainSpec, Level, Perception


def make_brain(spec: BrainSpec, features: FeatureSpace, perception: Perception, level: Level | None = None) -> Planner | Reflex:
    """The brain a level asks for, sized to its feature space (the deceptive one needs the level)."""
    if spec.kind == BrainKind.REFLEX:
        return Reflex(features, spec.view, spec.hidden)
    if spec.kind == BrainKind.DECEPTIVE:
        if level is None:
            raise ValueError("the deceptive brain needs the level (its base objective and cue)")
        return make_deceptive(level, features)
    return Planner(features, perception, spec.discount)
