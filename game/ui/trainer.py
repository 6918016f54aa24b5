"""Training off the frame loop: the session is built, then trained one generation at a time, on a
worker thread.

The window keeps drawing at 60 fps while the base optimizer works; the scene asks for the next
generation when it is ready to show it, so replay speed, pause and step stay in its hands.
Building a session (drawing the training mazes, their distance maps) can take seconds on a big
level, so it happens on the worker too: the scene shows `status` meanwhile, never a frozen frame.
numpy releases the GIL in its array loops, so the worker and the drawing share the two cores.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from game.core.batch import LayoutBatch
from game.core.brains import Planner, Reflex
from game.core.session import GenerationRecord, TrainingSession
from game.core.sim import EpisodeResults


@dataclass(frozen=True, eq=False)
class Generation:
    """A generation as the training scene shows it: its record, its traced episodes and the brain
    that reads its genomes.

    The worker rebinds `session.brain` every generation (a brain that changes with the generation,
    e.g. the price of awareness), so the scene never reads the session while the worker runs: the
    brain of this generation travels here, taken on the worker thread when the generation ended.
    """

    record: GenerationRecord
    genomes: np.ndarray  # (P, N)
    batch: LayoutBatch
    results: EpisodeResults
    brain: Planner | Reflex  # the session's brain for this generation (a DeceptivePlanner is a Planner)
    total: int  # the generations the session trains in all

    @property
    def trace(self) -> np.ndarray:
        """(steps+1, B) flat cells: the trainer always runs its generations traced."""
        trace = self.results.trace
        if trace is None:
            raise RuntimeError("the generation was run without a trace")
        return trace

    @property
    def frames(self) -> int:
        return len(self.trace)

    def positions(self, t: int) -> np.ndarray:
        """(P, L) flat cells of every agent in every layout at replay step t."""
        trace = self.trace
        step = trace[min(max(t, 0), len(trace) - 1)]
        return step.reshape(len(self.genomes), self.batch.n_layouts)


class Trainer:
    """Builds the session, then runs `session.step` on a worker thread, one generation per request.

    Give it a session, or a function that builds one (then `session` is None until it is built,
    and `poll` hands the new session to `on_ready` on the caller's thread).
    """

    def __init__(self, session: TrainingSession | Callable[[], TrainingSession],
                 on_ready: Callable[[TrainingSession], None] | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="base-optimizer")
        self._future: Future[Generation] | None = None
        self._building: Future[TrainingSession] | None = None
        self._on_ready = on_ready
        self.started = time.monotonic()
        self.delivered = 0  # generations handed to the caller by `poll`
        if isinstance(session, TrainingSession):
            self.session: TrainingSession | None = session
        else:
            self.session = None
            self._building = self._pool.submit(session)

    @property
    def building(self) -> bool:
        """The session is still being built (mazes drawn, distance maps computed)."""
        return self.session is None

    @property
    def status(self) -> str:
        """What the worker is doing, for the screen."""
        waited = time.monotonic() - self.started
        if self.session is None:
            return f"Building the training mazes and their distance maps... {waited:.1f} s"
        if self.delivered == 0:  # counted here: the worker may be rebinding the session's state
            return f"Evolving the first generation... {waited:.1f} s"
        return "Evolving..."

    def _adopt(self) -> None:
        """Take the built session, if it is ready (re-raises an error from the worker)."""
        if self._building is None or not self._building.done():
            return
        building, self._building = self._building, None
        self.session = building.result()
        if self._on_ready is not None:
            self._on_ready(self.session)

    def _step(self) -> Generation:
        s = self.session
        if s is None:
            raise RuntimeError("the training session is not built yet")
        record = s.step(trace=True)
        if s.last_genomes is None or s.last_batch is None or s.last_results is None:
            raise RuntimeError("the training session kept no episodes to show")
        return Generation(record, s.last_genomes, s.last_batch, s.last_results, s.brain, s.generations)

    @property
    def busy(self) -> bool:
        return self._future is not None

    def request(self) -> bool:
        """Start the next generation if none is running and training is not over."""
        self._adopt()
        if self._future is not None or self.session is None or self.session.finished:
            return False
        self._future = self._pool.submit(self._step)
        return True

    def poll(self) -> Generation | None:
        """The finished generation, if any (re-raises an error from the worker)."""
        self._adopt()
        if self._future is None or not self._future.done():
            return None
        future, self._future = self._future, None
        generation = future.result()
        self.delivered += 1
        return generation

    def wait(self, timeout: float = 30.0) -> Generation | None:
        """Block until the session is built and the running generation is done (tests, the
        benchmark, and deploying, which reads the session's champions)."""
        if self._building is not None:
            self._building.result(timeout)
            self._adopt()
        if self._future is None:
            return None
        self._future.result(timeout)
        return self.poll()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
