"""Safe YAML reading that remembers where every value came from.

`read_document` composes the text into YAML nodes (nothing is constructed, so no tag can run
code), then builds plain JSON-like Python values from them by hand: dicts, lists, str, int,
float, bool, None. Alongside it keeps a `Places` map from each key path, such as
("training", 0, "map"), to the node that holds it, so any later error can be pointed at a
file:line:col. Non-standard tags, duplicate keys, alias bombs and very deep nesting are refused
with a `LevelError`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import LevelError

MAX_TEXT = 1_000_000  # characters in one level file
MAX_VALUES = 100_000  # values after expanding aliases (billion-laughs guard)
MAX_DEPTH = 40  # nesting of lists and mappings

Path = tuple[str | int, ...]
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_PLAIN_TEXT = {_TAG + "str", _TAG + "timestamp"}  # a date is kept as the text the author wrote


class _Loader(yaml.SafeLoader):
    """SafeLoader that also reads YAML 1.2 numbers: '1e3' and '2E-4' are numbers, not text."""

    yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class _Dumper(yaml.SafeDumper):
    """SafeDumper that quotes text a YAML 1.2 reader would take for a number (e.g. '1e3')."""

    yaml_implicit_resolvers = {k: list(v) for k, v in yaml.SafeDumper.yaml_implicit_resolvers.items()}


_EXPONENT = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
for _cls in (_Loader, _Dumper):
    _cls.add_implicit_resolver(_TAG + "float", _EXPONENT, list("-+0123456789."))


def load_plain(text: str) -> Any:
    """Plain YAML reading with the same number rules as level files (no places, no checks)."""
    return yaml.load(text, Loader=_Loader)


def dump_plain(doc: Any) -> str:
    """YAML text that load_plain (and the level loader) reads back as the same document."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
_SAFE = yaml.SafeLoader("")  # only its scalar constructors are used, on already-checked tags
_CONSTRUCT = {
    _TAG + "int": _SAFE.construct_yaml_int,
    _TAG + "float": _SAFE.construct_yaml_float,
    _TAG + "bool": _SAFE.construct_yaml_bool,
    _TAG + "null": _SAFE.construct_yaml_null,
}


@dataclass
class Places:
    """Where each value (and each mapping key) of the document was written."""

    values: dict[Path, Node] = field(default_factory=dict)
    keys: dict[Path, Node] = field(default_factory=dict)

    def node(self, path: Path, *, key: bool = False) -> Node | None:
        """The node at path, or at its longest prefix that exists (a missing key: its parent)."""
        if key and path in self.keys:
            return self.keys[path]
        for n in range(len(path), -1, -1):
            if path[:n] in self.values:
                return self.values[path[:n]]
        return None

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, col) of the value at path (or of its key with key=True)."""
        node = self.node(path, key=key)
        if node is None:
            return 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1


def _at(node: Node | None, file: str, message: str, fix: str, path: Path = ()) -> LevelError:
    line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
    return LevelError(message, fix=fix, file=file, line=line, col=col, path=path)


def _show(path: Path) -> str:
    return ".".join(str(p) for p in path) or "the document"


class _Builder:
    """Turns composed nodes into plain values, recording their places."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.places = Places()

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _at(node, self.file, f"the document holds more than {MAX_VALUES} values once aliases are expanded",
                      "use fewer '*alias' references (a level never needs this many values)")
        if depth > MAX_DEPTH:
            raise _at(node, self.file, f"values are nested more than {MAX_DEPTH} deep", "flatten the structure")
        self.places.values[path] = node
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, SequenceNode) and node.tag == _TAG + "seq":
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode) and node.tag == _TAG + "map":
            return self.mapping(node, path, depth)
        raise self.bad_tag(node)

    def bad_tag(self, node: Node) -> LevelError:
        tag = node.tag.replace(_TAG, "!!")
        return _at(node, self.file, f"the tag '{tag}' is not allowed in a level file",
                   "remove the tag; levels hold only plain text, numbers, true/false, lists and mappings")

    def scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.bad_tag(node)
        if node.tag in _PLAIN_TEXT:
            return node.value
        try:
            value = _CONSTRUCT[node.tag](node)
        except (ValueError, KeyError, TypeError, OverflowError, yaml.YAMLError):
            kind = node.tag.replace(_TAG, "")
            raise _at(node, self.file, f"'{node.value[:40]}' is not a valid {kind}",
                      f"write a plain {kind} at {_show(path)}, or drop the '!!{kind}' tag") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise _at(node, self.file, f"{_show(path)} is '{node.value}', which is not a finite number",
                      "write an ordinary number such as 0.5 (.nan and .inf are not allowed)", path)
        return value

    def key_text(self, node: Node) -> str:
        if node.tag not in _SCALAR_TAGS | {_TAG + "seq", _TAG + "map"}:
            raise self.bad_tag(node)
        if not isinstance(node, ScalarNode):
            raise _at(node, self.file, "a mapping key must be a plain name", "write the key as text, e.g. 'title:'")
        return node.value  # as written: '1: gem' in a legend means the character "1"

    def mapping(self, node: MappingNode, path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in self.merged(node):
            key = self.key_text(key_node)
            if key in first:
                line = first[key].start_mark.line + 1
                raise _at(key_node, self.file, f"duplicate key '{key}' (first written on line {line})",
                          "keep only one of them; YAML would silently drop one", path + (key,))
            first[key] = key_node
            self.places.keys[path + (key,)] = key_node
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def merged(self, node: MappingNode) -> list[tuple[Node, Node]]:
        """Key/value pairs with YAML merge keys ('<<: *base') applied; own keys win."""
        own = [(k, v) for k, v in node.value if k.tag != _TAG + "merge"]
        merges = [v for k, v in node.value if k.tag == _TAG + "merge"]
        if not merges:
            return own
        names = {k.value for k, _ in own if isinstance(k, ScalarNode)}
        extra: list[tuple[Node, Node]] = []
        for source in merges:
            sources = source.value if isinstance(source, SequenceNode) else [source]
            for part in sources:
                if not isinstance(part, MappingNode):
                    raise _at(part, self.file, "'<<' must merge a mapping", "write '<<: *name' where &name is a mapping")
                self.count += len(part.value)
                if self.count > MAX_VALUES:
                    raise _at(part, self.file, "merges expand to too many values", "use fewer merges")
                for k, v in self.merged(part):
                    if isinstance(k, ScalarNode) and k.value not in names:
                        names.add(k.value)
                        extra.append((k, v))
        return own + extra


def _yaml_error(err: yaml.YAMLError, text: str, file: str) -> LevelError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    elif isinstance(err, yaml.reader.ReaderError):
        before = text[: err.position]
        line, col = before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1
    else:
        line, col = 1, 1
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    if isinstance(err, yaml.reader.ReaderError):
        char = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        problem = f"the character {char} is not allowed in a YAML file"
        return LevelError(problem, fix="delete it (or write it as an escape inside double quotes)", file=file, line=line, col=col)
    fix = "check the indentation and that each 'key: value' has a space after the colon"
    if "\\t" in problem or "\t" in problem:
        fix = "indent with spaces, not tabs"
    elif "alias" in problem or "anchor" in problem:
        fix = "define '&name' before using '*name', or quote text that starts with '*' or '&'"
    elif "expected a single document" in problem:
        fix = "keep one level per file (remove the extra '---')"
    elif "mapping values are not allowed" in problem:
        fix = "quote text that contains ': ' (e.g. intro: \"Note: ...\") or fix the indentation"
    elif "could not find expected ':'" in problem or "simple key" in problem:
        fix = "every line of a mapping needs 'key: value'; quote text that spans lines or use '|'"
    elif "flow" in problem or "expected ','" in problem or "expected ']'" in problem or "expected '}'" in problem:
        fix = "close every '[' with ']' and '{' with '}', with commas between items"
    elif "stream end" in problem:
        fix = "the file ends in the middle of a value: close every bracket and quote"
    elif "quoted scalar" in problem:
        fix = "close the quote that was opened"
    context, opened = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and opened is not None and (opened.line + 1, opened.column + 1) != (line, col):
        problem += f" ({context} that starts at line {opened.line + 1}, col {opened.column + 1})"
    return LevelError(f"YAML syntax error: {problem}", fix=fix, file=file, line=line, col=col)


def read_document(text: str, file: str) -> tuple[Any, Places]:
    """Parse text safely into plain values and the place of each. Raises only LevelError."""
    if len(text) > MAX_TEXT:
        raise LevelError(f"the file is {len(text)} characters long, over the limit of {MAX_TEXT}",
                         fix="a level fits in a few kilobytes; split it or remove the pasted data", file=file, line=1, col=1)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        raise _yaml_error(err, text, file) from None
    except RecursionError:
        raise LevelError("the file nests lists or mappings too deeply", fix="flatten the structure",
                         file=file, line=1, col=1) from None
    if root is None:
        raise LevelError("the file is empty", fix="start from the example level in docs/levels.md", file=file, line=1, col=1)
    builder = _Builder(file)
    try:
        data = builder.build(root, (), 0)
    except RecursionError:
        raise LevelError("the file nests values too deeply", fix="flatten the structure", file=file, line=1, col=1) from None
    return data, builder.places


def locate(err: LevelError, places: Places, text: str, file: str) -> LevelError:
    """Give an error raised with a key path the place in the file that path came from."""
    path = err.path
    if len(path) >= 3 and path[-3] == "map" and isinstance(path[-2], int) and isinstance(path[-1], int):
        node = places.values.get(path[:-2])
        if isinstance(node, ScalarNode):
            line, col = _map_cell(node, text, path[-2], path[-1])
            return err.located(file, line, col)
    line, col = places.position(path, key=_is_key_path(path))
    return err.located(file, line, col)


def _is_key_path(path: tuple) -> bool:
    """Errors about a legend key itself point at the key, not its value."""
    return len(path) == 2 and path[0] == "legend"


def _map_cell(node: ScalarNode, text: str, row: int, col: int) -> tuple[int, int]:
    """1-based line and column of map cell (row, col) written in a literal block ('map: |')."""
    start = node.start_mark.line + 1, node.start_mark.column + 1
    if node.style != "|":
        return start  # quoted or folded text has no simple cell-to-column mapping
    lines = text.splitlines()
    leading_blank = len(node.value) - len(node.value.lstrip("\n"))
    index = node.start_mark.line + 1 + leading_blank + row
    rows = node.value.strip("\n").splitlines()
    if index >= len(lines) or row >= len(rows) or not rows:
        return start
    source = lines[index]
    value_row = rows[row]
    indent = (len(source) - len(source.lstrip(" "))) - (len(value_row) - len(value_row.lstrip(" ")))
    return index + 1, max(indent, 0) + col + 1
