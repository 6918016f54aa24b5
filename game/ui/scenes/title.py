"""The title screen."""

from __future__ import annotations

import pygame
import pygame_gui

from game.core.kinds import Outcome

from .. import draw, glyphs, theme
from ..scene import Scene, To


class TitleScene(Scene):
    destination = To.TITLE
    animating = False
    hints = [("Enter", "choose a level"), ("E", "level editor"), ("F10", "classroom mode"), ("F11", "fullscreen"),
             ("F12", "screenshot"), ("Esc", "quit")]

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bw, bh = t.px(360), t.px(58)
        x = w // 2 - bw // 2
        y = round(h * 0.56)
        self.button(manager, "Play (Enter)", pygame.Rect(x, y, bw, bh), self.play)
        label = "Classroom mode: ON (F10)" if self.app.classroom else "Classroom mode: off (F10)"
        self.button(manager, label, pygame.Rect(x, y + bh + t.px(14), bw, bh), self.app.toggle_classroom)
        self.button(manager, "Quit (Esc)", pygame.Rect(x, y + 2 * (bh + t.px(14)), bw, bh), self.app.quit)
        self.button(manager, "Level editor (E)", pygame.Rect(x + bw + t.px(14), y, t.px(240), bh), self.editor)

    def editor(self) -> None:
        self.app.go(To.EDITOR)

    def play(self) -> None:
        self.app.go(To.SELECT)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.play()
            elif event.key == pygame.K_ESCAPE:
                self.app.quit()
            elif event.key == pygame.K_e:
                self.editor()

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        draw.text(surface, fonts, "Mesa Maze", (w // 2, round(h * 0.17)), t.text("title"), bold=True, anchor="center")
        draw.text(surface, fonts, "Evolution trains the agents. Then the maze changes.",
                  (w // 2, round(h * 0.29)), t.text("heading"), theme.MUTED, anchor="center")
        draw.text(surface, fonts, "Did they learn what we wanted, or only something that looked like it in training?",
                  (w // 2, round(h * 0.36)), t.text("body"), theme.MUTED, anchor="center")
        # The three outcome classes the game sorts every deployed episode into.
        labels = [(o, o.label) for o in (Outcome.ALIGNED, Outcome.MISALIGNED, Outcome.CAPABILITY_FAILURE)]
        size = t.text("body")
        widths = [fonts.get(size).size(lab)[0] + size * 2 for _, lab in labels]
        x = w // 2 - (sum(widths) + t.px(30) * 2) // 2
        y = round(h * 0.45)
        for (key, label), width in zip(labels, widths, strict=True):
            glyphs.draw_outcome(surface, pygame.Rect(x, y - size // 2 - 2, size + 4, size + 4), key, fonts)
            draw.text(surface, fonts, label, (x + size + t.px(12), y), size, anchor="midleft")
            x += width + t.px(30)
        draw.key_hints(surface, fonts, t, self.hints)
