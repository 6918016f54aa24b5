"""The unsaved-changes prompt shown when leaving the editor."""

from __future__ import annotations

from typing import Protocol

import pygame
import pygame_gui

from .. import draw, theme
from ..scene import Host, Scene
from .model import EditorDoc


class Leaving(Protocol):
    """What the prompt uses of the editor it is leaving (EditorScene)."""

    model: EditorDoc

    def save(self) -> None: ...
    def close(self) -> None: ...
    def draw(self, surface: pygame.Surface) -> None: ...


class LeaveScene(Scene):
    """Save, discard or keep editing; drawn over the editor it came from."""

    hints = [("S", "save and leave"), ("D", "leave without saving"), ("Esc", "keep editing")]

    def __init__(self, app: Host, editor: Leaving) -> None:
        super().__init__(app)
        self.editor = editor

    def _box(self) -> pygame.Rect:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        return pygame.Rect(w // 2 - t.px(330), h // 2 - t.px(130), t.px(660), t.px(240))

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        box = self._box()
        bw, bh, gap = t.px(200), t.px(54), t.px(12)
        x = box.centerx - (3 * bw + 2 * gap) // 2
        y = box.bottom - bh - t.px(22)
        self.button(manager, "Save (S)", pygame.Rect(x, y, bw, bh), self.save)
        self.button(manager, "Don't save (D)", pygame.Rect(x + bw + gap, y, bw, bh), self.discard)
        self.button(manager, "Keep editing (Esc)", pygame.Rect(x + 2 * (bw + gap), y, bw, bh), self.app.pop)

    def save(self) -> None:
        self.app.pop()
        self.editor.save()
        if not self.editor.model.dirty:
            self.editor.close()

    def discard(self) -> None:
        self.app.pop()
        self.editor.close()

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_s, pygame.K_RETURN, pygame.K_KP_ENTER):
            self.save()
        elif event.key in (pygame.K_d, pygame.K_n):
            self.discard()
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        self.editor.draw(surface)
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((10, 12, 18, 190))
        surface.blit(shade, (0, 0))
        box = self._box()
        draw.panel(surface, box, t)
        pygame.draw.rect(surface, theme.HIGHLIGHT, box, t.px(3), border_radius=t.px(10))
        draw.text(surface, fonts, "Save your changes?", (box.x + t.px(28), box.y + t.px(22)), t.text("heading"), bold=True)
        where = self.editor.model.target_path()
        draw.paragraph(surface, fonts, f"This level has changes that are not saved. Saving writes {where}.",
                       pygame.Rect(box.x + t.px(28), box.y + t.px(74), box.width - t.px(56), t.px(80)),
                       t.text("body"), theme.MUTED)
        draw.key_hints(surface, fonts, t, self.hints)
