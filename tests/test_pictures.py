"""Pictures: every campaign kind has one that loads; a custom kind without one is a letter badge;
a level may name a picture (checked); a broken picture file is reported and falls back to the letter."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pygame
import pytest

from game import pictures as library
from game.core.errors import LevelError
from game.core.kinds import DEFAULT_KINDS
from game.core.loader import load_level, load_level_text
from game.ui import glyphs, pictures, theme

ROOT = Path(__file__).resolve().parents[1]
LEVEL = """title: Pictures
legend: {E: exit, F: {kind: fish, colour: blue}}
kinds:
  fish: {consumable: true%s}
objective: {rewards: {exit: 10, fish: 1}}
training:
  - map: |
      ######
      #SF.E#
      ######
deployment:
  - map: |
      ######
      #E.FS#
      ######
"""


def campaign_kinds() -> set[str]:
    """Every kind the campaign levels use or declare, and every built-in kind."""
    kinds = set(DEFAULT_KINDS)
    for path in sorted((ROOT / "levels").glob("*.yaml")):
        kinds |= set(load_level(path).kinds)
    return kinds


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    pygame.init()
    monkeypatch.setattr(pictures, "_base", {})
    monkeypatch.setattr(pictures, "_sized", {})
    monkeypatch.setattr(pictures, "_declared", {})
    pictures.take_problems()
    yield
    pictures.take_problems()


def _ink_pixels(image: pygame.Surface) -> int:
    alpha = pygame.surfarray.array_alpha(image)
    return int((alpha > 0).sum())


@pytest.mark.parametrize("kind", sorted(campaign_kinds()))
def test_every_campaign_kind_has_a_picture_that_loads(kind):
    name = pictures.name_for(kind)
    assert name is not None, f"kind '{kind}' has no picture in assets/pictures"
    pixels = library.load(name)
    assert (pixels.width, pixels.height) == (16, 16)
    image = pictures.picture(name, 32, theme.INK, (255, 255, 255))
    assert image is not None and image.get_size() == (32, 32)
    assert 0.1 < _ink_pixels(image) / (32 * 32) < 0.95, "a picture must be a shape, not empty or a solid block"
    assert not pictures.take_problems()


@pytest.mark.parametrize("name", ["supervisor", "lamp", "lamp_off", "icon"])
def test_the_scene_pictures_load(name):
    assert library.load(name).width == 16


def test_window_icon_is_32_pixels():
    icon = pictures.icon()
    assert icon is not None and icon.get_size() == (32, 32)


def test_object_pictures_use_only_ink_paper_and_transparency():
    for name in library.picture_names():
        if name == "icon":
            continue
        colours = {c for row in library.load(name).rows for c in row}
        assert colours <= {None, library.INK, library.PAPER}, f"{name} uses {colours}: it would hide the object's colour"


def _draw(kind: str, colour: str | None = "blue", size: int = 64) -> np.ndarray:
    surface = pygame.Surface((size, size))
    surface.fill(theme.FLOOR)
    glyphs.draw_object(surface, surface.get_rect(), kind, colour, theme.Fonts())
    return pygame.surfarray.array3d(surface)


def test_a_custom_kind_without_a_picture_is_a_letter_badge(monkeypatch):
    assert pictures.name_for("fish") is None
    drawn = []
    monkeypatch.setattr(pictures, "picture", lambda *a, **k: drawn.append(a))
    image = _draw("fish")
    assert not drawn
    fill = np.array(theme.OBJECT_RGB["blue"])
    assert (image == fill).all(axis=2).sum() > 200, "the badge keeps the object's colour"
    assert (image == 255).all(axis=2)[24:40, 16:48].sum() > 20, "the letter F is drawn in the middle"


def test_a_picture_is_drawn_inside_the_colour_badge():
    image = _draw("key")
    fill = np.array(theme.OBJECT_RGB["blue"])
    assert (image == fill).all(axis=2).sum() > 400, "the object's colour still shows around the picture"
    assert (image != _draw("fish")).any(axis=2).sum() > 50, "a key is not drawn like a letter badge"


def test_a_level_may_name_a_picture_for_its_kind():
    level = load_level_text(LEVEL % ", picture: heart", "pictures.yaml")
    assert level.kinds["fish"].picture == "heart"
    pictures.declare(level.kinds)
    assert pictures.name_for("fish") == "heart"
    pictures.declare({})
    assert pictures.name_for("fish") is None


@pytest.mark.parametrize("value, words", [("hart", "did you mean 'heart'"), ("Not A Name", "kinds.fish.picture")])
def test_a_misnamed_picture_is_a_located_error(value, words):
    with pytest.raises(LevelError) as caught:
        load_level_text(LEVEL % f", picture: {value}", "pictures.yaml")
    text = str(caught.value)
    assert words in text and "pictures.yaml:4" in text, text


def test_a_broken_picture_falls_back_to_the_letter_with_a_message(tmp_path, monkeypatch):
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "key.xpm").write_text('/* XPM */\nstatic char *k[] = {\n"16 16 2 1",\n". c None",\n"#.#"\n};\n')
    monkeypatch.setattr(library, "pictures_dir", lambda: folder)
    library.picture_names.cache_clear()
    try:
        assert pictures.name_for("key") == "key"
        image = _draw("key")
        problems = pictures.take_problems()
        assert len(problems) == 1 and "key.xpm" in problems[0] and "letter" in problems[0]
        assert (image == 255).all(axis=2)[24:40, 16:48].sum() > 20, "the letter K is drawn instead"
        _draw("key")
        assert not pictures.take_problems(), "reported once, not every frame"
    finally:
        library.picture_names.cache_clear()


@pytest.mark.parametrize("text, where", [
    ("not an image", "not an XPM"),
    ('/* XPM */\n"4 1 1 1",\n". c None",\n"..."', ":4: pixel row is 3 wide"),
    ('/* XPM */\n"2 1 1 1",\n". c red",\n".."', ":3: colour 'red'"),
    ('/* XPM */\n"2 1 1 1",\n". c None",\n".x"', ":4: character 'x' has no colour row"),
])
def test_parse_errors_name_the_line(text, where):
    with pytest.raises(library.PictureError, match=re.escape(where)):
        library.parse_xpm(text, "bad.xpm")


def test_missing_picture_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "pictures_dir", lambda: tmp_path)
    with pytest.raises(library.PictureError, match="missing"):
        library.load("exit")


def test_pictures_ship_in_the_wheel():
    """The package data globs for game.assets take the pictures (XPM) with them."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    globs = text.split('"game.assets" = [', 1)[1].split("]", 1)[0]
    assert '"**/*.xpm"' in globs
    assert library.picture_names() and all(p.suffix == ".xpm" for p in library.pictures_dir().iterdir()
                                           if p.is_file())


def test_a_named_picture_survives_the_editor_writing_the_level():
    from game.core.level_writer import dump_level
    from game.core.yamlnodes import load_plain

    text = dump_level(load_plain(LEVEL % ", picture: heart"))
    assert "picture: heart" in text
    assert load_level_text(text, "written.yaml").kinds["fish"].picture == "heart"


def test_the_level_list_previews_a_custom_kind_with_the_picture_its_file_names(app, tmp_path, monkeypatch):
    """A player's level with `picture: heart` for its kind shows the heart in the level list's
    preview, as it does in play; the other levels' kinds are not touched by it."""
    from tests.ui_helpers import frames, key, listed

    mine = tmp_path / "levels"
    mine.mkdir(exist_ok=True)
    (mine / "zz_fish.yaml").write_text(LEVEL % ", picture: heart", encoding="utf-8")
    drawn: list[str] = []
    real = pictures.picture
    monkeypatch.setattr(pictures, "picture", lambda name, *a, **k: drawn.append(name) or real(name, *a, **k))
    frames(app, 2, [key(pygame.K_RETURN)])
    listed(app)
    select = app.scene
    select.choose(mine / "zz_fish.yaml")
    assert select.entries[select.index].path.name == "zz_fish.yaml"
    frames(app, 2)
    assert "heart" in drawn, "the preview draws the fish with the picture the file names"
    select.choose(select.entries[0].path)
    frames(app, 2)
    assert pictures.name_for("fish") is None, "a campaign level's preview declares its own kinds"
