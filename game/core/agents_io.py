"""Saving and loading a trained population, so it can be deployed again later, bit for bit."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .kinds import BrainKind


class AgentsFileError(Exception):
    """An agents file that cannot be used, with a message saying why and what to do."""


@dataclass(frozen=True, eq=False)
class SavedAgents:
    genomes: np.ndarray  # (k, n_params), best first
    brain: BrainKind
    features: tuple[str, ...]
    level_title: str
    level_file: str
    seed: int
    generations: int


def save_agents(path: str | Path, agents: SavedAgents) -> None:
    """Write atomically: a crash mid-save leaves any previous file intact."""
    path = Path(path)
    meta = {
        "brain": agents.brain.value, "features": list(agents.features), "level_title": agents.level_title,
        "level_file": agents.level_file, "seed": agents.seed, "generations": agents.generations, "format": 1,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, genomes=agents.genomes, meta=np.array(json.dumps(meta)))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_agents(path: str | Path) -> SavedAgents:
    try:
        with np.load(path, allow_pickle=False) as data:
            genomes = np.array(data["genomes"], dtype=np.float64)
            meta = json.loads(str(data["meta"]))
        return SavedAgents(
            genomes=genomes, brain=BrainKind(meta["brain"]), features=tuple(meta["features"]),
            level_title=meta["level_title"], level_file=meta["level_file"], seed=int(meta["seed"]),
            generations=int(meta["generations"]),
        )
    except FileNotFoundError:
        raise AgentsFileError(f"{path}: no such agents file (make one with: python main.py train LEVEL --out {path})") from None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise AgentsFileError(f"{path}: not a Mesa Maze agents file ({err}); train again with --out") from None
