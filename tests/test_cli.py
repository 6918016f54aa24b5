"""The headless command line, as a teacher would use it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def cli(*args):
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, timeout=300)


def test_validate_accepts_the_campaign_and_rejects_a_broken_file():
    ok = cli("validate", "levels/01_green_exit.yaml", "levels/02_cheese_corner.yaml")
    assert ok.returncode == 0, ok.stderr
    bad = cli("validate", "tests/levels/ragged_rows.yaml")
    assert bad.returncode == 1
    assert "tests/levels/ragged_rows.yaml:" in bad.stderr and "fix:" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_zero_generations_or_seeds_are_refused_with_a_message(tmp_path):
    out = tmp_path / "a.npz"
    train = cli("train", "levels/01_green_exit.yaml", "--generations", "0", "--out", str(out))
    exp = cli("experiment", "levels/01_green_exit.yaml", "--seeds", "0")
    for run, option in ((train, "--generations"), (exp, "--seeds")):
        assert run.returncode == 2
        assert option in run.stderr and "give 1 or more" in run.stderr
        assert "Traceback" not in run.stderr
    assert not out.exists()


def test_a_negative_seed_is_refused_with_a_message_not_a_traceback():
    for run in (cli("train", "levels/01_green_exit.yaml", "--seed", "-1", "--generations", "1"),
                cli("experiment", "levels/01_green_exit.yaml", "--seeds", "1", "--seed-start", "-5")):
        assert run.returncode == 2, run.stderr
        assert "a seed is a whole number 0 or more" in run.stderr
        assert "Traceback" not in run.stderr


def test_experiments_that_would_ignore_an_option_are_refused():
    """--sweep with --steer ran the sweep without the edit (and --base-agent was ignored by both):
    a teacher read an unsteered curve as a steered one."""
    for extra in (["--sweep", "randomised=0,0.1", "--steer", "green=-1"], ["--base-agent", "--steer", "green=-1"],
                  ["--base-agent", "--sweep", "randomised=0"]):
        run = cli("experiment", "levels/03_coin_at_the_end.yaml", "--seeds", "1", *extra)
        assert run.returncode == 2 and "cannot be combined" in run.stderr, (extra, run.stderr)
        assert "Traceback" not in run.stderr


def test_train_saves_agents_and_deploy_loads_them(tmp_path):
    out = tmp_path / "a.npz"
    train = cli("train", "levels/01_green_exit.yaml", "--seed", "2", "--generations", "3", "--out", str(out))
    assert train.returncode == 0, train.stderr
    assert "trained 3 generations" in train.stdout
    dep = cli("deploy", "levels/01_green_exit.yaml", "--agents", str(out), "--json")
    assert dep.returncode == 0, dep.stderr
    rates = json.loads(dep.stdout)["deployment"]
    assert abs(sum(rates.values()) - 1) < 1e-9


def test_deploy_with_a_missing_agents_file_says_what_to_do(tmp_path):
    dep = cli("deploy", "levels/01_green_exit.yaml", "--agents", str(tmp_path / "nope.npz"))
    assert dep.returncode == 1 and "train" in dep.stderr and "Traceback" not in dep.stderr


@pytest.mark.parametrize("brain", ["planner", "reflex"])
def test_experiment_json_has_the_promised_keys(brain):
    run = cli("experiment", "levels/01_green_exit.yaml", "--seeds", "2", "--generations", "2", "--brain", brain, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["level"] == "levels/01_green_exit.yaml" and data["seeds"] == 2 and data["brain"] == brain
    assert set(data["deployment"]) >= {"aligned", "misaligned", "capability_failure", "defected"}
