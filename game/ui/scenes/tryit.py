"""Try it yourself: walk a maze with the arrow keys, perceiving only what the agents perceive."""

from __future__ import annotations

import numpy as np
import pygame

from game.core.layouts import Layout, PlacedObject, sample_pool

from .. import draw, glyphs, theme
from ..maze_view import fit
from ..run_state import RunState
from ..scene import Host, Scene, To

MOVES = {pygame.K_UP: (-1, 0), pygame.K_w: (-1, 0), pygame.K_DOWN: (1, 0), pygame.K_s: (1, 0),
         pygame.K_LEFT: (0, -1), pygame.K_a: (0, -1), pygame.K_RIGHT: (0, 1), pygame.K_d: (0, 1)}


class TryItScene(Scene):
    destination = To.TRY_IT
    hints = [("Arrows", "walk"), ("Tab", "training / deployment maze"), ("N", "new maze"), ("Esc", "back")]

    def __init__(self, app: Host, run: RunState, deployment: bool = False) -> None:
        super().__init__(app)
        self.run = run
        self.deployment = deployment
        self.count = 0
        self.new_maze()

    def new_maze(self) -> None:
        level = self.run.level
        rng = np.random.default_rng((self.run.seed, self.count, int(self.deployment)))
        self.count += 1
        specs = level.deployment if self.deployment else level.training
        self.layout: Layout = sample_pool(level, specs, 1, rng)[0]
        self.pos = self.layout.start
        self.objects: list[PlacedObject] = list(self.layout.objects)
        self.steps = 0
        self.score = 0.0
        self.message = "Walk with the arrow keys. You see what the agents see."
        self.over = False

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key == pygame.K_TAB:
            self.deployment = not self.deployment
            self.new_maze()
        elif event.key == pygame.K_n:
            self.new_maze()
        elif event.key in MOVES and not self.over:
            self.move(*MOVES[event.key])

    def move(self, dr: int, dc: int) -> None:
        """One step, scored with the base objective exactly as the simulation scores it."""
        r, c = self.pos[0] + dr, self.pos[1] + dc
        if self.layout.walls[r, c]:
            return
        objective = self.run.level.objective
        self.pos = (r, c)
        self.steps += 1
        self.score -= objective.step_cost
        for obj in list(self.objects):
            if obj.pos != self.pos:
                continue
            info = self.run.level.kinds[obj.kind]
            reward = objective.rewards.get(obj.kind, 0.0)
            for flag, extra in objective.when.items():
                if self.layout.context.get(flag):
                    reward += extra.get(obj.kind, 0.0)
            self.score += reward
            name = f"{obj.colour + ' ' if obj.colour else ''}{obj.kind}"
            self.message = f"You reached the {name}: {reward:+g}."
            if info.consumable:
                self.objects.remove(obj)
            if info.terminal:
                self.over = True
                self.message += " Episode over. N: new maze."
        if not self.over and self.steps >= objective.max_steps:
            self.over = True
            self.message = "Out of steps: the episode is over. N: new maze."

    def sees(self, obj: PlacedObject) -> tuple[bool, bool]:
        """(colour seen, kind seen) from where the player stands, by the level's perception rules."""
        p = self.run.level.perception
        d = max(abs(obj.pos[0] - self.pos[0]), abs(obj.pos[1] - self.pos[1]))
        return (p.colour_range is None or d <= p.colour_range, p.kind_range is None or d <= p.kind_range)

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        which = "deployment" if self.deployment else "training"
        top = draw.header(surface, fonts, t, f"Try it yourself: a {which} maze", f"score {self.score:+.1f}")
        area = pygame.Rect(t.px(24), top, round(w * 0.6), h - top - t.px(60))
        rows, cols = self.layout.shape
        place = fit(area, rows, cols)
        surface.blit(self.app.mazes.surface(self.layout, place.cell, objects=False), (place.x, place.y))
        for obj in self.objects:
            colour_seen, kind_seen = self.sees(obj)
            if colour_seen or kind_seen:
                rect = place.cell_rect(*obj.pos).inflate(-place.cell * 0.1, -place.cell * 0.1)
                glyphs.draw_object(surface, rect, obj.kind if kind_seen else None, obj.colour, fonts, colour_seen)
        k = self.run.level.perception.kind_range
        if k is not None:  # the box within which the player can tell what things are
            box = place.cell_rect(self.pos[0] - k, self.pos[1] - k).union(place.cell_rect(self.pos[0] + k, self.pos[1] + k))
            pygame.draw.rect(surface, theme.ACCENT, box.clip(place.rect), t.px(3))
        self.app.mazes.agents(surface, place, np.array([self.pos[0] * cols + self.pos[1]]), cols, jitter=False,
                              colour=theme.HIGHLIGHT, scale=0.33)
        side = pygame.Rect(area.right + t.px(24), top, w - area.right - t.px(48), area.height)
        draw.panel(surface, side, t)
        inner = side.inflate(-t.px(28), -t.px(24))
        p = self.run.level.perception
        rules = ("Colour: seen from anywhere." if p.colour_range is None else f"Colour: seen within {p.colour_range} cells.")
        rules += (" What a thing is: seen from anywhere." if k is None else
                  f" What a thing is: only within {k} cells (the blue box). Further away you see a colour and a '?'.")
        y = draw.paragraph(surface, fonts, rules, inner, t.text("body"))
        y = draw.paragraph(surface, fonts, f"Steps: {self.steps} / {self.run.level.objective.max_steps}",
                           pygame.Rect(inner.x, y + t.px(14), inner.width, t.px(40)), t.text("body"), theme.MUTED)
        draw.paragraph(surface, fonts, self.message, pygame.Rect(inner.x, y + t.px(14), inner.width, inner.bottom - y),
                       t.text("body"), theme.HIGHLIGHT, bold=True)
        draw.key_hints(surface, fonts, t, self.hints)
