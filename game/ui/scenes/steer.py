"""Steer it: the player edits the deployed agents' objective (a +/- per feature they perceive, or a
named preset such as "add a top-right vector"), and the same agents re-plan in the same
deployment mazes at once; the tally shows before and after.

Opened with S from the deployment scene (its mind reader). Up/Down choose a feature, Left/Right
take 0.5 off or add 0.5 (2 with Shift), 1-6 apply a preset, W switches situational awareness (deceptive brain),
0 undoes every edit. A steering puzzle (goal.steer_weights) limits how many weights may change.
This module holds the edit and the keys; the panels are drawn by steer_panels.py.
"""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.core.brains import Planner
from game.core.probe import perceivable
from game.core.session import DeploymentReport
from game.core.steer import SteerError, Steering, SteerResult, SteerVerdict, compare, judge_steer, presets, steer_limit

from .. import draw, progress_view, theme
from ..run_state import RunState
from ..scene import Host, Scene, To
from .steer_panels import FeatureRow, draw_editor, draw_mazes, draw_tally, traced

STEP = 0.5
BIG_STEP = 2.0  # with Shift held
RATE = 12.0  # replay steps per second


class SteerScene(Scene):
    destination = To.STEER
    hints = [("Up/Down", "feature"), ("Left/Right", "-/+ 0.5"), ("Shift", "x4"), ("1-6", "preset"), ("0", "undo all"),
             ("Esc", "back to deployment")]

    def __init__(self, app: Host, run: RunState, genomes: np.ndarray, report: DeploymentReport) -> None:
        super().__init__(app)
        brain = run.session.brain if run.session is not None else None
        if not isinstance(brain, Planner):  # the deployment scene offers steering for planners only
            raise SteerError("only a trained planner's objective can be steered")
        self.run = run
        self.brain = brain
        self.genomes = genomes
        self.batch = report.batch
        self.steering = Steering()
        seen = perceivable(self.brain, genomes, run.level.kinds).any(axis=0)
        names = self.brain.features.names
        self.features = [names[i] for i in np.flatnonzero(seen)]
        self.mean = dict(zip(names, self.brain.objective_weights(np.asarray(genomes, np.float64)).mean(axis=0)))
        self.presets = presets(self.brain, genomes)
        shown = min(len(self.presets), 6)  # as many as the panel draws (steer_panels.draw_editor)
        self.hints = [(f"1-{shown}" if shown > 1 else "1", "preset") if key == "1-6" else (key, what)
                      for key, what in type(self).hints]
        self.has_awareness = callable(getattr(self.brain, "aware", None))
        self.focus = 0
        self.limit = steer_limit(run.level)
        self.t = 0.0
        self.rows: list[FeatureRow] = []  # (feature, minus, plus) as last drawn
        self.preset_tiles: list[tuple[int, pygame.Rect]] = []
        self.result: SteerResult | None = None  # None only if the first deployment failed
        self.verdict: SteerVerdict | None = None  # a steering puzzle's verdict on the latest edit
        self.saved = False
        self.replan()

    # --- the edit -------------------------------------------------------------------------------
    def replan(self) -> None:
        """The same agents, edited, in the same deployment mazes (and the unedited ones beside them)."""
        try:
            self.result = compare(self.run.level, self.brain, self.genomes, self.run.seed, self.steering,
                                  batch=self.batch, trace=True)
        except SteerError as err:
            self.app.toast(str(err))
            return
        self.verdict = judge_steer(self.run.level, self.result) if self.limit is not None else None
        if self.verdict is not None:  # the debrief reports the steered agents too, not only the unsteered run
            self.run.steered = f"Steered ({self.steering.describe()}): {self.verdict.message}"
        self.t = 0.0
        if self.verdict is not None and self.verdict.won and not self.saved:
            self.save_win(self.verdict)

    def save_win(self, verdict: SteerVerdict) -> None:
        """A steering puzzle won with fully trained agents is saved to progress (once per visit)."""
        if not self.run.counts_for_progress:
            return
        self.saved = True
        progress_view.store(self.app).record(progress_view.key_of(self.run), verdict.aligned, True,
                                             {"steer": self.steering.describe()})
        if not progress_view.show_message(self.app):
            self.app.toast("Won: saved to your progress.")

    def nudge(self, feature: str, amount: float) -> None:
        self.steering = self.steering.add(feature, amount)
        self.replan()

    def use_preset(self, index: int) -> None:
        if 0 <= index < len(self.presets):
            self.steering = self.presets[index][1]
            self.replan()

    def toggle_awareness(self) -> None:
        if self.has_awareness:
            self.steering = self.steering.toggled_awareness()
            self.replan()

    def undo_all(self) -> None:
        self.steering = Steering()
        self.replan()

    # --- input --------------------------------------------------------------------------------------
    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(46)
        y = h - round(t.text("small") * 2.1) - bh - t.px(10)
        x = t.px(24)
        buttons = [("Undo all edits (key 0)", self.undo_all), ("Replay", self.replay)]
        if self.has_awareness:
            buttons.append(("Awareness on/off (W)", self.toggle_awareness))
        buttons.append(("Back (Esc)", self.app.pop))
        for label, action in buttons:
            width = self.app.fonts.get(t.text("body")).size(label)[0] + t.px(30)
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(8)

    def replay(self) -> None:
        self.t = 0.0

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            step = BIG_STEP if pygame.key.get_mods() & pygame.KMOD_SHIFT else STEP
            for i, (feature, minus, plus) in enumerate(self.rows):
                if minus.collidepoint(event.pos):
                    self.focus = i
                    self.nudge(feature, -step)
                elif plus.collidepoint(event.pos):
                    self.focus = i
                    self.nudge(feature, step)
            for index, rect in self.preset_tiles:
                if rect.collidepoint(event.pos):
                    self.use_preset(index)
            return
        if event.type != pygame.KEYDOWN or not self.features:
            return
        key = event.key
        if key == pygame.K_ESCAPE:
            self.app.pop()
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.focus = (self.focus + (1 if key == pygame.K_DOWN else -1)) % len(self.features)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            step = BIG_STEP if pygame.key.get_mods() & pygame.KMOD_SHIFT or event.mod & pygame.KMOD_SHIFT else STEP
            self.nudge(self.features[self.focus], step if key == pygame.K_RIGHT else -step)
        elif pygame.K_1 <= key <= pygame.K_9:
            self.use_preset(key - pygame.K_1)
        elif key in (pygame.K_0, pygame.K_BACKSPACE):
            self.undo_all()
        elif key == pygame.K_w:
            self.toggle_awareness()
        elif key == pygame.K_r:
            self.replay()

    def update(self, dt: float) -> None:
        if self.result is not None:
            frames = len(traced(self.result.after))
            self.t = min(self.t + dt * RATE, frames - 1)

    # --- drawing ------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        right_words = f"changes: {self.steering.changes} of {self.limit}" if self.limit is not None else \
            f"edit: {self.steering.describe()}"
        top = draw.header(surface, fonts, t, f"Steer it: {self.run.level.title}", right_words)
        small = t.text("small")
        draw.text(surface, fonts, "Same agents, same deployment mazes, no retraining: only the weights you edit change. "
                  "They re-plan at once.", (t.px(24), top - t.px(6)), small, theme.MUTED)
        top += round(small * 1.4)
        bottom = h - round(small * 2.1) - t.px(66)
        split = round(w * 0.55)
        right = pygame.Rect(split, top, w - split - t.px(24), bottom - top)
        y = right.y
        if self.result is not None:
            draw_mazes(surface, self.app, pygame.Rect(t.px(24), top, split - t.px(36), bottom - top), self.result,
                       int(self.t))
            y = draw_tally(surface, fonts, t, right, self.result, self.verdict, self.has_awareness)
        self.rows, self.preset_tiles = draw_editor(
            surface, fonts, t, pygame.Rect(right.x, y + t.px(8), right.width, right.bottom - y - t.px(8)),
            self.steering, self.features, self.focus, self.mean, self.presets)
        draw.key_hints(surface, fonts, t, self.hints + ([("W", "awareness")] if self.has_awareness else []))
