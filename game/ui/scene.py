"""Scenes and the app they live in.

A scene is one screen of the game (enter / leave / build_ui / handle_event / update / draw); the
app keeps them on a stack. Scenes never import one another: a scene asks the app to open the next
one by destination,

    self.app.go(To.TRAINING, run)      # push the training scene for this run
    self.app.back_to(To.PUZZLE)        # pop down to the knob screen below

and game/ui/scenes/registry.py, the one module that knows every scene class, makes it. A scene
sees the app only through `Host`, so nothing below app.py imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any, ClassVar, Protocol

import pygame
import pygame_gui

from game.core.progress import ProgressStore

from .maze_view import MazeView
from .theme import Fonts, Theme


class To(Enum):
    """Where a scene can send the player: one member for each way of opening a scene. The arguments
    `app.go` takes after it are those of the factory scenes/registry.py lists for it."""

    TITLE = "title"  # ()
    SELECT = "select"  # ()
    INTRO = "intro"  # (entry: LevelEntry)
    PUZZLE = "puzzle"  # (entry: LevelEntry, puzzle: Puzzle): the knob screen
    TRAINING = "training"  # (run: RunState)
    TRY_IT = "try it"  # (run: RunState, deployment: bool = False): walk a maze yourself
    DEPLOY = "deploy"  # (run: RunState, record: bool = False): record=True saves it to progress
    DEBRIEF = "debrief"  # (run: RunState)
    PROBE = "probe"  # (level, brain, genomes): probe these agents
    PROBE_RUN = "probe a run"  # (run: RunState): probe the agents this run would deploy
    PROBE_PUZZLE = "probe puzzle"  # (entry: LevelEntry): a population trained out of sight
    STEER = "steer"  # (run, genomes, deployed)
    SWEEP = "sweep"  # (puzzle, knob name, setting, first_seed=...): one knob's curve
    EDITOR = "editor"  # (path: Path | None = None): the level editor, a new level without a path
    ERROR = "error"  # (title: str, message: str): the error panel (the app opens it)


class Host(Protocol):
    """What a scene may use of the app (game/ui/app.py's App is the one implementation)."""

    theme: Theme
    fonts: Fonts
    screen: pygame.Surface
    mazes: MazeView
    classroom: bool
    stack: list[Scene]
    progress: ProgressStore | None

    @property
    def scene(self) -> Scene: ...

    def go(self, to: To, *args: Any, **kwargs: Any) -> None:
        """Open the scene for `to` over the current one."""

    def back_to(self, to: To) -> Scene | None:
        """Pop down to the nearest scene opened as `to`; None (and nothing popped) if there is none."""

    def level_select(self) -> None: ...
    def home(self) -> None: ...
    def push(self, scene: Scene) -> None: ...
    def pop(self) -> None: ...
    def quit(self, code: int = 0) -> None: ...
    def toast(self, message: str, seconds: float = 3.5) -> None: ...
    def refresh_ui(self) -> None: ...
    def toggle_classroom(self) -> None: ...


class Scene:
    """Base class. Subclasses override what they need; buttons map pygame_gui elements to actions."""

    #: which destination opens this scene (`app.back_to` and the level select look for it)
    destination: ClassVar[To | None] = None
    #: key hints shown in the footer, e.g. [("Enter", "start"), ("Esc", "back")]
    hints: list[tuple[str, str]] = []
    @property
    def animating(self) -> bool:
        """False for a still screen: with no input for a moment the game loop then runs at a low
        rate. A still scene sets `animating = False`; one still only some of the time (the
        debrief) overrides this property."""
        return True

    def __init__(self, app: Host) -> None:
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
