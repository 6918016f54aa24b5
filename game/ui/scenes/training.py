"""Training: the base optimizer runs live; the current generation's episodes replay in a grid.
This module runs evolution (the Trainer worker) and takes the keys; the panels it draws are in
training_panels.py."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.core.kinds import BrainKind

from .. import draw, focus, theme
from ..composition_chart import MEASURES
from ..run_state import RunState
from ..scene import Host, To
from ..trainer import Generation, Trainer
from .training_panels import TrainingPanels

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, float("inf"))  # x replay rate; inf: no replay, train flat out
RATE = 12.0  # replay steps per second at 1x
NARRATION = ("The base optimizer (evolution) scores every agent in these training mazes and keeps the best. "
             "Nobody tells the agents what to want: watch what the population comes to want.")
DECEPTIVE_NARRATION = "Evolution keeps the best scorers. These agents can see the learning lamp: watch who survives."


class TrainingScene(TrainingPanels):
    destination = To.TRAINING
    hints = [("Space", "pause"), ("N", "one generation"), ("-/+", "speed"), ("R", "new seed"), ("M", "mind reader"),
             ("Tab", "focus"), ("T", "try it"), ("B", "brain"), ("D", "deploy"), ("Esc", "back")]

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app, run)
        self.waiting: Generation | None = None
        self.speed = 3
        self.paused = False
        self.budget = 0  # generations to train while paused (N)
        self.confirming = False  # D pressed on a barely trained population: the warning is up

    # --- training control ---------------------------------------------------------------------
    def enter(self) -> None:
        if self.trainer is None:
            self.restart(new_seed=False)

    def restart(self, new_seed: bool = True) -> None:
        if self.trainer is not None:
            self.trainer.close()
        if new_seed:
            self.run.reseed()
        # Built on the worker thread: a big level takes seconds to map, the window keeps drawing.
        self.run.session = None
        self.run.report = None
        self.trainer = Trainer(self.run.session_builder(), on_ready=self.run.adopt)
        self.current = self.waiting = None
        self.best, self.mean = [], []
        self.compositions = []
        self.t = 0.0
        self._reading = self._thought = None

    def back(self) -> None:
        if self.trainer is not None:
            self.trainer.close()
        self.app.pop()

    @property
    def finished(self) -> bool:
        session = self.run.session  # read only once the worker is idle (not busy): it rebinds the state
        return (session is not None and self.trainer is not None and self.waiting is None
                and not self.trainer.busy and session.finished)

    def barely_trained(self) -> bool:
        """Fewer than a quarter of the level's generations trained (e.g. D pressed at generation 1)."""
        if self.current is None or self.finished:
            return False
        return self.current.record.generation < max(2, self.current.total // 4)

    def deploy(self, confirmed: bool = False) -> None:
        """Deploy the best agents; a barely trained population is deployed only when asked twice."""
        if self.trainer is None or self.current is None or self.run.session is None:
            return
        if self.barely_trained() and not (confirmed or self.confirming):
            self.confirming = True
            return
        self.confirming = False
        self.trainer.wait()  # the session must be still while its champions are read
        self.waiting = None
        self.run.trained_generations = self.run.session.state.generation
        self.app.go(To.DEPLOY, self.run, record=True)  # saved to progress once measured

    def switch_brain(self) -> None:
        own = self.run.level.brain.kind  # switching back returns to the level's brain (planner or deceptive)
        other = BrainKind.REFLEX if own != BrainKind.REFLEX else BrainKind.PLANNER
        self.run.brain = other if self.run.brain == own else own
        self.run.history.append(f"switched to the {self.run.brain.value} brain")
        self.restart(new_seed=False)
        self.app.toast(f"Brain: {self.run.brain.value}. Training again from scratch.")

    def _show_next(self) -> None:
        self.current, self.waiting = self.waiting, None
        self.t = 0.0
        if self.current is not None:
            self.best.append(self.current.record.best)
            self.mean.append(self.current.record.mean)
            self.compositions.append(self.current.record.composition)
            if self.deceptive and not self.rank_chosen:
                self.rank = self._deceiver_rank()
        self.budget = max(0, self.budget - 1)

    def update(self, dt: float) -> None:
        if self.trainer is None:
            return
        got = self.trainer.poll()
        if got is not None:
            self.waiting = got
        if self.current is None or (self.waiting is not None and self.budget > 0):
            if self.waiting is not None:
                self._show_next()
        elif self.current is not None:
            rate = SPEEDS[self.speed] * RATE
            end = self.current.frames - 1 + (0 if rate == float("inf") else rate * 0.35)
            self.t = end if rate == float("inf") else self.t + dt * rate
            if self.t >= end:
                if self.waiting is not None and not self.paused:
                    self._show_next()
                elif self.paused:
                    self.t = 0.0  # replay the generation again while evolution waits
        if self.waiting is None and (not self.paused or self.budget > 0):
            self.trainer.request()

    # --- input ---------------------------------------------------------------------------------
    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(46)
        y = h - round(t.text("small") * 2.1) - bh - t.px(10)
        deploy = self.button(manager, "Deploy (D)", pygame.Rect(w - t.px(24) - t.px(180), y, t.px(180), bh), self.deploy)
        x = t.px(24)
        for label, action in (("Pause (Space)", self.toggle_pause), ("+1 gen (N)", self.step_one),
                              ("Slower (-)", lambda: self.faster(-1)), ("Faster (+)", lambda: self.faster(1)),
                              ("New seed (R)", self.restart), ("Mind reader (M)", self.toggle_mind)):
            width = self.app.fonts.get(t.text("body")).size(label)[0] + t.px(28)
            if x + width > deploy.relative_rect.left - t.px(8):
                break  # narrow window: the keys still work, see the footer
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(8)

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def step_one(self) -> None:
        self.paused = True
        self.budget += 1

    def faster(self, by: int) -> None:
        self.speed = int(np.clip(self.speed + by, 0, len(SPEEDS) - 1))

    def toggle_mind(self) -> None:
        self.mind = not self.mind

    def toggle_thoughts(self) -> None:
        self.thinking = not self.thinking

    def toggle_measure(self) -> None:
        self.measure = MEASURES[1 - MEASURES.index(self.measure)]

    def probe(self) -> None:
        """Probe the current best agents in test mazes of your own (I)."""
        if self.trainer is None or self.run.session is None or self.run.brain == BrainKind.REFLEX:
            return
        got = self.trainer.wait()  # the session must be still while its brain and champions are read
        if got is not None:
            self.waiting = got
        self.app.go(To.PROBE_RUN, self.run)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and self.confirming and event.key != pygame.K_d:
            self.confirming = False  # any other key: keep training
            if event.key == pygame.K_ESCAPE:
                return  # Esc closes the warning first, it does not leave the level
        if event.type == pygame.KEYDOWN and self.mind and event.key == pygame.K_ESCAPE:
            self.mind = False  # Esc closes the mind reader next; the run is kept
            return
        if not self.mind and self.current is not None and focus.key_or_click(self, event):
            return  # then the focus view (Esc), and its keys and clicks
        if event.type != pygame.KEYDOWN:
            return
        keys = {pygame.K_SPACE: self.toggle_pause, pygame.K_p: self.toggle_pause, pygame.K_n: self.step_one,
                pygame.K_r: self.restart, pygame.K_m: self.toggle_mind, pygame.K_d: self.deploy,
                pygame.K_b: self.switch_brain, pygame.K_ESCAPE: self.back, pygame.K_h: self.toggle_thoughts,
                pygame.K_v: self.toggle_measure, pygame.K_i: self.probe,
                pygame.K_MINUS: lambda: self.faster(-1), pygame.K_KP_MINUS: lambda: self.faster(-1),
                pygame.K_PLUS: lambda: self.faster(1), pygame.K_EQUALS: lambda: self.faster(1),
                pygame.K_KP_PLUS: lambda: self.faster(1)}
        if event.key == pygame.K_l:
            self.app.level_select()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.finished:
            self.deploy()
        elif event.key == pygame.K_t:
            self.app.go(To.TRY_IT, self.run)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN) and self.current is not None:
            n_layouts, n_agents = self.current.batch.n_layouts, len(self.current.genomes)
            self.layout_sel = (self.layout_sel + {pygame.K_LEFT: -1, pygame.K_RIGHT: 1}.get(event.key, 0)) % n_layouts
            self.rank = (self.rank + {pygame.K_UP: -1, pygame.K_DOWN: 1}.get(event.key, 0)) % n_agents
            self.rank_chosen = self.rank_chosen or event.key in (pygame.K_UP, pygame.K_DOWN)
        elif event.key in keys:
            keys[event.key]()

    # --- drawing -------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        gen = self.current.record.generation if self.current else 0
        total = self.current.total if self.current else self.run.level.evolution.generations
        top = draw.header(surface, fonts, t, f"Training: {self.run.level.title}", f"Generation {gen} / {total}")
        speed = "max" if SPEEDS[self.speed] == float("inf") else f"{SPEEDS[self.speed]:g}x"
        state = "done" if self.finished else ("paused" if self.paused else "evolving")
        status = f"{state}  |  replay speed {speed}  |  seed {self.run.seed}  |  brain: {self.run.brain.value}"
        draw.text(surface, fonts, status, (t.px(24), top - t.px(6)), t.text("small"), theme.MUTED)
        top += round(t.text("small") * 1.5)
        bottom = h - round(t.text("small") * 2.1) - t.px(66)
        split = round(w * 0.62)
        left = pygame.Rect(t.px(24), top, split - t.px(36), bottom - top)
        right = pygame.Rect(split, top, w - split - t.px(24), bottom - top)
        if self.app.classroom and not self.focus:
            words = DECEPTIVE_NARRATION if self.deceptive else NARRATION
            left.top = draw.narration(surface, fonts, t, words, left) + t.px(10)
            left.height = bottom - left.top
        self.shown_thought = None
        banner = self._banner()
        if banner is not None:
            words, colour = banner
            size = t.text("body")
            lines = draw.wrap(fonts, words, size, left.width - t.px(16), bold=True)
            box = pygame.Rect(left.x, 0, left.width, round(len(lines) * size * 1.3) + t.px(12))
            box.bottom = left.bottom
            left.height -= box.height + t.px(8)
            pygame.draw.rect(surface, (16, 19, 27), box, border_radius=t.px(8))
            draw.note_panel(surface, box)
            draw.paragraph(surface, fonts, words, box.inflate(-t.px(16), -t.px(8)), size, colour, bold=True,
                           spacing=1.3)
        if self.mind and self.current is not None:
            self._draw_mind(surface, left, right)
        elif self.focus and self.current is not None:
            self._draw_focus(surface, left)
            self._draw_charts(surface, right, total)
        else:
            key = "Black rings: where the agents are (bigger ring, more agents). Orange dot: the fittest agent."
            size, colour, bold = t.text("small"), theme.MUTED, False
            if self.deceptive and self.thinking:
                key = "Rings: where the agents are. Orange dot: the fittest. Blue dot: the agent thinking (Up/Down)."
            y = draw.paragraph(surface, fonts, key, pygame.Rect(left.x, left.y, left.width, left.height // 4), size,
                               colour, bold) + t.px(4)
            self._draw_grid(surface, pygame.Rect(left.x, y, left.width, left.bottom - y))
            self._draw_charts(surface, right, total)
        hints = self.hints
        if self.deceptive:
            hints = [h for h in hints if h[0] not in ("T", "B")] + [("H", "thoughts"), ("V", "measure")]
        draw.key_hints(surface, fonts, t, hints)

    def _banner(self) -> tuple[str, theme.RGB] | None:
        """The line under the mazes: the early-deploy warning, or "training done"."""
        if self.confirming and self.current is not None:
            gen, total = self.current.record.generation, self.current.total
            return (f"Only {gen} of {total} generations trained: these agents have barely evolved yet. "
                    "Press D again to deploy them anyway, or any other key to keep training.", theme.HIGHLIGHT)
        if self.finished:
            return "Training done. Press D to deploy the best agents to new mazes.", theme.HIGHLIGHT
        return None
