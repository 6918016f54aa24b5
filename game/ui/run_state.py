"""One play-through of a level: the level, the seed, the training session and its deployment."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from game.core.kinds import BrainKind
from game.core.level import Level
from game.core.session import DeploymentReport, TrainingSession

from .levels_index import LevelEntry


@dataclass(eq=False)
class RunState:
    """Shared by the training, deployment and debrief scenes of one run."""

    entry: LevelEntry
    level: Level
    seed: int
    brain: BrainKind
    session: TrainingSession | None = None
    report: DeploymentReport | None = None
    prediction: str | None = None  # the class's guess before deployment (classroom mode)
    history: list[str] = field(default_factory=list)  # what the player tried, for the debrief

    @classmethod
    def start(cls, entry: LevelEntry) -> RunState:
        if entry.level is None:
            raise ValueError(entry.error or "level not loaded")
        level = entry.level
        return cls(entry, level, level.evolution.seed, level.brain.kind)

    def new_session(self) -> TrainingSession:
        self.session = TrainingSession(self.level, seed=self.seed, brain=self.brain)
        self.report = None
        return self.session

    def reseed(self) -> int:
        """A fresh seed for 'restart with a new seed' (shown on screen, so the run can be repeated)."""
        self.seed = (self.seed * 1_103_515_245 + int(time.time() * 1000)) % 100_000
        return self.seed
