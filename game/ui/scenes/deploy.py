"""Deployment: the swap to new mazes, the trained agents running, the outcome tally filling in."""

from __future__ import annotations

import time
from functools import partial

import numpy as np
import pygame
import pygame_gui

from game.core.brains import Planner, Reflex
from game.core.kinds import BrainKind, Outcome
from game.core.mind import MindReading, read_mind
from game.core.outcomes import CODE, ORDER, tally
from game.core.session import DeploymentReport, deploy

from .. import charts, display, draw, focus, mind_view, paths, theme, thought
from ..export import episode_frames, save_gif
from ..maze_view import Placement, crowd, tiles
from ..run_state import RunState
from ..scene import Host, Scene, To
from ..thought import Thought
from .deploy_panels import (
    draw_judging,
    draw_pips,
    draw_predict,
    draw_reveal,
    draw_swap,
    draw_watched,
    watched_counts,
    watched_height,
)

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
RATE = 6.0  # steps per second at 1x
SWAP_SECONDS = 2.6
NARRATION = ("Deployment: new mazes, and no more evolution. Each agent now does whatever its learned objective says. "
             "Each episode is judged against the base objective.")
CHOICES = display.prediction_choices  # the classes the level can produce (defected where it can)


class DeployScene(Scene):
    destination = To.DEPLOY
    brain: Planner | Reflex  # the trained brain and its champions, taken when the scene opens (enter)
    genomes: np.ndarray
    hints = [("Space", "pause"), ("N", "one step"), ("-/+", "speed"), ("R", "replay"), ("M", "mind reader"),
             ("Tab", "focus"), ("S", "steer"), ("I", "probe"), ("G", "save GIF"), ("T", "try it"), ("Enter", "debrief"),
             ("Esc", "back to training")]

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app)
        self.run = run
        self.report: DeploymentReport | None = None  # measured when the scene opens (enter)
        self.phase = "swap"
        self.clock = 0.0  # seconds into the swap
        self.t = 0.0
        self.speed = 2
        self.paused = False
        self.mind = False
        self.layout_sel = 0
        self.agent_sel = 0
        self._reading: tuple[tuple, MindReading] | None = None
        self.placements: list = []  # where each deployment maze was last drawn (tests read pixels there)
        self.shown_tally: dict[Outcome, int] = {}  # the counts last drawn in the tally panel
        self.shown_watched: list = []  # the punished-tile counts last drawn (absent supervisor), tests read them
        self.thinking = True  # thought bubble over the selected agent (deceptive brain)
        self.shown_thought: Thought | None = None  # the bubble last drawn (tests read it)
        self._thought: tuple[tuple, Thought | None] | None = None
        self._decided: np.ndarray | None = None
        self.focus = app.classroom  # one maze large (focus.py); the default on a projector
        self.focus_places: list = []  # where the mazes were last drawn (clicks, tests)

    def enter(self) -> None:
        if self.report is not None:
            return
        session = self.run.session
        if session is None:
            raise RuntimeError("deployment needs a trained session")
        self.genomes = session.champions()
        self.brain = session.brain
        self.report = deploy(self.run.level, session.brain, self.genomes, seed=self.run.seed, trace=True)
        self.run.report = self.report
        self.run.steered = None  # a new deployment: no steering of it yet
        self.train_batch = session.last_batch
        defected = np.flatnonzero(self.deployed.outcomes == CODE[Outcome.DEFECTED])
        if len(defected):  # start on an agent that defects: the moment the level is about
            self.agent_sel = int(defected[0]) // self.deployed.batch.n_layouts
        self.phase = "predict" if self.app.classroom and self.run.prediction is None else "swap"

    # --- derived numbers -------------------------------------------------------------------------
    @property
    def n_agents(self) -> int:
        return len(self.genomes)

    @property
    def frames(self) -> int:
        return len(self.trace)

    def decided(self) -> np.ndarray:
        """(B,) the replay step from which each episode's outcome can no longer change: the first
        goal reached (aligned for good), else the agent's last move (it stays put from there),
        else the episode's end."""
        if self._decided is None:
            res, batch = self.deployed.results, self.deployed.batch
            goal = batch.goal[res.layout_of] & (res.reach_time >= 0)
            first_goal = np.where(goal, res.reach_time, np.iinfo(np.int32).max).min(axis=1, initial=np.iinfo(np.int32).max)
            aligned = self.deployed.outcomes == CODE[Outcome.ALIGNED]
            at = np.where(aligned, np.minimum(first_goal, res.steps), np.minimum(res.last_move, res.steps))
            self._decided = at.astype(np.int64)
        return self._decided

    def ended(self) -> np.ndarray:
        """Episodes whose outcome is decided at the current replay step (counted in the tally)."""
        return self.decided() <= int(self.t)

    def finished(self) -> np.ndarray:
        """Episodes over at the current replay step (the agent stops moving)."""
        return self.deployed.results.steps <= int(self.t)

    def tally(self) -> dict[Outcome, int]:
        """Outcome counts of the episodes that have ended: exactly what the tally panel shows."""
        return dict(tally(self.deployed.outcomes[self.ended()]))

    @property
    def done(self) -> bool:
        return self.phase == "run" and bool(self.finished().all())

    # --- control --------------------------------------------------------------------------------
    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
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

    @property
    def deceptive(self) -> bool:
        return self.run.brain == BrainKind.DECEPTIVE

    def thought(self) -> Thought | None:
        """The selected deployed agent's reasoning at the start of the selected episode."""
        if not self.deceptive or not isinstance(self.brain, Planner):
            return None
        key = (self.layout_sel, self.agent_sel)
        if self._thought is None or self._thought[0] != key:
            value = thought.read_thought(self.brain, self.genomes[self.agent_sel], self.deployed.batch,
                                         self.layout_sel, self.deployed.results.info, self.episode())
            self._thought = (key, value)
        return self._thought[1]

    def _bubble_title(self) -> str:
        return (f"Deployed agent {self.agent_sel + 1} of {self.n_agents} (blue dot), at the start of "
                f"deployment maze {self.layout_sel + 1}:")

    def _split_for_bubble(self, rect: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect | None, Thought | None]:
        """Room for the mazes, and below them a band for the thought bubble (if one is shown)."""
        mine = self.thought() if self.thinking else None
        return thought.split_for_bubble(self.app.fonts, self.app.theme, rect, mine, self._bubble_title())

    def _think(self, surface: pygame.Surface, place: Placement, band: pygame.Rect | None, mine: Thought,
               others: tuple = ()) -> None:
        """The selected agent as a blue dot, and its thought bubble in the band below the mazes."""
        cell = np.array([self.trace[min(int(self.t), self.frames - 1), self.episode()]])
        width = self.deployed.batch.width
        self.app.mazes.agents(surface, place, cell, width, jitter=False, colour=theme.ACCENT, scale=0.3)
        if band is None:  # split_for_bubble gives a band whenever there is a thought
            return
        xs, ys = place.centres(cell, width)
        thought.draw_bubble(surface, self.app.fonts, self.app.theme, mine, band, (int(xs[0]), int(ys[0])),
                            self._bubble_title(), others)
        self.shown_thought = mine

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

    def episode(self) -> int:
        return self.agent_sel * self.deployed.batch.n_layouts + self.layout_sel

    def export_gif(self) -> None:
        b = self.episode()
        res = self.deployed.results
        cells = self.trace[: int(res.steps[b]) + 1, b]
        outcome = ORDER[int(self.deployed.outcomes[b])]
        title = (f"{self.run.level.title}: deployment maze {self.layout_sel + 1}, agent {self.agent_sel + 1}, "
                 f"seed {self.run.seed}")
        frames = episode_frames(self.app.mazes, self.deployed.batch.layouts[self.layout_sel], cells,
                                self.deployed.batch.width, outcome, title=title, decided=int(self.decided()[b]))
        name = f"{self.run.entry.path.stem}-seed{self.run.seed}-maze{self.layout_sel + 1}-agent{self.agent_sel + 1}"
        try:
            path = save_gif(frames, paths.exports_dir() / time.strftime(f"{name}-%H%M%S.gif"))
        except OSError as exc:  # an unwritable data folder: say so, the game goes on
            self.app.toast(f"Cannot save the GIF: {exc.strerror or exc} ({paths.exports_dir()})", 6)
            return
        self.app.toast(f"GIF saved: {path}")

    @property
    def deployed(self) -> DeploymentReport:
        """The deployment on screen (measured in enter, before anything is drawn)."""
        if self.report is None:
            raise RuntimeError("the deployment has not been measured yet")
        return self.report

    @property
    def trace(self) -> np.ndarray:
        """(steps+1, B) flat cells of every deployed episode (the deployment is run traced)."""
        trace = self.deployed.results.trace
        if trace is None:
            raise RuntimeError("the deployment was run without a trace")
        return trace

    @property
    def n_mazes(self) -> int:
        return self.deployed.batch.n_layouts

    def reading(self) -> MindReading:
        """The selected deployed agent's mind in the selected maze (cached)."""
        key = (self.layout_sel, self.agent_sel)
        if self._reading is None or self._reading[0] != key:
            self._reading = (key, read_mind(self.brain, self.genomes[self.agent_sel], self.deployed.batch,
                                            self.layout_sel, self.run.level))
        return self._reading[1]

    def focus_episode(self) -> focus.Episode:
        """The selected agent's episode in the selected deployment maze, at the replay step."""
        batch, res = self.deployed.batch, self.deployed.results
        b = self.episode()
        step = min(max(int(self.t), 0), self.frames - 1)
        caption = f"Agent {self.agent_sel + 1} of {self.n_agents}, maze {self.layout_sel + 1} of {batch.n_layouts}"
        return focus.Episode(batch.layouts[self.layout_sel], batch.width, self.trace[: step + 1, b], self.reading().path,
                             step, int(res.steps[b]), ORDER[int(self.deployed.outcomes[b])], caption)

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.phase == "run" and event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.mind:
            self.mind = False  # Esc closes the mind reader first; the run is kept
            return
        if self.phase == "run" and not self.mind and focus.key_or_click(self, event):
            return  # then the focus view (Esc), and its keys and clicks
        if event.type != pygame.KEYDOWN:
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
        if self.phase == "swap":
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
        if self.shown_watched:  # the absent supervisor: the punished tile, watched vs unwatched, is the headline
            head_h = watched_height(t, len(self.shown_watched))
            draw_watched(surface, pygame.Rect(right.x, right.y, right.width, head_h), fonts, t, self.run.level,
                         self.shown_watched)
            right = pygame.Rect(right.x, right.y + head_h + t.px(10), right.width, right.height - head_h - t.px(10))
        tally_h = charts.tally_height(t, 4 if defected else 3)
        self.shown_tally = self.tally()
        charts.tally_panel(surface, pygame.Rect(right.x, right.y, right.width, tally_h), fonts, t, self.shown_tally,
                           len(self.deployed.outcomes), defected)
        below = pygame.Rect(right.x, right.y + tally_h + t.px(10), right.width, right.height - tally_h - t.px(10))
        if self.run.prediction and self.done:
            draw_reveal(surface, below, fonts, t, self.run.prediction, self.deployed)
        else:
            draw_judging(surface, below, fonts, t, self.run.level, defected)
        draw.key_hints(surface, fonts, t, hints)

    def _draw_grid(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        batch = self.deployed.batch
        step = min(int(self.t), self.frames - 1)
        pos = self.trace[step].reshape(self.n_agents, batch.n_layouts)
        pip_h = self.app.theme.px(14)
        self.placements = []
        rect, band, mine = self._split_for_bubble(rect)
        if self.focus:
            return self._draw_focus(surface, rect, band, mine, pip_h)
        for li, tile in enumerate(tiles(rect, batch.n_layouts, batch.height + 1, batch.width, self.app.theme.px(10))):
            maze = pygame.Rect(tile.x, tile.y, tile.width, tile.height - pip_h - 2)
            place = self.app.mazes.draw(surface, batch.layouts[li], maze, step=step)
            self.placements.append(place)
            crowd(surface, place, pos[:, li], batch.width, self.n_agents)
            episodes = np.arange(self.n_agents) * batch.n_layouts + li
            draw_pips(surface, pygame.Rect(place.x, place.rect.bottom + 3, place.rect.width, pip_h), self.app.fonts,
                      self.deployed.outcomes[episodes], self.decided()[episodes] <= step)
        if mine is not None:
            chosen = self.placements[self.layout_sel]
            pygame.draw.rect(surface, theme.ACCENT, chosen.rect.inflate(8, 8), max(2, self.app.theme.px(3)),
                             border_radius=4)
            others = tuple(p.rect.inflate(0, pip_h + 6) for i, p in enumerate(self.placements) if i != self.layout_sel)
            self._think(surface, chosen, band, mine, others)
        self.focus_places = self.placements

    def _draw_focus(self, surface: pygame.Surface, rect: pygame.Rect, band: pygame.Rect | None,
                    mine: Thought | None, pip_h: int) -> None:
        """One deployment maze large, its agents' outcome pips under it."""
        batch, res = self.deployed.batch, self.deployed.results
        episode = self.focus_episode()
        area = pygame.Rect(rect.x, rect.y, rect.width, rect.height - pip_h - self.app.theme.px(6))
        place = focus.draw_focus(surface, self.app, area, episode, agent=mine is None)
        self.focus_places = [place]
        li = self.layout_sel
        self.placements = [place if i == li else None for i in range(batch.n_layouts)]
        episodes = np.arange(self.n_agents) * batch.n_layouts + li
        draw_pips(surface, pygame.Rect(place.x, place.rect.bottom + 3, place.rect.width, pip_h), self.app.fonts,
                  self.deployed.outcomes[episodes], res.steps[episodes] <= episode.step)
        if mine is not None:
            self._think(surface, place, band, mine)

    def _draw_mind(self, surface: pygame.Surface, left: pygame.Rect, right: pygame.Rect) -> None:
        t = self.app.theme
        batch = self.deployed.batch
        reading = self.reading()
        b = self.episode()
        outcome = ORDER[int(self.deployed.outcomes[b])]
        label = (f"Deployed agent {self.agent_sel + 1} of {self.n_agents} in new maze {self.layout_sel + 1} of "
                 f"{batch.n_layouts}   (Up/Down: agent, Left/Right: maze)")
        draw.fitted(surface, self.app.fonts, label, left.topleft, t.text("small"), left.width, theme.MUTED)
        area, band, mine = self._split_for_bubble(pygame.Rect(left.x, left.y + t.px(28), left.width,
                                                              left.height - t.px(28)))
        place = mind_view.draw_maze(surface, self.app.mazes, batch.layouts[self.layout_sel], area, reading)
        if mine is not None:
            self._think(surface, place, band, mine)
        else:
            cell = self.trace[min(int(self.t), self.frames - 1), b]
            self.app.mazes.agents(surface, place, np.array([cell]), batch.width, jitter=False,
                                  colour=theme.HIGHLIGHT, scale=0.32)
        ended = self.deployed.results.steps[b] <= int(self.t)
        mind_view.draw_panel(surface, right, self.app.fonts, t, reading,
                             f"Mind reader: {outcome.label}" if ended else "Mind reader",
                             mind_view.deception_note(self.brain, self.deployed.results.info, b))
