"""Progress of long headless runs: every generation of every seed is counted (in this process and
from a process pool), the terminal line says how far and how long, and logs, pipes and --json
stay quiet. Counts, never clocks: the one clock here is a fake."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from game.cli_progress import RunProgress, clock_words
from game.core.experiment import run_experiment
from game.core.loader import load_level, load_puzzle
from game.core.steer import run_steer
from game.core.sweep import run_sweep

LEVEL = "levels/01_green_exit.yaml"
GENERATIONS = 3


def recorder():
    """ticks and results in the order the caller heard them."""
    heard: list = []
    return heard, (lambda tick: heard.append(("tick", *tick))), (lambda done, total, r: heard.append(("done", r.seed)))


def check_every_generation_before_its_result(heard: list, seeds: list[int], generations: int) -> None:
    for seed in seeds:
        ticks = [h[2] for h in heard if h[0] == "tick" and h[1] == seed]
        assert ticks == list(range(1, generations + 1)), (seed, ticks)
        assert all(h[3] == generations for h in heard if h[0] == "tick" and h[1] == seed)
        done_at = heard.index(("done", seed))
        last_tick = max(i for i, h in enumerate(heard) if h[0] == "tick" and h[1] == seed)
        assert last_tick < done_at
    assert [h[1] for h in heard if h[0] == "done"] == seeds  # results still in seed order


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_generation_of_every_seed_is_heard_before_the_seed_ends(jobs):
    heard, tick, done = recorder()
    seeds = [0, 1, 2]
    run_experiment(load_level(LEVEL), seeds, generations=GENERATIONS, jobs=jobs, progress=done, ticks=tick)
    check_every_generation_before_its_result(heard, seeds, GENERATIONS)


def test_steer_and_sweep_runs_tick_too():
    heard, tick, done = recorder()
    run_steer(load_level("levels/12_steer_it.yaml"), [4, 5], ["green=-1"], generations=2, jobs=1, progress=done,
              ticks=tick)
    check_every_generation_before_its_result(heard, [4, 5], 2)
    ticks: list = []
    run_sweep(load_puzzle("levels/03_coin_at_the_end.yaml"), "randomised", [0, 0.5], seeds=[0, 1], generations=2,
              jobs=1, ticks=ticks.append)
    assert len(ticks) == 2 * 2 * 2  # values x seeds x generations


def test_a_run_without_a_listener_trains_the_same():
    level = load_level(LEVEL)
    quiet = run_experiment(level, [7], generations=GENERATIONS, jobs=1)
    heard: list = []
    loud = run_experiment(level, [7], generations=GENERATIONS, jobs=1, ticks=heard.append)
    assert quiet == loud and len(heard) == GENERATIONS


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Done:
    def __init__(self, seed: int) -> None:
        self.seed = seed


def test_the_line_counts_generations_and_seeds_and_estimates_the_rest():
    out, clock = io.StringIO(), FakeClock()
    bar = RunProgress(tasks=4, generations=10, stream=out, enabled=True, clock=clock, every=1.0)
    assert bar.expected == 40 and bar.trained == 0 and bar.eta() is None
    assert "generation 0/40" in bar.line() and "left" not in bar.line()
    for g in range(1, 6):
        clock.now += 2.0
        bar.tick((0, g, 10))
    assert bar.trained == 5 and bar.expected == 40
    assert bar.eta() == pytest.approx(10.0 * 35 / 5)  # 10 s for 5 generations, 35 to go
    line = bar.line()
    assert "generation 5/40" in line and "seeds done 0/4" in line and "about 1:10 left" in line
    for g in range(6, 11):
        bar.tick((0, g, 10))
    bar.task_done(1, 4, Done(0), note="seed 0: misaligned")
    bar.tick((1, 1, 10))
    line = bar.line()
    assert "generation 11/40" in line and "seeds done 1/4" in line and "seed 0: misaligned" in line
    for seed in (1, 2, 3):  # seeds that end before their ticks were heard count in full
        bar.task_done(1 + seed, 4, Done(seed))
    assert bar.trained == bar.expected == 40 and "left" not in bar.line()
    bar.close()
    text = out.getvalue()
    assert text.startswith("\r") and text.endswith("\n") and "generation 40/40" in text.split("\r")[-1]


def test_the_line_is_redrawn_at_most_every_interval_unless_a_seed_ends():
    out, clock = io.StringIO(), FakeClock()
    bar = RunProgress(tasks=2, generations=100, stream=out, enabled=True, clock=clock, every=1.0)
    for g in range(1, 101):
        clock.now += 0.25
        bar.tick((0, g, 100))
    assert out.getvalue().count("\r") == 25  # the first, then one each second of 25
    bar.task_done(1, 2, Done(0))
    assert out.getvalue().count("\r") == 26


def test_a_sweep_learns_a_new_generation_count_from_its_runs():
    bar = RunProgress(tasks=3, generations=10, stream=io.StringIO(), enabled=True, clock=FakeClock())
    bar.tick((0, 1, 20))  # the knob changed evolution.generations
    assert bar.expected == 60


def test_nothing_is_written_off_a_terminal():
    out = io.StringIO()  # not a tty
    bar = RunProgress(tasks=2, generations=3, stream=out)
    assert not bar.enabled and bar.listener is None  # runs skip the channel from their workers
    bar.tick((0, 1, 3))
    bar.task_done(1, 2, Done(0))
    bar.close()
    assert out.getvalue() == ""


def test_clock_words():
    assert clock_words(0.2) == "0:01" and clock_words(75) == "1:15" and clock_words(3725) == "1:02:05"


def cli(*args: str, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], stdout=subprocess.PIPE, stderr=stderr,
                          text=True, timeout=300)


def test_commands_keep_logs_and_pipes_quiet():
    """stderr not a terminal: no progress line from train, experiment, --steer."""
    train = cli("train", LEVEL, "--generations", "3")
    assert train.returncode == 0 and "trained 3 generations" in train.stdout
    assert "\r" not in train.stderr and "generation" not in train.stderr
    exp = cli("experiment", LEVEL, "--seeds", "2", "--generations", "2", "--jobs", "1")
    assert exp.returncode == 0 and "\r" not in exp.stderr and "seeds done" not in exp.stderr


pty = pytest.importorskip("pty")


def on_a_terminal(*args: str) -> str:
    """What the command writes to stderr when stderr is a terminal (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "main.py", *args], stdout=subprocess.DEVNULL, stderr=follower)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=300) == 0
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def last_line(shown: str) -> str:
    """The progress line as the terminal shows it last (the terminal turns \n into \r\n)."""
    return shown.replace("\r\n", "\n").split("\r")[-1]


def test_on_a_terminal_experiment_and_train_show_generations_and_seeds():
    shown = on_a_terminal("experiment", LEVEL, "--seeds", "2", "--generations", "3", "--jobs", "2")
    assert shown.startswith("\r[") and "generation 0/6" in shown  # a line before the first generation ends
    last = last_line(shown)
    assert "generation 6/6" in last and "seeds done 2/2" in last
    assert "generation 3/3" in last_line(on_a_terminal("train", LEVEL, "--generations", "3"))
    assert "generation" not in on_a_terminal("experiment", LEVEL, "--seeds", "2", "--generations", "2", "--jobs", "1",
                                             "--json")


@pytest.mark.parametrize("listen", [False, True])
def test_no_more_workers_than_tasks(monkeypatch, listen):
    """`experiment --jobs 1000 --seeds 3` started a pool of 1000 processes (forked all at once
    on Linux: seconds of start-up and a memory blow-up); a pool never has more workers than tasks."""
    import concurrent.futures

    from game.core import experiment

    sizes: list[int] = []

    class Counting(concurrent.futures.ThreadPoolExecutor):
        def __init__(self, max_workers=None, **kwargs):
            sizes.append(max_workers)
            super().__init__(max_workers=max_workers)

    monkeypatch.setattr(experiment, "ProcessPoolExecutor", Counting)
    heard: list = []
    out = experiment.run_tasks(abs, [-1, -2, -3], 1000, ticks=heard.append if listen else None)
    assert out == [1, 2, 3] and sizes == [3]
