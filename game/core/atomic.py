"""The one way the game writes a file: atomically, keeping the file's mode, leaving no debris.

    atomic_write(path, lambda out: out.write(data))

The data goes to a temporary file in the same folder, is flushed to disk, then renamed over the
target, so a crash or a kill at any moment leaves either the old file or the new one, never half
of one. The new file keeps the old file's permission bits (a 0644 level stays 0644); a new file
gets the usual ones (0666 minus the umask), not mkstemp's 0600. A symlink at the path is replaced,
never written through. Temporary files left by a save that was killed are removed by the next
save to the same folder.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".mesa-tmp"
_STALE_SECONDS = 60.0  # a save takes milliseconds; an older temp file is debris from a killed save


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(target: Path) -> int:
    try:
        info = target.lstat()
    except OSError:
        return _default_mode()
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else _default_mode()


def clean_stale_temps(folder: Path, now: float | None = None) -> int:
    """Remove temporary files of killed saves (ours, by their suffix, and old enough). Returns how many."""
    now = time.time() if now is None else now
    removed = 0
    try:
        candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for temp in candidates:
        try:
            if temp.is_file() and not temp.is_symlink() and now - temp.stat().st_mtime > _STALE_SECONDS:
                temp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def atomic_write(path: str | Path, write: Callable[[BinaryIO], object]) -> Path:
    """Write a file through `write(binary_file)` atomically (see the module docstring).
    Raises OSError when the folder cannot be written; the old file is then untouched."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(target.parent)
    mode = _mode_for(target)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _sync_folder(target.parent)
    return target


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    return atomic_write(path, lambda out: out.write(data))


def check_writable(path: str | Path) -> str | None:
    """Why a file could not be saved at path (before doing long work to produce it), or None."""
    target = Path(path)
    if target.is_dir():
        return f"{target} is a folder; give a file name"
    folder = target.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"cannot write in {existing} (permission denied)"
    if target.exists() and not os.access(folder, os.W_OK):
        return f"cannot replace {target} (its folder is read-only)"
    return None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
