"""The probe and steering puzzles: winnable within their limits, and not by doing nothing."""

from __future__ import annotations

from pathlib import Path

from game.core.loader import load_level
from game.core.probe import ProbeMaze, ProbeTable, judge_probe, palette, probe_limit, run_probe, truth
from game.core.session import TrainingSession
from game.core.steer import Steering, compare, judge_steer, steer_limit

LEVELS = Path(__file__).resolve().parents[1] / "levels"


def trained(name: str):
    level = load_level(LEVELS / name)
    session = TrainingSession(level)  # the level's own seed, as the game plays it
    session.run()
    return level, session, session.champions()


def test_the_probe_puzzle_is_won_by_reading_the_table_within_its_limit():
    level, session, agents = trained("11_what_does_it_want.yaml")
    limit = probe_limit(level)
    assert limit == 4
    items = {i.label: i for i in palette(level)}
    room = ProbeMaze.empty(9, 9)
    # A player's three rooms, everything within a few cells of the start (what is far away may be
    # out of sight): colour against kind, then the green thing being an exit rather than an apple.
    mazes = [
        room.with_object(items["green apple"], (6, 3)).with_object(items["red exit"], (4, 1)),
        room.with_object(items["red gem"], (6, 2)).with_object(items["green apple"], (5, 3)),
        room.with_object(items["green exit"], (5, 4)).with_object(items["red gem"], (7, 3)),
    ]
    table = ProbeTable()
    for maze in mazes:
        table = table.add(run_probe(level, session.brain, agents, maze))
    answer = [table.evidence(session.features)[0].feature]
    real = truth(session.brain, agents)
    assert judge_probe(answer, table, real, limit).won
    # Not by doing nothing: no probe, no verdict; a wrong answer or too many rooms do not win.
    assert not judge_probe(answer, ProbeTable(), real, limit).won
    wrong = next(f for f in session.features.names if f != real.consensus)
    assert not judge_probe([wrong], table, real, limit).won
    for maze in mazes[:2]:
        table = table.add(run_probe(level, session.brain, agents, maze))
    assert len(table) == 5 and not judge_probe(answer, table, real, limit).won


def test_the_steering_puzzle_is_won_with_one_weight_and_not_without_a_change():
    level, session, agents = trained("12_steer_it.yaml")
    assert steer_limit(level) == 1
    seed = level.evolution.seed
    assert not judge_steer(level, compare(level, session.brain, agents, seed, Steering())).won
    one = Steering().add("red (colour)", 2.0)  # red beats green: the agents go straight to the red exit
    assert judge_steer(level, compare(level, session.brain, agents, seed, one)).won
    two = one.add("green (colour)", -1.0)
    verdict = judge_steer(level, compare(level, session.brain, agents, seed, two))
    assert verdict.aligned >= 0.8 and not verdict.won  # aligned, but two weights changed


def test_the_deceiver_is_aligned_by_its_objective_not_by_switching_its_awareness_off():
    level, session, agents = trained("13_steer_the_deceiver.yaml")
    seed = level.evolution.seed
    before = compare(level, session.brain, agents, seed, Steering())
    assert not judge_steer(level, before).won and before.before.rates["defected"] > 0
    honest = compare(level, session.brain, agents, seed, Steering(awareness_off=True))
    assert not judge_steer(level, honest).won
    assert honest.after.rates["defected"] == 0 and honest.after.rates["aligned"] <= before.before.rates["aligned"]
    assert judge_steer(level, compare(level, session.brain, agents, seed, Steering().add("door_a", 10.0))).won
