"""The one background-job helper behind the debrief's seed check and the knob sweep."""

from __future__ import annotations

import threading

from game.ui.background import BackgroundJob, Cancelled


class Counting(BackgroundJob[int]):
    """Emits 0, 1, 2, ... waiting for a go-ahead before each; fails at `fail_at` if given."""

    def __init__(self, n: int, fail_at: int | None = None, cancel_at: int | None = None) -> None:
        super().__init__()
        self.n, self.fail_at, self.cancel_at = n, fail_at, cancel_at
        self.go = threading.Semaphore(0)
        self.finished = 0
        self.start("counting")

    def work(self) -> None:
        for i in range(self.n):
            assert self.go.acquire(timeout=30), "the test never let the job go on"
            if self.stopping:
                return
            if i == self.fail_at:
                raise ValueError(f"broken at {i}")
            if i == self.cancel_at:
                raise Cancelled
            self.emit(i)

    def finish(self) -> None:
        self.finished += 1


def test_results_arrive_one_at_a_time_and_the_snapshot_is_a_copy() -> None:
    job = Counting(3)
    assert job.snapshot() == [] and not job.done
    job.go.release()
    for _ in range(3000):  # bounded wait for the first result
        if job.snapshot():
            break
        threading.Event().wait(0.01)
    first = job.snapshot()
    assert first == [0]
    first.append(99)  # the caller's copy, not the job's list
    job.go.release()
    job.go.release()
    assert job.join(30) == [0, 1, 2] and job.done and job.error is None and job.finished == 1


def test_an_error_becomes_a_line_of_text_and_stop_ends_between_results() -> None:
    broken = Counting(3, fail_at=1)
    broken.go.release()
    broken.go.release()
    assert broken.join(30) == [0] and broken.error == "broken at 1" and broken.finished == 1

    stopped = Counting(5)
    stopped.go.release()
    stopped.stop()
    stopped.go.release()
    got = stopped.join(30)
    assert stopped.done and len(got) <= 1 and stopped.error is None and stopped.finished == 1

    cancelled = Counting(3, cancel_at=0)
    cancelled.go.release()
    assert cancelled.join(30) == [] and cancelled.error is None and cancelled.done
