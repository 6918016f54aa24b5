"""Probe it: the player builds small test mazes, runs the trained agents in them, and reads a table
of where they went; then says what the agents want, and the answer is scored against the genomes.

Reachable with P from training, deployment and the debrief (the run's deployed agents), and as a
puzzle level (goal.probe_mazes): there the scene trains its own population out of sight, so the
genome cannot be read before the answer. Mouse: pick an object on the right, click a cell to put
it there, click it again to take it away, drag an object or the start. Keys: 1-9 pick, arrows +
Space place at the cursor, Enter runs the agents, A answers, C clears, L the lamp.
This module holds the agents (trained out of sight for a puzzle), the probe maze, the answer and
the drawing; the buttons, mouse and keys are in probe_input.py.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import pygame

from game.core.brains import Planner
from game.core.layouts import Layout
from game.core.level import Level
from game.core.probe import (
    ProbeMaze,
    ProbeRow,
    ProbeTable,
    ProbeVerdict,
    Truth,
    judge_probe,
    palette,
    probe_limit,
    run_probe,
    truth,
)
from game.core.session import TrainingSession

from .. import draw, progress_view, theme
from ..levels_index import LevelEntry
from ..maze_view import Placement, crowd
from ..run_state import RunState
from ..scene import Host, To
from .probe_input import ProbeInput
from .probe_panels import draw_answer_panel, draw_palette, draw_table


class ProbeScene(ProbeInput):
    destination = To.PROBE
    hints = [("1-9", "object"), ("click", "place / remove"), ("drag", "move"), ("Enter", "run the agents"),
             ("A", "answer"), ("C", "clear"), ("Esc", "back")]

    def __init__(self, app: Host, level: Level, brain: Planner | None = None, genomes: np.ndarray | None = None,
                 seed: int | None = None, entry: LevelEntry | None = None) -> None:
        super().__init__(app)
        self.level = level
        self.entry = entry  # a probe puzzle's level entry (to deploy the same population afterwards)
        self.limit = probe_limit(level) if genomes is None else None
        self.session: TrainingSession | None = None
        if genomes is None:  # a probe puzzle: train out of sight
            self.session = TrainingSession(level, seed=seed)
        self.brain, self.genomes = brain, genomes
        self.items = palette(level)
        self.choice = 0
        self.maze = ProbeMaze.empty(9, 9)
        self.cursor = (1, 1)
        self.table = ProbeTable()
        self.last_run_maze: ProbeMaze | None = None
        self.answering = False
        self.answer: list[str] = []
        self.verdict: ProbeVerdict | None = None  # once answered
        self.real: Truth | None = None  # what the genomes hold, read when the answer is scored
        self.place: Placement | None = None  # where the maze was last drawn
        self.tiles: list[tuple[int, pygame.Rect]] = []  # palette tiles as last drawn
        self.feature_tiles: list[tuple[str, pygame.Rect]] = []  # answer choices as last drawn
        self.drag: tuple[int, int] | None = None
        self._layouts: list[Layout] = []  # keep every drawn layout alive (the maze view caches by identity)
        self._layout: tuple[ProbeMaze, Layout] | None = None

    # --- the agents -----------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.genomes is not None

    def update(self, dt: float) -> None:
        if self.session is not None and not self.session.finished:
            start = time.perf_counter()  # a few generations per frame, within a frame's budget
            while not self.session.finished and time.perf_counter() - start < 0.025:
                self.session.step()
            if self.session.finished:
                brain = self.session.brain
                if not isinstance(brain, Planner):  # the loader refuses probe puzzles for reflex brains
                    raise ValueError("a probe puzzle needs agents with an objective (a planner brain)")
                self.brain, self.genomes = brain, self.session.champions()
                self.app.refresh_ui()

    @property
    def features(self) -> tuple[str, ...]:
        if self.brain is not None:
            return self.brain.features.names
        return ()

    @property
    def contexts(self) -> tuple[str, ...]:
        return self.brain.features.contexts if self.brain is not None else ()

    @property
    def runs_left(self) -> int | None:
        return None if self.limit is None else self.limit - len(self.table)

    # --- editing ----------------------------------------------------------------------------------
    def cell_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        if self.place is None or not self.place.rect.collidepoint(pos):
            return None
        return ((pos[1] - self.place.y) // self.place.cell, (pos[0] - self.place.x) // self.place.cell)

    def click(self, cell: tuple[int, int]) -> None:
        """Place the chosen object, or take away the one that is there."""
        if self.maze.item_at(cell) is not None:
            self.maze = self.maze.without(cell)
        else:
            self.maze = self.maze.with_object(self.items[self.choice], cell)

    def clear(self) -> None:
        self.maze = ProbeMaze.empty(self.maze.width, self.maze.height)

    def toggle_lamp(self) -> None:
        if self.contexts:
            self.maze = self.maze.toggled(self.contexts[0])

    def run_agents(self) -> None:
        if self.brain is None or self.genomes is None or self.verdict is not None:  # not trained yet, or answered
            return
        if self.runs_left is not None and self.runs_left <= 0:
            self.app.toast(f"All {self.limit} probe mazes used: answer now (A).")
            return
        self.table = self.table.add(run_probe(self.level, self.brain, self.genomes, self.maze))
        self.last_run_maze = self.maze

    # --- answering --------------------------------------------------------------------------------
    def start_answer(self) -> None:
        if not self.ready:
            return
        self.answering = True
        self.app.refresh_ui()

    def pick(self, feature: str) -> None:
        if self.verdict is not None:
            return
        if feature in self.answer:
            self.answer.remove(feature)
        elif len(self.answer) < 3:
            self.answer.append(feature)

    def check(self) -> None:
        if not self.answer or self.verdict is not None or self.brain is None or self.genomes is None:
            return
        real = truth(self.brain, self.genomes, kinds=self.level.kinds)
        verdict = judge_probe(self.answer, self.table, real, self.limit)
        if verdict.score is None:  # no probe yet: keep the answer open
            self.app.toast(verdict.message)
            return
        self.verdict = verdict
        self.real = real
        self.save_verdict(verdict)
        self.app.refresh_ui()

    def save_verdict(self, verdict: ProbeVerdict) -> None:
        """A probe puzzle won is saved to the player's progress, as a steering puzzle's win is (the
        agents were trained in full, out of sight); probing agents from a deployment is no puzzle."""
        if self.limit is None or self.entry is None or not verdict.won:
            return
        progress_view.store(self.app).record(progress_view.level_key(str(self.entry.path)), None, True,
                                             {"answer": list(self.answer)})
        if not progress_view.show_message(self.app):
            self.app.toast("Won: saved to your progress.")

    def score_words(self) -> str:
        return self.verdict.message if self.verdict else ""

    def deploy(self) -> None:
        """After a probe puzzle: watch the same population in deployment."""
        if self.session is None or self.verdict is None or self.entry is None:
            return
        run = RunState.start(self.entry)
        run.session, run.seed = self.session, self.session.seed
        run.trained_generations = self.session.generations
        self.app.go(To.DEPLOY, run)

    # --- drawing ------------------------------------------------------------------------------------
    def layout(self) -> Layout:
        if self._layout is None or self._layout[0] != self.maze:
            layout = self.maze.layout()
            self._layouts.append(layout)
            self._layout = (self.maze, layout)
        return self._layout[1]

    def _draw_paths(self, surface: pygame.Surface, place: Placement, row: ProbeRow) -> None:
        """The routes the agents walked (each distinct route once, thicker when more agents took it)."""
        width = max(2, place.cell // 8)
        for path, count in Counter(row.paths).most_common(4):
            if len(path) < 2:
                continue
            pts = [place.cell_rect(r, c).center for r, c in path]
            pygame.draw.lines(surface, (15, 15, 20), False, pts, width + 2 + count // 3)
            pygame.draw.lines(surface, (255, 255, 255), False, pts, max(1, width - 1 + count // 3))

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        used = f"probe mazes {len(self.table)} of {self.limit}" if self.limit else f"probe mazes run: {len(self.table)}"
        top = draw.header(surface, fonts, t, f"Probe it: {self.level.title}", used)
        bottom = h - round(t.text("small") * 2.1) - t.px(70)
        left_w = round(w * 0.42)
        if not self.ready:
            gen = self.session.state.generation if self.session else 0
            total = self.session.generations if self.session else 0
            draw.paragraph(surface, fonts, f"Training a population you cannot see (generation {gen} of {total}). "
                           "You will not see its genome: find out what it wants from what it does.",
                           pygame.Rect(t.px(24), top + t.px(20), w - t.px(48), t.px(200)), t.text("heading"))
            draw.key_hints(surface, fonts, t, [("Esc", "back")])
            return
        small = t.text("small")
        intro = ("Put things in the room, run the agents, see where they go. Same agents, same planner; "
                 "only the room is yours." if not self.answering else
                 "What do they want most? Click features in order: first the strongest, then (optional) the next.")
        draw.text(surface, fonts, intro, (t.px(24), top), small, theme.MUTED)
        top += round(small * 1.6)
        maze_rect = pygame.Rect(t.px(24), top, left_w - t.px(24), round((bottom - top) * 0.72))
        layout = self.layout()
        self.place = place = self.app.mazes.draw(surface, layout, maze_rect)
        row = self.table.rows[-1] if self.table.rows and self.last_run_maze == self.maze else None
        if row is not None:
            self._draw_paths(surface, place, row)
            cells = [r * layout.shape[1] + c for r, c in row.ends]
            crowd(surface, place, cells, layout.shape[1], len(cells))
        if not self.answering:
            pygame.draw.rect(surface, theme.ACCENT, place.cell_rect(*self.cursor), max(2, t.px(2)))
        if self.maze.context:
            draw.text(surface, fonts, f"lamp '{self.maze.context[0]}' ON", (place.rect.right, place.rect.y
                      - t.px(2)), small, theme.HIGHLIGHT, bold=True, anchor="bottomright")
        under = pygame.Rect(t.px(24), maze_rect.bottom + t.px(10), left_w - t.px(24), bottom - maze_rect.bottom - t.px(10))
        self.tiles = draw_palette(surface, fonts, t, under, self.items, self.choice, self.app.mazes)
        right = pygame.Rect(left_w + t.px(24), top, w - left_w - t.px(48), bottom - top)
        if self.answering or self.verdict is not None:
            self.feature_tiles = draw_answer_panel(self, surface, right)
        else:
            self.feature_tiles = []
            draw_table(surface, fonts, t, right, self.table, self.limit, self.level)
        if self.verdict is not None:
            hints = ([("D", "deploy them")] if self.entry is not None else []) + [("Esc", "back")]
        elif self.answering:
            hints = [("click / 1-9", "pick in order"), ("Enter", "check"), ("A", "back to probing"), ("Esc", "back")]
        else:
            hints = self.hints
        draw.key_hints(surface, fonts, t, hints)


def probe_run(app: Host, run: RunState) -> ProbeScene:
    """The probe scene for a run's trained agents (the ones it deploys)."""
    brain = run.trained.brain
    if not isinstance(brain, Planner):  # the scenes offer probing for planners only
        raise ValueError("only agents with an objective (a planner brain) can be probed")
    return ProbeScene(app, run.level, brain, run.trained.champions())


def probe_puzzle(app: Host, entry: LevelEntry) -> ProbeScene:
    """A probe puzzle level: a population trained out of sight, a limit on probe mazes."""
    if entry.level is None:
        raise ValueError(entry.error or "level not loaded")
    return ProbeScene(app, entry.level, seed=entry.level.evolution.seed, entry=entry)
