"""level_writer: readable YAML that reads back to the same level, and saves that cannot half-happen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from game.core import level_writer
from game.core.errors import LevelError
from game.core.level_writer import Comments, dump_level, save_text, scalar
from game.core.loader import load_level_text
from game.core.yamlnodes import read_document

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "levels").glob("*.yaml"))


def same_level(a, b) -> bool:
    return dataclasses.replace(a, file="") == dataclasses.replace(b, file="")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_level_saved_unchanged_keeps_its_meaning(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc, _ = read_document(text, str(path))
    out = dump_level(doc, Comments.of(text))
    assert yaml.safe_load(out) == doc
    try:
        original = load_level_text(text, "a.yaml")
    except LevelError as err:  # a level still being written by someone else
        pytest.skip(f"does not load: {err}")
    assert same_level(original, load_level_text(out, "b.yaml"))
    assert dump_level(read_document(out, "b")[0], Comments.of(out)) == out  # a second round trip is stable


def test_readable_style() -> None:
    text = (ROOT / "levels" / "09_deceptive_ab.yaml").read_text(encoding="utf-8")
    doc, _ = read_document(text, "x")
    doc = {k: doc[k] for k in reversed(list(doc))}  # scrambled key order comes out in the standard order
    out = dump_level(doc, Comments.of(text))
    keys = [line.split(":")[0] for line in out.splitlines() if line[:1].isalpha()]
    assert keys[:3] == ["title", "concept", "source"] and keys.index("training") < keys.index("deployment")
    assert "  - map: |\n      #############\n" in out
    assert "  A: {kind: door_a}\n" in out  # small mappings in flow style
    assert out.startswith("# yaml-language-server: $schema=./schema.json\n")


def test_comments_kept_where_a_round_trip_allows() -> None:
    text = "# My level\n# by a teacher\n\ntitle: t\n# how the agents are scored\nobjective: {rewards: {exit: 10}}\n"
    out = dump_level(read_document(text, "x")[0], Comments.of(text))
    assert out.startswith("# My level\n# by a teacher\n")
    assert "# how the agents are scored\nobjective:" in out


@pytest.mark.parametrize("value", ["#", "yes", "1", "Note: x", "a, b", "-", "null", "[x]", "x #y", " pad", "2021-01-01",
                                   "*star", "ok text", "é"])
def test_scalars_read_back_as_the_same_text(value: str) -> None:
    for flow in (False, True):
        assert yaml.safe_load(f"k: {scalar(value, flow)}") == {"k": value}
        assert yaml.safe_load(f"k: [{scalar(value, True)}]") == {"k": [value]}


@pytest.mark.parametrize("value", [1e-06, 1e20, 0.1, -2.5, 3, True, None])
def test_numbers_read_back_as_numbers(value) -> None:
    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}


def test_schema_header_points_at_the_schema(tmp_path: Path) -> None:
    schema = tmp_path / "game" / "levels" / "schema.json"
    near = Comments(["# hello"]).with_schema(tmp_path / "game" / "levels" / "mine.yaml", schema)
    assert near.header == ["# yaml-language-server: $schema=./schema.json", "# hello"]
    other = Comments(["# yaml-language-server: $schema=./old.json"]).with_schema(tmp_path / "x" / "a.yaml", schema)
    assert other.header == ["# yaml-language-server: $schema=../game/levels/schema.json"]


def test_save_creates_the_folder_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "level.yaml"
    save_text(target, "title: x\n")
    assert target.read_text() == "title: x\n"
    assert [p.name for p in target.parent.iterdir()] == ["level.yaml"]


def test_interrupted_save_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash halfway through writing must never leave a broken or half-written level file."""
    target = tmp_path / "level.yaml"
    save_text(target, "title: old\n")

    def half_then_crash(f, data: bytes) -> None:
        f.write(data[: len(data) // 2])
        f.flush()
        raise OSError("disk pulled out")

    monkeypatch.setattr(level_writer, "_write_all", half_then_crash)
    with pytest.raises(OSError):
        save_text(target, "title: new and much longer\n" * 50)
    assert target.read_text() == "title: old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["level.yaml"]  # the temp file was removed


def test_crash_before_the_rename_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "level.yaml"
    save_text(target, "title: old\n")
    monkeypatch.setattr(level_writer.os, "replace", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        save_text(target, "title: new\n")
    assert target.read_text() == "title: old\n"
    assert len(list(tmp_path.iterdir())) == 1
