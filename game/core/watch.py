"""Noticing that a file changed on disk, by polling: no threads, no platform file-event APIs.

A cheap stat (modification time and size) is taken at most every `interval` seconds; only when it
differs is the file read and hashed, so touching a file without changing it, or an editor saving
the same text, is not a change. While a file is missing (many editors save by deleting and
renaming), nothing is reported; when it comes back with new contents, that is one change.
The clock is passed in, so tests need no sleeping.

    watch = FileWatch("my_level.yaml")
    if watch.poll(time.monotonic()):
        reload()
"""

from __future__ import annotations

import os
from pathlib import Path

from .loader import file_digest


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class FileWatch:
    """Reports when a file's contents change (polled, at most every `interval` seconds)."""

    def __init__(self, path: str | Path, interval: float = 0.3) -> None:
        self.path = Path(path)
        self.interval = interval
        self._next = float("-inf")
        self._stat = _stat(self.path)
        self._digest = file_digest(self.path)

    def poll(self, now: float) -> bool:
        """True once per change of the file's contents since the last call that returned True."""
        if now < self._next:
            return False
        self._next = now + self.interval
        stat = _stat(self.path)
        if stat is None or stat == self._stat:
            return False
        self._stat = stat
        digest = file_digest(self.path)
        if digest is None or digest == self._digest:
            return False
        self._digest = digest
        return True

    def accept(self) -> None:
        """Treat the file as it is now as seen (e.g. after we wrote it ourselves)."""
        self._stat = _stat(self.path)
        self._digest = file_digest(self.path)
