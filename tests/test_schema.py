"""levels/schema.json: a valid Draft 2020-12 schema that editors can use, in step with the model."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from game.core.kinds import COLOURS, WHERE, Algorithm, BrainKind
from game.core.level import MAZE_ALGORITHMS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "levels" / "schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def _properties(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in schema.items():
            yield from _properties(sub, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, sub in enumerate(schema):
            yield from _properties(sub, f"{where}[{i}]")


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] and SCHEMA["title"] and SCHEMA["description"]


def test_every_property_has_a_title_and_description_for_editors() -> None:
    props = list(_properties(SCHEMA))
    assert len(props) > 50
    for where, sub in props:
        assert sub.get("title") and sub.get("description"), where


def test_objects_refuse_unknown_keys_except_the_open_extensions() -> None:
    open_ones = {"knobs", "deception", "narration"}
    for where, sub in _properties(SCHEMA):
        if sub.get("type") == "object" and "properties" in sub:
            assert sub.get("additionalProperties") is False, where
    assert SCHEMA["additionalProperties"] is False
    assert open_ones <= set(SCHEMA["properties"])


def test_vocabularies_match_the_model() -> None:
    defs = SCHEMA["$defs"]
    assert defs["colour"]["enum"] == list(COLOURS)
    assert defs["where"]["enum"] == list(WHERE)
    assert defs["generator"]["properties"]["algorithm"]["enum"] == list(MAZE_ALGORITHMS)
    assert SCHEMA["properties"]["evolution"]["properties"]["algorithm"]["enum"] == [a.value for a in Algorithm]
    assert SCHEMA["properties"]["brain"]["anyOf"][0]["enum"] == [b.value for b in BrainKind]


GOOD = sorted((ROOT / "levels").glob("*.yaml")) + [ROOT / "tests" / "levels" / "good_minimal.yaml"]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_levels_fit_the_schema(path: Path) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert errors == []


def test_doc_examples_fit_the_schema() -> None:
    doc = (ROOT / "docs" / "levels.md").read_text(encoding="utf-8")
    examples = re.findall(r"<!-- loads -->\s*```yaml\n(.*?)```", doc, flags=re.S)
    assert examples
    for text in examples:
        assert [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(text))] == []


@pytest.mark.parametrize(
    "name", ["unknown_key_typo.yaml", "negative_population.yaml", "no_training.yaml", "unknown_colour.yaml"]
)
def test_schema_catches_shape_mistakes(name: str) -> None:
    data = yaml.safe_load((ROOT / "tests" / "levels" / name).read_text(encoding="utf-8"))
    assert list(VALIDATOR.iter_errors(data))
