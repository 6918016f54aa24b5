"""The level list loaded off the frame loop.

Loading a level file checks it thoroughly (every layout realised, every knob value tried): about
1.5 s for the campaign on a 2-core machine, far too long for one frame. `IndexScan` lists the
files at once, in the order the list shows them (levels_index.level_files), takes the entries of
files unchanged since they were last loaded (reading and hashing a file is quick), and loads the
rest one by one on a worker thread, with their preview mazes. The level list shows the entries
loaded so far and "Loading levels... n of m". What a finished scan holds is what
`levels_index.scan()` of the same folders returns (the same files, order and cached entries),
however the frames fall.

One worker thread serves every scan in the order they were started, so a scan started while
another runs (F5, a file saved from the editor) waits for the file in hand, then finds the files
already loaded in the cache. It is a daemon thread that ends when no scan is left, and a
cancelled scan stops between files: leaving the game never waits for the level list. The game
starts the first scan as the title screen opens (`preload`), so the list is usually ready before
the player asks for it.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path

from . import paths
from .levels_index import LevelEntry, cached_entry, level_files, scanned_entry

_lock = threading.Lock()
_pending: deque[IndexScan] = deque()
_worker: threading.Thread | None = None
_latest: dict[tuple[str, str], IndexScan] = {}  # the folders -> the scan started last for them


class IndexScan:
    """One look at the level folders: the files listed when it starts, their entries as they load."""

    def __init__(self, campaign: Path | None = None, yours: Path | None = None) -> None:
        self.files = level_files(campaign, yours)
        self._entries: list[LevelEntry] = []
        for path, origin in self.files:  # unchanged since they were loaded: no need to wait
            entry = cached_entry(path, origin)
            if entry is None:
                break
            self._entries.append(entry)
        self._cancelled = threading.Event()
        self._finished = threading.Event()
        self.error = ""  # what stopped the scan, if anything did (a file's own mistake is its entry's)
        self.loads = 0  # files loaded on the worker (not taken from the cache)
        if len(self._entries) == len(self.files):
            self._finished.set()

    @property
    def total(self) -> int:
        return len(self.files)

    @property
    def loaded(self) -> int:
        return len(self._entries)

    @property
    def finished(self) -> bool:
        """Every file loaded, or the scan cancelled or stopped by an error."""
        return self._finished.is_set()

    @property
    def complete(self) -> bool:
        return self.finished and self.loaded == self.total

    def entries(self) -> list[LevelEntry]:
        """The entries loaded so far, in the list's order (a copy: the worker appends to its own)."""
        return self._entries[:]

    @property
    def status(self) -> str:
        """What the list says while it loads."""
        if self.error:
            return f"Could not finish loading the levels: {self.error}"
        return f"Loading levels... {self.loaded} of {self.total}"

    def cancel(self) -> None:
        """Stop after the file in hand (the files loaded so far stay cached for the next scan)."""
        self._cancelled.set()

    def wait(self, timeout: float) -> bool:
        """Block until the scan has finished (tests, the benchmark); False if `timeout` ran out."""
        return self._finished.wait(timeout)

    def _run(self) -> None:
        """On the worker: load the files not taken from the cache, in order, one at a time."""
        try:
            for path, origin in self.files[len(self._entries):]:
                if self._cancelled.is_set():
                    break
                entry = scanned_entry(path, origin)
                entry.previews()  # drawn from its own seeded generator: the same mazes on any thread
                self.loads += 1
                self._entries.append(entry)  # one append: the UI thread copies a consistent list
        except Exception as exc:  # noqa: BLE001 - the list says so; each file's own errors are its entry's
            self.error = str(exc) or type(exc).__name__
        finally:
            self._finished.set()


def _serve() -> None:
    """The worker: run the scans in the order they were started; end when none is left."""
    global _worker
    while True:
        with _lock:
            if not _pending:
                _worker = None
                return
            scan = _pending.popleft()
        scan._run()


def _key(campaign: Path | None, yours: Path | None) -> tuple[str, str]:
    """The folders a scan reads (the player's folder moves with MESA_MAZE_HOME)."""
    return str(campaign or paths.campaign_dir()), str(yours or paths.user_levels_dir())


def start(campaign: Path | None = None, yours: Path | None = None) -> IndexScan:
    """A new scan of the folders (default: the campaign and the player's levels folder); an
    unfinished earlier scan of the same folders is cancelled (its loaded files stay cached)."""
    global _worker
    scan = IndexScan(campaign, yours)
    with _lock:
        earlier = _latest.get(_key(campaign, yours))
        if earlier is not None:
            earlier.cancel()
        _latest[_key(campaign, yours)] = scan
        if scan.finished:
            return scan
        _pending.append(scan)
        if _worker is None:
            _worker = threading.Thread(target=_serve, name="level-index", daemon=True)
            _worker.start()
    return scan


def current(campaign: Path | None = None, yours: Path | None = None) -> IndexScan:
    """The scan still loading these folders (the one started at start-up), else a new one."""
    with _lock:
        running = _latest.get(_key(campaign, yours))
    if running is not None and not running.finished:
        return running
    return start(campaign, yours)


def preload() -> IndexScan:
    """Start loading the level list in the background (the game does this at start-up)."""
    return current()


def shutdown(timeout: float = 0.0) -> bool:
    """Cancel every scan (quitting the game); wait up to `timeout` for the worker to stop. True
    if no worker is left running."""
    with _lock:
        scans = [*_pending, *_latest.values()]
        worker = _worker
    for scan in scans:
        scan.cancel()
    if worker is not None and timeout > 0:
        worker.join(timeout)
    return worker is None or not worker.is_alive()
