"""Debrief: the level's explanation, this run's measured outcome rates, and what to try next."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import pygame
import pygame_gui

from game.core import provenance
from game.core.brains import Planner, Reflex
from game.core.capability import FRESH_SEEDS, NAME, capability_puzzle
from game.core.errors import LevelError
from game.core.kinds import BrainKind, Outcome
from game.core.knobs import Puzzle, Verdict
from game.core.level import Level
from game.core.loader import load_puzzle
from game.core.outcomes import CODE, ORDER
from game.core.session import DeploymentReport

from .. import draw, glyphs, theme, verdict
from ..levels_index import LevelEntry, scan
from ..progress_view import key_of, store
from ..run_state import RunState
from ..scene import Host, Scene, To
from ..verdict import SeedCheck, run_verdict
from .deploy_panels import context_penalties


def given_lines(level: Level, brain: Planner | Reflex, genomes: np.ndarray | None = None) -> str:
    """The "Built in" and "Evolved" lines as rich text (provenance.py writes them)."""
    given = provenance.built_in(level).removeprefix("Built in: ")
    grown = provenance.evolved(level, brain, genomes).removeprefix("Evolved")
    return f"<b>Built in:</b> {draw.rich(given)}<br><b>Evolved</b> {draw.rich(grown)}"


def deception_lines(run: RunState) -> list[str]:
    """What the deceptive brain did in this run, in numbers: defections and who survived training."""
    if run.report is None or run.brain != BrainKind.DECEPTIVE:
        return []
    codes = run.report.outcomes
    n, defected = len(codes), int((codes == CODE[Outcome.DEFECTED]).sum())
    lines = [f"Defected: {defected} of {n} deployed episodes ({defected / max(n, 1):.0%}): they complied in "
             "training and went for their own goal once deployed."]
    history = run.session.history if run.session else []
    genomes = history[-1].composition.get("genomes") if history and history[-1].composition else None
    if genomes:
        parts = ", ".join(f"{k} {v:.0%}" for k, v in genomes.items())
        lines.append(f"End of training (read from the genomes): {parts}.")
    return lines


def watched_lines(run: RunState) -> list[str]:
    """For each context-dependent penalty (the absent supervisor): how often deployed agents took
    the penalised tile with the flag on (watched) and off (unwatched)."""
    report = run.report
    if report is None or run.session is None:
        return []
    lines = []
    for flag, kind, on, stepped in context_penalties(run.level, run.session.features, report.batch, report.results):
        lines.append(f"How often deployed agents took the {glyphs.kind_words(kind)}:")
        for label, mask in ((f"{flag} present (watched)", on), (f"{flag} absent (unwatched)", ~on)):
            if mask.any():
                taken = int(stepped[mask].sum())
                lines.append(f"   {label}: {taken} of {int(mask.sum())} ({taken / int(mask.sum()):.0%})")
    return lines


def suggestions(run: RunState) -> list[str]:
    """What the player could try next, chosen from what this run measured."""
    rates = run.report.rates if run.report else {}
    top = max(rates, key=lambda k: rates[k]) if rates else None
    tips = []
    if top == Outcome.DEFECTED:
        tips.append("Open the mind reader (M) in deployment: its true objective was in the genome all along; "
                    "training fitness could not see it.")
    if top == Outcome.MISALIGNED:
        tips.append("Open the mind reader (M) in deployment: the value map lights up what the agents really want.")
    if top == Outcome.ALIGNED:
        tips.append("Train again with a new seed (R): was this seed lucky, or does it hold every time?")
    if run.brain != BrainKind.REFLEX:
        if run.level.goal.get("steer_weights") is not None:
            tips.insert(0, "Steer them (S in the deployment scene): edit their objective and watch the same agents "
                        "re-plan. Goal: enough aligned with the few changes allowed.")
        tips.append("Probe them (I): build test rooms and find out what they want from what they do, then check "
                    "against the genomes. Here the objective is a readable list of weights; in a real network it is not.")
        tips.append("Switch to the reflex brain (B) and retrain: a policy without an objective fails differently.")
    else:
        tips.append("Switch back to the planner (B): capable and misaligned is worse than confused.")
    tips.append("Walk the deployment maze yourself (T in the deployment scene) seeing only what the agents see.")
    tips.append("Edit the level: make a few training mazes break the proxy (e.g. a non-green exit) and compare.")
    return tips


def goal_line(aligned: float, goal: float) -> str:
    """The level's bar for aligned episodes, as the lesson's result (not as the class failing)."""
    if aligned >= goal:
        return (f"Result: {aligned:.0%} aligned, above the level's {goal:.0%} bar: "
                "the learned goal carried over to the new mazes.")
    return (f"Result: {aligned:.0%} aligned, under the level's {goal:.0%} bar: "
            "what looked right in training did not carry over. That gap is the lesson.")


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


class DebriefScene(Scene):
    destination = To.DEBRIEF
    hints = [("N", "next level"), ("R", "new seed"), ("B", "switch brain"), ("L", "levels"),
             ("Esc", "back to deployment")]
    puzzle_hints = [("K", "change the knobs"), ("R", "new seed"), ("S", "curve"), ("N", "next level"),
                    ("L", "levels"), ("Esc", "back to deployment")]

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app)
        self.run = run
        self.measured: list[str] = []  # the run's deception / supervisor lines last drawn (tests read them)
        self.verdict = run_verdict(run) if run.report is not None else None
        self.check: SeedCheck | None = None
        self._following: tuple[LevelEntry | None] | None = None  # the next level, once looked up
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
    def report(self) -> DeploymentReport:
        """The deployment this debrief explains (it opens only after one)."""
        if self.run.report is None:
            raise RuntimeError("the debrief opens after a deployment")
        return self.run.report

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

    def following(self) -> LevelEntry | None:
        """The level after this one in the level list (None for the last)."""
        if self._following is None:
            entries = [e for e in scan() if e.level is not None]
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
        if isinstance(select, Chooses):
            select.choose(following.path)
            select.open()

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

    def _draw_rates(self, surface: pygame.Surface, inner: pygame.Rect, y: int, spacing: float) -> int:
        """One row per outcome class: badge, name, share and a bar; returns the y below."""
        t, fonts = self.app.theme, self.app.fonts
        rates = self.report.rates
        body = t.text("body")
        for outcome in ORDER:
            if outcome == Outcome.DEFECTED and not rates.get(outcome) and self.run.brain != BrainKind.DECEPTIVE:
                continue
            badge = pygame.Rect(inner.x, y, round(body * 1.3), round(body * 1.3))
            glyphs.draw_outcome(surface, badge, outcome, fonts)
            draw.text(surface, fonts, outcome.label, (badge.right + t.px(10), badge.centery), body, anchor="midleft")
            draw.text(surface, fonts, f"{rates.get(outcome, 0):.0%}", (inner.right, badge.centery), t.text("heading"),
                      bold=True, anchor="midright")
            draw.bar(surface, pygame.Rect(badge.right + t.px(10), badge.bottom + t.px(4), inner.width - badge.width - t.px(100),
                                          t.px(9)), rates.get(outcome, 0), theme.OUTCOME_RGB[outcome])
            y += round(body * spacing)
        return y

    def _draw_puzzle(self, surface: pygame.Surface, inner: pygame.Rect, puzzle: Puzzle, v: Verdict) -> None:
        """The verdict in big words, this run's numbers, and what other seeds say."""
        t, fonts = self.app.theme, self.app.fonts
        run = self.run
        body, small, big = t.text("body"), t.text("small"), t.text("big")
        good, bad = theme.GOOD, theme.HIGHLIGHT
        if v.won:
            word, colour, mark = "YOU WON", good, Outcome.ALIGNED
        elif v.over_budget:
            word, colour, mark = "OVER BUDGET", bad, Outcome.MISALIGNED
        elif not run.counts_for_progress:
            word, colour, mark = "DOES NOT COUNT", bad, Outcome.CAPABILITY_FAILURE
        else:
            word, colour, mark = "NOT YET", bad, Outcome.MISALIGNED
        room = inner.width - round(big * 1.05) - t.px(14)
        width = fonts.get(big, True).size(word)[0]
        if width > room:  # the verdict stays one line: smaller type in a narrow panel
            big = max(10, int(big * room / width))
        badge = pygame.Rect(inner.x, inner.y, round(big * 1.05), round(big * 1.05))
        glyphs.draw_outcome(surface, badge, mark, fonts)
        draw.text(surface, fonts, word, (badge.right + t.px(14), badge.centery), big, colour, bold=True,
                  anchor="midleft")
        y = badge.bottom + t.px(8)
        goal = f"{v.goal:.0%}" if v.goal is not None else "-"
        y = draw.paragraph(surface, fonts, f"{v.aligned:.0%} aligned in deployment (goal: at least {goal})",
                           pygame.Rect(inner.x, y, inner.width, body * 3), body, bold=True) + t.px(2)
        cost = f"Cost {v.cost:g} of {v.budget:g}" if v.budget is not None else f"Cost {v.cost:g}"
        y = draw.paragraph(surface, fonts, f"{cost}: {verdict.describe_setting(puzzle, run.setting)}",
                           pygame.Rect(inner.x, y, inner.width, body * 3), body, bad if v.over_budget else theme.TEXT)
        y = draw.paragraph(surface, fonts, f"one run: seed {run.seed}, {run.brain.value} brain, "
                           f"{len(self.report.outcomes)} deployed episodes", pygame.Rect(inner.x, y + t.px(2), inner.width,
                                                                                       small * 3), small, theme.MUTED) + t.px(12)
        y = self._draw_rates(surface, inner, y, 2.05 if run.brain != BrainKind.DECEPTIVE else 1.85)
        if self.check is not None:
            y = self._draw_check(surface, inner, y + t.px(6), self.check)
        self.measured = deception_lines(run)
        for line in self.measured:
            need = len(draw.wrap(fonts, line, small, inner.width, True)) * round(small * 1.25)
            if y + t.px(6) + need > inner.bottom:
                break
            y = draw.paragraph(surface, fonts, line, pygame.Rect(inner.x, y + t.px(6), inner.width,
                                                                 inner.bottom - y), small, bold=True)
        saved = self._saved_line()  # the measured lines first, then this if room is left
        need = len(draw.wrap(fonts, saved, small, inner.width)) * round(small * 1.25)
        if y + need <= inner.bottom:
            draw.paragraph(surface, fonts, saved, pygame.Rect(inner.x, inner.bottom - need, inner.width, need), small,
                           theme.MUTED)

    def _saved_line(self) -> str:
        """Whether this run went into the saved progress, and why not if it did not."""
        run = self.run
        if not run.counts_for_progress:
            return "Not saved to your progress: only full training with the level's own brain counts."
        best = store(self.app).get(key_of(run))
        won = ", won" if best.won else ""
        return f"Saved to your progress (best so far {best.best_aligned or 0:.0%} aligned{won})."

    def _draw_check(self, surface: pygame.Surface, inner: pygame.Rect, y: int, check: SeedCheck) -> int:
        """Pips for the other seeds (tick won, cross not), then the summary in words."""
        t, fonts = self.app.theme, self.app.fonts
        body = t.text("body")
        got = check.results()
        pip = round(body * 1.1)
        x = inner.x
        for i in range(len(check.seeds)):
            box = pygame.Rect(x, y, pip, pip)
            if i < len(got):
                glyphs.draw_outcome(surface, box, Outcome.ALIGNED if got[i].won else Outcome.MISALIGNED, fonts)
            else:
                pygame.draw.rect(surface, theme.PANEL_EDGE, box, max(2, t.px(2)), border_radius=t.px(4))
            x += pip + t.px(6)
        summary = check.summary()
        lines = draw.wrap(fonts, summary, body, inner.right - x - t.px(8), bold=True)
        draw.paragraph(surface, fonts, summary, pygame.Rect(x + t.px(8), y - t.px(3), inner.right - x - t.px(8),
                                                            body * 3), body, bold=True)
        return y + max(pip, round(len(lines) * body * 1.25)) + t.px(6)
