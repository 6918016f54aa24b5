"""The level select: long concept tags are shortened without hanging, at any size and in classroom mode."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.ui import draw
from tests.ui_helpers import frames, key, scene


def test_fit_items_always_ends_and_fits():
    """Regression: shortening "a, b, ..." used to turn it back into "a, b, ..." forever."""
    pygame.font.init()
    font = pygame.font.Font(None, 40)
    items = ["emergent deception", "absent supervisor", "specification gaming"]
    for room in (0, 5, 20, 60, 120, 300, 2000):
        out = draw.fit_items(font, items, room)
        assert out == "" or font.size(out)[0] <= room
    assert draw.fit_items(font, items, 5000) == ", ".join(items)
    assert draw.fit_items(font, items, font.size("emergent deception, ...")[0]) == "emergent deception, ..."


def test_classroom_level_select_draws(app):
    """Regression: classroom mode + level select froze the game for good."""
    app.toggle_classroom()
    frames(app, 2, (key(pygame.K_RETURN),))
    assert scene(app) == "SelectScene"
    frames(app, 3, (key(pygame.K_DOWN),))


def test_the_level_list_reloads_only_changed_files(tmp_path, monkeypatch):
    """Each visit to the level list scans both folders; an unchanged file is not loaded again (a
    level with knobs tries every value when it loads), and a file saved since is."""
    from game.ui import levels_index

    campaign, yours = tmp_path / "campaign", tmp_path / "yours"
    campaign.mkdir()
    yours.mkdir()
    bundled = levels_index.paths.campaign_dir()
    for name in ("00_control.yaml", "03_coin_at_the_end.yaml"):
        (campaign / name).write_bytes((bundled / name).read_bytes())
    mine = yours / "mine.yaml"
    mine.write_bytes((bundled / "01_green_exit.yaml").read_bytes())
    loads: list[str] = []
    real = levels_index.load_level
    monkeypatch.setattr(levels_index, "load_level", lambda path: loads.append(Path(path).name) or real(path))

    first = levels_index.scan(campaign, yours)
    assert sorted(loads) == ["00_control.yaml", "03_coin_at_the_end.yaml", "mine.yaml"]
    assert levels_index.scan(campaign, yours) == first and len(loads) == 3, "nothing changed: nothing reloaded"

    mine.write_text(mine.read_text(encoding="utf-8").replace("title: Green Means Go", "title: Mine Now"),
                    encoding="utf-8")
    again = levels_index.scan(campaign, yours)
    assert loads[3:] == ["mine.yaml"]
    assert again[-1].title == "Mine Now" and again[:2] == first[:2]
