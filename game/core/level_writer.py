"""Level documents back to YAML a person wants to edit by hand, and saving them atomically.

`dump_level` writes a parsed level document (the plain dict `yamlnodes.read_document` returns)
as YAML with keys in a fixed, readable order, ASCII maps as `map: |` blocks and short mappings
on one line in flow style. Comments cannot survive a parse, so `Comments` lifts the ones a
round trip can keep (the file's leading block, and the lines just above each top-level key) out
of the old text and `dump_level` puts them back. `save_text` writes a file so that a crash at any
moment leaves either the old file or the new one, never a half-written one.

    text = dump_level(doc, Comments.of(old_text))
    save_text(path, text)
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .atomic import atomic_write
from .yamlnodes import dump_plain, load_plain

TOP_ORDER = ("title", "concept", "source", "intro", "debrief", "legend", "kinds", "objective", "perception",
             "brain", "deception", "evolution", "training", "deployment", "goal", "knobs", "narration")
# Key order inside a mapping, chosen by the last key of its path (ints, list indices, skipped).
ORDER: dict[str, tuple[str, ...]] = {
    "objective": ("rewards", "step_cost", "max_steps", "goal", "when"),
    "perception": ("colour_range", "kind_range", "landmarks"),
    "brain": ("type", "discount", "view", "hidden"),
    "deception": ("cue", "confidence", "deployment_episodes", "awareness_from_generation", "awareness_price",
                  "awareness_start", "first_stage"),
    "evolution": ("algorithm", "population", "generations", "episodes", "seed", "mutation", "elite", "tournament",
                  "learning_rate", "pool", "deploy_agents", "deploy_episodes"),
    "training": ("map", "generate", "weight", "context"),
    "deployment": ("map", "generate", "weight", "context"),
    "generate": ("size", "algorithm", "loops", "start", "place"),
    "place": ("kind", "colour", "where", "region", "count", "probability"),
    "legend": ("kind", "colour"),
    "kinds": ("consumable", "terminal", "hazard", "requires", "picture"),
}
# These are always written one entry per line (an ASCII map or a long list reads badly in flow style).
BLOCK_PATHS = {("legend",), ("kinds",), ("training",), ("deployment",), ("knobs",), ("narration",)}
BLOCK_KEYS = {"generate", "place", "map"}
WIDTH = 100  # flow-style lines longer than this are written as blocks
INDENT = 2
SCHEMA_COMMENT = "# yaml-language-server: $schema="


@dataclass
class Comments:
    """Comments a round trip keeps: the leading block, and the block above each top-level key."""

    header: list[str] = field(default_factory=list)
    before: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> Comments:
        lines = text.splitlines()
        header: list[str] = []
        i = 0
        while i < len(lines) and (lines[i].startswith("#") or (header and not lines[i].strip())):
            header.append(lines[i].rstrip())
            i += 1
        while header and not header[-1]:
            header.pop()
        before: dict[str, list[str]] = {}
        pending: list[str] = []
        for line in lines[i:]:
            if line.startswith("#"):
                pending.append(line.rstrip())
                continue
            match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
            if match and pending:
                before[match.group(1)] = pending
            if line.strip():
                pending = []
        return cls(header, before)

    def with_schema(self, level_file: Path, schema: Path) -> Comments:
        """The header with its schema line (added if missing) pointing at schema from level_file."""
        try:
            rel = os.path.relpath(schema.resolve(), level_file.resolve().parent)
        except ValueError:  # another drive on Windows
            rel = str(schema.resolve())
        rel = rel.replace(os.sep, "/")
        if rel.count("../") > 2:  # far apart (the player's folder and the game): an absolute path reads better
            rel = schema.resolve().as_posix()
        if not rel.startswith((".", "/")) and not re.match(r"^[A-Za-z]:", rel):
            rel = "./" + rel
        line = SCHEMA_COMMENT + rel
        header = [h for h in self.header if not h.startswith(SCHEMA_COMMENT)]
        return Comments([line, *header], dict(self.before))


def _ordered(mapping: dict[str, Any], path: tuple) -> list[tuple[str, Any]]:
    names = [p for p in path if isinstance(p, str)]
    order = TOP_ORDER if not path else ORDER.get(names[-1] if names else "", ())
    if len(names) >= 2 and names[-2] in ("legend", "kinds") and not isinstance(path[-1], int):
        order = ORDER[names[-2]]  # an entry of the legend or kinds, keyed by its character or name
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(mapping, key=lambda k: (rank.get(k, len(rank)), list(mapping).index(k)))
    return [(k, mapping[k]) for k in keys]


def _plain_ok(text: str, flow: bool) -> bool:
    """Can text be written unquoted and read back as the same string?"""
    if not text or text != text.strip() or "\n" in text or "#" in text or text[0] in "!&*@`'\"%|>?-[]{},":
        return False
    if flow and any(c in text for c in ",[]{}"):
        return False
    if ": " in text or text.endswith(":"):
        return False
    try:
        return load_plain(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar in YAML: plain where it reads back the same, otherwise double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        if e and "." not in mantissa:  # YAML 1.1 reads '1e-06' as text; '1.0e-06' as a number
            text = f"{mantissa}.0e{exponent}"
        return text
    text = str(value)
    return text if _plain_ok(text, flow) else json.dumps(text, ensure_ascii=False)


def _key(key: Any) -> str:
    return scalar(str(key), flow=True)


def _flow(value: Any, path: tuple) -> str | None:
    """value in flow style on one line, or None if it holds text of several lines."""
    if isinstance(value, dict):
        parts = []
        for k, v in _ordered(value, path):
            inner = _flow(v, path + (k,))
            if inner is None:
                return None
            parts.append(f"{_key(k)}: {inner}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        parts = []
        for i, v in enumerate(value):
            inner = _flow(v, path + (i,))
            if inner is None:
                return None
            parts.append(inner)
        return "[" + ", ".join(parts) + "]"
    if isinstance(value, str) and "\n" in value:
        return None
    return scalar(value, flow=True)


def _use_block(value: Any, path: tuple) -> bool:
    if path in BLOCK_PATHS or (len(path) == 2 and path[0] in ("training", "deployment")):
        return True
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    return last in BLOCK_KEYS and not isinstance(path[-1], int) and isinstance(value, (dict, list)) and bool(value)


def _block_text(text: str, indent: int) -> str | None:
    """A literal block ('|') for text of several lines, or None if it would not read back."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines = lines[:-1]
        chomp = "" if not text.endswith("\n\n") else "+"
    else:
        chomp = "-"
    if not lines or lines[0].startswith((" ", "\t")) or any(ln != ln.rstrip() and ln.strip() for ln in lines):
        return None
    pad = " " * indent
    body = "\n".join(pad + ln if ln else "" for ln in lines)
    return f"|{chomp}\n{body}"


def _emit(value: Any, path: tuple, indent: int, out: list[str], head: str) -> None:
    """Write `head` (e.g. 'key:' or '-') followed by value, at the given indentation."""
    pad = " " * indent
    if isinstance(value, str) and "\n" in value:
        block = _block_text(value, indent + INDENT)
        out.append(f"{pad}{head} {block if block is not None else json.dumps(value, ensure_ascii=False)}")
        return
    if not isinstance(value, (dict, list)) or not value:
        empty: dict | list | None = {} if isinstance(value, dict) else [] if isinstance(value, list) else None
        text = ("{}" if isinstance(value, dict) else "[]") if empty is not None else scalar(value)
        out.append(f"{pad}{head} {text}")
        return
    if not _use_block(value, path):
        flow = _flow(value, path)
        if flow is not None and len(pad) + len(head) + 1 + len(flow) <= WIDTH:
            out.append(f"{pad}{head} {flow}")
            return
    if isinstance(value, dict):
        items = _ordered(value, path)
        if head == "-":  # a mapping in a list: its first key shares the dash's line
            first = len(out)
            for k, v in items:
                _emit(v, path + (k,), indent + INDENT, out, f"{_key(k)}:")
            out[first] = f"{pad}- " + out[first][len(pad) + INDENT:]
            return
        out.append(f"{pad}{head}")
        for k, v in items:
            _emit(v, path + (k,), indent + INDENT, out, f"{_key(k)}:")
        return
    out.append(f"{pad}{head}")
    for i, v in enumerate(value):
        _emit(v, path + (i,), indent + INDENT, out, "-")


def dump_level(doc: dict[str, Any], comments: Comments | None = None) -> str:
    """A level document as readable YAML text (reads back to an equal document)."""
    comments = comments or Comments()
    out: list[str] = list(comments.header)
    for key, value in _ordered(doc, ()):
        out.extend(comments.before.get(key, []))
        _emit(value, (key,), 0, out, f"{_key(key)}:")
    text = "\n".join(out) + "\n"
    try:
        same = load_plain(text) == doc
    except yaml.YAMLError:
        same = False
    if not same:  # never save something that reads back differently; plain PyYAML output is always exact
        text = "\n".join(comments.header + [dump_plain(doc)])
    return text


def save_text(path: str | Path, text: str) -> Path:
    """Write text to path atomically, keeping the file's mode (see game/core/atomic.py).

    A crash (or an exception) at any point leaves the previous file as it was.
    """
    data = text.encode("utf-8")
    return atomic_write(path, lambda f: _write_all(f, data))


def _write_all(f: Any, data: bytes) -> None:
    """Separate so a test can make the write fail halfway."""
    f.write(data)
