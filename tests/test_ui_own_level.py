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


def _many_kinds() -> str:
    """Twelve kinds in eight colours, each a different colour in deployment: a long "Built in"
    line and a legend of 25 object types."""
    colours = ["green", "red", "blue", "yellow", "purple", "orange", "white", "grey"]
    kinds = ["gem", "apple", "key", "shield", "coin_thing", "mushroom", "portal_stone", "flag", "star_dust",
             "door_a", "door_b", "widget"]
    text = "title: Everything Everywhere\nkinds:\n" + "".join(f"  {k}: {{}}\n" for k in kinds[4:])
    text += ("legend: {E: {kind: exit, colour: green}}\nobjective: {rewards: {exit: 10}, max_steps: 80}\n"
             "evolution: {population: 8, generations: 2, episodes: 2}\n")
    for side, shift in (("training", 0), ("deployment", 3)):
        text += f"{side}:\n  - generate:\n      size: [17, 17]\n      place:\n        - {{kind: exit, colour: green}}\n"
        text += "".join(f"        - {{kind: {k}, colour: {colours[(i + shift) % 8]}}}\n" for i, k in enumerate(kinds))
    return text


def test_the_intro_shows_the_whole_built_in_line_before_a_long_legend(app: App, tmp_path) -> None:
    """With 25 object types the legend pushed the "Built in" line (what the engine and the level
    give, the honesty statement) into a cut "the apple is red in ..." at 1024x600; the legend now
    gives way and ends in "and N more"."""
    from game.core.loader import load_level_text
    from game.core.provenance import built_in
    from game.ui import draw
    from tests.ui_tour import to_intro

    folder = tmp_path / "levels"
    folder.mkdir(exist_ok=True)
    (folder / "everything.yaml").write_text(_many_kinds(), encoding="utf-8")
    tail = built_in(load_level_text(_many_kinds(), "e.yaml")).split()[-4:]  # the line's last words
    to_intro(app, "everything.yaml")
    for size in SIZES:
        resize(app, size)
        with draw.recording() as rec:
            frames(app, 1)
        said = " ".join(d.value for d in rec.texts)
        assert " ".join(tail) in said, (size, tail)
        assert "more" in said, size
        assert not layout_problems(app), (size, layout_problems(app))


def test_every_object_of_a_level_with_many_kinds_can_be_placed_in_a_probe_room(app: App, tmp_path) -> None:
    """The probe palette offered the first 9 object types only (keys 1-9): on this level the
    agents' second choice could not be put in a room. PgDn turns to the next 9."""
    from game.ui import draw

    folder = tmp_path / "levels"
    folder.mkdir(exist_ok=True)
    (folder / "everything.yaml").write_text(_many_kinds(), encoding="utf-8")
    to_deploy_done(app, "everything.yaml", generations=2)
    frames(app, 2, (key(pygame.K_i),))
    assert scene(app) == "ProbeScene"
    probe = app.scene
    assert len(probe.items) > 18
    frames(app, 1, (key(pygame.K_PAGEDOWN),))
    frames(app, 1, (key(pygame.K_PAGEDOWN),))
    frames(app, 1, (key(pygame.K_3),))
    assert probe.choice == 20
    with draw.recording() as rec:
        frames(app, 1)
    said = " ".join(d.value for d in rec.texts)
    assert f"Objects 19-{min(len(probe.items), 27)} of {len(probe.items)} (1-9; PgDn: more):" in said
    frames(app, 1, (key(pygame.K_SPACE),))
    assert probe.maze.item_at(probe.cursor) == probe.items[20]
    index, tile = next((i, r) for i, r in probe.tiles if i == 19)
    frames(app, 1, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=tile.center),
                    pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=tile.center)])
    assert probe.choice == index == 19
    frames(app, 1, (key(pygame.K_PAGEDOWN),))
    assert probe.choice == 0  # past the last page: back to the first
