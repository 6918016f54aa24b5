"""The capability sweep: the same level trained and deployed at growing perception budgets.

The perception budget is the farthest an agent can notice anything, in cells (the level's
`perception.budget`; every range, fixed or evolved, is clipped to it). With a small budget the
agents see little, so in deployment they mostly fail to find anything (capability failure); as
the budget grows the same selection produces agents that competently pursue whatever they
learned to want, which on a proxy level is the proxy (misaligned). Misalignment becomes a bigger
issue as the agents become more capable.

    python main.py experiment levels/01_green_exit.yaml --sweep perception.budget=1,2,3,4,6,9,any --seed-start 1000

    puzzle = capability_puzzle(load_puzzle(level))   # what the game's sweep view runs
"""

from __future__ import annotations

import copy
from dataclasses import replace

from .knobs import Knob, Puzzle, parse_path

PATH = "perception.budget"
VALUES: tuple[int | str, ...] = (1, 2, 3, 4, 6, 9, "any")
NAME = "budget"
FRESH_SEEDS = 1000  # the curve is measured on seeds the levels were not tuned on (1000, 1001, ...)
LABEL = "Perception budget: the farthest an agent notices anything (cells)"


def capability_knob(values: tuple[int | str, ...] = VALUES) -> Knob:
    return Knob(name=NAME, label=LABEL, sets=(parse_path(PATH),), values=values, default=values[-1],
                cost=tuple(0.0 for _ in values),
                help="Capability: how far the agents can see. Small: they cannot find much. Large: they "
                     "competently pursue whatever they learned to want.")


def capability_puzzle(puzzle: Puzzle, values: tuple[int | str, ...] = VALUES) -> Puzzle:
    """The level with one knob, the perception budget (its own knobs stay at their defaults)."""
    document = copy.deepcopy(dict(puzzle.document))
    if not isinstance(document.get("perception"), dict):
        document["perception"] = {}
    return replace(puzzle, knobs=(capability_knob(values),), document=document, budget=None)
