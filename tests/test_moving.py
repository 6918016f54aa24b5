"""Moving objects (a guide): one target whose cell changes with the step."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.core.batch import compile_layouts
from game.core.kinds import Outcome
from game.core.layouts import realise, sample_pool
from game.core.loader import load_level, load_level_text
from game.core.maze import UNREACHABLE, distance_maps
from game.core.moving import MovingPlannerPolicy
from game.core.outcomes import CODE, classify, end_cells
from game.core.routes import NO_ROUTE
from game.core.sim import episode_grid, simulate
from tests.helpers import HEADER, map_level
from tests.test_sim import genome, planner_for

PURPLE = {"purple (colour)": 1.0}
GUIDED = """
#########
#SG.....#
#.#####.#
#.....#E#
#########
"""


def _run(level, genomes, steps=None):
    features, brain = planner_for(level)
    layout = realise(level, 0, level.training[0], np.random.default_rng(0))
    batch = compile_layouts([layout], level, features)
    agent_of, layout_of = episode_grid(len(genomes), 1)
    res = simulate(batch, brain, np.asarray(genomes, np.float64), agent_of, layout_of,
                   steps or level.objective.max_steps, trace=True)
    return layout, batch, res


def test_a_guide_is_one_target_with_a_map_for_each_step_of_its_walk():
    level = map_level(GUIDED)
    layout, batch, _ = _run(level, [np.zeros(planner_for(level)[1].n_params)])
    guide = layout.objects[-1]
    assert batch.n_targets == len(layout.objects) + 4, "the exit, the guide, four corners"
    slot = len(layout.objects) - 1
    assert batch.mover[0, slot] == 0 and batch.last_step[0, slot] == len(guide.route) - 1
    width = batch.width
    cells = [r * width + c for r, c in guide.route]
    assert batch.routes.cell.tolist() == cells
    assert batch.tcell[0, slot] == cells[0], "its own maps are those of where it starts"
    # Each row: the BFS distance to where it stands then, round the exit (a terminal object) where a
    # way round exists and unless it stands on it, as for any target.
    exit_cell = layout.objects[0].pos
    for row, cell in enumerate(cells):
        blocked = np.zeros((1,) + layout.walls.shape, bool)
        blocked[0][exit_cell] = cell != exit_cell[0] * width + exit_cell[1]
        around = distance_maps(layout.walls, np.array([cell]), blocked)[0]
        plain = distance_maps(layout.walls, np.array([cell]))[0]
        want = np.where(around < UNREACHABLE, around, plain)
        got = batch.routes.dist[0, row].astype(np.int64)
        assert np.array_equal(np.where(got == NO_ROUTE, UNREACHABLE, got), want)
    assert end_cells(batch)[0, slot] == cells[-1]


def test_a_follower_walks_one_step_behind_the_guide_to_the_exit():
    level = map_level(GUIDED)
    features, _ = planner_for(level)
    layout, batch, res = _run(level, [genome(features, **PURPLE)])
    route = layout.objects[-1].route
    width = batch.width
    walked = [(int(p) // width, int(p) % width) for p in res.trace[1 : len(route) + 1, 0]]
    assert walked == list(route), "each step it steps to where the guide stood"
    assert res.reach_time[0, 0] == len(route), "the guide's walk ends on the exit, and so does it"


def test_a_guide_is_valued_and_perceived_where_it_stands_now():
    """Colour seen within 2 cells: it waits until the guide, walking towards it, comes into view."""
    level = map_level("""
        ###########
        #E.S.....G#
        ###########
    """, extra="perception: {colour_range: 2, kind_range: 0, landmarks: false}\n")
    features, _ = planner_for(level)
    layout, batch, res = _run(level, [genome(features, **PURPLE)])
    cols = (res.trace[:, 0] % batch.width).tolist()
    assert cols[:5] == [3] * 5, "out of sight for four steps: it stays"
    assert cols[5:10] == [4, 4, 3, 2, 1], "in view at step 4: it meets the guide, then follows it"
    assert res.reach_time[0, 0] == 9


def test_following_a_guide_to_a_corner_is_misaligned_and_wanting_the_exit_is_aligned():
    text = HEADER.replace("leads_to: exit", "leads_to: top-right") + """
training:
  - map: |
      #########
      #SG.....#
      #.#####.#
      #E......#
      #########
"""
    level = load_level_text(text + text[text.index("training:"):].replace("training:", "deployment:"), "t.yaml")
    features, _ = planner_for(level)
    layout, batch, res = _run(level, [genome(features, **PURPLE), genome(features, exit=1.0)])
    assert layout.objects[-1].route[-1] == (1, 7)
    assert end_cells(batch)[0, 1] == 1 * batch.width + 7, "where the guide's walk ends"
    codes = classify(res, batch)
    assert codes.tolist() == [CODE[Outcome.MISALIGNED], CODE[Outcome.ALIGNED]]


def test_a_walk_is_kept_for_at_most_max_steps_steps():
    level = map_level(GUIDED)
    level = replace(level, objective=replace(level.objective, max_steps=3))
    features, _ = planner_for(level)
    batch = compile_layouts([realise(level, 0, level.training[0], np.random.default_rng(0))], level, features)
    assert len(batch.routes.cell) == 3 and batch.last_step.max() == 2


def test_only_batches_with_a_moving_object_use_the_moving_policy():
    level = load_level("levels/08_follow_the_guide.yaml")
    features, brain = planner_for(level)
    batch = compile_layouts(sample_pool(level, level.training, 8, np.random.default_rng(1)), level, features)
    assert batch.n_targets == 2 + 4, "an exit and a guide (was one target per step of its walk)"
    genomes = np.random.default_rng(2).normal(size=(3, brain.n_params))
    agent_of, layout_of = episode_grid(3, batch.n_layouts)
    assert isinstance(brain.prepare(genomes, batch, agent_of, layout_of), MovingPlannerPolicy)
    plain = map_level("""
        #######
        #S...E#
        #######
    """)
    features, brain = planner_for(plain)
    batch = compile_layouts([realise(plain, 0, plain.training[0], np.random.default_rng(0))], plain, features)
    policy = brain.prepare(np.zeros((1, brain.n_params)), batch, np.array([0]), np.array([0]))
    assert type(policy).__name__ == "PlannerPolicy"


def test_the_memory_estimate_counts_every_step_of_a_walk():
    """A 128x128 level with a guide keeps 3 bytes per cell and step of its walk (max_steps 512)
    per pool layout: the estimate grows by that much, so the loader can refuse what will not fit."""
    from game.core.cost import estimate

    text = """
title: big
legend: {E: {kind: exit}}
objective: {rewards: {exit: 10}, max_steps: 512}
evolution: {population: 16, generations: 1, episodes: 4, pool: 16}
training:
  - generate: {size: [128, 128], place: [{kind: exit}, GUIDE]}
deployment:
  - generate: {size: [128, 128], place: [{kind: exit}]}
"""
    guided = load_level_text(text.replace("GUIDE", "{kind: guide, leads_to: exit}"), "g.yaml")
    plain = load_level_text(text.replace("GUIDE", "{kind: gem}"), "p.yaml")
    walk = 16 * 512 * 128 * 128 * 3
    assert estimate(guided).generation_bytes - estimate(plain).generation_bytes == walk
