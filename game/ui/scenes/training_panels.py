"""The training scene's panels: the maze grid, the focus view, the mind reader, the charts and the
thought bubble, and what they read of the agent the player is watching (cached per generation).
TrainingScene (training.py) adds the base optimizer's control and the keys on top."""

from __future__ import annotations

import numpy as np
import pygame

from game.core.brains import Planner
from game.core.kinds import BrainKind, Decision
from game.core.mind import MindReading, read_mind
from game.core.outcomes import ORDER, classify
from game.core.perceives import agent_ranges, describe_ranges, typical

from .. import charts, focus, mind_view, theme, thought
from ..composition_chart import MEASURES, composition_chart
from ..draw import fitted, paragraph, spinner
from ..maze_view import Placement, crowd, draw_note, window
from ..run_state import RunState
from ..scene import Host, Scene
from ..thought import Thought
from ..trainer import Generation, Trainer


class TrainingPanels(Scene):
    """What the training scene shows: the generation on screen, the agent and maze selected in it,
    and the views over them."""

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app)
        self.run = run
        self.trainer: Trainer | None = None
        self.current: Generation | None = None
        self.t = 0.0  # replay step of the generation shown
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
        self.focus = app.classroom  # one maze large (focus.py); the default on a projector
        self.focus_places: list = []  # where the mazes were last drawn (clicks, tests)
        self._codes: tuple[object, np.ndarray] | None = None  # outcome per episode of the shown generation
        self.preparing_shown: str | None = None  # the last "building / evolving" status drawn (tests read it)

    @property
    def cue(self) -> str | None:
        """The context flag the agents read to tell they are watched (marks unannounced tests)."""
        spec = self.run.level.deception
        return spec.cue if spec is not None else None

    @property
    def deceptive(self) -> bool:
        return self.run.brain == BrainKind.DECEPTIVE

    @property
    def shown(self) -> Generation:
        """The generation on screen, for the parts drawn only once there is one."""
        if self.current is None:
            raise RuntimeError("no generation is shown yet")
        return self.current

    @property
    def n_mazes(self) -> int:
        return self.current.batch.n_layouts if self.current is not None else 0

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

    def _split_for_bubble(self, rect: pygame.Rect, shape: tuple[int, int] | None = None,
                          ) -> tuple[pygame.Rect, pygame.Rect | None, Thought | None]:
        """Room for the mazes, and a band for the thought bubble (if one is shown); `shape`: one
        maze's (rows, cols), in the focus view, where the bubble may go beside it."""
        mine = self.thought() if self.thinking else None
        return thought.split_for_bubble(self.app.fonts, self.app.theme, rect, mine, self._bubble_title(), shape)

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
        episode = self.focus_episode()
        rect, band, mine = self._split_for_bubble(rect, episode.layout.shape)
        place = focus.draw_focus(surface, self.app, rect, episode, agent=mine is None, bubble=band)
        self.focus_places = [place]
        self.agents_drawn = 1
        if mine is not None:  # (the bubble's trail is left out rather than drawn over an object)
            objects = tuple(place.cell_rect(*(o.position_at(episode.step) if o.moves else o.pos))
                            for o in episode.layout.objects)
            self._think(surface, place, band, mine, int(episode.walked[-1]), objects)

    def _draw_preparing(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Until the first generation is in: what the worker is doing, and a spinner that moves
        every frame (the window is not frozen, the machine is working)."""
        t = self.app.theme
        status = self.trainer.status if self.trainer is not None else "Starting evolution..."
        centre = (rect.centerx, rect.centery - t.px(30))
        radius = t.px(18)
        spinner(surface, t, centre, radius)
        paragraph(surface, self.app.fonts, status,
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
        t = self.app.theme
        shown = window(rect, batch.n_layouts, batch.height, batch.width, t.px(8), keep=self.layout_sel % batch.n_layouts,
                       note_h=round(t.text("small") * 1.6))
        draw_note(surface, self.app.fonts, shown, batch.n_layouts, t.text("small"))
        places: list[Placement | None] = [None] * batch.n_layouts  # None: not shown (too many to fit)
        for li, tile in zip(shown.indices, shown.tiles):
            place = self.app.mazes.draw(surface, batch.layouts[li], tile, step=int(self.t), training=True,
                                        cue=self.cue)
            places[li] = place
            self.agents_drawn += crowd(surface, place, pos[:, li], batch.width, len(pos))
            self.app.mazes.agents(surface, place, pos[best:best + 1, li], batch.width, jitter=False,
                                  colour=theme.HIGHLIGHT, scale=0.2)
        self.focus_places = places
        chosen = places[self.layout_sel % batch.n_layouts]
        if mine is not None and chosen is not None:  # (the window's run of mazes holds the selected one)
            if len(shown.indices) > 1:  # frame the maze the bubble talks about
                pygame.draw.rect(surface, theme.ACCENT, chosen.rect.inflate(8, 8), max(2, self.app.theme.px(3)),
                                 border_radius=4)
            others = tuple(p.rect for i, p in enumerate(places) if i != self.layout_sel and p is not None)
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
        fitted(surface, self.app.fonts, label, left.topleft, t.text("small"), left.width, theme.MUTED)
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
