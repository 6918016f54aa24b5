"""Training off the frame loop: one generation at a time on a worker thread.

The window keeps drawing at 60 fps while the base optimizer works; the scene asks for the next
generation when it is ready to show it, so replay speed, pause and step stay in its hands.
numpy releases the GIL in its array loops, so the worker and the drawing share the two cores.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from game.core.batch import LayoutBatch
from game.core.session import GenerationRecord, TrainingSession
from game.core.sim import EpisodeResults


@dataclass(frozen=True, eq=False)
class Generation:
    """A generation as the training scene shows it: its record and its traced episodes."""

    record: GenerationRecord
    genomes: np.ndarray  # (P, N)
    batch: LayoutBatch
    results: EpisodeResults

    @property
    def frames(self) -> int:
        return len(self.results.trace)

    def positions(self, t: int) -> np.ndarray:
        """(P, L) flat cells of every agent in every layout at replay step t."""
        trace = self.results.trace
        step = trace[min(max(t, 0), len(trace) - 1)]
        return step.reshape(len(self.genomes), self.batch.n_layouts)


class Trainer:
    """Runs `session.step` on a worker thread, one generation per request."""

    def __init__(self, session: TrainingSession) -> None:
        self.session = session
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="base-optimizer")
        self._future: Future[Generation] | None = None

    def _step(self) -> Generation:
        s = self.session
        record = s.step(trace=True)
        if s.last_genomes is None or s.last_batch is None or s.last_results is None:
            raise RuntimeError("the training session kept no episodes to show")
        return Generation(record, s.last_genomes, s.last_batch, s.last_results)

    @property
    def busy(self) -> bool:
        return self._future is not None

    def request(self) -> bool:
        """Start the next generation if none is running and training is not over."""
        if self._future is not None or self.session.finished:
            return False
        self._future = self._pool.submit(self._step)
        return True

    def poll(self) -> Generation | None:
        """The finished generation, if any (re-raises an error from the worker)."""
        if self._future is None or not self._future.done():
            return None
        future, self._future = self._future, None
        return future.result()

    def wait(self, timeout: float = 30.0) -> Generation | None:
        """Block until the running generation is done (tests and the benchmark use this)."""
        if self._future is None:
            return None
        self._future.result(timeout)
        return self.poll()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
