"""Files the game reads that a user may hold in any state: agents files for `deploy --agents`, the
progress file, and the saves themselves. Each gets a clear message, never a traceback, and a save
never loses the old file, its mode, or leaves debris."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from game.core.agents_io import MAX_GENOME_BYTES, AgentsFileError, SavedAgents, load_agents, save_agents
from game.core.atomic import TEMP_SUFFIX, atomic_write_bytes, check_writable, clean_stale_temps
from game.core.kinds import BrainKind
from game.core.progress import ProgressStore

META = {"brain": "planner", "features": ["exit"], "level_title": "t", "level_file": "l.yaml", "seed": 1,
        "generations": 2, "format": 1}


def _agents(n: int = 3) -> SavedAgents:
    rng = np.random.default_rng(0)
    return SavedAgents(rng.normal(size=(n, 5)), BrainKind.PLANNER, ("exit",), "t", "l.yaml", 1, 2)


def _npz(path: Path, genomes: np.ndarray, meta: object = META, compressed: bool = False) -> Path:
    saver = np.savez_compressed if compressed else np.savez
    meta_text = meta if isinstance(meta, str) else json.dumps(meta)
    with path.open("wb") as f:
        saver(f, genomes=genomes, meta=np.array(meta_text))
    return path


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(AgentsFileError) as caught:
        load_agents(path)
    message = str(caught.value)
    assert str(path) in message and all(w in message for w in words), message
    return message


def test_a_saved_population_round_trips(tmp_path):
    save_agents(tmp_path / "a.npz", _agents())
    back = load_agents(tmp_path / "a.npz")
    assert np.array_equal(back.genomes, _agents().genomes) and back.brain is BrainKind.PLANNER and back.seed == 1


def test_empty_truncated_and_junk_files_are_refused(tmp_path):
    good = tmp_path / "good.npz"
    save_agents(good, _agents())
    data = good.read_bytes()
    (tmp_path / "empty.npz").write_bytes(b"")
    _refused(tmp_path / "empty.npz", "train again")
    for cut in (10, len(data) // 2, len(data) - 30):
        (tmp_path / "cut.npz").write_bytes(data[:cut])
        _refused(tmp_path / "cut.npz")
    (tmp_path / "text.npz").write_text("hello")
    _refused(tmp_path / "text.npz")
    _refused(tmp_path, "folder")


def test_every_single_bit_flip_gives_agents_or_a_message(tmp_path):
    good = tmp_path / "good.npz"
    save_agents(good, _agents())
    data = bytearray(good.read_bytes())
    rng = np.random.default_rng(12)
    flipped = tmp_path / "flip.npz"
    outcomes = {"loaded": 0, "refused": 0}
    for position in rng.choice(len(data) * 8, size=300, replace=False):
        copy = bytearray(data)
        copy[position // 8] ^= 1 << (position % 8)
        flipped.write_bytes(bytes(copy))
        try:
            agents = load_agents(flipped)
        except AgentsFileError:
            outcomes["refused"] += 1
        else:
            outcomes["loaded"] += 1
            assert agents.genomes.ndim == 2 and np.isfinite(agents.genomes).all()
    assert outcomes["refused"] > 0


def test_wrong_shapes_and_no_agents_are_refused(tmp_path):
    _refused(_npz(tmp_path / "one_d.npz", np.zeros(5)), "1-D")
    _refused(_npz(tmp_path / "none.npz", np.zeros((0, 5))), "no agents")
    _refused(_npz(tmp_path / "nan.npz", np.full((2, 5), np.nan)), "not finite")
    _refused(_npz(tmp_path / "text.npz", np.array([["a"]])), "not numbers")


@pytest.mark.parametrize("meta", [
    "[" * 100_000 + "]" * 100_000,                 # deep: RecursionError inside json
    '{"brain": "planner", "features": ["exit"], "level_title": "t", "level_file": "l", "seed": Infinity, '
    '"generations": 2}',                           # infinite
    {**META, "seed": 1e308}, {**META, "brain": "wizard"}, {**META, "features": "exit"}, {"brain": "planner"}, 42,
])
def test_bad_descriptions_are_refused(tmp_path, meta):
    _refused(_npz(tmp_path / "m.npz", np.zeros((2, 5)), meta), "train again")


def test_a_header_claiming_terabytes_is_refused_before_any_allocation(tmp_path):
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<f8", "fortran_order": False, "shape": (2**30, 1024)})
    path = tmp_path / "huge.npz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("genomes.npy", buf.getvalue() + b"\0" * 64)
        z.writestr("meta.npy", b"")
    _refused(path, "claims", "limit")


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path):
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("genomes.npy", "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(MAX_GENOME_BYTES // len(chunk) + 8):
                member.write(chunk)
    assert path.stat().st_size < 2 * 2**20
    _refused(path, "unpack to", "limit")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, timeout=300)


def test_deploy_with_a_corrupt_or_empty_agents_file_prints_a_message(tmp_path):
    (tmp_path / "empty.npz").write_bytes(b"")
    _npz(tmp_path / "none.npz", np.zeros((0, 5)))
    for name in ("empty.npz", "none.npz"):
        run = _cli("deploy", "levels/01_green_exit.yaml", "--agents", str(tmp_path / name))
        assert run.returncode == 1 and "Traceback" not in run.stderr and name in run.stderr, run.stderr


def test_train_checks_its_out_file_before_training(tmp_path):
    (tmp_path / "file").write_text("")
    run = _cli("train", "levels/01_green_exit.yaml", "--generations", "50", "--out", str(tmp_path / "file" / "a.npz"))
    assert run.returncode == 1 and "not a folder" in run.stderr and "gen " not in run.stderr, run.stderr
    assert check_writable(tmp_path / "new" / "a.npz") is None
    assert "folder" in check_writable(tmp_path)


@pytest.mark.parametrize(("text", "why"), [
    ('{"levels": {"01_green_exit": {"attempts": Infinity}}}', "attempts"),
    ('{"levels": {"01_green_exit": {"won": "no"}}}', "won"),
    ('{"levels": {"01_green_exit": {"best_aligned": NaN}}}', "best_aligned"),
    ('{"levels": {"01_green_exit": {"attempts": 1e400}}}', "attempts"),
])
def test_a_progress_file_with_impossible_values_is_set_aside(tmp_path, text, why):
    (tmp_path / "progress.json").write_text(text)
    store = ProgressStore.open(tmp_path)
    assert not store.won("01_green_exit") and store.get("01_green_exit").attempts == 0
    assert "kept as" in store.message
    assert len(list(tmp_path.glob("progress.json.corrupt-*"))) == 1


def test_saves_keep_the_file_mode_and_new_files_get_the_usual_one(tmp_path):
    level = tmp_path / "level.yaml"
    level.write_text("old")
    os.chmod(level, 0o644)
    atomic_write_bytes(level, b"new")
    assert level.read_bytes() == b"new" and stat.S_IMODE(level.stat().st_mode) == 0o644
    os.chmod(level, 0o600)
    atomic_write_bytes(level, b"newer")
    assert stat.S_IMODE(level.stat().st_mode) == 0o600
    fresh = atomic_write_bytes(tmp_path / "fresh.json", b"{}")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_save_never_writes_through_a_symlink(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert target.read_text() == "keep" and not link.is_symlink() and link.read_text() == "new"


def test_temp_files_of_killed_saves_are_cleaned_up(tmp_path):
    stale = tmp_path / f".level.yaml.abc123{TEMP_SUFFIX}"
    stale.write_text("half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / f".level.yaml.def456{TEMP_SUFFIX}"  # a save in progress right now: left alone
    fresh.write_text("half")
    other = tmp_path / ".someone-elses.tmp"
    other.write_text("x")
    os.utime(other, (old, old))
    atomic_write_bytes(tmp_path / "level.yaml", b"x")
    assert not stale.exists() and fresh.exists() and other.exists()
    assert clean_stale_temps(tmp_path, now=time.time() + 3600) == 1 and not fresh.exists()
