"""Sweeps: parsing --sweep, the shape of the result and its JSON, the chart, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest
from PIL import Image

from game.cli_sweep import default_chart_name, format_table, run_sweep_command
from game.core.errors import LevelError
from game.core.kinds import Outcome
from game.core.loader import load_puzzle
from game.core.sweep import parse_sweep, run_sweep
from game.sweep_chart import SIZE, save_chart

FAST = 4  # generations: enough to exercise the code, not to teach anything


def test_parse_sweep_reads_numbers_and_words():
    assert parse_sweep("randomised=0,0.01, 0.1") == ("randomised", [0, 0.01, 0.1])
    assert parse_sweep("brain.type=planner,reflex") == ("brain.type", ["planner", "reflex"])
    for bad in ("randomised", "=1,2", "randomised="):
        with pytest.raises(LevelError):
            parse_sweep(bad)


def test_sweep_result_has_one_point_per_value_with_rates_that_add_up():
    puzzle = load_puzzle("levels/03_coin_at_the_end.yaml")
    seen = []
    result = run_sweep(puzzle, "randomised", [0, 0.5], seeds=[0, 1], generations=FAST, jobs=1,
                       progress=lambda done, total, value, r: seen.append((done, total, value)))
    assert [p.value for p in result.points] == [0, 0.5]
    assert seen[-1] == (4, 4, 0.5)
    for point in result.points:
        assert point.seeds == 2
        assert abs(sum(point.deployment.values()) - 1) < 1e-9
        assert sum(point.majority_by_seed.values()) + point.ties == 2
    assert len(result.series(Outcome.MISALIGNED)) == 2
    data = json.loads(json.dumps(result.to_json()))
    assert data["knob"] == "randomised" and data["values"] == [0, 0.5]
    assert "50%" in format_table(result)


def test_any_level_can_be_swept_over_a_document_path():
    puzzle = load_puzzle("levels/01_green_exit.yaml")
    result = run_sweep(puzzle, "evolution.generations", [1, 2], seeds=[0], jobs=1)
    assert [p.value for p in result.points] == [1, 2]
    with pytest.raises(LevelError, match="no knob"):
        run_sweep(puzzle, "randomised", [0], seeds=[0], jobs=1)


def test_chart_is_a_projector_sized_png(tmp_path):
    puzzle = load_puzzle("levels/03_coin_at_the_end.yaml")
    result = run_sweep(puzzle, "randomised", [0, 0.1], seeds=[0], generations=2, jobs=1)
    path = save_chart(result, tmp_path / "sub" / "chart.png")
    with Image.open(path) as img:
        assert img.size == SIZE and img.format == "PNG"
        assert img.getpixel((5, 5)) == (255, 255, 255)
        colours = {c for _n, c in img.getcolors(maxcolors=1 << 20)}
        assert (200, 40, 40) in colours  # the misaligned series is drawn


def test_sweep_command_prints_json_and_writes_the_chart(tmp_path, capsys):
    from game.core.loader import load_level

    level = load_level("levels/03_coin_at_the_end.yaml")
    chart = tmp_path / "c.png"
    args = SimpleNamespace(sweep="randomised=0,0.05", seeds=1, jobs=1, json=True, generations=2, brain=None,
                           chart=str(chart), level="levels/03_coin_at_the_end.yaml")
    assert run_sweep_command(level, args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["chart"] == str(chart) and chart.exists()
    assert [p["value"] for p in out["points"]] == [0, 0.05]
    assert default_chart_name("levels/03_coin_at_the_end.yaml", "randomised") == "sweep_03_coin_at_the_end_randomised.png"


def test_cli_sweep_end_to_end_writes_the_default_chart_name(tmp_path):
    main = str(__import__("pathlib").Path("main.py").resolve())
    level = str(__import__("pathlib").Path("levels/03_coin_at_the_end.yaml").resolve())
    run = subprocess.run([sys.executable, main, "experiment", level, "--sweep", "randomised=0,0.1", "--seeds", "1",
                          "--generations", "2", "--jobs", "1"], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "misaligned" in run.stdout and "10%" in run.stdout
    assert (tmp_path / "sweep_03_coin_at_the_end_randomised.png").exists()
    bad = subprocess.run([sys.executable, main, "experiment", level, "--sweep", "nope=1"], capture_output=True,
                         text=True, timeout=300, cwd=tmp_path)
    assert bad.returncode == 1 and "no knob" in bad.stderr and "Traceback" not in bad.stderr
