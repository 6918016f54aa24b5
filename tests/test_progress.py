"""Saved progress: where it lives, a round trip, atomic writes, and corrupt files set aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.core.progress import FILE_NAME, ProgressStore, data_dir, level_key


def test_data_folder_follows_the_platform_and_the_override():
    assert data_dir({"MESA_MAZE_DATA": "/x"}, "linux") == Path("/x")
    assert data_dir({"XDG_DATA_HOME": "/d"}, "linux") == Path("/d/mesa-maze")
    assert data_dir({"APPDATA": "C:/Users/a/AppData/Roaming"}, "win32") == Path("C:/Users/a/AppData/Roaming/mesa-maze")
    assert data_dir({}, "linux") == Path.home() / ".local" / "share" / "mesa-maze"


def test_environment_override_is_used_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("MESA_MAZE_DATA", str(tmp_path))
    store = ProgressStore.open()
    assert store.path == tmp_path / FILE_NAME


def test_round_trip_keeps_wins_and_the_best_result(tmp_path):
    store = ProgressStore.open(tmp_path)
    assert store.message == "" and not store.won("03_coin_at_the_end")
    store.record("03_coin_at_the_end", aligned=0.4, won=False, setting={"randomised": 0.01}, cost=1)
    store.record("03_coin_at_the_end", aligned=0.9, won=True, setting={"randomised": 0.05}, cost=2)
    store.record("03_coin_at_the_end", aligned=0.5, won=False, setting={"randomised": 0}, cost=0)
    again = ProgressStore.open(tmp_path)
    entry = again.get("03_coin_at_the_end")
    assert entry.won and entry.best_aligned == 0.9 and entry.best_setting == {"randomised": 0.05}
    assert entry.best_cost == 2 and entry.attempts == 3
    assert again.message == ""
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no temporary file left behind
    assert level_key("levels/03_coin_at_the_end.yaml") == "03_coin_at_the_end"


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"levels": {"a": 3}}', b"\xff\xfe\x00",
                                     b'{"levels": {"a": {"best_aligned": "high"}}}', b"[" * 100_000])
def test_a_corrupt_file_is_set_aside_with_a_message_never_a_crash(tmp_path, content):
    (tmp_path / FILE_NAME).write_bytes(content)
    store = ProgressStore.open(tmp_path)
    assert store.levels == {} and "could not be read" in store.message
    aside = [p for p in tmp_path.iterdir() if p.name.startswith(FILE_NAME + ".corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    store.record("01_green_exit", aligned=1.0, won=True)
    assert json.loads((tmp_path / FILE_NAME).read_text())["levels"]["01_green_exit"]["won"] is True


def test_a_second_corrupt_file_in_the_same_second_gets_its_own_name(tmp_path):
    for _ in range(2):
        (tmp_path / FILE_NAME).write_text("oops")
        ProgressStore.open(tmp_path)
    assert len([p for p in tmp_path.iterdir() if ".corrupt-" in p.name]) == 2


def test_a_folder_that_cannot_be_written_gives_a_message_not_an_exception(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = ProgressStore.open(blocker / "sub")  # a folder inside a file cannot exist
    store.record("00_control", aligned=1.0, won=True)
    assert "Could not save" in store.message
    assert store.won("00_control")  # still remembered for this session


def test_an_attempt_with_nothing_deployed_counts_and_wins_but_keeps_the_best(tmp_path):
    """A probe puzzle's answer: an attempt, maybe a win, no aligned share to compare."""
    from game.ui.progress_view import summary

    store = ProgressStore.open(tmp_path)
    store.record("11_what_does_it_want", None, False, {"answer": ["exit"]})
    assert summary(store.get("11_what_does_it_want"), puzzle=True) == "not won yet"
    store.record("11_what_does_it_want", None, True, {"answer": ["green (colour)"]})
    again = ProgressStore.open(tmp_path).get("11_what_does_it_want")
    assert again.won and again.attempts == 2 and again.best_aligned is None
    assert summary(again, puzzle=True) == "won"
    store.record("03_coin_at_the_end", 0.8, True, {"randomised": 0.1})
    store.record("03_coin_at_the_end", None, False)
    kept = ProgressStore.open(tmp_path).get("03_coin_at_the_end")
    assert kept.best_aligned == 0.8 and kept.best_setting == {"randomised": 0.1} and kept.attempts == 2
    assert summary(kept, puzzle=True) == "won, best 80% aligned"
