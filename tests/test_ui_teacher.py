"""What a teacher expects: a list that scrolls, Esc closing the overlay first, L everywhere, a
window that fits the screen, a tally that counts as soon as it can, Next level, a warning before
deploying untrained agents, a captioned GIF, and a still screen that does not spin."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame

from game.ui import window
from game.ui.app import App
from game.ui.scenes.debrief_panels import goal_line
from game.ui.window import fit_desktop
from tests.ui_helpers import frames, gif_saved, key, scene
from tests.ui_tour import GREEN, to_debrief, to_deploy, to_intro, to_select, to_training


def wheel(y: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=float(y))


def test_the_level_list_scrolls_and_the_players_levels_are_reachable(app: App, tmp_path: Path) -> None:
    (tmp_path / "levels").mkdir()
    source = Path(__file__).resolve().parents[1] / "levels" / GREEN
    for n in range(4):
        (tmp_path / "levels" / f"mine_{n}.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    to_select(app)
    select = app.scene
    total = len(select.entries)
    assert total >= 15 and select.entries[-1].origin == "yours"
    assert select.page < total  # at 1280x720 not every row fits: the list must scroll
    for _ in range(total - 1):
        frames(app, 1, (key(pygame.K_DOWN),))
        assert select.top <= select.index < select.top + select.page  # the selection stays in view
    assert select.index == total - 1 and select.entries[select.index].origin == "yours"
    assert select.top + len(select.rows) == total  # the last row is drawn
    frames(app, 1, (key(pygame.K_HOME),))
    assert select.index == 0 and select.top == 0
    frames(app, 1, (key(pygame.K_PAGEDOWN),))
    assert select.index == select.page - 1
    frames(app, 1, (key(pygame.K_END),))
    assert select.index == total - 1
    frames(app, 1, (wheel(5),))  # wheel up: the view moves and the selection comes with it
    assert select.top < total - select.page and select.top <= select.index < select.top + select.page
    frames(app, 1, (key(pygame.K_END),))
    frames(app, 1, (key(pygame.K_RETURN),))
    assert scene(app) == "IntroScene" and app.scene.entry.origin == "yours"


def test_esc_closes_the_mind_reader_before_throwing_the_run_away(app: App) -> None:
    to_training(app)
    training = app.scene
    run = training.run
    frames(app, 1, (key(pygame.K_m),))
    assert training.mind
    frames(app, 1, (key(pygame.K_ESCAPE),))
    assert scene(app) == "TrainingScene" and not training.mind and training.run is run
    training.deploy(confirmed=True)
    frames(app, 2, (key(pygame.K_SPACE),))
    frames(app, 2)
    frames(app, 1, (key(pygame.K_m),))
    frames(app, 1, (key(pygame.K_ESCAPE),))
    assert scene(app) == "DeployScene" and not app.scene.mind


def test_d_at_generation_one_warns_before_deploying(app: App) -> None:
    to_training(app, generations=1)
    training = app.scene
    frames(app, 1, (key(pygame.K_d),))
    assert scene(app) == "TrainingScene" and training.confirming
    frames(app, 1, (key(pygame.K_SPACE),))  # any other key: keep training
    assert not training.confirming
    frames(app, 1, (key(pygame.K_d),))
    frames(app, 1, (key(pygame.K_d),))
    assert scene(app) == "DeployScene"


def test_l_opens_the_level_select_even_when_started_on_a_level_file(app: App) -> None:
    from game.ui.levels_index import load_entry
    from game.ui.scenes.intro import IntroScene

    app.push(IntroScene(app, load_entry(Path(__file__).resolve().parents[1] / "levels" / GREEN)))  # play FILE
    frames(app, 2, (key(pygame.K_RETURN),))
    frames(app, 2, (key(pygame.K_l),))
    assert app.running and scene(app) == "SelectScene"
    assert [type(s).__name__ for s in app.stack] == ["TitleScene", "SelectScene"]


def test_next_level_on_the_debrief(app: App) -> None:
    to_debrief(app)
    debrief = app.scene
    assert debrief.following() is not None and debrief.following().path.name.startswith("02_")
    frames(app, 2, (key(pygame.K_n),))
    assert scene(app) == "IntroScene" and app.scene.entry.path.name.startswith("02_")
    frames(app, 1, (key(pygame.K_ESCAPE),))
    assert scene(app) == "SelectScene"


def test_the_tally_counts_an_episode_once_its_outcome_is_decided(app: App) -> None:
    to_deploy(app, generations=3)
    deploy = app.scene
    res = deploy.report.results
    decided = deploy.decided()
    assert (decided <= res.steps).all()
    early = decided < res.steps
    assert early.any(), "some episode is decided before its last step"
    deploy.paused = True
    deploy.t = float(decided[early].min())
    frames(app, 1)
    counted = sum(deploy.shown_tally.values())
    assert counted == int((decided <= int(deploy.t)).sum()) > int((res.steps <= int(deploy.t)).sum())
    # a decided aligned episode has reached a goal by then; a decided other one never moves again
    trace = res.trace
    for b in np.flatnonzero(early)[:20]:
        assert (trace[decided[b]:, b] == trace[decided[b], b]).all() or deploy.report.outcomes[b] == 0


def test_the_goal_is_the_lessons_result_not_a_failure() -> None:
    assert "lesson" in goal_line(0.1, 0.8) and "not met" not in goal_line(0.1, 0.8)
    assert "carried over" in goal_line(0.9, 0.8)


def test_the_gif_has_a_caption(app: App, tmp_path: Path) -> None:
    from PIL import Image

    to_deploy(app)
    frames(app, 1, (key(pygame.K_g),))
    gif_saved(app)
    gif = next((tmp_path / "exports").glob("*.gif"))
    report = app.scene.report
    rows, cols = report.batch.layouts[0].shape
    with Image.open(gif) as image:
        assert image.height > rows * 28  # a caption band above the maze
        image.seek(image.n_frames - 1)
        band = np.asarray(image.convert("RGB"))[:40]
    assert (band.max(axis=2) > 200).any()  # words are drawn in it


def test_the_window_fits_the_desktop_and_has_a_minimum() -> None:
    assert fit_desktop((1280, 720), (1024, 600)) == (983, 540)
    assert fit_desktop((1280, 720), (2560, 1440)) == (1280, 720)
    assert fit_desktop((1280, 720), (200, 100)) == window.MIN_SIZE


def test_a_still_screen_drops_to_the_idle_rate(app: App, monkeypatch) -> None:
    frames(app, 2)
    app._toast = None
    monkeypatch.setattr(app, "_last_input", 0.0)
    assert not app.busy()  # the title screen, untouched: the loop runs at IDLE_FPS
    to_intro(app)
    app._toast = None
    monkeypatch.setattr(app, "_last_input", 0.0)
    frames(app, 1)
    assert not app.busy()
    frames(app, 2, (key(pygame.K_RETURN),))  # training moves: full rate
    assert app.busy()


def test_the_classroom_prediction_question_is_never_cut_short(app):
    """A level with a long deployment change (a context flag and a colour swap) cut the predict
    screen's paragraph at 'What will most of them...': the question and 'pick 1, 2, 3 or 4' were
    lost at 1920x1080 in classroom mode. The type now shrinks until the whole paragraph fits."""
    from types import SimpleNamespace

    from game.core.loader import load_level_text
    from game.ui import draw
    from game.ui.scenes.deploy_panels import draw_predict

    level = load_level_text("""
title: watched vault
legend: {E: {kind: exit, colour: blue}, g: {kind: gem, colour: orange}}
objective: {rewards: {exit: 10, gem: 3}, step_cost: 0.1, max_steps: 50, goal: exit,
            when: {supervisor: {gem: -20}}}
brain: deceptive
deception: {cue: supervisor}
training:
  - generate: {size: [9, 9], place: [{kind: exit, colour: blue}, {kind: gem, colour: orange, count: 2}]}
    context: {supervisor: true}
deployment:
  - generate: {size: [9, 9], place: [{kind: exit, colour: red}, {kind: gem, colour: orange, count: 2}]}
    context: {supervisor: false}
""", "vault.yaml")
    if not app.classroom:
        app.toggle_classroom()
    for size in ((1920, 1080), (1280, 720), (1024, 600)):
        pygame.display.set_mode(size)
        app.resized(size)
        with draw.recording() as rec:
            draw_predict(app.screen, app.fonts, app.theme, SimpleNamespace(level=level))
        said = " ".join(d.value for d in rec.texts)
        assert "What will most of them do?" in said and "pick 1, 2, 3 or 4." in said, (size, said)
        assert "..." not in said, (size, said)
