"""Debrief: the level's explanation, this run's measured outcome rates, and what to try next.
This module holds the text box and buttons, the keys and where each leads (new seed, the knobs, the
curves, the next level), and the measured panel's layout; the words, the rate bars and the
puzzle's verdict are in debrief_panels.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import pygame
import pygame_gui

from game.core.capability import FRESH_SEEDS, NAME, capability_puzzle
from game.core.errors import LevelError
from game.core.kinds import BrainKind, Outcome
from game.core.loader import load_puzzle

from .. import draw, levels_loading, theme, verdict
from ..levels_index import LevelEntry
from ..run_state import RunState
from ..scene import Host, To
from ..verdict import SeedCheck, run_verdict
from .debrief_panels import DebriefPanels, deception_lines, given_lines, goal_line, suggestions, watched_lines

_checks: dict[tuple, SeedCheck] = {}  # the other-seeds check per (level, setting, seed), kept across visits


@runtime_checkable
class Retrains(Protocol):
    """The training scene below the debrief, as R (new seed) and B (switch brain) use it."""

    def restart(self, new_seed: bool = True) -> None: ...
    def switch_brain(self) -> None: ...


@runtime_checkable
class Chooses(Protocol):
    """The level select, as N (next level) uses it."""

    def choose(self, path: Path) -> bool: ...
    def open(self) -> None: ...


class DebriefScene(DebriefPanels):
    destination = To.DEBRIEF
    hints = [("N", "next level"), ("R", "new seed"), ("B", "switch brain"), ("L", "levels"),
             ("Esc", "back to deployment")]
    puzzle_hints = [("K", "change the knobs"), ("R", "new seed"), ("S", "curve"), ("N", "next level"),
                    ("L", "levels"), ("Esc", "back to deployment")]

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app, run)
        self.verdict = run_verdict(run) if run.report is not None else None
        self._following: tuple[LevelEntry | None] | None = None  # the next level, once looked up
        self._levels: levels_loading.IndexScan | None = None  # the level list, while it loads
        if run.puzzle is not None:
            self.hints = self.puzzle_hints
        elif self.capable:
            self.hints = [*self.hints[:-1], ("C", "capability curve"), self.hints[-1]]

    @property
    def animating(self) -> bool:
        """Still, unless the other-seeds check is filling in its pips."""
        check = self.check
        return check is not None and not check.error and len(check.results()) < len(check.seeds)

    def enter(self) -> None:
        run = self.run
        if run.puzzle is None or self.check is not None or verdict.CHECK_SEEDS <= 0:
            return
        key = (str(run.entry.path), tuple(sorted(run.setting.items(), key=str)), run.seed, verdict.CHECK_SEEDS)
        if key not in _checks:
            if len(_checks) > 16:
                _checks.clear()
            _checks[key] = SeedCheck(run.puzzle, run.setting, verdict.check_seeds(run.seed, verdict.CHECK_SEEDS))
        self.check = _checks[key]

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(50)
        y = h - round(t.text("small") * 2.1) - bh - t.px(12)
        split = round(w * 0.56)
        level = self.run.level
        body = draw.rich(level.debrief or "This level has no debrief text.")
        session = self.run.session
        if session is not None:
            body = given_lines(level, session.brain, session.last_genomes) + "<br><br>" + body
        if level.source:
            body += f"<br><br><i>Source: {draw.rich(level.source)}</i>"
        if self.run.puzzle is not None and self.verdict is not None:
            tips = verdict.tips(self.run, self.verdict)
            body = "<b>What to try next</b><br>" + "<br>".join(f"- {draw.rich(s)}" for s in tips) + "<br><br>" + body
        else:
            body += "<br><br><b>What to try next</b><br>" + "<br>".join(f"- {draw.rich(s)}"
                                                                        for s in suggestions(self.run))
        pygame_gui.elements.UITextBox(body, pygame.Rect(t.px(24), t.px(80), split - t.px(40), y - t.px(96)), manager)
        x = t.px(24)
        buttons: list[tuple[str, Callable[[], None]]]
        if self.run.puzzle is not None:
            buttons = [("Change the knobs (K)", self.knobs), ("New seed (R)", lambda: self.retrain(False)),
                       ("Curve (S)", self.sweep), ("Levels (L)", self.levels)]
        else:
            buttons = [("New seed (R)", lambda: self.retrain(False)),
                       ("Switch brain (B)", lambda: self.retrain(True)), ("Levels (L)", self.levels)]
            if self.capable:
                buttons.append(("Capability curve (C)", self.capability))
        font = self.app.fonts.get(t.text("body"))
        following = self.following()
        right = w - t.px(24)
        if following is not None:
            nxt = "Next level (N)"
            width = font.size(nxt)[0] + t.px(30)
            right -= width
            self.button(manager, nxt, pygame.Rect(right, y, width, bh), self.next_level,
                        tooltip=following.title)
            right -= t.px(10)
        for label, action in buttons:
            width = font.size(label)[0] + t.px(30)
            if x + width > right:
                break  # a narrow window: the keys in the footer still work
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(10)

    def knobs(self) -> None:
        """Back to the knob screen of this puzzle: change the setting and train again."""
        if self.app.back_to(To.PUZZLE) is not None:
            self.run.history.append("changed the knobs")

    @property
    def capable(self) -> bool:
        """Can this run's level be swept over capability (a planner brain, a level file to rebuild)?"""
        return self.run.puzzle is None and self.run.brain == BrainKind.PLANNER and bool(self.run.level.file)

    def capability(self) -> None:
        """The capability sweep: this level trained and deployed at growing perception budgets."""
        if not self.capable:
            return
        try:
            puzzle = capability_puzzle(load_puzzle(self.run.level))
        except LevelError as err:
            self.app.toast(f"No capability curve for this level: {err.message}")
            return
        self.app.go(To.SWEEP, puzzle, NAME, {}, first_seed=FRESH_SEEDS)

    def sweep(self) -> None:
        puzzle = self.run.puzzle
        if puzzle is None:
            return
        changed = [k for k in puzzle.knobs if self.run.setting.get(k.name, k.default) != k.default]
        numeric = [k for k in puzzle.knobs if all(isinstance(v, (int, float)) for v in k.values)]
        knob = (changed or numeric or list(puzzle.knobs))[0]
        self.app.go(To.SWEEP, puzzle, knob.name, self.run.setting)

    def retrain(self, switch: bool) -> None:
        """Back to the training scene, training again with a new seed or the other brain."""
        training = self.app.back_to(To.TRAINING)
        if not isinstance(training, Retrains):
            self.app.toast("These agents were trained out of sight: there is no training to restart.")
            return
        self.run.history.append("switched brain" if switch else "new seed")
        if switch:
            training.switch_brain()
        else:
            training.restart(new_seed=True)

    def levels(self) -> None:
        self.app.level_select()

    def update(self, dt: float) -> None:
        if self._levels is not None and self._levels.finished:
            self.following()  # the list has loaded: the Next level button, if there is a next level

    def following(self) -> LevelEntry | None:
        """The level after this one in the level list (None for the last, and while the list is
        still loading on its worker: the button appears when it has loaded)."""
        if self._following is None:
            waited = self._levels
            scan = waited if waited is not None and not waited.finished else levels_loading.current()
            self._levels = None if scan.complete else scan
            if not scan.complete:
                return None
            if waited is not None:
                self.app.refresh_ui()  # the buttons were made without it
            entries = [e for e in scan.entries() if e.level is not None]
            here = [i for i, e in enumerate(entries) if e.path.resolve() == self.run.entry.path.resolve()]
            self._following = (entries[here[0] + 1] if here and here[0] + 1 < len(entries) else None,)
        return self._following[0]

    def next_level(self) -> None:
        """The next level's intro (on top of the level select, so Esc goes back to the list)."""
        following = self.following()
        if following is None:
            return
        self.app.level_select()
        select = self.app.scene
        if isinstance(select, Chooses) and select.choose(following.path):
            select.open()
        else:  # the list is still loading: open the level itself (the list selects it when it arrives)
            self.app.go(To.INTRO, following)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_r:
            self.retrain(False)
        elif event.key == pygame.K_b:
            self.retrain(True)
        elif event.key == pygame.K_l:
            self.levels()
        elif event.key == pygame.K_n:
            self.next_level()
        elif event.key == pygame.K_k and self.run.puzzle is not None:
            self.knobs()
        elif event.key == pygame.K_s and self.run.puzzle is not None:
            self.sweep()
        elif event.key == pygame.K_c:
            self.capability()
        elif event.key == pygame.K_i and self.run.session is not None and self.run.brain != BrainKind.REFLEX:
            self.app.go(To.PROBE_RUN, self.run)
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        draw.header(surface, fonts, t, f"Debrief: {self.run.level.title}")
        split = round(w * 0.56)
        box = pygame.Rect(split, t.px(80), w - split - t.px(24), h - t.px(200))
        draw.panel(surface, box, t)
        inner = box.inflate(-t.px(32), -t.px(24))
        if self.run.puzzle is not None and self.verdict is not None:
            self._draw_puzzle(surface, inner, self.run.puzzle, self.verdict)
            draw.key_hints(surface, fonts, t, self.hints)
            return
        y = draw.text(surface, fonts, "This run, measured", inner.topleft, t.text("heading"), bold=True).bottom
        y = draw.paragraph(surface, fonts, f"seed {self.run.seed}, {self.run.brain.value} brain, "
                           f"{len(self.report.outcomes)} deployed episodes",
                           pygame.Rect(inner.x, y + t.px(4), inner.width, t.text("small") * 3), t.text("small"),
                           theme.MUTED) + t.px(12)
        rates = self.report.rates
        body = t.text("body")
        y = self._draw_rates(surface, inner, y, 2.4)
        goal = self.run.level.goal.get("deploy_aligned_at_least")
        if goal is not None:
            y = draw.paragraph(surface, fonts, goal_line(rates.get(Outcome.ALIGNED, 0), goal),
                               pygame.Rect(inner.x, y + t.px(6), inner.width, max(0, inner.bottom - y - t.px(6))), body,
                               theme.ACCENT, bold=True)
        if self.run.steered:
            y = draw.paragraph(surface, fonts, self.run.steered,
                               pygame.Rect(inner.x, y + t.px(8), inner.width, max(0, inner.bottom - y - t.px(8))),
                               body, theme.GOOD if ": Won:" in self.run.steered else theme.TEXT,
                               bold=True)
        if self.run.prediction:
            y = draw.paragraph(surface, fonts, f"The class predicted: {self.run.prediction.label}.",
                               pygame.Rect(inner.x, y + t.px(10), inner.width, t.px(60)), body, theme.MUTED)
        self.measured = deception_lines(self.run) + watched_lines(self.run)
        size = body  # large enough for the back of a classroom, unless it does not fit
        lines = sum(len(draw.wrap(fonts, line, size, inner.width, True)) for line in self.measured)
        if y + lines * size * 1.25 + len(self.measured) * t.px(8) > inner.bottom:
            size = t.text("small")
        for line in self.measured:
            y = draw.paragraph(surface, fonts, line, pygame.Rect(inner.x, y + t.px(8), inner.width, inner.bottom - y),
                               size, bold=True)
        draw.key_hints(surface, fonts, t, self.hints)
