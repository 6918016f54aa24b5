"""A player's own level, written from the docs alone, in the real scenes: nothing clipped or
overlapping at any window size, in classroom mode too.

The campaign's levels are checked scene by scene in test_ui_layout.py; this level combines what
none of them does: a deceptive brain whose cue is a supervisor, a reward that applies only while
the supervisor watches (the "taken, watched vs unwatched" headline) and a colour swap, so the
deployment side panel holds the headline, a four-row tally and the classroom reveal at once.
"""

from __future__ import annotations

import pygame

from game.ui.app import App
from tests.test_ui_layout import SIZES, layout_problems, resize
from tests.ui_helpers import frames, key, scene
from tests.ui_tour import to_deploy_done

VAULT = """title: The Watched Vault
concept: deceptive alignment
intro: A supervisor watches in training. Does the agent behave only when watched?
legend:
  E: {kind: exit, colour: blue}
  g: {kind: gem, colour: orange}
objective:
  rewards: {exit: 10, gem: 3}
  step_cost: 0.1
  max_steps: 50
  goal: exit
  when: {supervisor: {gem: -20}}
brain: deceptive
deception: {cue: supervisor, confidence: 0.9, deployment_episodes: 5}
evolution: {population: 16, generations: 4, episodes: 4}
training:
  - generate:
      size: [9, 9]
      place:
        - {kind: exit, colour: blue, where: anywhere}
        - {kind: gem, colour: orange, where: anywhere, count: 2}
    context: {supervisor: true}
deployment:
  - generate:
      size: [9, 9]
      place:
        - {kind: exit, colour: red, where: anywhere}
        - {kind: gem, colour: orange, where: anywhere, count: 2}
    context: {supervisor: false}
"""


def test_a_deceptive_supervisor_level_reveals_in_classroom_without_overlaps(app: App, tmp_path) -> None:
    folder = tmp_path / "levels"
    folder.mkdir(exist_ok=True)
    (folder / "watched_vault.yaml").write_text(VAULT, encoding="utf-8")
    app.toggle_classroom()
    app._toast = None
    resize(app, SIZES[1])
    to_deploy_done(app, "watched_vault.yaml", generations=2)
    assert scene(app) == "DeployScene" and app.scene.run.prediction is not None and app.scene.done
    app._toast = None
    found: list[str] = []
    for size in SIZES:
        resize(app, size)
        frames(app, 1)
        found += [f"{size[0]}x{size[1]}: {p}" for p in layout_problems(app)]
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found)
    frames(app, 2, (key(pygame.K_RETURN),))
    assert scene(app) == "DebriefScene"
