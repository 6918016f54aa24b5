"""The UI's import graph stays one-way: no import cycle in game/ui (counting imports inside
functions and under TYPE_CHECKING), and scenes reach one another only through the registry."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "game" / "ui"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every game.* module the file imports, wherever the import stands in it."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import draw`
    return {m for m in found if m.startswith("game.")}


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in UI.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in files and m != name} for name, path in files.items()}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = set()
            while True:
                w = stack.pop()
                part.add(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(part)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_ui_has_no_import_cycle() -> None:
    graph = _graph()
    assert "game.ui.scenes.registry" in graph["game.ui.stack"]  # the graph is read at all
    assert _cycles(graph) == []


def test_scenes_open_one_another_only_through_the_registry() -> None:
    graph = _graph()
    inside = {m for m in graph if m.startswith("game.ui.scenes.")} - {"game.ui.scenes.registry"}
    scenes = graph["game.ui.scenes.registry"] & inside  # the modules the registry makes scenes from
    assert {"game.ui.scenes.training", "game.ui.scenes.deploy", "game.ui.scenes.debrief"} <= scenes
    for module in sorted(inside):  # the scenes, and the parts split out of them (panels, input)
        assert not graph[module] & scenes, f"{module} imports {sorted(graph[module] & scenes)}"
        assert not graph[module] & {"game.ui.app", "game.ui.stack"}, module
    assert not graph["game.ui.scene"] & {"game.ui.app", "game.ui.stack"}


def test_a_cycle_would_be_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
