"""One background job for the scenes: results made one at a time on a daemon thread, read by the
frame loop as a snapshot.

The seed check of the debrief (verdict.SeedCheck) and the knob sweep (sweep_view.SweepJob) are both
this: a worker that appends each finished result under a lock, stops between results when asked,
and turns an error into a line of text for the screen rather than a crash. The thread is a daemon:
quitting the game never waits for a job to finish.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside a job's work to stop at once (the job then ends quietly)."""


class BackgroundJob(Generic[T]):
    """Subclasses set their inputs, then call `start`; `work` calls `emit` once per result and may
    check `stopping` between results."""

    def __init__(self) -> None:
        self.items: list[T] = []
        self.error: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, name: str) -> None:
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def work(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Runs on the worker when the work ends, however it ends (a subclass's bookkeeping)."""

    def _run(self) -> None:
        try:
            self.work()
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - shown as a line on screen, never a crash
            self.error = str(exc) or type(exc).__name__
        finally:
            self.finish()

    def emit(self, item: T) -> None:
        with self._lock:
            self.items.append(item)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """Stop after the result being made now."""
        self._stop.set()

    @property
    def done(self) -> bool:
        return self._thread is None or not self._thread.is_alive()

    def snapshot(self) -> list[T]:
        """The results so far (a copy: the worker may be appending)."""
        with self._lock:
            return list(self.items)

    def join(self, timeout: float) -> list[T]:
        """Block until the work ends or the timeout passes (tests use this)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.snapshot()
