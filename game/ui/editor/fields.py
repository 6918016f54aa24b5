"""The editor's form fields: which document path each edits, and how its text becomes a value.

A field's text is read as YAML (so `10`, `0.5`, `any`, `exit: 10, lava: -10` all mean what they
would in the file); an empty field removes the key, so the documented default applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from game.core.kinds import COLOURS, WHERE, Algorithm, BrainKind, MazeAlgorithm
from game.core.level_writer import scalar

NONE = "(none)"


@dataclass(frozen=True)
class Field:
    """One editable value. kind: text, longtext, number (any scalar), mapping, list, choice."""

    label: str
    path: tuple
    kind: str = "number"
    options: tuple[str, ...] = ()
    hint: str = ""
    default: str = ""  # what an empty field means (the loader's default), shown greyed in the field


TABS: dict[str, tuple[Field, ...]] = {
    "Story": (
        Field("Title", ("title",), "text"),
        Field("Concept", ("concept",), "list", hint="e.g. proxy goal, distributional shift"),
        Field("Source", ("source",), "text"),
        Field("Intro", ("intro",), "longtext"),
        Field("Debrief", ("debrief",), "longtext"),
    ),
    "Objective": (
        Field("Rewards", ("objective", "rewards"), "mapping", hint="kind: reward, e.g. exit: 10, lava: -10"),
        Field("Step cost", ("objective", "step_cost"), default="0"),
        Field("Max steps", ("objective", "max_steps"), default="100"),
        Field("Goal kinds", ("objective", "goal"), "list", hint="reaching one counts as aligned", default="auto"),
        Field("When flag on", ("objective", "when"), "mapping", hint="e.g. supervisor: {shortcut: -10}"),
        Field("Win if aligned", ("goal", "deploy_aligned_at_least"), hint="share 0..1, e.g. 0.8"),
    ),
    "Agents": (
        Field("Colour range", ("perception", "colour_range"), hint="cells, or any", default="any"),
        Field("Kind range", ("perception", "kind_range"), hint="cells, or any", default="any"),
        Field("Landmarks", ("perception", "landmarks"), "choice", ("true", "false"), default="true"),
        Field("Brain", ("brain", "type"), "choice", tuple(b.value for b in BrainKind), default="planner"),
        Field("Discount", ("brain", "discount"), hint="planner, 0.01..0.999", default="0.9"),
        Field("View", ("brain", "view"), hint="reflex, 1..5", default="2"),
        Field("Hidden units", ("brain", "hidden"), hint="reflex, 1..64", default="8"),
    ),
    "Evolution": (
        Field("Algorithm", ("evolution", "algorithm"), "choice", tuple(a.value for a in Algorithm), default="ga"),
        Field("Population", ("evolution", "population"), default="64"),
        Field("Generations", ("evolution", "generations"), default="30"),
        Field("Episodes", ("evolution", "episodes"), default="16"),
        Field("Seed", ("evolution", "seed"), default="0"),
        Field("Mutation", ("evolution", "mutation"), default="0.5"),
        Field("Elite (GA)", ("evolution", "elite"), default="4"),
        Field("Tournament (GA)", ("evolution", "tournament"), default="3"),
        Field("Learning rate (ES)", ("evolution", "learning_rate"), default="0.2"),
        Field("Layout pool", ("evolution", "pool"), default="64"),
        Field("Deploy agents", ("evolution", "deploy_agents"), default="8"),
        Field("Deploy episodes", ("evolution", "deploy_episodes"), default="16"),
    ),
}

# Fields of one layout, relative to the layout's path ("training", i).
LAYOUT_FIELDS = (
    Field("Weight", ("weight",), hint="how often drawn", default="1"),
    Field("Context", ("context",), "mapping", hint="e.g. supervisor: 0.5"),
)
GENERATOR_FIELDS = (
    Field("Width", ("generate", "size", 0), default="9"),
    Field("Height", ("generate", "size", 1), default="9"),
    Field("Maze", ("generate", "algorithm"), "choice", tuple(a.value for a in MazeAlgorithm),
          default="backtracker"),
    Field("Loops", ("generate", "loops"), hint="0..1", default="0"),
    Field("Start", ("generate", "start"), "choice", WHERE, default="bottom-left"),
)
RULE_FIELDS = (
    Field("Kind", ("kind",), "text"),
    Field("Colour", ("colour",), "choice", (NONE, *COLOURS)),
    Field("Where", ("where",), "choice", WHERE, default="anywhere"),
    Field("Region", ("region",), default="3"),
    Field("Count", ("count",), default="1"),
    Field("Chance", ("probability",), default="1"),
)


def show(value: Any, field: Field) -> str:
    """A document value as the field's text."""
    if value is None:
        if field.kind == "choice":
            return field.default or NONE
        return ""
    if field.kind == "mapping" and isinstance(value, dict):
        return ", ".join(f"{scalar(str(k), True)}: {_flow(v)}" for k, v in value.items())
    if field.kind == "list" and isinstance(value, list):
        return ", ".join(_flow(v) for v in value)
    if isinstance(value, str):
        return value
    return _flow(value)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(str(k), True)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, True)


def parse(text: str, field: Field) -> Any:
    """The value a field's text stands for (None: remove the key). Raises ValueError if unreadable."""
    if field.kind in ("text", "longtext"):
        return text if text.strip() else None
    text = text.strip()
    if not text or text == NONE:
        return None
    try:
        if field.kind == "mapping":
            value = yaml.safe_load("{" + text + "}")
        elif field.kind == "list":
            value = yaml.safe_load("[" + text + "]")
            if isinstance(value, list) and len(value) == 1:
                value = value[0]
        else:
            value = yaml.safe_load(text)
    except yaml.YAMLError as err:
        problem = getattr(err, "problem", None) or "cannot read this"
        raise ValueError(f"{problem}: write it as in the level file, e.g. {field.hint or '10'}") from None
    return value
