"""Finding levels (the campaign and the player's folder) and loading them without crashing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.core.knobs import Puzzle
from game.core.layouts import Layout, sample_pool
from game.core.level import Level
from game.core.loader import file_digest, load_level, load_puzzle

from . import paths


@dataclass(eq=False)
class LevelEntry:
    """A level file as the menu shows it: loaded, or the error that stopped it loading."""

    path: Path
    origin: str  # "campaign" or "yours"
    level: Level | None = None
    error: str | None = None
    _previews: tuple[Layout, Layout] | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        return self.level.title if self.level else self.path.stem.replace("_", " ")

    @property
    def concepts(self) -> tuple[str, ...]:
        return self.level.concept if self.level else ()

    def previews(self) -> tuple[Layout, Layout] | None:
        """One training and one deployment layout, drawn with a fixed seed (cached)."""
        if self.level is None or self.error:
            return None
        if self._previews is None:
            try:
                rng = np.random.default_rng(7)
                train = sample_pool(self.level, self.level.training, 1, rng)[0]
                deploy = sample_pool(self.level, self.level.deployment, 1, rng)[0]
            except Exception as exc:  # noqa: BLE001 - a bad layout spec becomes the entry's error
                self.error = _message(exc)
                return None
            self._previews = (train, deploy)
        return self._previews


def _message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text


def load_entry(path: Path, origin: str = "yours") -> LevelEntry:
    """Load one level; any mistake in the file is kept as the entry's error message."""
    try:
        return LevelEntry(path, origin, level=load_level(path))
    except FileNotFoundError:
        return LevelEntry(path, origin, error=f"{path}: file not found\n  fix: check the path to the level file")
    except Exception as exc:  # noqa: BLE001 - YAML, validation or I/O: all shown in the menu
        return LevelEntry(path, origin, error=_message(exc))


_scanned: dict[tuple[str, str], tuple[bytes, LevelEntry]] = {}  # (path, origin) -> (file digest, entry)


def cached_entry(path: Path, origin: str) -> LevelEntry | None:
    """The entry last loaded for this file if its bytes have not changed since, else None (quick:
    the file is read and hashed, not loaded)."""
    digest = file_digest(path)
    kept = _scanned.get((str(path.resolve()), origin))
    return kept[1] if digest is not None and kept is not None and kept[0] == digest else None


def scanned_entry(path: Path, origin: str) -> LevelEntry:
    """load_entry, reusing the last entry for a file whose bytes have not changed since: loading a
    level tries every value of its knobs, which made each visit to the level list take a second
    or more. A file saved from the editor or by hand has new bytes, so it is loaded afresh.
    Safe on a worker thread (levels_loading.py): two threads loading one file get equal entries."""
    digest = file_digest(path)
    if digest is None:
        return load_entry(path, origin)
    key = (str(path.resolve()), origin)
    kept = _scanned.get(key)
    if kept is not None and kept[0] == digest:
        return kept[1]
    entry = load_entry(path, origin)
    _scanned[key] = (digest, entry)
    return entry


def level_files(campaign: Path | None = None, yours: Path | None = None) -> list[tuple[Path, str]]:
    """The level files the list shows, in its order: the campaign's, then the player's own, each
    sorted by name (.yaml before .yml), with their origin ("campaign" or "yours")."""
    campaign = campaign or paths.campaign_dir()
    yours = yours or paths.user_levels_dir()
    files = []
    for folder, origin in ((campaign, "campaign"), (yours, "yours")):
        if folder.is_dir():
            files += [(path, origin) for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))]
    return files


def scan(campaign: Path | None = None, yours: Path | None = None) -> list[LevelEntry]:
    """The campaign levels in order, then the player's own levels (unchanged files not reloaded).
    Loads on the caller's thread: the level list loads off the frame loop (levels_loading.py)."""
    return [scanned_entry(path, origin) for path, origin in level_files(campaign, yours)]


_KNOBS = re.compile(r"^knobs\s*:", re.MULTILINE)
_cache: dict[tuple[str, float], Puzzle] = {}


def has_knobs(entry: LevelEntry) -> bool:
    """A quick look at the file: does it declare knobs (is it a puzzle level)?"""
    try:
        return entry.level is not None and bool(_KNOBS.search(Path(entry.path).read_text(encoding="utf-8-sig")))
    except OSError:
        return False


def puzzle_for(entry: LevelEntry) -> Puzzle | None:
    """The level's puzzle (knobs, budget, goal), or None if it has no knobs. Raises LevelError."""
    if not has_knobs(entry):
        return None
    path = Path(entry.path)
    key = (str(path.resolve()), path.stat().st_mtime)
    if key not in _cache:
        _cache[key] = load_puzzle(path)
    puzzle = _cache[key]
    return puzzle if puzzle.is_puzzle else None
