"""Training: the base optimizer runs live; the current generation's episodes replay in a grid."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui

from game.core.brains import Planner
from game.core.kinds import BrainKind, Decision
from game.core.mind import MindReading, read_mind
from game.core.outcomes import ORDER, classify
from game.core.perceives import agent_ranges, describe_ranges, typical

from .. import charts, draw, focus, mind_view, progress_view, theme, thought
from ..composition_chart import MEASURES, composition_chart
from ..maze_view import Placement, crowd, tiles
from ..run_state import RunState
from ..scene import Host, Scene, To
from ..thought import Thought
from ..trainer import Generation, Trainer

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, float("inf"))  # x replay rate; inf: no replay, train flat out
RATE = 12.0  # replay steps per second at 1x
NARRATION = ("The base optimizer (evolution) scores every agent in these training mazes and keeps the best. "
             "Nobody tells the agents what to want: watch what the population comes to want.")
DECEPTIVE_NARRATION = "Evolution keeps the best scorers. These agents can see the learning lamp: watch who survives."


class TrainingScene(Scene):
    destination = To.TRAINING
    hints = [("Space", "pause"), ("N", "one generation"), ("-/+", "speed"), ("R", "new seed"), ("M", "mind reader"),
             ("Tab", "focus"), ("T", "try it"), ("B", "brain"), ("D", "deploy"), ("Esc", "back")]

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app)
        self.run = run
        self.trainer: Trainer | None = None
        self.current: Generation | None = None
        self.waiting: Generation | None = None
        self.speed = 3
        self.paused = False
        self.budget = 0  # generations to train while paused (N)
        self.t = 0.0
        self.mind = False
        self.layout_sel = 0
        self.rank = 0
        self.best: list[float] = []
        self.mean: list[float] = []
        self._reading: tuple[tuple, MindReading] | None = None
        self._ranges: tuple[int, str] | None = None  # (generation shown, how far it notices each cue)
        self.agents_drawn = 0
        self.compositions: list[dict] = []  # GenerationRecord.composition per generation shown
        self.thinking = True  # thought bubble over the selected agent (deceptive brain)
        self.measure = MEASURES[0]  # composition chart: from genomes or from behaviour
        self.rank_chosen = False  # the player picked an agent: stop picking one that deceives
        self._thought: tuple[tuple, Thought | None] | None = None
        self.shown_thought: Thought | None = None  # the bubble last drawn (tests read it)
        self.composition_plot: pygame.Rect | None = None  # where the composition chart was drawn
        self.confirming = False  # D pressed on a barely trained population: the warning is up
        self.focus = app.classroom  # one maze large (focus.py); the default on a projector
        self.focus_places: list = []  # where the mazes were last drawn (clicks, tests)
        self._codes: tuple[object, np.ndarray] | None = None  # outcome per episode of the shown generation
        self.preparing_shown: str | None = None  # the last "building / evolving" status drawn (tests read it)

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
    def cue(self) -> str | None:
        """The context flag the agents read to tell they are watched (marks unannounced tests)."""
        spec = self.run.level.deception
        return spec.cue if spec is not None else None

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
        self.app.go(To.DEPLOY, self.run)
        progress_view.record_run(self.app, self.run)  # the deployment is measured as the scene opens

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

    @property
    def deceptive(self) -> bool:
        return self.run.brain == BrainKind.DECEPTIVE

    def probe(self) -> None:
        """Probe the current best agents in test mazes of your own (I)."""
        if self.trainer is None or self.run.session is None or self.run.brain == BrainKind.REFLEX:
            return
        got = self.trainer.wait()  # the session must be still while its brain and champions are read
        if got is not None:
            self.waiting = got
        self.app.go(To.PROBE_RUN, self.run)

    @property
    def shown(self) -> Generation:
        """The generation on screen, for the parts drawn only once there is one."""
        if self.current is None:
            raise RuntimeError("no generation is shown yet")
        return self.current

    @property
    def n_mazes(self) -> int:
        return self.current.batch.n_layouts if self.current is not None else 0

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

    def _draw_charts(self, surface: pygame.Surface, right: pygame.Rect, total: int) -> None:
        """Fitness on top; below, what the population wants, or for the deceptive brain who survives."""
        t, fonts = self.app.theme, self.app.fonts
        share = (0.26 if self.app.classroom else 0.34) if self.deceptive else 0.48
        chart_h = round(right.height * share)
        charts.fitness_chart(surface, pygame.Rect(right.x, right.y, right.width, chart_h), fonts, t,
                             self.best, self.mean, total)
        below = pygame.Rect(right.x, right.y + chart_h + t.px(12), right.width, right.height - chart_h - t.px(12))
        if self.deceptive:
            spec = getattr(self.current.brain, "deception", None) if self.current else None
            self.composition_plot = composition_chart(surface, below, fonts, t, self.compositions, total,
                                                      self.measure, getattr(spec, "awareness_from", 0))
            return
        wants = self.current.record.wants if self.current else {}
        charts.wants_bars(surface, below, fonts, t, wants, note=self._ranges_note())

    def _ranges_note(self) -> str:
        """How far the population notices each cue (the median agent), for the wants panel."""
        gen = self.current
        if gen is None:
            return ""
        if self._ranges is None or self._ranges[0] != id(gen):
            mid = typical(agent_ranges(gen.brain, gen.genomes))
            lead = "Perception, typical agent: they " if mid is not None and mid.evolved else "Built in: they "
            self._ranges = (id(gen), "" if mid is None else lead + describe_ranges(mid, plural=True) + ".")
        return self._ranges[1]

    def _deceiver_rank(self) -> int:
        """Rank of the fittest agent that complies while wanting something else (0 if none)."""
        gen = self.shown
        info = gen.results.info
        if not info or "decision" not in info:
            return 0
        order = np.argsort(-gen.record.fitness, kind="stable")
        b = order * gen.batch.n_layouts + self.layout_sel % gen.batch.n_layouts
        hidden = (info["decision"][b] == Decision.COMPLY) & (info["value_own_if_comply"][b] < info["value_own_now"][b])
        return int(np.argmax(hidden)) if hidden.any() else 0

    def selected_agent(self) -> int:
        """The agent the mind reader and the thought bubble show: ranked `rank` by fitness."""
        order = np.argsort(-self.shown.record.fitness, kind="stable")
        return int(order[self.rank % len(order)])

    def thought(self) -> Thought | None:
        """The selected agent's reasoning in the selected maze (deceptive brain only)."""
        gen = self.current
        if gen is None or not self.deceptive or not isinstance(gen.brain, Planner):
            return None
        agent = self.selected_agent()
        key = (id(gen), self.layout_sel, agent)
        if self._thought is None or self._thought[0] != key:
            b = agent * gen.batch.n_layouts + self.layout_sel
            value = thought.read_thought(gen.brain, gen.genomes[agent], gen.batch, self.layout_sel,
                                         gen.results.info, b)
            self._thought = (key, value)
        return self._thought[1]

    def _bubble_title(self) -> str:
        gen = self.shown
        return (f"Agent ranked {self.rank % len(gen.genomes) + 1} of {len(gen.genomes)} (blue dot), at the start "
                f"of training maze {self.layout_sel + 1}:")

    def _split_for_bubble(self, rect: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect | None, Thought | None]:
        """Room for the mazes, and below them a band for the thought bubble (if one is shown)."""
        mine = self.thought() if self.thinking else None
        return thought.split_for_bubble(self.app.fonts, self.app.theme, rect, mine, self._bubble_title())

    def _think(self, surface: pygame.Surface, place: Placement, band: pygame.Rect | None, mine: Thought, cell: int,
               others: tuple = ()) -> None:
        """The selected agent as a blue dot, and its thought bubble in the band below the mazes."""
        gen = self.shown
        self.app.mazes.agents(surface, place, np.array([cell]), gen.batch.width, jitter=False, colour=theme.ACCENT,
                              scale=0.3)
        if band is None:  # split_for_bubble gives a band whenever there is a thought
            return
        xs, ys = place.centres(np.array([cell]), gen.batch.width)
        thought.draw_bubble(surface, self.app.fonts, self.app.theme, mine, band, (int(xs[0]), int(ys[0])),
                            self._bubble_title(), others)
        self.shown_thought = mine

    def focus_episode(self) -> focus.Episode:
        """The selected agent's episode in the selected training maze, at the replay step."""
        gen = self.shown
        agent = self.selected_agent()
        layout = self.layout_sel % gen.batch.n_layouts
        b = agent * gen.batch.n_layouts + layout
        if self._codes is None or self._codes[0] is not gen:
            self._codes = (gen, classify(gen.results, gen.batch, gen.results.defected))
        step = min(max(int(self.t), 0), gen.frames - 1)
        rank = self.rank % len(gen.genomes)
        who = "the fittest agent" if rank == 0 else f"agent ranked {rank + 1} of {len(gen.genomes)}"
        caption = f"Maze {layout + 1} of {gen.batch.n_layouts}, {who}"
        return focus.Episode(gen.batch.layouts[layout], gen.batch.width, gen.trace[: step + 1, b],
                             self.reading()[1].path, step, int(gen.results.steps[b]),
                             ORDER[int(self._codes[1][b])], caption)

    def _draw_focus(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        rect, band, mine = self._split_for_bubble(rect)
        episode = self.focus_episode()
        place = focus.draw_focus(surface, self.app, rect, episode, agent=mine is None)
        self.focus_places = [place]
        self.agents_drawn = 1
        if mine is not None:
            self._think(surface, place, band, mine, int(episode.walked[-1]))

    def _draw_preparing(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Until the first generation is in: what the worker is doing, and a spinner that moves
        every frame (the window is not frozen, the machine is working)."""
        t = self.app.theme
        status = self.trainer.status if self.trainer is not None else "Starting evolution..."
        centre = (rect.centerx, rect.centery - t.px(30))
        radius = t.px(18)
        phase = (pygame.time.get_ticks() / 1000.0 * 2.5) % (2 * np.pi)
        pygame.draw.circle(surface, theme.MUTED, centre, radius, max(1, t.px(3)))
        tip = (centre[0] + radius * np.cos(phase), centre[1] + radius * np.sin(phase))
        pygame.draw.circle(surface, theme.HIGHLIGHT, (round(tip[0]), round(tip[1])), max(3, t.px(6)))
        draw.paragraph(surface, self.app.fonts, status,
                       pygame.Rect(rect.x, centre[1] + radius + t.px(16), rect.width, t.text("body") * 3),
                       t.text("body"), theme.MUTED)
        self.preparing_shown = status

    def _draw_grid(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        gen = self.current
        if gen is None:
            self._draw_preparing(surface, rect)
            return
        rect, band, mine = self._split_for_bubble(rect)
        batch = gen.batch
        pos = gen.positions(int(self.t))
        best = int(np.argmax(gen.record.fitness))
        self.agents_drawn = 0
        places = []
        for li, tile in enumerate(tiles(rect, batch.n_layouts, batch.height, batch.width, self.app.theme.px(8))):
            place = self.app.mazes.draw(surface, batch.layouts[li], tile, step=int(self.t), training=True,
                                        cue=self.cue)
            places.append(place)
            self.agents_drawn += crowd(surface, place, pos[:, li], batch.width, len(pos))
            self.app.mazes.agents(surface, place, pos[best:best + 1, li], batch.width, jitter=False,
                                  colour=theme.HIGHLIGHT, scale=0.2)
        self.focus_places = places
        if mine is not None:
            chosen = places[self.layout_sel]
            if len(places) > 1:  # frame the maze the bubble talks about
                pygame.draw.rect(surface, theme.ACCENT, chosen.rect.inflate(8, 8), max(2, self.app.theme.px(3)),
                                 border_radius=4)
            others = tuple(p.rect for i, p in enumerate(places) if i != self.layout_sel)
            self._think(surface, chosen, band, mine, int(pos[self.selected_agent(), self.layout_sel]), others)

    def reading(self) -> tuple[int, MindReading]:
        """The selected agent and its mind in the selected training maze (cached)."""
        gen = self.shown
        agent = self.selected_agent()
        key = (id(gen), self.layout_sel, agent)
        if self._reading is None or self._reading[0] != key:
            value = read_mind(gen.brain, gen.genomes[agent], gen.batch, self.layout_sel, self.run.level)
            self._reading = (key, value)
        return agent, self._reading[1]

    def _draw_mind(self, surface: pygame.Surface, left: pygame.Rect, right: pygame.Rect) -> None:
        t = self.app.theme
        gen = self.shown
        agent, reading = self.reading()
        layout = gen.batch.layouts[self.layout_sel]
        label = (f"Agent ranked {self.rank + 1} of {len(gen.genomes)} in training maze {self.layout_sel + 1} of "
                 f"{gen.batch.n_layouts}   (Up/Down: agent, Left/Right: maze)")
        draw.fitted(surface, self.app.fonts, label, left.topleft, t.text("small"), left.width, theme.MUTED)
        area, band, mine = self._split_for_bubble(pygame.Rect(left.x, left.y + t.px(28), left.width,
                                                              left.height - t.px(28)))
        place = mind_view.draw_maze(surface, self.app.mazes, layout, area, reading)
        cell = gen.positions(int(self.t))[agent, self.layout_sel]
        if mine is not None:
            self._think(surface, place, band, mine, int(cell))
        else:
            self.app.mazes.agents(surface, place, np.array([cell]), gen.batch.width, jitter=False,
                                  colour=theme.HIGHLIGHT, scale=0.32)
        mind_view.draw_panel(surface, right, self.app.fonts, t, reading, "Mind reader",
                             mind_view.deception_note(gen.brain, gen.results.info,
                                                      agent * gen.batch.n_layouts + self.layout_sel))
