"""Saving and loading a trained population, so it can be deployed again later, bit for bit."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .atomic import atomic_write
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
    atomic_write(path, lambda out: np.savez(out, genomes=agents.genomes, meta=np.array(json.dumps(meta))))


MAX_GENOME_BYTES = 256 * 2**20  # 4,096 agents x 8,192 parameters as float64 is 256 MiB
MAX_META_BYTES = 2**20
# What zipfile and numpy raise on a damaged or hostile file (a bug elsewhere still surfaces).
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, struct.error, EOFError, ValueError, KeyError,
            TypeError, NotImplementedError, RuntimeError, OverflowError, MemoryError, UnicodeError)
_HOW = "train again with: python main.py train LEVEL --out FILE"


def load_agents(path: str | Path) -> SavedAgents:
    """Read an agents file written by save_agents. Any other file (empty, truncated, corrupt,
    hostile: a zip bomb, a header claiming terabytes, deep or infinite metadata) raises
    AgentsFileError with a message; nothing is allocated beyond the size limits above."""
    try:
        with zipfile.ZipFile(path) as archive:
            genomes = _read_member(archive, "genomes.npy", MAX_GENOME_BYTES)
            meta_array = _read_member(archive, "meta.npy", MAX_META_BYTES)
    except FileNotFoundError:
        raise AgentsFileError(f"{path}: no such agents file (make one with: python main.py train LEVEL --out {path})") from None
    except IsADirectoryError:
        raise AgentsFileError(f"{path}: is a folder, not an agents file") from None
    except AgentsFileError as err:
        raise AgentsFileError(f"{path}: {err}; {_HOW}") from None
    except OSError as err:
        raise AgentsFileError(f"{path}: cannot read the file ({err.strerror or err})") from None
    except _DAMAGED as err:
        raise AgentsFileError(f"{path}: not a Mesa Maze agents file, or a damaged one "
                              f"({type(err).__name__}: {str(err)[:80]}); {_HOW}") from None
    try:
        return _agents(genomes, meta_array)
    except (ValueError, TypeError, KeyError, RecursionError, OverflowError) as err:
        raise AgentsFileError(f"{path}: its description is not valid ({str(err)[:100]}); {_HOW}") from None


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> np.ndarray:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise AgentsFileError(f"it holds no '{name}'") from None
    if info.file_size > limit:
        raise AgentsFileError(f"'{name}' would unpack to {info.file_size:,} bytes (the limit is {limit:,})")
    with archive.open(info) as member:
        version = np.lib.format.read_magic(member)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
        else:
            raise AgentsFileError(f"'{name}' has an unknown array format {version}")
        if dtype.hasobject:
            raise AgentsFileError(f"'{name}' holds Python objects, which are never loaded")
        size = int(np.prod(shape, dtype=object)) * dtype.itemsize
        if size > limit:
            raise AgentsFileError(f"'{name}' claims {size:,} bytes of data (the limit is {limit:,})")
        data = member.read(size + 1)
    if len(data) != size:
        raise AgentsFileError(f"'{name}' is truncated ({len(data):,} of {size:,} bytes)")
    array = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    return array


def _agents(genomes: np.ndarray, meta_array: np.ndarray) -> SavedAgents:
    if genomes.ndim != 2:
        raise ValueError(f"the genomes must be a table (agents x parameters), not {genomes.ndim}-D")
    if genomes.shape[0] == 0 or genomes.shape[1] == 0:
        raise ValueError(f"it holds no agents (genomes of shape {genomes.shape})")
    if genomes.dtype.kind not in "fiu":
        raise ValueError(f"the genomes are {genomes.dtype}, not numbers")
    genomes = np.array(genomes, dtype=np.float64)
    if not np.isfinite(genomes).all():
        raise ValueError("some genome values are not finite numbers")
    if meta_array.ndim != 0 or meta_array.dtype.kind != "U":
        raise ValueError("the description is not one text")
    meta = json.loads(str(meta_array))
    if not isinstance(meta, dict):
        raise ValueError("the description is not a mapping")
    features = meta["features"]
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ValueError("features must be a list of names")
    texts = {k: meta[k] for k in ("brain", "level_title", "level_file")}
    if not all(isinstance(v, str) for v in texts.values()):
        raise ValueError("brain, level_title and level_file must be text")
    numbers = {k: meta[k] for k in ("seed", "generations")}
    for key, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
            raise ValueError(f"{key} must be a whole number, not {str(value)[:20]}")
    return SavedAgents(genomes=genomes, brain=BrainKind(texts["brain"]), features=tuple(features),
                       level_title=texts["level_title"], level_file=texts["level_file"],
                       seed=numbers["seed"], generations=numbers["generations"])
