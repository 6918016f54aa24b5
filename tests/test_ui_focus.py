"""The focus view: a click or Tab shows one maze large with the selected agent and its path; Esc closes it."""

from __future__ import annotations

import time

import numpy as np
import pygame
import pytest

from game.ui import theme
from game.ui.scenes.training import SPEEDS
from tests.ui_helpers import frames, key, listed, scene


def _open(app, filename: str) -> None:
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app)
    names = [e.path.name for e in app.scene.entries]
    for _ in range(names.index(filename)):
        frames(app, 1, [key(pygame.K_DOWN)])
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "IntroScene"
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene(app) == "TrainingScene"


def _train(app, generations: int = 2) -> None:
    training = app.scene
    training.speed = len(SPEEDS) - 1
    deadline = time.monotonic() + 30
    while (training.current is None or training.current.record.generation < generations) \
            and time.monotonic() < deadline:
        frames(app, 1, dt=0.05)
        time.sleep(0.002)
    assert training.current is not None


def _click(pos) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=tuple(int(v) for v in pos))


def _colour_at(surface: pygame.Surface, xy) -> tuple[int, int, int]:
    return tuple(surface.get_at((int(xy[0]), int(xy[1]))))[:3]


def _check_episode_drawn(app, sc) -> None:
    """The focused maze shows the episode: the agent's dot on its cell, the planned path in white."""
    (place,) = sc.focus_places
    episode = sc.focus_episode()
    width = episode.width
    ax, ay = place.centres(np.array([episode.walked[-1]]), width)
    assert _colour_at(app.screen, (ax[0], ay[0])) == theme.HIGHLIGHT, "the agent is not drawn on its cell"
    assert place.cell >= 20, "the focused maze is not large"
    path = [c for c in episode.path[1:-1] if c != tuple(divmod(int(episode.walked[-1]), width))]
    if path:  # a cell of the planned path, away from the agent: the path's white centre line
        on_path = [place.cell_rect(r, c).center for r, c in path]
        assert any(_colour_at(app.screen, p) == (255, 255, 255) for p in on_path), "the planned path is not drawn"


@pytest.mark.parametrize("classroom", [False, True])
def test_focus_in_training_opens_on_click_and_tab_and_closes_with_esc(app, classroom):
    if classroom:
        app.toggle_classroom()
    _open(app, "02_cheese_corner.yaml")
    training = app.scene
    _train(app)
    frames(app, 2, [key(pygame.K_SPACE)])  # pause: the replay stays put
    assert training.focus == classroom, "classroom mode opens in focus, otherwise the grid"
    if classroom:
        frames(app, 1, [key(pygame.K_ESCAPE)])
        assert not training.focus and scene(app) == "TrainingScene", "Esc closes the focus view, not the scene"
    frames(app, 1)
    thumbs = list(training.focus_places)
    assert len(thumbs) == training.current.batch.n_layouts > 1
    frames(app, 1, [_click(thumbs[1].rect.center)])
    frames(app, 1)
    assert training.focus and training.layout_sel == 1
    _check_episode_drawn(app, training)
    assert training.focus_places[0].cell > thumbs[1].cell
    frames(app, 1, [key(pygame.K_TAB)])
    assert training.layout_sel == 2 % len(thumbs)
    frames(app, 1)
    _check_episode_drawn(app, training)
    frames(app, 1, [key(pygame.K_ESCAPE)])
    frames(app, 1)
    assert not training.focus and scene(app) == "TrainingScene"
    assert len(training.focus_places) == len(thumbs)
    frames(app, 1, [key(pygame.K_TAB)])
    assert training.focus
    frames(app, 1, [key(pygame.K_m)])
    frames(app, 1, [key(pygame.K_ESCAPE)])
    assert not training.mind and training.focus, "Esc closes the top overlay (the mind reader) first"
    frames(app, 1, [key(pygame.K_ESCAPE)])
    frames(app, 1, [key(pygame.K_ESCAPE)])
    assert scene(app) != "TrainingScene"


def test_focus_in_deployment_shows_the_outcome_when_the_episode_ends(app):
    _open(app, "01_green_exit.yaml")
    _train(app, 3)
    frames(app, 2, [key(pygame.K_d)])
    if scene(app) == "TrainingScene":  # deploying a barely trained population asks first
        frames(app, 2, [key(pygame.K_d)])
    deploy = app.scene
    frames(app, 2, [key(pygame.K_SPACE)])  # skip the DEPLOYED moment
    frames(app, 2)
    assert deploy.phase == "run"
    frames(app, 2, [key(pygame.K_SPACE)])  # pause at the start
    thumbs = list(deploy.focus_places)
    frames(app, 1, [_click(thumbs[0].rect.center)])
    frames(app, 1)
    assert deploy.focus
    _check_episode_drawn(app, deploy)
    episode = deploy.focus_episode()
    assert not episode.ended
    deploy.t = float(deploy.frames - 1)
    frames(app, 1)
    episode = deploy.focus_episode()
    assert episode.ended and episode.outcome in theme.OUTCOME_RGB
    (place,) = deploy.focus_places
    above = pygame.Rect(place.rect.x - 400, place.rect.y - 80, place.rect.width + 800, 80).clip(app.screen.get_rect())
    band = pygame.surfarray.array3d(app.screen.subsurface(above)).reshape(-1, 3)  # the line over the maze
    assert (band == np.array(theme.OUTCOME_RGB[episode.outcome])).all(axis=1).sum() > 50, "no outcome banner"
    frames(app, 1, [key(pygame.K_ESCAPE)])
    assert not deploy.focus and scene(app) == "DeployScene"


def test_focus_names_each_kind_of_object_once_without_covering_objects(app):
    """Level 05 deploys into mazes full of keys: one 'yellow key' tag, over no object and not the agent."""
    from game.ui import focus

    _open(app, "05_keys_and_chests.yaml")
    _train(app, 2)
    training = app.scene
    frames(app, 1, [key(pygame.K_TAB)])
    frames(app, 1)
    assert training.focus
    (place,) = training.focus_places
    episode = training.focus_episode()
    names = [name for name, _ in focus.shown_tags]
    assert names and len(names) == len(set(names))
    assert set(names) <= {focus.object_name(o.kind, o.colour) for o in episode.layout.objects}
    cells = [place.cell_rect(*o.pos) for o in episode.layout.objects]
    cells.append(place.cell_rect(*divmod(int(episode.walked[-1]), episode.width)))
    for name, rect in focus.shown_tags:
        assert rect.collidelist(cells) < 0, f"the '{name}' tag covers an object or the agent"


def test_a_grid_of_too_many_big_mazes_shows_the_selected_run_and_focus_reaches_every_maze(app, tmp_path):
    """16 mazes of 128x128 do not fit 1024x600 at one pixel a cell: the training grid shows a run
    of them, never overlapping, says which under them, and Tab / a click still reach every maze;
    back from the focus view, the grid shows the run that holds the maze last focused."""
    from game.bench import generated_level_text

    mine = tmp_path / "levels"
    mine.mkdir(exist_ok=True)
    text = generated_level_text(128, objects=3, population=8, episodes=16, pool=16, max_steps=40)
    (mine / "zz_big.yaml").write_text(text, encoding="utf-8")
    _open(app, "zz_big.yaml")
    _train(app, 1)
    training = app.scene
    frames(app, 2, [pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 600), w=1024, h=600)])
    places = training.focus_places
    shown = [i for i, p in enumerate(places) if p is not None]
    assert len(places) == 16 and 1 <= len(shown) < 16 and shown == list(range(shown[0], shown[-1] + 1))
    rects = [places[i].rect for i in shown]
    assert all(not a.colliderect(b) for k, a in enumerate(rects) for b in rects[k + 1 :]), "mazes overlap"
    frames(app, 2, [_click(rects[-1].center)])
    assert training.focus and training.layout_sel == shown[-1], "a click focuses the maze under it"
    for _ in range(15 - shown[-1]):
        frames(app, 1, [key(pygame.K_TAB)])
    assert training.layout_sel == 15
    frames(app, 2, [key(pygame.K_ESCAPE)])
    assert not training.focus and training.focus_places[15] is not None and training.focus_places[0] is None


def test_with_a_thought_bubble_no_name_tag_sits_on_its_trail(app):
    """Level 09's focus view with the deceptive agent's thought bubble below the maze: the bubble's
    trail of circles runs down from the agent, and no object's name tag is put under it."""
    from game.ui import focus

    _open(app, "09_deceptive_ab.yaml")
    _train(app, 2)
    training = app.scene
    frames(app, 2, [key(pygame.K_TAB)])
    assert training.focus and training.shown_thought is not None, "the bubble is on by default"
    for maze in range(training.n_mazes):
        (place,) = training.focus_places
        here = place.cell_rect(*divmod(int(training.focus_episode().walked[-1]), place.cols))
        below = pygame.Rect(here.centerx - 4, here.bottom, 8, app.screen.get_height())
        assert focus.shown_tags, "the objects are named"
        for name, rect in focus.shown_tags:
            assert not rect.colliderect(below), f"maze {maze + 1}: the '{name}' tag is on the bubble's trail"
        frames(app, 2, [key(pygame.K_TAB)])
