"""Steer it: the player edits the deployed agents' objective (a +/- per feature they perceive, or a
named preset such as "add a top-right vector"), and the same agents re-plan in the same
deployment mazes at once; the tally shows before and after.

Opened with S from the deployment scene (its mind reader). Up/Down choose a feature, Left/Right
take 0.5 off or add 0.5 (2 with Shift), 1-6 apply a preset, W switches situational awareness (deceptive brain),
0 undoes every edit. A steering puzzle (goal.steer_weights) limits how many weights may change.
"""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.core.brains import Planner
from game.core.kinds import Outcome
from game.core.outcomes import ORDER
from game.core.probe import perceivable
from game.core.session import DeploymentReport
from game.core.steer import SteerError, Steering, SteerResult, SteerVerdict, compare, judge_steer, presets, steer_limit

from .. import draw, glyphs, progress_view, theme
from ..charts import feature_glyph, feature_label
from ..maze_view import crowd, tiles
from ..run_state import RunState
from ..scene import Host, Scene, To
from .deploy_panels import draw_pips

STEP = 0.5
BIG_STEP = 2.0  # with Shift held
RATE = 12.0  # replay steps per second
GOOD, BAD = theme.GOOD, theme.HIGHLIGHT


def signed(value: float) -> str:
    """+1.4, -0.5, and +0.0 rather than -0.0."""
    return f"{round(value, 1) + 0.0:+.1f}"


def traced(report: DeploymentReport) -> np.ndarray:
    """(steps+1, B) flat cells of every episode of a deployment run traced (as steering runs it)."""
    if report.results.trace is None:
        raise RuntimeError("the deployment was run without a trace")
    return report.results.trace


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
        shown = min(len(self.presets), 6)  # as many as the panel draws (see _draw_features)
        self.hints = [(f"1-{shown}" if shown > 1 else "1", "preset") if key == "1-6" else (key, what)
                      for key, what in type(self).hints]
        self.has_awareness = callable(getattr(self.brain, "aware", None))
        self.focus = 0
        self.limit = steer_limit(run.level)
        self.t = 0.0
        self.rows: list[tuple[str, pygame.Rect, pygame.Rect]] = []  # (feature, minus, plus) as last drawn
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
            self._draw_mazes(surface, pygame.Rect(t.px(24), top, split - t.px(36), bottom - top), self.result)
            y = self._draw_tally(surface, right, self.result)
        y = self._draw_editor(surface, pygame.Rect(right.x, y + t.px(8), right.width, right.bottom - y - t.px(8)))
        draw.key_hints(surface, fonts, t, self.hints + ([("W", "awareness")] if self.has_awareness else []))

    def _draw_mazes(self, surface: pygame.Surface, rect: pygame.Rect, result: SteerResult) -> None:
        after = result.after
        batch, res = after.batch, after.results
        n_agents = len(self.genomes)
        trace = traced(after)
        step = min(int(self.t), len(trace) - 1)
        pos = trace[step].reshape(n_agents, batch.n_layouts)
        pip_h = self.app.theme.px(14)
        for li, tile in enumerate(tiles(rect, batch.n_layouts, batch.height + 1, batch.width, self.app.theme.px(8))):
            maze = pygame.Rect(tile.x, tile.y, tile.width, tile.height - pip_h - 2)
            place = self.app.mazes.draw(surface, batch.layouts[li], maze, step=step)
            crowd(surface, place, pos[:, li], batch.width, n_agents)
            episodes = np.arange(n_agents) * batch.n_layouts + li
            draw_pips(surface, pygame.Rect(place.x, place.rect.bottom + 3, place.rect.width, pip_h), self.app.fonts,
                      after.outcomes[episodes], res.steps[episodes] <= step)

    def _draw_tally(self, surface: pygame.Surface, rect: pygame.Rect, result: SteerResult) -> int:
        """Outcome shares before and after the edit, and the puzzle's verdict; returns the bottom."""
        t, fonts = self.app.theme, self.app.fonts
        small, body = t.text("small"), t.text("body")
        rows = [o for o in ORDER if o != Outcome.DEFECTED or self.has_awareness]
        width = rect.width - t.px(24)
        words = self.verdict.message if self.verdict else ""
        size = body if len(draw.wrap(fonts, words, body, width, True)) <= 2 else small
        lines = len(draw.wrap(fonts, words, size, width, True)) if words else 0
        height = round(small * 1.5) * (len(rows) + 1) + t.px(24) + round(lines * size * 1.3) + (t.px(6) if lines else 0)
        box = pygame.Rect(rect.x, rect.y, rect.width, height)
        draw.panel(surface, box, t)
        inner = box.inflate(-t.px(24), -t.px(16))
        x_before, x_after = inner.x + round(inner.width * 0.55), inner.right
        room = x_before - fonts.get(small).size("as trained")[0] - inner.x - t.px(8)
        draw.text(surface, fonts, draw.shorten(fonts.get(small), "deployed episodes", room), (inner.x, inner.y), small,
                  theme.MUTED)
        draw.text(surface, fonts, "as trained", (x_before, inner.y), small, theme.MUTED, anchor="topright")
        draw.text(surface, fonts, "steered", (x_after, inner.y), small, theme.ACCENT, bold=True, anchor="topright")
        y = inner.y + round(small * 1.5)
        before, after = result.before.rates, result.after.rates
        for key in rows:
            badge = pygame.Rect(inner.x, y + 1, small, small)
            glyphs.draw_outcome(surface, badge, key, fonts)
            draw.text(surface, fonts, key.label, (badge.right + t.px(8), badge.centery), small,
                      anchor="midleft")
            draw.text(surface, fonts, f"{before[key]:.0%}", (x_before, badge.centery), small, anchor="midright")
            moved = after[key] - before[key]
            colour = theme.TEXT if abs(moved) < 1e-9 else (GOOD if (moved > 0) == (key == Outcome.ALIGNED) else BAD)
            draw.text(surface, fonts, f"{after[key]:.0%}", (x_after, badge.centery), small, colour, bold=True,
                      anchor="midright")
            y += round(small * 1.5)
        if self.verdict is not None:
            draw.paragraph(surface, fonts, words, pygame.Rect(inner.x, y + t.px(4), inner.width, round(lines * size * 1.4)),
                           size, GOOD if self.verdict.won else BAD, bold=True)
        return box.bottom

    def _draw_editor(self, surface: pygame.Surface, rect: pygame.Rect) -> int:
        """A row per feature the agents perceive: mean weight as trained, the edit, - and + buttons."""
        t, fonts = self.app.theme, self.app.fonts
        small = t.text("small")
        draw.panel(surface, rect, t)
        inner = rect.inflate(-t.px(24), -t.px(16))
        title = draw.shorten(fonts.get(small, True), "Their objective (mean weight as trained, then your edit)", inner.width)
        y = draw.text(surface, fonts, title, inner.topleft, small,
                      theme.ACCENT, bold=True).bottom + t.px(6)
        row = round(small * 1.55)
        button = row - t.px(4)
        self.rows = []
        extra = round(small * 1.4) if self.steering.awareness_off else 0
        shown = min(len(self.presets), 6)  # fewer presets (never fewer than 2) before hiding a feature
        while shown > 2 and inner.bottom - y - extra - round(small * 1.5) * (1 + (shown + 1) // 2) \
                < row * len(self.features):
            shown -= 2
        presets_h = round(small * 1.5) * (1 + (shown + 1) // 2)
        room = max(1, (inner.bottom - presets_h - extra - y) // row)
        first = max(0, min(self.focus - room + 1, len(self.features) - room))  # keep the focused row in view
        for i, feature in enumerate(self.features):
            if i < first:
                continue
            if y + row > inner.bottom - presets_h - extra:
                break
            focused = i == self.focus
            line = pygame.Rect(inner.x, y, inner.width, row - t.px(2))
            if focused:
                pygame.draw.rect(surface, (44, 52, 70), line, border_radius=t.px(4))
            icon = pygame.Rect(inner.x + t.px(4), line.centery - small // 2, small, small)
            feature_glyph(surface, icon, feature, fonts)
            draw.text(surface, fonts, feature_label(feature), (icon.right + t.px(8), line.centery), small,
                      anchor="midleft")
            plus = pygame.Rect(inner.right - button, line.centery - button // 2, button, button)
            minus = plus.move(-button - t.px(6), 0)
            delta = self.steering.delta(feature)
            weight = self.mean.get(feature, 0.0)
            text = signed(weight) + (f"  {delta:+g} = {signed(weight + delta)}" if delta else "")
            draw.text(surface, fonts, text, (minus.x - t.px(10), line.centery), small,
                      theme.ACCENT if delta else theme.TEXT, bold=bool(delta), anchor="midright")
            for box, mark in ((minus, "-"), (plus, "+")):
                pygame.draw.rect(surface, theme.PANEL_EDGE, box, border_radius=t.px(4))
                draw.text(surface, fonts, mark, box.center, small, bold=True, anchor="center")
            self.rows.append((feature, minus, plus))
            y += row
        if self.steering.awareness_off:
            y = draw.text(surface, fonts, "Situational awareness: switched OFF", (inner.x, y + t.px(4)), small,
                          theme.HIGHLIGHT, bold=True).bottom
        y = max(y + t.px(8), inner.bottom - presets_h)
        head = draw.shorten(fonts.get(small), "Presets (the papers' vectors, sized to these agents):", inner.width)
        y = draw.text(surface, fonts, head, (inner.x, y), small, theme.MUTED).bottom + t.px(4)
        self.preset_tiles = []
        half = (inner.width - t.px(8)) // 2
        for i, (name, _) in enumerate(self.presets[:shown]):
            box = pygame.Rect(inner.x + (i % 2) * (half + t.px(8)), y + (i // 2) * round(small * 1.5), half,
                              round(small * 1.35))
            pygame.draw.rect(surface, (30, 36, 48), box, border_radius=t.px(4))
            label = draw.shorten(fonts.get(small), f"{i + 1} {name}", box.width - t.px(10))
            draw.text(surface, fonts, label, (box.x + t.px(6), box.centery), small, anchor="midleft")
            self.preset_tiles.append((i, box))
        return rect.bottom

