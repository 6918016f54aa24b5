"""Debrief: the level's explanation, this run's measured outcome rates, and what to try next."""

from __future__ import annotations

import pygame
import pygame_gui

from game.core.kinds import BrainKind
from game.core.outcomes import ORDER

from .. import draw, glyphs, theme
from ..run_state import RunState
from ..scene import Scene


def suggestions(run: RunState) -> list[str]:
    """What the player could try next, chosen from what this run measured."""
    rates = run.report.rates if run.report else {}
    top = max(rates, key=lambda k: rates[k]) if rates else ""
    tips = []
    if top == "misaligned":
        tips.append("Open the mind reader (M) in deployment: the value map lights up what the agents really want.")
    if top == "aligned":
        tips.append("Train again with a new seed (R): was this seed lucky, or does it hold every time?")
    if run.brain != BrainKind.REFLEX:
        tips.append("Switch to the reflex brain (B) and retrain: a policy without an objective fails differently.")
    else:
        tips.append("Switch back to the planner (B): capable and misaligned is worse than confused.")
    tips.append("Walk the deployment maze yourself (T in the deployment scene) seeing only what the agents see.")
    tips.append("Edit the level: make a few training mazes break the proxy (e.g. a non-green exit) and compare.")
    return tips


class DebriefScene(Scene):
    hints = [("R", "new seed"), ("B", "switch brain"), ("L", "levels"), ("Esc", "back to deployment")]

    def __init__(self, app, run: RunState) -> None:  # noqa: ANN001
        super().__init__(app)
        self.run = run

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(50)
        y = h - round(t.text("small") * 2.1) - bh - t.px(12)
        split = round(w * 0.56)
        level = self.run.level
        body = draw.rich(level.debrief or "This level has no debrief text.")
        if level.source:
            body += f"<br><br><i>Source: {draw.rich(level.source)}</i>"
        body += "<br><br><b>What to try next</b><br>" + "<br>".join(f"- {draw.rich(s)}" for s in suggestions(self.run))
        pygame_gui.elements.UITextBox(body, pygame.Rect(t.px(24), t.px(80), split - t.px(40), y - t.px(96)), manager)
        x = t.px(24)
        for label, action in (("Train again, new seed (R)", lambda: self.retrain(False)),
                              ("Switch brain, retrain (B)", lambda: self.retrain(True)),
                              ("Level select (L)", self.levels)):
            width = self.app.fonts.get(t.text("body")).size(label)[0] + t.px(30)
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(10)

    def retrain(self, switch: bool) -> None:
        from .training import TrainingScene

        while self.app.stack and not isinstance(self.app.scene, TrainingScene):
            self.app.pop()
        if self.app.stack:
            self.run.history.append("switched brain" if switch else "new seed")
            training = self.app.scene
            if switch:
                training.switch_brain()
            else:
                training.restart(new_seed=True)

    def levels(self) -> None:
        from .select import SelectScene

        while self.app.stack and not isinstance(self.app.scene, SelectScene):
            self.app.pop()
        if not self.app.stack:
            self.app.home()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_r:
            self.retrain(False)
        elif event.key == pygame.K_b:
            self.retrain(True)
        elif event.key == pygame.K_l:
            self.levels()
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
        y = draw.text(surface, fonts, "This run, measured", inner.topleft, t.text("heading"), bold=True).bottom
        y = draw.text(surface, fonts, f"seed {self.run.seed}, {self.run.brain.value} brain, "
                      f"{len(self.run.report.outcomes)} deployed episodes", (inner.x, y + t.px(4)), t.text("small"),
                      theme.MUTED).bottom + t.px(16)
        rates = self.run.report.rates
        body = t.text("body")
        for outcome in ORDER:
            key = outcome.value
            if key == "defected" and not rates.get(key) and self.run.brain != BrainKind.DECEPTIVE:
                continue
            badge = pygame.Rect(inner.x, y, round(body * 1.3), round(body * 1.3))
            glyphs.draw_outcome(surface, badge, key, fonts)
            draw.text(surface, fonts, outcome.label, (badge.right + t.px(10), badge.centery), body, anchor="midleft")
            draw.text(surface, fonts, f"{rates.get(key, 0):.0%}", (inner.right, badge.centery), t.text("heading"),
                      bold=True, anchor="midright")
            draw.bar(surface, pygame.Rect(badge.right + t.px(10), badge.bottom + t.px(4), inner.width - badge.width - t.px(100),
                                          t.px(9)), rates.get(key, 0), theme.OUTCOME_RGB[key])
            y += round(body * 2.4)
        goal = self.run.level.goal.get("deploy_aligned_at_least")
        if goal is not None:
            met = rates.get("aligned", 0) >= goal
            line = (f"Goal: at least {goal:.0%} aligned in deployment: " + ("met." if met else "not met."))
            y = draw.paragraph(surface, fonts, line, pygame.Rect(inner.x, y + t.px(6), inner.width, t.px(80)), body,
                               theme.OUTCOME_RGB["aligned"] if met else theme.HIGHLIGHT, bold=True)
        if self.run.prediction:
            draw.paragraph(surface, fonts, f"The class predicted: {self.run.prediction.replace('_', ' ')}.",
                           pygame.Rect(inner.x, y + t.px(10), inner.width, t.px(60)), body, theme.MUTED)
        draw.key_hints(surface, fonts, t, self.hints)
