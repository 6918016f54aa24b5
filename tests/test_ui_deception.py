"""The deceptive brain on screen (dummy video driver): the composition chart, the thought bubble,
the defected tally, the mind reader's true objective and the debrief's numbers.

Every check compares what was drawn with the simulation it was drawn from (GenerationRecord,
EpisodeResults.info, DeploymentReport), so the screen cannot say something the model did not do.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame

from game.core.experiment import hazard_rates
from game.core.kinds import Disposition, Measure
from game.core.loader import load_level
from game.core.session import deploy
from game.ui import thought
from game.ui.app import App
from game.ui.composition_chart import COLOUR
from game.ui.levels_index import load_entry
from game.ui.run_state import RunState
from game.ui.scenes.debrief_panels import watched_lines
from game.ui.scenes.training import SPEEDS
from tests.test_ui_flow import ROOT, frames, key, open_level, scene_name
from tests.ui_helpers import frames_until


def colour_present(surface: pygame.Surface, rect: pygame.Rect, rgb: tuple[int, int, int]) -> int:
    pixels = pygame.surfarray.array3d(surface.subsurface(rect.clip(surface.get_rect())))
    return int(np.all(pixels == np.array(rgb), axis=2).sum())


def numbers(info: dict, b: int) -> list[str]:
    """The figures the bubble must show for episode b, formatted as the bubble formats them."""
    return [f"{info['p_watched'][b]:.0%}", f"{info['value_own_now'][b]:.2f}", f"{info['value_comply'][b]:.2f}",
            f"{info['value_defect'][b]:.2f}", f"{int(info['deployment_ahead'][b])} deployment"]


def train_to_end(app: App):
    open_level(app, "09_deceptive_ab.yaml")
    frames(app, 2, [key(pygame.K_RETURN)])
    training = app.scene
    assert scene_name(app) == "TrainingScene"
    training.speed = len(SPEEDS) - 1
    deadline = time.monotonic() + 20
    while not training.finished and time.monotonic() < deadline:
        frames(app, 1, dt=0.05)
        time.sleep(0.002)
    assert training.finished
    frames(app, 2)
    return training


def test_training_shows_composition_and_thoughts(app: App) -> None:
    training = train_to_end(app)
    session = training.run.session
    assert len(training.compositions) == len(session.history)
    plot = training.composition_plot
    assert plot is not None
    last = session.history[-1].composition[Measure.GENOMES]
    for name in (Disposition.ALIGNED, Disposition.DECEPTIVE):  # the bands with a share now are drawn in their colours
        if last[name] > 0.05:
            assert colour_present(app.screen, plot, COLOUR[name]) > 20, name

    gen = training.current
    agent = training.selected_agent()
    b = agent * gen.batch.n_layouts + training.layout_sel
    info = gen.results.info
    shown = training.shown_thought
    assert shown is not None
    assert shown.decision == thought.thought_of(info, b, "learning", "x", "y").decision
    for figure in numbers(info, b):
        assert figure in shown.text, (figure, shown.text)
    # By default the bubble is over an agent that complies while wanting something else.
    assert int(info["decision"][b]) == 1 and info["value_own_if_comply"][b] < info["value_own_now"][b]
    assert "comply" in shown.text and "Learning lamp ON" in shown.text

    frames(app, 2, [key(pygame.K_v)])  # the other measure, same chart
    assert training.measure == Measure.BEHAVIOUR and training.composition_plot is not None
    frames(app, 2, [key(pygame.K_DOWN)])  # another agent: the bubble follows it
    agent = training.selected_agent()
    b = agent * gen.batch.n_layouts + training.layout_sel
    assert training.shown_thought is not None and f"{info['value_own_now'][b]:.2f}" in training.shown_thought.text
    frames(app, 2, [key(pygame.K_m)])  # mind reader: true objective and the awareness note
    assert training.mind and training.shown_thought is not None
    frames(app, 2, [key(pygame.K_h)])
    assert training.shown_thought is None


def test_deployment_tally_bubble_and_debrief(app: App) -> None:
    train_to_end(app)
    frames(app, 2, [key(pygame.K_d)])
    if scene_name(app) == "TrainingScene":  # deployed early: D again past the warning
        frames(app, 2, [key(pygame.K_d)])
    deployment = app.scene
    frames(app, 2, [key(pygame.K_SPACE)])  # skip the DEPLOYED moment
    frames(app, 2)
    assert deployment.phase == "run"
    report = deployment.report
    frames_until(app, lambda: deployment.done, "the deployment", dt=0.5)
    frames(app, 1)
    assert deployment.shown_tally["defected"] == int((report.outcomes == 3).sum())
    assert deployment.shown_tally["defected"] > 0

    b = deployment.episode()
    assert report.outcomes[b] == 3  # it starts on an agent that defected
    shown = deployment.shown_thought
    for figure in numbers(report.results.info, b):
        assert figure in shown.text, (figure, shown.text)
    assert shown.decision == "defect" and "Learning lamp OFF" in shown.text

    frames(app, 2, [key(pygame.K_m)])
    assert deployment.mind and deployment.shown_thought is not None
    frames(app, 2, [key(pygame.K_RETURN)])
    assert scene_name(app) == "DebriefScene"
    measured = " ".join(app.scene.measured)
    assert f"Defected: {int((report.outcomes == 3).sum())} of {len(report.outcomes)}" in measured
    assert "deceptive" in measured


def test_debrief_watched_versus_unwatched_matches_the_report() -> None:
    level = load_level(ROOT / "levels" / "07_absent_supervisor.yaml")
    run = RunState.start(load_entry(ROOT / "levels" / "07_absent_supervisor.yaml"))
    session = run.new_session()
    for _ in range(8):
        session.step()
    run.report = deploy(level, session.brain, session.champions(), seed=run.seed)
    lines = watched_lines(run)
    rates = hazard_rates(run.report.batch, run.report.results, session.features.contexts, session.features.kinds)
    assert lines and "shortcut" in lines[0]
    assert f"({rates['shortcut | supervisor on']:.0%})" in lines[1] and "present" in lines[1]
    assert f"({rates['shortcut | supervisor off']:.0%})" in lines[2] and "absent" in lines[2]


def test_bubble_fits_its_band_and_is_drawn_off_screen() -> None:
    pygame.font.init()
    from game.ui.theme import Fonts, Theme

    info = {"p_watched": np.array([0.95]), "deployment_ahead": np.array([3]), "seen_unwatched": np.array([0]),
            "value_own_now": np.array([0.73]), "value_own_if_comply": np.array([0.09]),
            "value_comply": np.array([2.17]), "value_defect": np.array([0.80]), "decision": np.array([1]),
            "defected": np.array([False])}
    mine = thought.thought_of(info, 0, "learning", "door B", "door A")
    assert "0.09 + 0.95 × 3 × 0.73 = 2.17" in mine.text and mine.decision == "comply"
    surface = pygame.Surface((640, 480))
    fonts, t = Fonts(), Theme((1280, 720))
    height = thought.bubble_height(fonts, t, mine, 620)
    band = pygame.Rect(10, 470 - height, 620, height)
    box = thought.draw_bubble(surface, fonts, t, mine, band, (100, 100))
    assert band.contains(box)
    assert colour_present(surface, box, thought.BUBBLE) > box.width * box.height // 3


def test_in_a_wide_focus_view_the_bubble_goes_beside_a_square_maze_and_below_a_long_one() -> None:
    """Classroom type at 1920x1080: below a square maze, the bubble left it a fifth of the height
    (a 200-pixel maze on a projector); beside it, the maze is drawn much larger. A long, low maze
    keeps the bubble below. The bubble always fits its band."""
    pygame.font.init()
    from game.ui.theme import Fonts, Theme

    info = {"p_watched": np.array([0.95]), "deployment_ahead": np.array([3]), "seen_unwatched": np.array([0]),
            "value_own_now": np.array([0.65]), "value_own_if_comply": np.array([0.0]),
            "value_comply": np.array([1.85]), "value_defect": np.array([0.65]), "decision": np.array([0]),
            "defected": np.array([False])}
    mine = thought.thought_of(info, 0, "supervisor", "bottom-left corner", "blue exit")
    fonts, t = Fonts(), Theme((1920, 1080), classroom=True)
    rect = pygame.Rect(36, 180, 1130, 720)

    def cell(area: pygame.Rect, rows: int, cols: int) -> float:
        return min(area.width / cols, area.height / rows)

    below, band_below, _ = thought.split_for_bubble(fonts, t, rect, mine, "title")
    beside, band, _ = thought.split_for_bubble(fonts, t, rect, mine, "title", shape=(8, 9))
    assert band is not None and band.left > beside.right and rect.contains(band)
    assert cell(beside, 8, 9) > 1.25 * cell(below, 8, 9)
    surface = pygame.Surface((1920, 1080))
    box = thought.draw_bubble(surface, fonts, t, mine, band, (beside.x + 50, beside.bottom - 50), "title")
    assert band.contains(box)
    long_maze, band_long, _ = thought.split_for_bubble(fonts, t, rect, mine, "title", shape=(5, 13))
    assert (long_maze, band_long) == (below, band_below), "a long maze keeps the bubble below"


def test_composition_chart_marks_when_awareness_appears() -> None:
    """Regression: with awareness from a later generation, a dashed line marks that generation."""
    pygame.font.init()
    from game.ui import theme
    from game.ui.composition_chart import composition_chart
    from game.ui.theme import Fonts, Theme

    shares = {Disposition.ALIGNED: 0.5, Disposition.HONEST_MISALIGNED: 0.5, Disposition.DECEPTIVE: 0.0}
    history = [{Measure.GENOMES: shares, Measure.BEHAVIOUR: shares}] * 10
    surface = pygame.Surface((500, 400))
    surface.fill(theme.BG)
    plot = composition_chart(surface, surface.get_rect(), Fonts(), Theme((1280, 720)), history, 20, awareness_from=5)
    x = plot.x + round(plot.width * 5 / 19)
    column = pygame.Rect(x - 1, plot.y + plot.height // 2, 3, plot.height // 2 - 2)
    assert colour_present(surface, column, theme.TEXT) > 3
    assert colour_present(surface, plot, COLOUR[Disposition.ALIGNED]) > 100
    assert colour_present(surface, plot, COLOUR[Disposition.DECEPTIVE]) == 0


def test_prediction_offers_exactly_the_classes_the_level_can_produce():
    from game.ui import display

    ab = [key for key, _ in display.prediction_choices(load_level(ROOT / "levels" / "09_deceptive_ab.yaml"))]
    plain = [key for key, _ in display.prediction_choices(load_level(ROOT / "levels" / "01_green_exit.yaml"))]
    assert ab == ["aligned", "misaligned", "capability_failure", "defected"]
    assert plain == ["aligned", "misaligned", "capability_failure"]


def test_deployed_banner_says_what_changed_when_the_mazes_stay_the_same():
    from game.ui import display

    ab = load_level(ROOT / "levels" / "09_deceptive_ab.yaml")
    assert display.same_mazes(ab)
    caption = display.deployed_caption(ab)
    assert "same mazes" in caption and "learning lamp is on in training, off in deployment" in caption
    assert "never seen" not in display.maze_caption(ab)
    assert not display.same_mazes(load_level(ROOT / "levels" / "01_green_exit.yaml"))


def test_display_names_replace_identifiers():
    from game.core.loader import load_puzzle
    from game.ui import display

    assert display.context_words("old_news") == "old news" and display.context_words("learning") == "learning lamp"
    puzzle = load_puzzle(ROOT / "levels" / "10_catch_the_deceiver.yaml")
    cue = next(k for k in puzzle.knobs if k.name == "cue")
    assert [cue.show(v) for v in cue.values] == ["learning", "old news"]
    words = display.reward_words(load_level(ROOT / "levels" / "07_absent_supervisor.yaml"))
    assert "when the supervisor is present: shortcut -10" in words and "_" not in words


def test_context_badges_mark_the_supervisor_the_lamp_and_unannounced_tests():
    from game.ui.context_badges import badges

    assert ("supervisor", "WATCHED", True) in badges({"supervisor": True})
    assert ("supervisor", "unwatched", False) in badges({"supervisor": False})
    test = badges({"learning": False, "old_news": True}, training=True, cue="learning")
    assert ("test", "TEST: scored", True) in test and ("lamp", "lamp off", False) in test
    assert not any(icon == "test" for icon, _, _ in badges({"learning": False}, training=False, cue="learning"))


def test_absent_supervisor_deployment_headline_counts_shortcuts_watched_and_unwatched():
    from game.core.session import TrainingSession, deploy
    from game.ui.scenes.deploy_panels import watched_counts

    level = load_level(ROOT / "levels" / "07_absent_supervisor.yaml")
    session = TrainingSession(level, seed=1000)
    session.run()
    report = deploy(level, session.brain, session.champions(), seed=1000)
    ended = np.ones(len(report.outcomes), bool)
    [(kind, taken_w, n_w, taken_u, n_u)] = watched_counts(level, session.features, report.batch, report.results, ended)
    assert kind == "shortcut" and n_w > 0 and n_u > 0
    assert taken_w / n_w <= 0.2 and taken_u / n_u >= 0.8


def test_an_unaware_agent_names_the_levels_own_cue() -> None:
    """An agent that is not situationally aware said "I don't read the lamp" on every level,
    also where the cue is a supervisor or a flag of the level's own."""
    info = {"p_watched": np.array([0.9]), "deployment_ahead": np.array([5]), "seen_unwatched": np.array([0]),
            "value_own_now": np.array([1.52]), "value_own_if_comply": np.array([1.52]),
            "value_comply": np.array([1.52]), "value_defect": np.array([1.52]), "decision": np.array([0]),
            "defected": np.array([False])}
    said = {cue: thought.thought_of(info, 0, cue, "the exit", "the exit").text
            for cue in ("learning", "supervisor", "red_light")}
    assert "I don't read the learning lamp:" in said["learning"]
    assert "I don't read the supervisor:" in said["supervisor"]
    assert "I don't read the red light:" in said["red_light"]
    assert all("The exit is worth 1.52 to me" in text for text in said.values())
