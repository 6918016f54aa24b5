"""Evolved perception at a price: the genome's range genes, the price charged, the level format."""

from __future__ import annotations

import numpy as np
import pytest

from game.core.base_agent import base_objective_genome, fit_base_agent, perception_genes
from game.core.batch import FeatureSpace, compile_layouts
from game.core.brains import Planner
from game.core.errors import LevelError
from game.core.layouts import realise, sample_pool
from game.core.level import ANY, NONE
from game.core.loader import load_level_text
from game.core.sim import episode_grid, simulate
from tests.helpers import map_level

LONG = """
###########
#S.......E#
###########
"""


def brain_of(level):
    features = FeatureSpace.of_level(level)
    return features, Planner(features, level.perception, 0.9)


def run_one(level, genome):
    features, brain = brain_of(level)
    layout = realise(level, 0, level.training[0], np.random.default_rng(0))
    batch = compile_layouts([layout], level, features)
    return simulate(batch, brain, np.asarray(genome)[None], np.array([0]), np.array([0]),
                    level.objective.max_steps, level.objective.step_cost)


def test_todays_format_loads_as_fixed_perception():
    """Old files (colour_range / kind_range / landmarks) keep working: nothing about perception evolves."""
    level = map_level(LONG, extra="perception: {colour_range: any, kind_range: 2, landmarks: false}\n")
    features, brain = brain_of(level)
    assert level.perception.evolved == ()
    assert brain.n_params == features.size  # no perception genes
    ranges = brain.perception_ranges(np.zeros((3, brain.n_params)))
    assert ranges["colour"].tolist() == [ANY] * 3 and ranges["kind"].tolist() == [2.0] * 3
    assert ranges["landmarks"].tolist() == [NONE] * 3
    assert brain.perception_price(np.zeros((3, brain.n_params))).tolist() == [0.0] * 3


def test_each_evolved_channel_gets_a_gene_that_decodes_to_a_range():
    level = map_level(LONG, extra="perception: {prices: {colour: 0.001, kind: 0.01}, start: {kind: 4}}\n")
    features, brain = brain_of(level)
    cap = level.perception.cap
    assert cap == 8, "the corridor's floor spans 9 cells: a range of 8 sees all of it"
    assert level.perception.evolved == ("colour", "kind")
    assert brain.n_params == features.size + 2
    g = np.zeros((4, brain.n_params))
    g[1, brain.perception_offset + 1] = -10.0  # kind range driven to 0
    g[2, brain.perception_offset + 1] = 2.0  # kind 4 + 2 x cap/4 = 8 = cap: "any"
    g[3, brain.perception_offset + 1] = 0.5  # 4 + 1 = 5
    ranges = brain.perception_ranges(g)
    assert ranges["colour"].tolist() == [ANY] * 4, "colour starts, by default, seeing everything"
    assert ranges["kind"].tolist() == [4.0, 0.0, ANY, 5.0]
    assert ranges["landmarks"].tolist() == [ANY] * 4, "landmarks not priced: fixed, from anywhere"
    price = brain.perception_price(g)
    assert price == pytest.approx(0.001 * cap + 0.01 * np.array([4, 0, cap, 5]))


def test_the_price_is_charged_per_step_and_the_range_limits_sight():
    level = map_level(LONG, extra="perception: {prices: {kind: 0.05}, colour_range: 0, landmarks: false}\n")
    features, brain = brain_of(level)
    wants_exit = np.zeros(brain.n_params)
    wants_exit[features.kinds.index("exit")] = 1.0
    far = wants_exit.copy()
    far[brain.perception_offset:] = perception_genes(brain, {"kind": ANY})
    near = wants_exit.copy()
    near[brain.perception_offset:] = perception_genes(brain, {"kind": 2})
    res = run_one(level, far)
    assert res.steps[0] == 8 and res.ended_on_terminal[0]
    assert res.returns[0] == pytest.approx(10 - (0.1 + 0.05 * level.perception.cap) * 8)
    res = run_one(level, near)
    assert res.reach_time[0].max() == -1, "the exit is 8 cells away, beyond a kind range of 2"
    assert res.returns[0] == pytest.approx(-(0.1 + 0.05 * 2) * level.objective.max_steps)


@pytest.mark.parametrize("perception, message", [
    ("{prices: {kind: 0.01}, kind_range: 2}", "both evolved"),
    ("{prices: {shape: 0.01}}", "colour, kind, landmarks"),
    ("{prices: {kind: 0.01}, start: {colour: 2}}", "does not evolve"),
])
def test_bad_perception_sections_are_explained(perception, message):
    with pytest.raises(LevelError) as err:
        map_level(LONG, extra=f"perception: {perception}\n")
    assert message in err.value.describe()


GREEN_EXIT = """
title: green exit
legend: {E: {kind: exit, colour: green}}
objective: {rewards: {exit: 10}, step_cost: 0.3, max_steps: 60}
perception: {prices: {colour: 0.001, kind: 0.01}, landmarks: false}
training:
  - generate: {size: [9, 9], loops: 0.2, place: [{kind: exit, colour: green}, {kind: gem, colour: red, count: 2}]}
deployment:
  - generate: {size: [9, 9], place: [{kind: exit, colour: red}, {kind: apple, colour: green}]}
"""


def test_the_base_objective_agent_wants_the_reward_and_buys_the_sight_it_needs():
    level = load_level_text(GREEN_EXIT, "green.yaml")
    features, brain = brain_of(level)
    g = base_objective_genome(brain, level)
    weights = brain.objective_weights(g[None])[0]
    assert weights[features.kinds.index("exit")] == 1.0
    assert np.count_nonzero(weights) == 1, "exactly the base objective: nothing for colours"
    pool = compile_layouts(sample_pool(level, level.training, 24, np.random.default_rng(1)), level, features)
    genome, ranges = fit_base_agent(level, brain, pool)
    assert brain.perception_ranges(genome[None])["colour"][0] == 0.0, "it does not pay for colour"
    agent_of, layout_of = episode_grid(1, pool.n_layouts)
    res = simulate(pool, brain, genome[None], agent_of, layout_of, 60, 0.3)
    assert ((res.reach_time >= 0) & pool.goal[layout_of]).any(axis=1).all(), "it reaches every training exit"
    # Any shorter kind range scores no better on the same pool.
    if ranges["kind"] != ANY:
        shorter = base_objective_genome(brain, level, {"kind": ranges["kind"] - 1})
        worse = simulate(pool, brain, shorter[None], agent_of, layout_of, 60, 0.3)
        assert worse.returns.mean() < res.returns.mean()
