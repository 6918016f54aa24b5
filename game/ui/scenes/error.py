"""The error panel: what went wrong, how to fix it, and the way back to the menu."""

from __future__ import annotations

import pygame
import pygame_gui

from .. import draw, theme
from ..scene import Host, Scene, To


class ErrorScene(Scene):
    destination = To.ERROR
    animating = False
    hints = [("Enter", "back to the menu"), ("Esc", "back to the menu")]

    def __init__(self, app: Host, title: str, message: str) -> None:
        super().__init__(app)
        self.title = title
        self.message = message

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        self.button(manager, "Back to the menu (Enter)", pygame.Rect(w // 2 - t.px(170), h - t.px(130), t.px(340), t.px(56)),
                    self.app.home)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_KP_ENTER):
            self.app.home()

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        box = pygame.Rect(t.px(80), t.px(70), w - t.px(160), h - t.px(230))
        draw.panel(surface, box, t)
        pygame.draw.rect(surface, theme.WARN, box.inflate(0, 0), t.px(3), border_radius=t.px(10))
        y = draw.text(surface, fonts, self.title, (box.x + t.px(30), box.y + t.px(24)), t.text("heading"),
                      bold=True).bottom + t.px(16)
        lines = self.message.split("\n")
        head = "\n".join(line for line in lines if not line.strip().startswith("fix:"))
        fixes = [line.strip()[4:].strip() for line in lines if line.strip().startswith("fix:")]
        inner = pygame.Rect(box.x + t.px(30), y, box.width - t.px(60), box.bottom - y - t.px(20))
        y = draw.paragraph(surface, fonts, head, inner, t.text("body"))
        for fix in fixes:
            y += t.px(12)
            y = draw.paragraph(surface, fonts, "How to fix it: " + fix,
                               pygame.Rect(inner.x, y, inner.width, inner.bottom - y), t.text("body"), theme.ACCENT)
        draw.key_hints(surface, fonts, t, self.hints)
