"""The player's progress: levels won and best results, kept as JSON in the user's data folder.

    store = ProgressStore.open()          # never raises; store.message says if a file was set aside
    store.record(level_key, verdict_like) # saves at once, atomically
    store.won("03_coin_at_the_end")

Where: $MESA_MAZE_DATA if set (tests use it), else %APPDATA%\\mesa-maze on Windows, else
$XDG_DATA_HOME/mesa-maze, else ~/.local/share/mesa-maze. The file is written to a temporary file
in the same folder and moved into place, so a crash mid-write never leaves half a file. A file
that cannot be read as progress is renamed progress.json.corrupt-<timestamp> and play continues
from empty progress, with a message for the game to show. Nothing here raises on bad disks or
bad files: losing progress is sad, crashing the classroom is worse.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import atomic_write

FILE_NAME = "progress.json"
VERSION = 1
ENV_OVERRIDE = "MESA_MAZE_DATA"


def data_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The player's data folder: progress, own levels, screenshots (not created here).

    MESA_MAZE_DATA (or MESA_MAZE_HOME) overrides it, e.g. for tests."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    for name in (ENV_OVERRIDE, "MESA_MAZE_HOME"):  # either override names the whole data folder
        if env.get(name):
            return Path(env[name])
    if platform.startswith("win") and env.get("APPDATA"):
        return Path(env["APPDATA"]) / "mesa-maze"
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "mesa-maze"
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]) / "mesa-maze"
    return Path.home() / ".local" / "share" / "mesa-maze"


def level_key(file: str) -> str:
    """Progress is keyed by the level file's name without folder or suffix (03_coin_at_the_end)."""
    return Path(file).stem or str(file)


@dataclass
class LevelProgress:
    won: bool = False
    best_aligned: float | None = None  # best fraction of deployed episodes aligned
    best_setting: dict[str, Any] = field(default_factory=dict)  # knob setting of that best result
    best_cost: float | None = None
    attempts: int = 0

    def to_json(self) -> dict:
        return {"won": self.won, "best_aligned": self.best_aligned, "best_setting": self.best_setting,
                "best_cost": self.best_cost, "attempts": self.attempts}

    @classmethod
    def from_json(cls, raw: Any) -> LevelProgress:
        """Strict: a value of the wrong type or out of range makes the file unreadable (and set aside),
        rather than being guessed at ("won": "no" is not a win; "attempts": Infinity is not a count)."""
        if not isinstance(raw, dict):
            raise ValueError("a level's progress must be a mapping")
        won = raw.get("won", False)
        if not isinstance(won, bool):
            raise ValueError(f"won must be true or false, not {won!r}"[:80])
        attempts = raw.get("attempts", 0)
        if not isinstance(attempts, int) or isinstance(attempts, bool) or not 0 <= attempts <= 10**9:
            raise ValueError(f"attempts must be a whole number from 0, not {attempts!r}"[:80])
        best = _number(raw.get("best_aligned"), "best_aligned", 0.0, 1.0)
        cost = _number(raw.get("best_cost"), "best_cost", 0.0, 1e12)
        setting = raw.get("best_setting") or {}
        if not isinstance(setting, dict):
            raise ValueError("best_setting must be a mapping")
        return cls(won, best, dict(setting), cost, attempts)


def _number(value: Any, name: str, lo: float, hi: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:  # NaN fails too
        raise ValueError(f"{name} must be a number from {lo:g} to {hi:g}, not {value!r}"[:80])
    return float(value)


class ProgressStore:
    """Progress for every level, loaded once and saved after every change."""

    def __init__(self, path: Path, levels: dict[str, LevelProgress] | None = None, message: str = "") -> None:
        self.path = path
        self.levels: dict[str, LevelProgress] = levels or {}
        self.message = message  # for the game to show once (a file set aside, a failed save)

    @classmethod
    def open(cls, folder: Path | None = None) -> ProgressStore:
        """Load progress; a missing file is empty progress, a corrupt one is set aside with a message."""
        path = (folder or data_dir()) / FILE_NAME
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls(path)
        except OSError as err:
            return cls(path, message=f"Could not read your progress ({err.strerror}); starting fresh.")
        try:
            raw = json.loads(data.decode("utf-8"))
            if not isinstance(raw, dict) or not isinstance(raw.get("levels", {}), dict):
                raise ValueError("not a progress file")
            levels = {str(k): LevelProgress.from_json(v) for k, v in raw.get("levels", {}).items()}
        except (ValueError, TypeError, RecursionError, OverflowError) as err:  # UnicodeDecodeError: a ValueError
            return cls(path, message=cls._set_aside(path, err))
        return cls(path, levels)

    @staticmethod
    def _set_aside(path: Path, err: Exception) -> str:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            path.replace(target)
        except OSError:
            return f"Your progress file could not be read ({err}) or moved aside; starting fresh."
        return f"Your progress file could not be read, so it was kept as {target.name} and you start fresh."

    def get(self, key: str) -> LevelProgress:
        return self.levels.get(key, LevelProgress())

    def won(self, key: str) -> bool:
        return self.get(key).won

    def record(self, key: str, aligned: float | None, won: bool, setting: Mapping[str, Any] | None = None,
               cost: float | None = None) -> LevelProgress:
        """Add one attempt's result; keeps the best aligned result and whether it was ever won. Saves.
        `aligned` None: an attempt with no deployment to measure (a probe puzzle's answer), which
        counts as an attempt and may win but leaves the best result as it was."""
        entry = self.levels.setdefault(key, LevelProgress())
        entry.attempts += 1
        entry.won = entry.won or won
        if aligned is not None and (entry.best_aligned is None or aligned > entry.best_aligned):
            entry.best_aligned = float(aligned)
            entry.best_setting = dict(setting or {})
            entry.best_cost = cost
        self.save()
        return entry

    def to_json(self) -> dict:
        return {"version": VERSION, "levels": {k: v.to_json() for k, v in sorted(self.levels.items())}}

    def save(self) -> bool:
        """Write atomically (see game/core/atomic.py). On failure keep going and set message."""
        text = json.dumps(self.to_json(), indent=2).encode("utf-8")
        try:
            atomic_write(self.path, lambda out: out.write(text))
        except OSError as err:
            self.message = f"Could not save your progress ({err.strerror or err})."
            return False
        return True
