"""A deployment measured off the frame loop when it is big.

Deploying draws the level's new mazes, maps them (distance and action tables per target) and runs
every deployed agent in each, traced: a few milliseconds for a campaign level, half a second for a
generated 128x128 one, far too long for one frame. `Deployment` decides from the level's sizes
(`cost.deploy_work`, an estimate that is the same for the same level whatever the machine is doing,
never a timer) whether the work fits in a frame: a small one is measured at once, as the scene
opens, exactly as before; a big one runs on a worker thread while the scene draws a spinner and
`status`. Either way the report is `session.deploy` of the same level, brain, genomes and seed, so
the same bit for bit.

The worker is a daemon thread: leaving the scene (Esc back to training) while it runs simply drops
the Deployment and, when the worker ends, its report; quitting the game never waits for it.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from game.core.brains import Planner, Reflex
from game.core.cost import deploy_work
from game.core.kinds import BrainKind
from game.core.level import Level
from game.core.session import DeploymentReport, deploy

FRAME_SECONDS = 0.04  # estimated work (cost.deploy_work) measured inside the frame: the campaign's levels are 2-20 ms


def in_background(level: Level, brain: BrainKind) -> bool:
    """Is deploying this level too much work for one frame (then it runs on the worker)?"""
    return deploy_work(level, brain) > FRAME_SECONDS


class Deployment:
    """The deployment of `genomes` (read by `brain`) to `level`'s new mazes with `seed`: measured
    at once when it is small, else on a daemon thread; `poll` hands the report over when it is in."""

    def __init__(self, level: Level, brain: Planner | Reflex, genomes: np.ndarray, seed: int,
                 kind: BrainKind, background: bool | None = None) -> None:
        self.mazes = max(level.evolution.deploy_episodes, len(level.deployment))
        self.agents = len(genomes)
        self.started = time.monotonic()
        self.background = in_background(level, kind) if background is None else background
        self._report: DeploymentReport | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._args = (level, brain, genomes, seed)
        if self.background:
            threading.Thread(target=self._run, name="deployment", daemon=True).start()
        else:
            self._run()
            self.poll()  # an error of a small deployment is raised here, as the scene opens

    def _run(self) -> None:
        level, brain, genomes, seed = self._args
        try:
            self._report = deploy(level, brain, genomes, seed=seed, trace=True)
        except Exception as exc:  # noqa: BLE001 - handed to the UI thread by `poll`
            self._error = exc
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set()

    def poll(self) -> DeploymentReport | None:
        """The report if the deployment has been measured, else None (re-raises the worker's error)."""
        if not self._done.is_set():
            return None
        if self._error is not None:
            raise self._error
        return self._report

    def wait(self, timeout: float = 60.0) -> DeploymentReport | None:
        """Block until measured (tests, the benchmark); None if `timeout` ran out first."""
        self._done.wait(timeout)
        return self.poll()

    @property
    def status(self) -> str:
        """What the scene says while it waits."""
        waited = time.monotonic() - self.started
        return f"Deploying to {self.mazes} new mazes... {waited:.1f} s"
