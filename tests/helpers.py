"""Small builders shared by the core tests."""

from __future__ import annotations

from game.core.level import Level
from game.core.loader import load_level_text

HEADER = """
title: test
legend:
  E: {kind: exit, colour: green}
  R: {kind: exit, colour: red}
  g: {kind: gem, colour: green}
  b: {kind: gem, colour: blue}
  L: {kind: lava}
  k: {kind: key, colour: yellow}
  c: {kind: chest}
  G: {kind: guide, colour: purple, leads_to: exit}
  X: {kind: shortcut, colour: red}
objective: {rewards: {exit: 10, lava: -10, shortcut: -1}, step_cost: 0.1, max_steps: 40}
"""


def map_level(training: str, deployment: str | None = None, extra: str = "") -> Level:
    """A level whose training (and deployment) set is one ASCII map each."""

    def block(rows: str) -> str:
        lines = [line.strip() for line in rows.strip().splitlines()]
        return "  - map: |\n" + "".join(f"      {line}\n" for line in lines)

    text = HEADER + extra + "training:\n" + block(training) + "deployment:\n" + block(deployment or training)
    return load_level_text(text, "test.yaml")
