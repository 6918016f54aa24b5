"""FileWatch: polled change detection, with the clock passed in."""

from __future__ import annotations

import os
from pathlib import Path

from game.core.watch import FileWatch


def bump(path: Path, text: str) -> None:
    """Write text and move the modification time on, as a later save would."""
    path.write_text(text)
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_reports_each_change_once(tmp_path: Path) -> None:
    path = tmp_path / "level.yaml"
    path.write_text("a")
    watch = FileWatch(path, interval=0.25)
    assert not watch.poll(0.0)
    bump(path, "b")
    assert watch.poll(1.0)
    assert not watch.poll(2.0)


def test_polls_at_most_every_interval(tmp_path: Path) -> None:
    path = tmp_path / "level.yaml"
    path.write_text("a")
    watch = FileWatch(path, interval=0.25)
    assert not watch.poll(0.0)
    bump(path, "b")
    assert not watch.poll(0.1)  # too soon to look
    assert watch.poll(0.3)


def test_touch_without_new_contents_is_not_a_change(tmp_path: Path) -> None:
    path = tmp_path / "level.yaml"
    path.write_text("same")
    watch = FileWatch(path, interval=0)
    bump(path, "same")
    assert not watch.poll(1.0)


def test_missing_file_then_back(tmp_path: Path) -> None:
    """Editors that save by delete-and-rename: the gap is not a change; the new text is."""
    path = tmp_path / "level.yaml"
    path.write_text("a")
    watch = FileWatch(path, interval=0)
    path.unlink()
    assert not watch.poll(1.0)
    bump(path, "b")
    assert watch.poll(2.0)


def test_accept_ignores_our_own_write(tmp_path: Path) -> None:
    path = tmp_path / "level.yaml"
    path.write_text("a")
    watch = FileWatch(path, interval=0)
    bump(path, "b")
    watch.accept()
    assert not watch.poll(1.0)


def test_a_huge_file_is_fingerprinted_without_reading_it_whole(tmp_path):
    """The level list and `play FILE`'s reload look at every level file often: a file far over a
    level's size limit (a 2 GiB file dropped in the levels folder) is not read whole each time.
    Only the first bytes a level may hold are read, with the file's size."""
    from game.core.loader import file_digest
    from game.core.yamlnodes import MAX_TEXT

    path = tmp_path / "huge.yaml"
    limit = MAX_TEXT * 4 + 1
    path.write_bytes(b"a" * (limit + 1000))
    before = file_digest(path)
    path.write_bytes(b"a" * (limit + 500) + b"b" + b"a" * 499)  # a change past what is read, same size
    assert file_digest(path) == before
    path.write_bytes(b"a" * (limit + 1001))  # a new size
    assert file_digest(path) != before
    path.write_bytes(b"title: x\n")
    small = file_digest(path)
    path.write_bytes(b"title: y\n")
    assert file_digest(path) != small and file_digest(tmp_path / "missing.yaml") is None
