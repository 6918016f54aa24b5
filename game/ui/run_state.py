"""One play-through of a level: the level, the seed, the training session and its deployment."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.core.kinds import BrainKind, Outcome
from game.core.knobs import Puzzle
from game.core.level import Level
from game.core.session import DeploymentReport, TrainingSession

from . import pictures
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
    prediction: Outcome | None = None  # the class's guess before deployment (classroom mode)
    history: list[str] = field(default_factory=list)  # what the player tried, for the debrief
    puzzle: Puzzle | None = None  # a puzzle level: its knobs, budget and goal
    setting: dict[str, Any] = field(default_factory=dict)  # the knob values `level` was built with
    trained_generations: int = 0  # generations trained when the agents were deployed
    recorded: object | None = None  # which training's deployment was last saved (each is saved once)
    steered: str | None = None  # a steering puzzle's last verdict, for the debrief (steer scene)

    @classmethod
    def start(cls, entry: LevelEntry, puzzle: Puzzle | None = None,
              setting: dict[str, Any] | None = None) -> RunState:
        """A run of the level as written, or of a puzzle level with the player's knob setting."""
        if entry.level is None:
            raise ValueError(entry.error or "level not loaded")
        level = entry.level
        if puzzle is not None and puzzle.is_puzzle:
            setting = {**puzzle.default_setting(), **(setting or {})}
            level = puzzle.apply(setting)  # the trained and deployed level: knobs applied
        else:
            puzzle, setting = None, {}
        pictures.declare(level.kinds)  # its custom kinds' pictures
        return cls(entry, level, level.evolution.seed, level.brain.kind, puzzle=puzzle, setting=setting)

    @property
    def fully_trained(self) -> bool:
        """Were the deployed agents trained for every generation the level asks for?"""
        return self.session is not None and self.trained_generations >= self.session.generations

    @property
    def counts_for_progress(self) -> bool:
        """Does this run count for progress (and for winning)? The whole training, the level's brain."""
        own = self.entry.level.brain.kind if self.entry.level is not None else self.level.brain.kind
        return self.fully_trained and self.brain == own

    @property
    def trained(self) -> TrainingSession:
        """The run's training session, for what opens only once there is one (probe, steer)."""
        if self.session is None:
            raise RuntimeError("this run has no training session yet")
        return self.session

    def new_session(self) -> TrainingSession:
        """Build the run's training session and make it current (blocks: see `session_builder`)."""
        session = self.session_builder()()
        self.adopt(session)
        return session

    def session_builder(self) -> Callable[[], TrainingSession]:
        """A function that builds this run's training session, to call off the UI thread (it
        reads nothing of the run when called, so a later reseed cannot change what it builds)."""
        level, seed, brain = self.level, self.seed, self.brain
        return lambda: TrainingSession(level, seed=seed, brain=brain)

    def adopt(self, session: TrainingSession) -> None:
        """Make a built session the run's current one (its deployment report is then stale)."""
        self.session = session
        self.report = None
        self.steered = None

    def reseed(self) -> int:
        """A fresh seed for 'restart with a new seed' (shown on screen, so the run can be repeated)."""
        self.seed = (self.seed * 1_103_515_245 + int(time.time() * 1000)) % 100_000
        return self.seed
