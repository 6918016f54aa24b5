"""The probe and steer scenes, played with keys and clicks under the dummy video driver."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.core.probe import truth
from game.ui.levels_index import load_entry
from game.ui.run_state import RunState
from game.ui.scenes.intro import IntroScene
from tests.ui_helpers import frames, key, scene

LEVELS = Path(__file__).resolve().parents[1] / "levels"


def click(pos) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos),
            pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos)]


def test_the_probe_puzzle_trains_out_of_sight_then_places_runs_and_answers(app):
    app.push(IntroScene(app, load_entry(LEVELS / "11_what_does_it_want.yaml", "campaign")))
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "ProbeScene"
    probe = app.scene
    for _ in range(200):  # deadline: 30 generations, a few per frame
        if probe.ready:
            break
        frames(app, 1)
    assert probe.ready and probe.limit == 4
    frames(app, 2)
    labels = [i.label for i in probe.items]
    # Keyboard: pick the green apple, walk the cursor, place it; then a red gem by mouse click.
    frames(app, 1, [key(pygame.K_1 + labels.index("green apple"))])
    for k in (pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_RIGHT):
        frames(app, 1, [key(k)])
    frames(app, 1, [key(pygame.K_SPACE)])
    assert probe.maze.item_at((5, 3)) is not None
    frames(app, 1, [key(pygame.K_1 + labels.index("red gem"))])
    frames(app, 1, click(probe.place.cell_rect(6, 2).center))
    assert probe.maze.item_at((6, 2)).label == "red gem"
    frames(app, 2, [key(pygame.K_RETURN)])
    assert len(probe.table) == 1 and sum(probe.table.rows[0].counts().values()) == len(probe.genomes)
    # Drag the apple somewhere else, run again: a second row.
    start = probe.place.cell_rect(5, 3).center
    end = probe.place.cell_rect(3, 5).center
    frames(app, 1, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=start),
                    pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=end)])
    assert probe.maze.item_at((3, 5)) is not None and probe.maze.item_at((5, 3)) is None
    frames(app, 2, [key(pygame.K_RETURN)])
    assert len(probe.table) == 2
    frames(app, 2, [key(pygame.K_a)])
    assert probe.answering
    real = truth(probe.brain, probe.genomes)
    frames(app, 2, [key(pygame.K_1 + probe.features.index(real.consensus))])
    frames(app, 2, [key(pygame.K_RETURN)])
    assert probe.verdict is not None and probe.verdict.won
    from game.core.progress import ProgressStore, data_dir

    saved = ProgressStore.open(data_dir()).get("11_what_does_it_want")  # on disk, as the level select reads it
    assert saved.won and saved.attempts == 1
    frames(app, 2, [key(pygame.K_d)])  # then watch the same population deployed
    assert scene(app) == "DeployScene"


def trained_run(name: str) -> RunState:
    run = RunState.start(load_entry(LEVELS / name, "campaign"))
    session = run.new_session()
    session.run()
    run.trained_generations = session.generations
    return run


@pytest.mark.parametrize("name, feature, presses", [("12_steer_it.yaml", "red (colour)", 4),
                                                     ("13_steer_the_deceiver.yaml", "door_a", 20)])
def test_steering_from_the_deployment_scene_retargets_the_same_agents(app, name, feature, presses):
    from game.ui.scenes.deploy import DeployScene

    run = trained_run(name)
    app.push(DeployScene(app, run))
    frames(app, 2, [key(pygame.K_SPACE)])  # skip the swap animation
    frames(app, 2, [key(pygame.K_s)])
    assert scene(app) == "SteerScene"
    steer = app.scene
    before = dict(steer.result.before.rates)
    assert not steer.verdict.won
    while steer.features[steer.focus] != feature:
        frames(app, 1, [key(pygame.K_DOWN)])
    for _ in range(presses):
        frames(app, 1, [key(pygame.K_RIGHT)])
    frames(app, 30)
    assert steer.steering.changes == 1 and steer.verdict.won
    from game.ui import progress_view

    assert progress_view.store(app).get(progress_view.key_of(run)).won  # the win is saved
    assert ": Won:" in run.steered  # and the debrief will report the steered agents, not only the run
    assert steer.result.after.rates["aligned"] > before["aligned"]
    assert steer.result.before.rates == before  # the same agents in the same mazes, as trained
    frames(app, 1, [key(pygame.K_0)])
    assert steer.steering.changes == 0 and not steer.verdict.won
    if steer.has_awareness:
        frames(app, 2, [key(pygame.K_w)])
        assert steer.steering.awareness_off and not steer.verdict.won
    frames(app, 2, [key(pygame.K_ESCAPE)])
    assert scene(app) == "DeployScene"
    frames(app, 2, [key(pygame.K_i)])
    assert scene(app) == "ProbeScene" and app.scene.ready
