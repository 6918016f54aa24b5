"""The deployment scene's replay: the measured deployment, the replay step and the episode the
player selected (agent and maze), and the views over them: the grid of new mazes with outcome pips,
one maze in focus, the mind reader, the deceptive agent's thought bubble. DeployScene (deploy.py)
adds the phases (predict, swap, run), the side panels and the keys on top."""

from __future__ import annotations

import numpy as np
import pygame

from game.core.brains import Planner, Reflex
from game.core.kinds import BrainKind, Outcome
from game.core.mind import MindReading, read_mind
from game.core.outcomes import CODE, ORDER, tally
from game.core.session import DeploymentReport

from .. import focus, mind_view, theme, thought
from ..draw import fitted
from ..maze_view import Placement, crowd, draw_note, window
from ..run_state import RunState
from ..scene import Host, Scene
from ..thought import Thought
from .deploy_panels import draw_pips


class DeployReplayPanels(Scene):
    """The deployment on screen and what is drawn of it."""

    brain: Planner | Reflex  # the trained brain and its champions, taken when the scene opens (enter)
    genomes: np.ndarray

    def __init__(self, app: Host, run: RunState) -> None:
        super().__init__(app)
        self.run = run
        self.report: DeploymentReport | None = None  # measured when the scene opens (enter)
        self.t = 0.0  # replay step
        self.layout_sel = 0
        self.agent_sel = 0
        self._reading: tuple[tuple, MindReading] | None = None
        self.placements: list = []  # where each deployment maze was last drawn (tests read pixels there)
        self.thinking = True  # thought bubble over the selected agent (deceptive brain)
        self.shown_thought: Thought | None = None  # the bubble last drawn (tests read it)
        self._thought: tuple[tuple, Thought | None] | None = None
        self._decided: np.ndarray | None = None
        self.focus = app.classroom  # one maze large (focus.py); the default on a projector
        self.focus_places: list = []  # where the mazes were last drawn (clicks, tests)

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

    def _split_for_bubble(self, rect: pygame.Rect, shape: tuple[int, int] | None = None,
                          ) -> tuple[pygame.Rect, pygame.Rect | None, Thought | None]:
        """Room for the mazes, and a band for the thought bubble (if one is shown); `shape`: one
        maze's (rows, cols), in the focus view, where the bubble may go beside it."""
        mine = self.thought() if self.thinking else None
        return thought.split_for_bubble(self.app.fonts, self.app.theme, rect, mine, self._bubble_title(), shape)

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

    def episode(self) -> int:
        return self.agent_sel * self.deployed.batch.n_layouts + self.layout_sel

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

    def _draw_grid(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        batch = self.deployed.batch
        step = min(int(self.t), self.frames - 1)
        pos = self.trace[step].reshape(self.n_agents, batch.n_layouts)
        pip_h = self.app.theme.px(14)
        self.placements = []
        if self.focus:
            rect, band, mine = self._split_for_bubble(rect, (batch.height + 1, batch.width))
            return self._draw_focus(surface, rect, band, mine, pip_h)
        rect, band, mine = self._split_for_bubble(rect)
        t = self.app.theme
        shown = window(rect, batch.n_layouts, batch.height + 1, batch.width, t.px(10), keep=self.layout_sel,
                       below=pip_h + 2, note_h=round(t.text("small") * 1.6))
        draw_note(surface, self.app.fonts, shown, batch.n_layouts, t.text("small"))
        self.placements = [None] * batch.n_layouts  # None: not shown (too many to fit)
        for li, tile in zip(shown.indices, shown.tiles):
            maze = pygame.Rect(tile.x, tile.y, tile.width, tile.height - pip_h - 2)
            place = self.app.mazes.draw(surface, batch.layouts[li], maze, step=step)
            self.placements[li] = place
            crowd(surface, place, pos[:, li], batch.width, self.n_agents)
            episodes = np.arange(self.n_agents) * batch.n_layouts + li
            draw_pips(surface, pygame.Rect(place.x, place.rect.bottom + 3, place.rect.width, pip_h), self.app.fonts,
                      self.deployed.outcomes[episodes], self.decided()[episodes] <= step)
        chosen = self.placements[self.layout_sel]
        if mine is not None and chosen is not None:  # (the window's run of mazes holds the selected one)
            pygame.draw.rect(surface, theme.ACCENT, chosen.rect.inflate(8, 8), max(2, self.app.theme.px(3)),
                             border_radius=4)
            others = tuple(p.rect.inflate(0, pip_h + 6) for i, p in enumerate(self.placements)
                           if i != self.layout_sel and p is not None)
            self._think(surface, chosen, band, mine, others)
        self.focus_places = self.placements

    def _draw_focus(self, surface: pygame.Surface, rect: pygame.Rect, band: pygame.Rect | None,
                    mine: Thought | None, pip_h: int) -> None:
        """One deployment maze large, its agents' outcome pips under it."""
        batch, res = self.deployed.batch, self.deployed.results
        episode = self.focus_episode()
        area = pygame.Rect(rect.x, rect.y, rect.width, rect.height - pip_h - self.app.theme.px(6))
        place = focus.draw_focus(surface, self.app, area, episode, agent=mine is None, bubble=band)
        self.focus_places = [place]
        li = self.layout_sel
        self.placements = [place if i == li else None for i in range(batch.n_layouts)]
        episodes = np.arange(self.n_agents) * batch.n_layouts + li
        draw_pips(surface, pygame.Rect(place.x, place.rect.bottom + 3, place.rect.width, pip_h), self.app.fonts,
                  self.deployed.outcomes[episodes], res.steps[episodes] <= episode.step)
        if mine is not None:  # (the bubble's trail is left out rather than drawn over an object)
            objects = tuple(place.cell_rect(*(o.position_at(episode.step) if o.moves else o.pos))
                            for o in episode.layout.objects)
            self._think(surface, place, band, mine, objects)

    def _draw_mind(self, surface: pygame.Surface, left: pygame.Rect, right: pygame.Rect) -> None:
        t = self.app.theme
        batch = self.deployed.batch
        reading = self.reading()
        b = self.episode()
        outcome = ORDER[int(self.deployed.outcomes[b])]
        label = (f"Deployed agent {self.agent_sel + 1} of {self.n_agents} in new maze {self.layout_sel + 1} of "
                 f"{batch.n_layouts}   (Up/Down: agent, Left/Right: maze)")
        fitted(surface, self.app.fonts, label, left.topleft, t.text("small"), left.width, theme.MUTED)
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
