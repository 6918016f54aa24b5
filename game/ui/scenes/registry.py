"""Every scene of the game by destination: the one module that imports the scene classes.

A scene opens another with `self.app.go(To.X, args...)`; the app calls `make`, which calls the
factory below with the app and those arguments. To add a scene: write its class (a subclass of
game.ui.scene.Scene with `destination = To.X`), add X to `To`, and list its factory here; the
test of the registry checks that every destination has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..editor.scene import editor_for
from ..scene import Host, Scene, To
from .debrief import DebriefScene
from .deploy import DeployScene
from .error import ErrorScene
from .intro import IntroScene
from .probe import ProbeScene, probe_puzzle, probe_run
from .puzzle import PuzzleScene
from .select import SelectScene
from .steer import SteerScene
from .sweep import SweepScene
from .title import TitleScene
from .training import TrainingScene
from .tryit import TryItScene

#: destination -> factory(app, *args) -> the scene, or None when it cannot open (it said why)
SCENES: dict[To, Callable[..., Scene | None]] = {
    To.TITLE: TitleScene,
    To.SELECT: SelectScene,
    To.INTRO: IntroScene,
    To.PUZZLE: PuzzleScene,
    To.TRAINING: TrainingScene,
    To.TRY_IT: TryItScene,
    To.DEPLOY: DeployScene,
    To.DEBRIEF: DebriefScene,
    To.PROBE: ProbeScene,
    To.PROBE_RUN: probe_run,
    To.PROBE_PUZZLE: probe_puzzle,
    To.STEER: SteerScene,
    To.SWEEP: SweepScene,
    To.EDITOR: editor_for,
    To.ERROR: ErrorScene,
}


def make(app: Host, to: To, *args: Any, **kwargs: Any) -> Scene | None:
    """The scene for destination `to`, made for `app` from the arguments `To` lists for it."""
    return SCENES[to](app, *args, **kwargs)
