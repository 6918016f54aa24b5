"""The seeded mutation fuzzer (tests/fuzz_levels.py) over the bundled levels: a few hundred
documents by default, MESA_MAZE_FUZZ=N for more (python -m tests.fuzz_levels 10000 times them)."""

from __future__ import annotations

import os

from game.core.level_checks import CHECK_BUDGET
from game.core.yamlnodes import MAX_TEXT
from tests.fuzz_levels import run

COUNT = int(os.environ.get("MESA_MAZE_FUZZ", "300"))


def test_mutated_bundled_levels_load_or_explain_within_bounded_work_and_train():
    figures = run(COUNT, seed=2026)
    assert figures.internal == [], figures.internal[:5]
    assert figures.train_errors == [], figures.train_errors[:5]
    assert figures.accepted > COUNT // 20 and figures.refused > COUNT // 4, figures.summary()
    assert figures.trained == figures.accepted
    # Work, not time: the sampling budget bounds the cells realised in one document (maps are
    # realised once each on top of it), and the text parsed is the file plus its knob variants.
    assert figures.max_cells <= CHECK_BUDGET + 40 * 128 * 128, figures.summary()
    assert figures.max_chars <= 40 * 8_000 < MAX_TEXT, figures.summary()
