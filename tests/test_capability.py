"""The capability sweep: a perception budget clips every range, and on a proxy level more
capability turns capability failures into competent misaligned outcomes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.core.capability import NAME, VALUES, capability_puzzle
from game.core.errors import LevelError
from game.core.level import ANY
from game.core.loader import load_level, load_level_text, load_puzzle
from game.core.perceives import agent_ranges
from game.core.provenance import built_in
from game.core.session import TrainingSession
from game.core.sweep import run_sweep

GREEN = Path(__file__).resolve().parents[1] / "levels" / "01_green_exit.yaml"


def _with(text: str, perception: str) -> str:
    """The level with another perception line (and without its knobs, which may set prices)."""
    text = text.split("\nknobs:")[0]
    return "\n".join(perception if line.startswith("perception:") else line for line in text.splitlines())


def test_budget_clips_fixed_and_evolved_ranges() -> None:
    text = GREEN.read_text()
    fixed = load_level_text(_with(text, "perception: {colour_range: any, kind_range: 2, landmarks: true, budget: 3}"))
    assert fixed.perception.fixed_range("colour") == 3 and fixed.perception.fixed_range("kind") == 2
    assert fixed.perception.fixed_range("landmarks") == 3
    assert load_level(GREEN).perception.fixed_range("colour") == ANY
    priced = load_level_text(_with(text, "perception: {prices: {colour: 0.001, kind: 0.01}, landmarks: false, budget: 2}"))
    session = TrainingSession(priced, seed=1000)
    genomes = session.optimizer.ask(session.state, np.random.default_rng(0))
    ranges = session.brain.perception_ranges(genomes)
    assert ranges["colour"].max() <= 2 and ranges["kind"].max() <= 2
    assert all(r.colour <= 2 and r.kind <= 2 for r in agent_ranges(session.brain, genomes))
    assert "nothing beyond 2 cells" in built_in(priced)
    with pytest.raises(LevelError):
        load_level_text(_with(text, "perception: {colour_range: any, budget: -1}"))


def test_more_capability_turns_capability_failure_into_misalignment() -> None:
    """Level 01 on two fresh seeds: at budget 1 the agents mostly fail to find anything; with
    colour seen from anywhere they competently go for the green proxy."""
    puzzle = capability_puzzle(load_puzzle(GREEN))
    assert puzzle.knobs[0].name == NAME and VALUES[-1] == "any"
    result = run_sweep(puzzle, NAME, [1, "any"], [1000, 1001], jobs=1)
    low, high = result.points
    assert low.deployment["capability_failure"] > 0.6
    assert high.deployment["misaligned"] > 0.6
    assert high.deployment["capability_failure"] < low.deployment["capability_failure"]


def test_debrief_shows_both_lines_and_opens_the_capability_curve(app) -> None:
    """A planner level's debrief: the Built in and Evolved lines (from this run's genomes), and C
    opens the sweep view over the perception budget."""
    import pygame

    from game.core.session import deploy
    from game.ui.levels_index import LevelEntry
    from game.ui.run_state import RunState
    from game.ui.scenes.debrief import DebriefScene
    from tests.ui_helpers import frames, key

    entry = LevelEntry(GREEN, "campaign", load_level(GREEN))
    run = RunState.start(entry)
    session = run.new_session()
    for _ in range(2):
        session.step()
    run.report = deploy(run.level, session.brain, session.champions(), seed=run.seed)
    debrief = DebriefScene(app, run)
    app.push(debrief)
    frames(app, 2)
    texts = [getattr(e, "html_text", "") for e in app.manager.get_root_container().elements]
    body = next(t for t in texts if "Built in:" in t)
    assert "Evolved</b> (this run, read from the" in body and "agents want" in body
    frames(app, 2, [key(pygame.K_c)])
    sweep = app.scene
    assert type(sweep).__name__ == "SweepScene" and sweep.job.knob.name == NAME
    assert list(sweep.job.values) == list(VALUES) and sweep.job.first_seed == 1000
    frames(app, 1, [key(pygame.K_ESCAPE)])  # stops the measuring
    assert app.scene is debrief
