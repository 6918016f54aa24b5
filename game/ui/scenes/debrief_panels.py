"""The debrief's words and the parts of its measured panel: the "Built in / Evolved" lines, what a
deceptive brain did, the watched / unwatched counts, what to try next; the outcome rate bars, a
puzzle's verdict with the other-seeds check, and whether the run was saved. DebriefScene
(debrief.py) lays the panel out and adds the text box, the buttons, the keys and the ways on."""

from __future__ import annotations

import numpy as np
import pygame

from game.core import provenance
from game.core.brains import Planner, Reflex
from game.core.kinds import BrainKind, Measure, Outcome
from game.core.knobs import Puzzle, Verdict
from game.core.level import Level
from game.core.outcomes import CODE, ORDER
from game.core.session import DeploymentReport

from .. import draw, glyphs, theme, verdict
from ..progress_view import key_of, store
from ..run_state import RunState
from ..scene import Host, Scene
from ..verdict import SeedCheck
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
    genomes = history[-1].composition.get(Measure.GENOMES) if history and history[-1].composition else None
    if genomes:
        parts = ", ".join(f"{k.value} {v:.0%}" for k, v in genomes.items())
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


class DebriefPanels(Scene):
    """The debrief's right-hand panel, drawn from the run."""

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app)
        self.run = run
        self.measured: list[str] = []  # the run's deception / supervisor lines last drawn (tests read them)
        self.check: SeedCheck | None = None  # the puzzle's check on other seeds (started in enter)

    @property
    def report(self) -> DeploymentReport:
        """The deployment this debrief explains (it opens only after one)."""
        if self.run.report is None:
            raise RuntimeError("the debrief opens after a deployment")
        return self.run.report

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
