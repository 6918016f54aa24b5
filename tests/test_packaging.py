"""Package data: the bundled levels, schema and assets are found through game.resources, in a
source checkout, an editable install and a wheel (.ci/run builds and tries the wheel itself)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from game import resources
from game.cli import level_file

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_campaign_schema_and_assets_are_found():
    assert resources.schema_path().is_file()
    names = [p.name for p in resources.campaign_levels()]
    assert "01_green_exit.yaml" in names and names == sorted(names)
    assert resources.assets_dir().is_dir()


def test_every_package_is_listed_for_the_wheel():
    """setuptools packs only the listed packages: a new subpackage of game/ must be added there."""
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "game").rglob("__init__.py")}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == found | {"game.levels", "game.assets"}
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"game.levels": "levels", "game.assets": "assets"}


def test_no_data_is_found_relative_to_a_source_file():
    """Only game/resources.py knows where the data is; nothing walks up from __file__."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "game").rglob("*.py")
                 if re.search(r"__file__\)?\.(resolve\(\)\.)?parents?\b", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_an_uninstalled_checkout_falls_back_to_its_own_folders():
    code = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path if 'Editable' not in "
            "getattr(f, '__name__', type(f).__name__)]; sys.path.insert(0, sys.argv[1]); "
            "from game import resources; print(resources.campaign_dir()); print(resources.schema_path().is_file())")
    run = subprocess.run([sys.executable, "-c", code, str(ROOT)], cwd=ROOT / "tests", capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [str(ROOT / "levels"), "True"]


def test_a_bundled_level_can_be_named_without_its_folder(tmp_path, monkeypatch):
    assert level_file("01_green_exit") == str(resources.campaign_dir() / "01_green_exit.yaml")
    assert level_file("01_green_exit.yaml") == str(resources.campaign_dir() / "01_green_exit.yaml")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "01_green_exit.yaml").write_text("title: mine\n")
    assert level_file("01_green_exit.yaml") == "01_green_exit.yaml"  # a file of the player's wins
    assert level_file("nowhere/01_green_exit") == "nowhere/01_green_exit"


def test_the_licence_matches_the_metadata():
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "py.typed" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_every_data_file_is_packed_into_the_wheel():
    """A picture or level whose extension no package-data pattern names would be missing from an install."""
    from fnmatch import fnmatch

    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]
    for package, folder in (("game.levels", "levels"), ("game.assets", "assets")):
        files = [p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).rglob("*")
                 if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
        missed = [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns[package])]
        assert missed == [], f"add patterns for these to [tool.setuptools.package-data] {package}: {missed}"
