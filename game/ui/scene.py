"""The scene protocol: each screen is an object with enter / leave / handle_event / update / draw."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui

if TYPE_CHECKING:
    from .app import App


class Scene:
    """Base class. Subclasses override what they need; buttons map pygame_gui elements to actions."""

    #: key hints shown in the footer, e.g. [("Enter", "start"), ("Esc", "back")]
    hints: list[tuple[str, str]] = []
    #: False for a still screen: with no input for a moment the game loop then runs at a low rate
    animating: bool = True

    def __init__(self, app: App) -> None:
        self.app = app
        self.actions: dict[object, Callable[[], None]] = {}

    def enter(self) -> None:
        """Called when the scene becomes the top of the stack."""

    def leave(self) -> None:
        """Called when the scene is popped or covered."""

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        """Create widgets for the current window size (called again after a resize)."""

    def handle_event(self, event: pygame.event.Event) -> None:
        """Keyboard and mouse input not consumed by widgets."""

    def update(self, dt: float) -> None:
        """Advance by dt seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw everything except widgets (the app draws those on top)."""

    def button(self, manager: pygame_gui.UIManager, label: str, rect: pygame.Rect,
               action: Callable[[], None], tooltip: str | None = None) -> pygame_gui.elements.UIButton:
        """A pygame_gui button wired to action."""
        widget = pygame_gui.elements.UIButton(rect, label, manager, tool_tip_text=tooltip)
        self.actions[widget] = action
        return widget

    def on_widget(self, event: pygame.event.Event) -> bool:
        """Run the action of a pressed button; True if it was ours."""
        action = self.actions.get(getattr(event, "ui_element", None))
        if action is None:
            return False
        action()
        return True
