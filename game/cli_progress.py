"""Progress of long headless runs, on one terminal line of stderr: generations trained, seeds
done, and an estimate of the time left.

    bar = RunProgress(tasks=20, generations=400)   # 20 seeds of 400 generations each
    run_experiment(level, seeds, progress=bar.task_done, ticks=bar.tick)
    bar.close()

Only for a person at a terminal: when stderr is not a terminal (a log, a pipe) or the output is
--json, nothing is written, so logs and pipes stay clean. The numbers are counts of generations
the runs report (game.core.experiment.train); the estimate divides the time so far by them.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from .core.experiment import Tick

BAR = 24


def clock_words(seconds: float) -> str:
    """75 -> '1:15', 3725 -> '1:02:05'."""
    s = max(0, math.ceil(seconds))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class RunProgress:
    """Counts the generations trained by `tasks` runs (seeds) of about `generations` each."""

    def __init__(self, tasks: int, generations: int, stream: TextIO | None = None, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic, every: float = 0.1) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.tasks = max(0, tasks)
        self.per_task = max(0, generations)  # expected generations of a run not yet heard from
        self.done = 0  # runs finished
        self.finished_generations = 0  # generations of the runs finished
        self.running: dict[int, tuple[int, int]] = {}  # seed -> (generations trained, its generations in all)
        self.note = ""
        self.clock, self.every = clock, every
        self.start = clock()
        self.shown_at: float | None = None
        self.width = 0  # of the line last written (a shorter one is padded over it)

    # --- what the runs report ---------------------------------------------------------------
    def tick(self, tick: Tick) -> None:
        """A run trained a generation: (seed, generations trained, its generations in all)."""
        seed, trained, total = tick
        self.running[seed] = (trained, total)
        self.per_task = total
        self.show()

    def task_done(self, done: int, total: int, result: Any = None, note: str | None = None) -> None:
        """A run finished (run_tasks' progress callback); `note` is shown after the counts."""
        seed: int | None = getattr(result, "seed", None)
        _, generations = self.running.pop(seed, (0, self.per_task)) if seed is not None else (0, self.per_task)
        # a finished run trained all its generations
        self.finished_generations += generations
        self.done += 1
        if note is not None:
            self.note = note
        elif seed is not None:
            self.note = f"seed {seed} done"
        self.show(force=True)

    @property
    def listener(self) -> Callable[[Tick], None] | None:
        """What to pass as a run's `ticks`: None when nothing is shown, so a run off a terminal
        does not even open the channel from its worker processes."""
        return self.tick if self.enabled else None

    # --- the counts -----------------------------------------------------------------------
    @property
    def trained(self) -> int:
        return self.finished_generations + sum(t for t, _ in self.running.values())

    @property
    def expected(self) -> int:
        """Generations of all runs: finished ones as trained, running ones as announced, the rest
        as the last run announced (or the number given at the start)."""
        waiting = max(0, self.tasks - self.done - len(self.running))
        return self.finished_generations + sum(n for _, n in self.running.values()) + waiting * self.per_task

    def eta(self) -> float | None:
        """Seconds left at the pace so far, or None before the first generation."""
        trained = self.trained
        if trained == 0:
            return None
        return (self.clock() - self.start) * max(0, self.expected - trained) / trained

    def line(self) -> str:
        trained, expected = self.trained, self.expected
        filled = BAR * trained // expected if expected else BAR * self.done // max(1, self.tasks)
        parts = ["[" + "#" * filled + "." * (BAR - filled) + "]"]
        if expected:
            parts.append(f"generation {trained:,}/{expected:,}")
        if self.tasks > 1:
            parts.append(f"seeds done {self.done}/{self.tasks}")
        eta = self.eta()
        if eta is not None and trained < expected:
            parts.append(f"about {clock_words(eta)} left")
        if self.note:
            parts.append(self.note)
        return "  ".join(parts)

    # --- the terminal -----------------------------------------------------------------------
    def show(self, force: bool = False) -> None:
        """Redraw the line (at most every `every` seconds unless forced)."""
        if not self.enabled:
            return
        now = self.clock()
        if not force and self.shown_at is not None and now - self.shown_at < self.every:
            return
        self.shown_at = now
        text = self.line()
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """The last state, and end the line."""
        if self.enabled and self.shown_at is not None:
            self.show(force=True)
            self.stream.write("\n")
            self.stream.flush()


def for_command(tasks: int, level: Any, args: Any, generations: int | None = None) -> RunProgress:
    """The progress line of `experiment` (plain, --sweep, --steer): `tasks` runs of --generations
    (or the level's own) each; off with --json, else on a terminal only."""
    if generations is None:
        given = getattr(args, "generations", None)
        generations = level.evolution.generations if given is None else given
    bar = RunProgress(tasks, generations, enabled=False if getattr(args, "json", False) else None)
    bar.show(force=True)  # at once: the first generation of a big level can take a while
    return bar


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
