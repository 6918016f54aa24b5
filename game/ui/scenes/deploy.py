"""Deployment: the swap to new mazes, the trained agents running, the outcome tally filling in.
This module holds the phases (predict, swap, run), the header and side panels, the keys and the GIF
export; the replay and its maze views are in deploy_replay_panels.py."""

from __future__ import annotations

import time
from functools import partial

import numpy as np
import pygame
import pygame_gui

from game.core.kinds import BrainKind, Outcome
from game.core.outcomes import CODE, ORDER

from .. import charts, display, draw, focus, paths, progress_view, theme
from ..deployer import Deployment
from ..export import iter_episode_frames
from ..gif_export import GifExport
from ..run_state import RunState
from ..scene import Host, To
from .deploy_panels import (
    draw_judging,
    draw_measuring,
    draw_predict,
    draw_reveal,
    draw_swap,
    draw_watched,
    reveal_height,
    watched_counts,
    watched_height,
)
from .deploy_replay_panels import DeployReplayPanels

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
RATE = 6.0  # steps per second at 1x
SWAP_SECONDS = 2.6
NARRATION = ("Deployment: new mazes, and no more evolution. Each agent now does whatever its learned objective says. "
             "Each episode is judged against the base objective.")
CHOICES = display.prediction_choices  # the classes the level can produce (defected where it can)


class DeployScene(DeployReplayPanels):
    destination = To.DEPLOY
    hints = [("Space", "pause"), ("N", "one step"), ("-/+", "speed"), ("R", "replay"), ("M", "mind reader"),
             ("Tab", "focus"), ("S", "steer"), ("I", "probe"), ("G", "save GIF"), ("T", "try it"), ("Enter", "debrief"),
             ("Esc", "back to training")]

    def __init__(self, app: Host, run: RunState, record: bool = False) -> None:
        super().__init__(app, run)
        self.record = record  # save the deployment to the player's progress once measured (from training)
        self.measuring: Deployment | None = None  # a big deployment on its worker thread
        self.measuring_shown: str | None = None  # the status last drawn while measuring (tests read it)
        self.gif: GifExport | None = None  # a GIF whose frames are being drawn (G)
        self.phase = "swap"
        self.clock = 0.0  # seconds into the swap
        self.speed = 2
        self.paused = False
        self.mind = False
        self.shown_tally: dict[Outcome, int] = {}  # the counts last drawn in the tally panel
        self.shown_watched: list = []  # the punished-tile counts last drawn (absent supervisor), tests read them

    def enter(self) -> None:
        if self.report is not None or self.measuring is not None:
            return
        session = self.run.session
        if session is None:
            raise RuntimeError("deployment needs a trained session")
        self.genomes = session.champions()
        self.brain = session.brain
        self.train_batch = session.last_batch
        self.run.report = None  # the run's last deployment is stale; this one is measured now
        self.run.steered = None  # a new deployment: no steering of it yet
        self.phase = "measuring"  # a small deployment is measured right here: the scene opens on its report
        self.measuring = Deployment(self.run.level, self.brain, self.genomes, self.run.seed, self.run.brain)
        self._take_report()

    def _take_report(self) -> None:
        """Once the deployment is measured, the scene goes on as it always has: the class's
        prediction (classroom), the swap to the new mazes, the run."""
        report = self.measuring.poll() if self.measuring is not None else None
        if report is None:
            return
        self.measuring = None
        self.report = self.run.report = report
        defected = np.flatnonzero(self.deployed.outcomes == CODE[Outcome.DEFECTED])
        if len(defected):  # start on an agent that defects: the moment the level is about
            self.agent_sel = int(defected[0]) // self.deployed.batch.n_layouts
        self.phase = "predict" if self.app.classroom and self.run.prediction is None else "swap"
        self.app.refresh_ui()
        if self.record:
            progress_view.record_run(self.app, self.run)

    @property
    def done(self) -> bool:
        return self.phase == "run" and bool(self.finished().all())

    # --- control --------------------------------------------------------------------------------
    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        if self.phase == "measuring":
            return  # nothing to press until the report is in (Esc still goes back)
        if self.phase == "predict":
            bw, bh = t.px(640), t.px(60)
            for i, (key, label) in enumerate(CHOICES(self.run.level)):
                rect = pygame.Rect(w // 2 - bw // 2, round(h * 0.42) + i * (bh + t.px(14)), bw, bh)
                self.button(manager, f"{i + 1}  {label}", rect, partial(self.predict, key))
            return
        if self.phase == "swap":
            return
        bh = t.px(46)
        y = h - round(t.text("small") * 2.1) - bh - t.px(10)
        x = t.px(24)
        for label, action in (("Pause / go (Space)", self.toggle_pause), ("Replay (R)", self.replay),
                              ("Mind reader (M)", self.toggle_mind), ("Save GIF (G)", self.export_gif)):
            width = self.app.fonts.get(t.text("body")).size(label)[0] + t.px(30)
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(8)
        self.button(manager, "Debrief (Enter)", pygame.Rect(w - t.px(24) - t.px(220), y, t.px(220), bh), self.debrief)

    def predict(self, outcome: Outcome) -> None:
        self.run.prediction = outcome
        self.phase = "swap"
        self.clock = 0.0
        self.app.refresh_ui()

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def toggle_mind(self) -> None:
        self.mind = not self.mind

    def toggle_thoughts(self) -> None:
        self.thinking = not self.thinking

    def probe(self) -> None:
        """Probe these deployed agents in test mazes of your own (I)."""
        if self.run.brain != BrainKind.REFLEX:
            self.app.go(To.PROBE, self.run.level, self.brain, self.genomes)

    def steer(self) -> None:
        """Edit these agents' objective and watch them re-plan in the same mazes (S)."""
        if self.run.brain != BrainKind.REFLEX:
            self.app.go(To.STEER, self.run, self.genomes, self.deployed)

    def replay(self) -> None:
        self.t = 0.0
        self.paused = False

    def debrief(self) -> None:
        if self.phase != "run":
            self.phase = "run"
        self.t = float(self.frames)
        self.app.go(To.DEBRIEF, self.run)

    def export_gif(self) -> None:
        """Save the selected episode as a GIF: its frames drawn a few per frame, written on a worker."""
        if self.gif is not None:
            return  # one at a time: its frames are still being drawn
        b = self.episode()
        res = self.deployed.results
        cells = self.trace[: int(res.steps[b]) + 1, b]
        outcome = ORDER[int(self.deployed.outcomes[b])]
        title = (f"{self.run.level.title}: deployment maze {self.layout_sel + 1}, agent {self.agent_sel + 1}, "
                 f"seed {self.run.seed}")
        frames = iter_episode_frames(self.app.mazes, self.deployed.batch.layouts[self.layout_sel], cells,
                                     self.deployed.batch.width, outcome, title=title, decided=int(self.decided()[b]))
        name = f"{self.run.entry.path.stem}-seed{self.run.seed}-maze{self.layout_sel + 1}-agent{self.agent_sel + 1}"
        self.gif = GifExport(frames, paths.exports_dir() / time.strftime(f"{name}-%H%M%S.gif"), self.app.toast)

    def leave(self) -> None:
        if self.gif is not None:  # covered or left mid-GIF: its last frames now, the writer saves it
            self.gif.finish()
            self.gif = None

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.phase == "run" and event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.mind:
            self.mind = False  # Esc closes the mind reader first; the run is kept
            return
        if self.phase == "run" and not self.mind and focus.key_or_click(self, event):
            return  # then the focus view (Esc), and its keys and clicks
        if event.type != pygame.KEYDOWN:
            return
        if self.phase == "measuring":
            if event.key == pygame.K_ESCAPE:
                self.app.pop()  # the worker's report is dropped when it ends
            elif event.key == pygame.K_l:
                self.app.level_select()
            return
        if self.phase == "predict":
            index = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2, pygame.K_4: 3,
                     pygame.K_KP1: 0, pygame.K_KP2: 1, pygame.K_KP3: 2, pygame.K_KP4: 3}
            choices = CHOICES(self.run.level)
            if event.key in index and index[event.key] < len(choices):
                self.predict(choices[index[event.key]][0])
            elif event.key == pygame.K_ESCAPE:
                self.app.pop()
            return
        if self.phase == "swap":
            if event.key == pygame.K_ESCAPE:
                self.app.pop()
            else:
                self.clock = SWAP_SECONDS  # any key: skip the animation
            return
        if event.key == pygame.K_l:
            self.app.level_select()
            return
        keys = {pygame.K_SPACE: self.toggle_pause, pygame.K_r: self.replay, pygame.K_m: self.toggle_mind,
                pygame.K_g: self.export_gif, pygame.K_ESCAPE: self.app.pop, pygame.K_RETURN: self.debrief,
                pygame.K_KP_ENTER: self.debrief, pygame.K_h: self.toggle_thoughts, pygame.K_i: self.probe,
                pygame.K_s: self.steer}
        if event.key == pygame.K_n:
            self.paused = True
            self.t = min(int(self.t) + 1, self.frames - 1)
        elif event.key in (pygame.K_MINUS, pygame.K_KP_MINUS, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.speed = int(np.clip(self.speed + (-1 if event.key in (pygame.K_MINUS, pygame.K_KP_MINUS) else 1),
                                     0, len(SPEEDS) - 1))
        elif event.key == pygame.K_t:
            self.app.go(To.TRY_IT, self.run, deployment=True)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.layout_sel = (self.layout_sel + (1 if event.key == pygame.K_RIGHT else -1)) % self.deployed.batch.n_layouts
        elif event.key in (pygame.K_UP, pygame.K_DOWN):
            self.agent_sel = (self.agent_sel + (1 if event.key == pygame.K_DOWN else -1)) % self.n_agents
        elif event.key in keys:
            keys[event.key]()

    def update(self, dt: float) -> None:
        if self.gif is not None:
            self.gif.tick()
            self.gif = None if self.gif.drawn else self.gif
        if self.phase == "measuring":
            self._take_report()
        elif self.phase == "swap":
            self.clock += dt
            if self.clock >= SWAP_SECONDS:
                self.phase = "run"
                self.app.refresh_ui()
        elif self.phase == "run" and not self.paused:
            self.t = min(self.t + dt * SPEEDS[self.speed] * RATE, self.frames - 1)

    # --- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        if self.phase == "measuring" and self.measuring is not None:
            self.measuring_shown = draw_measuring(surface, fonts, t, self.run.level.title, self.measuring)
            return
        if self.phase == "predict":
            draw_predict(surface, fonts, t, self.run)
            return
        if self.phase == "swap":
            draw_swap(surface, self.app, self.train_batch, self.deployed.batch, self.clock / SWAP_SECONDS,
                      self.run.level)
            return
        top = draw.header(surface, fonts, t, f"DEPLOYED: {self.run.level.title}", f"step {int(self.t)} / {self.frames - 1}")
        state = "all episodes ended" if self.done else ("paused" if self.paused else "running")
        draw.text(surface, fonts, f"{state}  |  speed {SPEEDS[self.speed]:g}x  |  {self.n_agents} best agents x "
                  f"{self.deployed.batch.n_layouts} new mazes", (t.px(24), top - t.px(6)), t.text("small"), theme.MUTED)
        top += round(t.text("small") * 1.5)
        bottom = h - round(t.text("small") * 2.1) - t.px(66)
        split = round(w * 0.62)
        left = pygame.Rect(t.px(24), top, split - t.px(36), bottom - top)
        right = pygame.Rect(split, top, w - split - t.px(24), bottom - top)
        if self.app.classroom and not self.focus:
            left.top = draw.narration(surface, fonts, t, NARRATION, left) + t.px(10)
            left.height = bottom - left.top
        hints = self.hints
        if self.deceptive:
            hints = [h for h in hints if h[0] not in ("G", "T")] + [("H", "thoughts")]
        self.shown_thought = None
        if self.mind:
            self._draw_mind(surface, left, right)
            draw.key_hints(surface, fonts, t, hints)
            return
        self._draw_grid(surface, left)
        defected = self.deceptive or bool((self.deployed.outcomes == CODE[Outcome.DEFECTED]).any())
        self.shown_watched = watched_counts(self.run.level, self.brain.features, self.deployed.batch,
                                            self.deployed.results, self.ended())
        tally_h = charts.tally_height(t, 4 if defected else 3)
        revealing = self.run.prediction is not None and self.done
        if self.shown_watched:  # the absent supervisor: the punished tile, watched vs unwatched, is the headline
            head_h = watched_height(t, len(self.shown_watched))
            left_over = right.height - head_h - tally_h - t.px(20)
            compact = revealing and self.run.prediction is not None and left_over < reveal_height(
                fonts, t, self.run.prediction, self.deployed, right.width)  # the reveal needs the room more
            head_h = watched_height(t, len(self.shown_watched), compact)
            draw_watched(surface, pygame.Rect(right.x, right.y, right.width, head_h), fonts, t, self.run.level,
                         self.shown_watched, compact)
            right = pygame.Rect(right.x, right.y + head_h + t.px(10), right.width, right.height - head_h - t.px(10))
        self.shown_tally = self.tally()
        charts.tally_panel(surface, pygame.Rect(right.x, right.y, right.width, tally_h), fonts, t, self.shown_tally,
                           len(self.deployed.outcomes), defected)
        below = pygame.Rect(right.x, right.y + tally_h + t.px(10), right.width, right.height - tally_h - t.px(10))
        if revealing and self.run.prediction is not None:
            draw_reveal(surface, below, fonts, t, self.run.prediction, self.deployed)
        else:
            draw_judging(surface, below, fonts, t, self.run.level, defected)
        draw.key_hints(surface, fonts, t, hints)
