"""Level intro: the story, what we reward, what the agents can perceive, and a training maze."""

from __future__ import annotations

import pygame
import pygame_gui

from game.core import provenance
from game.core.errors import LevelError
from game.core.kinds import BrainKind
from game.core.level import Level
from game.core.probe import probe_limit

from .. import display, draw, glyphs, pictures, theme
from ..levels_index import LevelEntry, has_knobs, puzzle_for
from ..run_state import RunState
from ..scene import Host, Scene, To

BRAIN_WORDS = {BrainKind.PLANNER: "a planner (a mesa-optimizer with its own objective)",
               BrainKind.REFLEX: "a reflex network (no objective, just habits)",
               BrainKind.DECEPTIVE: "a situationally aware planner"}


def describe_rules(level: Level) -> str:
    """The base objective and the perception rules in plain words."""
    parts = [f"<b>We reward (the base objective):</b> {display.reward_words(level)}"]
    stage = level.deception.first_stage if level.deception else None
    if stage is not None:
        earlier = ", ".join(f"{glyphs.kind_words(k)} {r:+g}" for k, r in stage.rewards.items())
        parts[0] += (f"<br><b>Stage 1 (generations 1-{stage.generations}, {stage.label}):</b> {earlier}; "
                     "then the base objective above")
    brain = BRAIN_WORDS[level.brain.kind]
    ev = level.evolution
    parts.append(f"<b>Brain:</b> {brain}. <b>Base optimizer:</b> {ev.algorithm.value.upper()}, "
                 f"{ev.population} agents, {ev.generations} generations.")
    return "<br><br>".join(parts)


class IntroScene(Scene):
    destination = To.INTRO
    animating = False
    hints = [("Enter", "train the agents"), ("T", "try it yourself"), ("Esc", "back")]

    def __init__(self, app: Host, entry: LevelEntry) -> None:
        super().__init__(app)
        self.entry = entry
        # ((width, size), the Built in / Evolved lines, their height), for the last width and type size
        self._given: tuple[tuple[int, int], list[str], int] | None = None
        self.is_puzzle = has_knobs(entry) and _offers_knobs(entry)
        if self.is_puzzle:
            self.hints = [("Enter", "choose the knobs"), *IntroScene.hints[1:]]
        if entry.level is not None and entry.level.goal.get("probe_mazes") is not None:
            self.hints = [("Enter", "start probing"), *IntroScene.hints[1:]]

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(54)
        y = h - t.px(52) - bh - t.px(16)
        if self.entry.level is None:
            self.button(manager, "Back (Esc)", pygame.Rect(t.px(24), y, t.px(200), bh), self.app.pop)
            return
        level = self.entry.level
        story = draw.rich(level.intro or "No story for this level.")
        box = pygame.Rect(t.px(24), t.px(80), round(w * 0.55), y - t.px(96))
        pygame_gui.elements.UITextBox(story + "<br><br>" + describe_rules(level), box, manager)
        label = "Choose the knobs (Enter)" if self.is_puzzle else "Train the agents (Enter)"
        if level.goal.get("probe_mazes") is not None:
            label = "Start probing (Enter)"
        self.button(manager, label, pygame.Rect(t.px(24), y, t.px(330), bh), self.train)
        self.button(manager, "Try it yourself (T)", pygame.Rect(t.px(370), y, t.px(260), bh), self.try_it)
        self.button(manager, "Back (Esc)", pygame.Rect(t.px(646), y, t.px(170), bh), self.app.pop)

    def train(self) -> None:
        """Train the level; a puzzle level first shows its knobs."""
        if self.entry.level is None:  # nothing to train (the scene shows why)
            return
        puzzle = puzzle_for(self.entry) if self.is_puzzle else None
        if probe_limit(self.entry.level) is not None:
            self.app.go(To.PROBE_PUZZLE, self.entry)
        elif puzzle is not None:
            self.app.go(To.PUZZLE, self.entry, puzzle)
        else:
            self.app.go(To.TRAINING, RunState.start(self.entry))

    def try_it(self) -> None:
        self.app.go(To.TRY_IT, RunState.start(self.entry))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key == pygame.K_l:
            self.app.level_select()
        elif self.entry.level is not None and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.train()
        elif self.entry.level is not None and event.key == pygame.K_t:
            self.try_it()

    def _given_lines(self, level: Level, width: int) -> tuple[list[str], int]:
        """The Built in and Evolved lines, and their height wrapped to width (cached per width and type
        size)."""
        t, fonts = self.app.theme, self.app.fonts
        size = t.text("small")
        if self._given is None or self._given[0] != (width, size):
            lines = [provenance.built_in(level), provenance.evolved(level, None, None)]
            count = sum(len(draw.wrap(fonts, line, size, width)) for line in lines)
            self._given = ((width, size), lines, count * round(size * 1.25) + t.px(8))
        return self._given[1], self._given[2]

    def _draw_given(self, surface: pygame.Surface, area: pygame.Rect, level: Level) -> None:
        """The Built in line, then the Evolved line, from the top of `area` (cut short with '...' if it
        is too small)."""
        t, fonts = self.app.theme, self.app.fonts
        lines, _ = self._given_lines(level, area.width)
        y = area.y
        for i, line in enumerate(lines):
            y = draw.paragraph(surface, fonts, line, pygame.Rect(area.x, y, area.width, area.bottom - y),
                               t.text("small"), theme.TEXT if i == 0 else theme.MUTED) + t.px(8)

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        draw.header(surface, fonts, t, self.entry.title, ", ".join(self.entry.concepts))
        level = self.entry.level
        if level is None:
            rect = pygame.Rect(t.px(40), t.px(100), w - t.px(80), h - t.px(260))
            draw.text(surface, fonts, "This level cannot be loaded:", rect.topleft, t.text("heading"),
                      theme.WARN, bold=True)
            draw.paragraph(surface, fonts, self.entry.error or "", rect.move(0, t.px(56)), t.text("body"))
        else:
            right = pygame.Rect(round(w * 0.55) + t.px(48), t.px(80), w - round(w * 0.55) - t.px(72), h - t.px(230))
            pictures.declare(level.kinds)
            items = glyphs.object_types(level)
            row = round(t.text("small") * 1.6)
            given_h = self._given_lines(level, right.width)[1]
            rows = min((len(items) + 1) // 2, max(1, (right.height - given_h - t.px(8)) // row))
            more = len(items) - 2 * rows + 1 if (len(items) + 1) // 2 > rows else 0
            if more:  # the Built in line comes first: the legend keeps the rows left, and says so
                items = items[: 2 * rows - 1]
            legend_h = row * rows
            column = pygame.Rect(right.x, right.y, right.width, right.height - legend_h - t.px(8))
            maze = pygame.Rect(right.x, right.y + t.px(28), right.width, column.height - given_h - t.px(40))
            previews = self.entry.previews()
            if previews and maze.height > t.px(60):  # else the lines take the column (large type)
                draw.text(surface, fonts, "A training maze", (right.centerx, right.y), t.text("small"), theme.MUTED,
                          anchor="midtop")
                self.app.mazes.draw(surface, previews[0], maze)
                column = pygame.Rect(column.x, column.bottom - given_h, column.width, given_h)
            self._draw_given(surface, column, level)
            glyphs.draw_legend(surface, fonts, items, (right.x + t.px(20), right.bottom - legend_h), t.text("small"),
                               columns=2, col_width=right.width // 2)
            if more:
                draw.text(surface, fonts, f"and {more} more", (right.x + t.px(20) + right.width // 2,
                          right.bottom - row + round(t.text("small") * 0.05)), t.text("small"), theme.MUTED)
        draw.key_hints(surface, fonts, t, self.hints if self.entry.level else [("Esc", "back")])


def _offers_knobs(entry: LevelEntry) -> bool:
    """A level whose knobs are all for experiments (player: false) is not a puzzle."""
    try:
        return puzzle_for(entry) is not None
    except (LevelError, OSError):
        return True  # let the knob screen show the problem, as before
