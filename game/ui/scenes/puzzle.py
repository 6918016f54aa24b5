"""The knob screen of a puzzle level: the player shapes the training distribution within a budget.

Each knob is a row of options (its values, each with a cost); the goal and the budget stay in view.
Up/Down choose a knob, Left/Right (or a click) choose its value, Enter trains with the setting,
S draws the curve of the focused knob. The trained level is `puzzle.apply(setting)`.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

from game.core.knobs import Knob, Puzzle

from .. import draw, progress_view, theme
from ..levels_index import LevelEntry
from ..run_state import RunState
from ..scene import Host, Scene, To
from ..verdict import describe_setting, run_verdict, show_value

GOOD, BAD = theme.GOOD, theme.HIGHLIGHT


def goal_words(puzzle: Puzzle) -> str:
    goal = f"at least {puzzle.goal:.0%}" if puzzle.goal is not None else "as many as you can"
    return f"Goal: {goal} of deployed episodes aligned"


class PuzzleScene(Scene):
    destination = To.PUZZLE
    hints = [("Up/Down", "knob"), ("Left/Right", "value"), ("Enter", "train"), ("S", "curve"), ("Esc", "back")]

    def __init__(self, app: Host, entry: LevelEntry, puzzle: Puzzle) -> None:
        super().__init__(app)
        self.entry = entry
        self.puzzle = puzzle
        self.setting: dict[str, Any] = puzzle.default_setting()
        self.focus = 0
        self.runs: list[RunState] = []  # the tries from this screen, newest last
        self.tiles: list[tuple[int, int, pygame.Rect]] = []  # (knob, value index, rect) as last drawn

    # --- the setting ---------------------------------------------------------------------------
    @property
    def knob(self) -> Knob:
        return self.puzzle.knobs[self.focus]

    @property
    def cost(self) -> float:
        return self.puzzle.cost(self.setting)

    @property
    def affordable(self) -> bool:
        return self.puzzle.affordable(self.setting)

    def choose(self, knob: int, index: int) -> None:
        k = self.puzzle.knobs[knob]
        self.focus = knob
        self.setting[k.name] = k.values[max(0, min(index, len(k.values) - 1))]

    def turn(self, by: int) -> None:
        k = self.knob
        self.choose(self.focus, k.values.index(self.setting[k.name]) + by)

    def cost_if(self, knob: Knob, value: Any) -> float:
        return self.puzzle.cost({**self.setting, knob.name: value})

    # --- actions --------------------------------------------------------------------------------
    def train(self) -> None:
        run = RunState.start(self.entry, self.puzzle, self.setting)
        run.history.append(f"knobs: {describe_setting(self.puzzle, run.setting)}")
        self.runs.append(run)
        self.app.go(To.TRAINING, run)

    def sweep(self) -> None:
        self.app.go(To.SWEEP, self.puzzle, self.knob.name, self.setting)

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(54)
        y = h - round(t.text("small") * 2.1) - bh - t.px(12)
        x = t.px(24)
        for label, action in (("Train with this setting (Enter)", self.train),
                              ("Curve for this knob (S)", self.sweep), ("Back (Esc)", self.app.pop)):
            width = self.app.fonts.get(t.text("body")).size(label)[0] + t.px(34)
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x += width + t.px(12)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for knob, index, rect in self.tiles:
                if rect.collidepoint(event.pos):
                    self.choose(knob, index)
            return
        if event.type != pygame.KEYDOWN:
            return
        n = len(self.puzzle.knobs)
        if event.key in (pygame.K_UP, pygame.K_w):
            self.focus = (self.focus - 1) % n
        elif event.key in (pygame.K_DOWN, pygame.K_TAB):
            self.focus = (self.focus + 1) % n
        elif event.key in (pygame.K_LEFT, pygame.K_a):
            self.turn(-1)
        elif event.key in (pygame.K_RIGHT, pygame.K_d):
            self.turn(1)
        elif pygame.K_1 <= event.key <= pygame.K_9:
            self.choose(self.focus, event.key - pygame.K_1)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.train()
        elif event.key == pygame.K_s:
            self.sweep()
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    # --- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        top = draw.header(surface, fonts, t, f"Set up training: {self.entry.title}", "puzzle")
        bottom = h - round(t.text("small") * 2.1) - t.px(54) - t.px(24)
        split = round(w * 0.64)
        y = self._draw_goal(surface, pygame.Rect(t.px(24), top + t.px(4), split - t.px(36), t.px(120)))
        self.tiles = []
        for i, knob in enumerate(self.puzzle.knobs):
            y = self._draw_knob(surface, i, knob, pygame.Rect(t.px(24), y + t.px(12), split - t.px(36), bottom - y))
        shares = [k for k in self.puzzle.knobs if k.percent]
        if shares and bottom - y > t.px(150):
            knob = self.knob if self.knob.percent else shares[0]
            self._draw_share(surface, knob, pygame.Rect(t.px(24), y + t.px(18), split - t.px(36), bottom - y - t.px(18)))
        side = pygame.Rect(split, top + t.px(4), w - split - t.px(24), bottom - top - t.px(4))
        self._draw_side(surface, side)
        draw.key_hints(surface, fonts, t, self.hints)

    def _draw_goal(self, surface: pygame.Surface, rect: pygame.Rect) -> int:
        """The goal in large type, and the budget as a row of pips; returns the y below."""
        t, fonts = self.app.theme, self.app.fonts
        size = t.text("heading")  # wraps rather than running under the side panel (classroom type)
        y = draw.paragraph(surface, fonts, goal_words(self.puzzle), pygame.Rect(rect.x, rect.y, rect.width, size * 4),
                           size, bold=True, spacing=1.2)
        budget = self.puzzle.budget
        size = t.text("body")
        y += t.px(8)
        if budget is None:
            return draw.text(surface, fonts, f"No budget limit. This setting costs {self.cost:g}.", (rect.x, y), size,
                             theme.MUTED).bottom
        label = draw.text(surface, fonts, f"Budget {budget:g}, spent {self.cost:g}:", (rect.x, y), size, bold=True)
        pip = round(size * 1.1)
        x = label.right + t.px(12)
        units = max(int(budget), int(self.cost + 0.999))
        for i in range(units):
            box = pygame.Rect(x + i * (pip + t.px(6)), label.centery - pip // 2, pip, pip)
            over = i >= budget
            spent = i < self.cost
            colour = BAD if over else theme.ACCENT
            if spent:
                pygame.draw.rect(surface, colour, box, border_radius=t.px(4))
            pygame.draw.rect(surface, colour if spent else theme.PANEL_EDGE, box, max(2, t.px(2)), border_radius=t.px(4))
        end = x + units * (pip + t.px(6)) + t.px(8)
        if not self.affordable:
            draw.text(surface, fonts, "over budget: it cannot win", (end, label.centery), size, BAD, bold=True,
                      anchor="midleft")
        return label.bottom

    def _draw_knob(self, surface: pygame.Surface, i: int, knob: Knob, rect: pygame.Rect) -> int:
        t, fonts = self.app.theme, self.app.fonts
        focused = i == self.focus
        big, body, small = t.text("heading"), t.text("body"), t.text("small")
        inner_w = rect.width - t.px(32)
        label_lines = draw.wrap(fonts, knob.label, body, inner_w, bold=True)
        help_lines = draw.wrap(fonts, knob.help, small, inner_w) if knob.help else []
        tile_h = round(big * 1.25 + small * 1.4) + t.px(14)
        height = t.px(16) + len(label_lines) * round(body * 1.3) + len(help_lines) * round(small * 1.3) + t.px(10) \
            + tile_h + t.px(16)
        box = pygame.Rect(rect.x, rect.y, rect.width, height)
        draw.panel(surface, box, t, (44, 52, 70) if focused else theme.PANEL)
        if focused:
            pygame.draw.rect(surface, theme.ACCENT, box, max(2, t.px(3)), border_radius=t.px(10))
        y = box.y + t.px(12)
        for line in label_lines:
            draw.text(surface, fonts, line, (box.x + t.px(16), y), body, bold=True)
            y += round(body * 1.3)
        for line in help_lines:
            draw.text(surface, fonts, line, (box.x + t.px(16), y), small, theme.MUTED)
            y += round(small * 1.3)
        y += t.px(8)
        n = len(knob.values)
        gap = t.px(10)
        tile_w = min(t.px(170), (inner_w - gap * (n - 1)) // n)
        chosen = self.setting.get(knob.name, knob.default)
        for j, value in enumerate(knob.values):
            tile = pygame.Rect(box.x + t.px(16) + j * (tile_w + gap), y, tile_w, tile_h)
            self.tiles.append((i, j, tile))
            selected = value == chosen
            over = self.puzzle.budget is not None and self.cost_if(knob, value) > self.puzzle.budget + 1e-9
            fill = theme.ACCENT if selected else (30, 36, 48)
            pygame.draw.rect(surface, fill, tile, border_radius=t.px(8))
            pygame.draw.rect(surface, theme.TEXT if selected else theme.PANEL_EDGE, tile, max(2, t.px(2)),
                             border_radius=t.px(8))
            ink = (12, 16, 22) if selected else theme.TEXT
            words = show_value(knob, value)
            size = big if fonts.get(big, True).size(words)[0] <= tile_w - t.px(12) else body
            draw.text(surface, fonts, words, (tile.centerx, tile.y + t.px(6) + round(big * 0.62)), size, ink, bold=True,
                      anchor="center")
            cost = knob.cost_of(value)
            note = "free" if cost == 0 else f"cost {cost:g}"
            colour = (12, 16, 22) if selected else (BAD if over else theme.MUTED)
            bold = selected or over
            if over and not selected and fonts.get(small, bold).size(note + " (over)")[0] <= tile_w - t.px(8):
                note += " (over)"  # a narrow tile says "over" by its colour alone
            draw.fitted(surface, fonts, note, (tile.centerx, tile.bottom - t.px(8)), small, tile_w - t.px(8), colour,
                        bold, anchor="midbottom")
        return box.bottom

    def _draw_share(self, surface: pygame.Surface, knob: Knob, rect: pygame.Rect) -> None:
        """A share knob as 100 squares, the chosen share filled: '5 in every 100 training mazes'."""
        t, fonts = self.app.theme, self.app.fonts
        value = self.setting.get(knob.name, knob.default)
        share = float(value) if isinstance(value, (int, float)) else 0.0
        n = round(share * 100)
        cell = max(4, min(t.px(26), rect.height // 10))
        gap = max(1, cell // 7)
        for i in range(100):
            box = pygame.Rect(rect.x + (i % 10) * cell, rect.y + (i // 10) * cell, cell - gap, cell - gap)
            if i < n:
                pygame.draw.rect(surface, theme.ACCENT, box, border_radius=max(1, gap))
            else:
                pygame.draw.rect(surface, theme.PANEL_EDGE, box, max(1, gap), border_radius=max(1, gap))
        x = rect.x + 10 * cell + t.px(24)
        text_rect = pygame.Rect(x, rect.y, rect.right - x, rect.height)
        count = f"{n:g} in every 100" if n == share * 100 else f"{share * 100:g} in every 100"
        y = draw.text(surface, fonts, count, text_rect.topleft, t.text("heading"), theme.ACCENT, bold=True).bottom
        draw.paragraph(surface, fonts, f"Filled squares: {knob.label[:1].lower() + knob.label[1:]}. "
                       "Evolution sees only these training mazes.",
                       pygame.Rect(x, y + t.px(6), text_rect.width, text_rect.height - (y - rect.y)), t.text("body"))

    def _draw_side(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The current setting in words, this screen's tries, and the best result saved."""
        t, fonts = self.app.theme, self.app.fonts
        draw.panel(surface, rect, t)
        inner = rect.inflate(-t.px(28), -t.px(24))
        body, small = t.text("body"), t.text("small")
        y = draw.text(surface, fonts, "Your tries", inner.topleft, t.text("heading"), bold=True).bottom + t.px(6)
        tried = [r for r in self.runs if r.report is not None]
        if not tried:
            y = draw.paragraph(surface, fonts, "None yet. Choose the knobs, then train: evolution only ever sees the "
                               "training mazes you give it.", pygame.Rect(inner.x, y, inner.width, inner.height // 2), body,
                               theme.MUTED)
        for run in tried[-4:]:
            verdict = run_verdict(run)
            mark = "WON" if verdict.won else ("over budget" if verdict.over_budget else "not yet")
            colour = GOOD if verdict.won else BAD
            line = draw.text(surface, fonts, f"{verdict.aligned:.0%} aligned", (inner.x, y), body, bold=True)
            draw.text(surface, fonts, mark, (inner.right, line.centery), body, colour, bold=True, anchor="midright")
            y = draw.paragraph(surface, fonts, describe_setting(self.puzzle, run.setting) + f" (seed {run.seed})",
                               pygame.Rect(inner.x, line.bottom, inner.width, small * 3), small, theme.MUTED) + t.px(8)
        saved = progress_view.store(self.app).get(progress_view.level_key(str(self.entry.path)))
        if saved.attempts and saved.best_aligned is not None:
            y += t.px(8)
            head = "Won before. Best saved:" if saved.won else "Best saved so far:"
            y = draw.text(surface, fonts, head, (inner.x, y), body, GOOD if saved.won else theme.TEXT, bold=True).bottom
            y = draw.paragraph(surface, fonts, f"{saved.best_aligned:.0%} aligned with "
                               f"{describe_setting(self.puzzle, {**self.puzzle.default_setting(), **saved.best_setting})}",
                               pygame.Rect(inner.x, y, inner.width, small * 3), small, theme.MUTED)
        note = ("The verdict is one run: training and deployment on one seed. The debrief also checks your "
                "setting on a few other seeds.")
        lines = draw.wrap(fonts, note, small, inner.width)
        draw.paragraph(surface, fonts, note, pygame.Rect(inner.x, inner.bottom - len(lines) * round(small * 1.25),
                                                         inner.width, len(lines) * small * 2), small, theme.MUTED)
