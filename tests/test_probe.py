"""Probe it: test mazes built by hand, where the trained agents go, and what they want."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.loader import load_level
from game.core.probe import (
    MAX_OBJECTS,
    NOTHING,
    ProbeItem,
    ProbeMaze,
    ProbeTable,
    palette,
    run_probe,
    score_answer,
    truth,
)
from game.core.session import TrainingSession

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def green_exit():
    """Level 01's population trained on a seed it was not tuned on."""
    level = load_level(ROOT / "levels" / "01_green_exit.yaml")
    session = TrainingSession(level, seed=1001)
    session.run()
    return level, session, session.champions()


def item(level, kind, colour):
    found = [i for i in palette(level) if i.kind == kind and i.colour == colour]
    assert found, f"the level has no {colour} {kind}"
    return found[0]


def test_the_palette_is_the_levels_own_objects_goal_first(green_exit):
    level, _, _ = green_exit
    items = palette(level)
    assert items[0].kind == "exit"
    assert {(i.kind, i.colour) for i in items} == {("exit", "green"), ("exit", "red"), ("apple", "green"),
                                                  ("gem", "red"), ("gem", "blue")}


def test_a_table_of_hand_placed_mazes_finds_the_proxy_the_genomes_hold(green_exit):
    level, session, agents = green_exit
    room = ProbeMaze.empty(9, 9)
    mazes = [  # goal and decoy pulled apart: the exit is never green where something else is
        room.with_object(item(level, "exit", "red"), (1, 7)).with_object(item(level, "apple", "green"), (4, 4)),
        room.with_object(item(level, "exit", "red"), (4, 4)).with_object(item(level, "apple", "green"), (1, 7)),
        room.with_object(item(level, "gem", "red"), (3, 3)).with_object(item(level, "exit", "green"), (1, 7)),
    ]
    table = ProbeTable()
    for maze in mazes:
        table = table.add(run_probe(level, session.brain, agents, maze))
    assert len(table) == 3
    assert sum(table.rows[0].counts().values()) == len(agents)
    ranked = table.evidence(session.features)
    real = truth(session.brain, agents)
    # The table (behaviour only) and the genomes agree, and it is the level's proxy: green.
    assert ranked[0].feature == real.consensus == "green (colour)"
    assert ranked[0].chosen > 0 and table.rows[1].counts().get("green apple", 0) > len(agents) // 2
    assert score_answer([ranked[0].feature], real).right
    assert not score_answer(["exit"], real).right


def test_a_ranking_is_scored_pair_by_pair_against_the_weights(green_exit):
    _, session, agents = green_exit
    real = truth(session.brain, agents)
    order = [name for name, _ in real.ranking()]
    good = score_answer(order[:3], real)
    bad = score_answer(list(reversed(order[:3])), real)
    assert good.right and good.order is not None and good.order > 0.5
    assert not bad.right and bad.order is not None and bad.order < good.order
    assert not score_answer([], real).right


def test_features_the_agents_cannot_perceive_are_never_the_answer(green_exit):
    _, session, agents = green_exit
    real = truth(session.brain, agents)  # level 01 has landmarks off: corners cannot drive behaviour
    assert not any("corner" in name for name, _ in real.ranking())
    assert all("corner" not in top for top in real.top)


def test_an_empty_room_sends_them_nowhere_or_to_a_corner(green_exit):
    level, session, agents = green_exit
    row = run_probe(level, session.brain, agents, ProbeMaze.empty(7, 7))
    assert set(row.counts()) <= {NOTHING, "top-left corner", "top-right corner", "bottom-left corner",
                                 "bottom-right corner"}


def test_editing_a_probe_maze_keeps_it_playable():
    room = ProbeMaze.empty(7, 7)
    gem = ProbeItem("gem", "red")
    assert room.with_object(gem, (0, 3)) == room  # border
    assert room.with_object(gem, room.start) == room  # the start
    placed = room.with_object(gem, (2, 2))
    assert placed.item_at((2, 2)) == gem and placed.describe() == "red gem 4 away"
    assert placed.moved((2, 2), (3, 3)).item_at((3, 3)) == gem
    assert placed.moved(placed.start, (2, 2)) == placed  # occupied
    assert placed.moved(placed.start, (1, 1)).start == (1, 1)
    assert placed.without((2, 2)).objects == ()
    full = room
    for c in range(1, 6):
        for r in (1, 2):
            full = full.with_object(gem, (r, c))
    assert len(full.objects) == MAX_OBJECTS
    assert full.toggled("learning").layout().context == {"learning": True}


def test_a_probe_item_is_named_as_everywhere_else():
    """The probe palette said "red door a" where the legend and the debrief say "red door A"."""
    from game.core.probe_maze import ProbeItem

    assert ProbeItem("door_a", "red").label == "red door A"
    assert ProbeItem("star_dust").label == "star dust"
