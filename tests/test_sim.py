"""The batched simulation and the brains: semantics, optimality of the planner, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from game.core.batch import FeatureSpace, compile_layouts
from game.core.brains import Planner, Reflex
from game.core.kinds import MOVES
from game.core.layouts import realise, sample_pool
from game.core.loader import load_level_text
from game.core.sim import episode_grid, simulate
from tests.helpers import map_level

CORRIDOR = """
#########
#S..g..E#
#########
"""


def planner_for(level):
    features = FeatureSpace.of_level(level)
    return features, Planner(features, level.perception, 0.9)


def genome(features, **weights):
    g = np.zeros(features.size)
    for name, w in weights.items():
        g[features.names.index(name.replace("_", " "))] = w
    return g


def run(level, genomes, trace=True):
    features, brain = planner_for(level)
    layouts = [realise(level, 0, level.training[0], np.random.default_rng(0))]
    batch = compile_layouts(layouts, level, features)
    agent_of, layout_of = episode_grid(len(genomes), 1)
    res = simulate(batch, brain, np.asarray(genomes), agent_of, layout_of, level.objective.max_steps,
                   level.objective.step_cost, trace=trace)
    return batch, res


def test_consumable_vanishes_and_terminal_ends_the_episode():
    level = map_level(CORRIDOR)
    features, _ = planner_for(level)
    batch, res = run(level, [genome(features, exit=1.0)])
    assert res.steps[0] == 6
    assert res.ended_on_terminal[0]
    gem, exit_ = 0, 1  # objects in reading order
    assert res.reach_time[0, gem] == 3 and res.reach_time[0, exit_] == 6
    assert res.returns[0] == pytest.approx(10 - 0.1 * 6)


def test_planner_that_wants_nothing_stays_put():
    level = map_level(CORRIDOR)
    features, _ = planner_for(level)
    _, res = run(level, [np.zeros(features.size) - 1.0])
    assert res.steps[0] == level.objective.max_steps
    assert (res.trace[:, 0] == res.trace[0, 0]).all()


def brute_force_best(walls, start, targets, horizon):
    """Best weight x 0.9^t over every self-avoiding walk of up to `horizon` steps that ends on a
    target (the planner's objective values where it arrives; it may pass over other objects on
    the way). Revisiting a cell never helps a discounted objective, so this is exhaustive."""
    best = 0.0
    wanted = dict(targets)

    def walk(cell, visited, t):
        nonlocal best
        if t == horizon:
            return
        for dr, dc in MOVES[:4]:
            nxt = (cell[0] + dr, cell[1] + dc)
            if walls[nxt] or nxt in visited:
                continue
            if nxt in wanted:
                best = max(best, wanted[nxt] * 0.9 ** (t + 1))
            visited.add(nxt)
            walk(nxt, visited, t + 1)
            visited.remove(nxt)

    walk(start, {start}, 0)
    return best


@pytest.mark.parametrize("seed", range(8))
def test_planner_heads_for_the_target_its_objective_values_most(seed):
    """The planner's first destination is the one its own objective values most (weight x
    discount^steps), reached in the fewest steps: checked against brute-force enumeration of
    every walk on small random mazes."""
    text = """
title: small
legend: {E: {kind: exit, colour: green}, g: {kind: gem, colour: blue}, a: {kind: apple, colour: red}}
objective: {rewards: {exit: 10}, max_steps: 20}
perception: {colour_range: any, kind_range: any, landmarks: false}
training:
  - generate: {size: [7, 7], loops: 0.5, place: [{kind: exit, colour: green}, {kind: gem, colour: blue}, {kind: apple, colour: red}]}
deployment:
  - generate: {size: [7, 7], place: [{kind: exit, colour: green}]}
"""
    level = load_level_text(text, "small.yaml")
    features, brain = planner_for(level)
    rng = np.random.default_rng(seed)
    layout = sample_pool(level, level.training, 1, rng)[0]
    g = rng.normal(size=features.size)
    batch = compile_layouts([layout], level, features)
    res = simulate(batch, brain, g[None], np.array([0]), np.array([0]), 20, trace=True)
    weights = brain.objective_weights(g[None])[0]
    targets = []
    for obj in layout.objects:
        w = weights[features.kinds.index(obj.kind)] + weights[features.colour_offset() + features.colours.index(obj.colour)]
        targets.append((obj.pos, w))
    best = brute_force_best(layout.walls, layout.start, targets, 30)
    # What the planner achieved for its objective: its best destination on arrival.
    arrived = [w * 0.9 ** res.reach_time[0, t] for t, (_, w) in enumerate(targets) if res.reach_time[0, t] >= 0]
    got = max([0.0] + arrived)
    assert got == pytest.approx(best)
    if best == 0:
        assert (res.trace[:, 0] == res.trace[0, 0]).all(), "wanting nothing reachable, it stays put"


def test_hazard_is_avoided_only_by_planners_that_dislike_it():
    level = map_level("""
        #######
        #S.X.E#
        #.###.#
        #.....#
        #######
    """)
    features, _ = planner_for(level)
    fearless = genome(features, exit=1.0, shortcut=0.0)
    careful = genome(features, exit=1.0, shortcut=-1.0)
    _, res = run(level, [fearless, careful])
    shortcut = 0
    assert res.reach_time[0, shortcut] >= 0 and res.steps[0] == 4
    assert res.reach_time[1, shortcut] < 0 and res.steps[1] == 8


def test_a_plan_never_crosses_a_terminal_object_on_the_way():
    level = map_level("""
        #######
        #S.L.E#
        #.###.#
        #.....#
        #######
    """)
    features, _ = planner_for(level)
    _, res = run(level, [genome(features, exit=1.0, lava=0.0)])
    lava = 0
    assert res.reach_time[0, lava] < 0, "stepping on lava would end the episode short of the exit"
    assert res.returns[0] > 0


def test_kind_is_only_seen_within_range():
    level = map_level("""
        ###########
        #S.......E#
        ###########
    """, extra="perception: {colour_range: 0, kind_range: 2, landmarks: false}\n")
    features, _ = planner_for(level)
    _, res = run(level, [genome(features, exit=1.0)])
    assert res.reach_time[0, 0] == -1, "the exit is 8 cells away, beyond the kind range of 2"


def test_simulation_is_deterministic_and_batch_order_free():
    level = load_level_text(open("levels/01_green_exit.yaml").read(), "01.yaml")
    features, brain = planner_for(level)
    rng = np.random.default_rng(3)
    batch = compile_layouts(sample_pool(level, level.training, 8, rng), level, features)
    genomes = rng.normal(size=(16, brain.n_params))
    a, lay = episode_grid(16, 8)
    r1 = simulate(batch, brain, genomes, a, lay, 60, 0.1)
    r2 = simulate(batch, brain, genomes, a, lay, 60, 0.1)
    assert np.array_equal(r1.returns, r2.returns) and np.array_equal(r1.reach_time, r2.reach_time)
    # One episode alone behaves exactly as it does inside the big batch.
    solo = simulate(batch, brain, genomes, a[37:38], lay[37:38], 60, 0.1)
    assert solo.returns[0] == r1.returns[37] and np.array_equal(solo.reach_time[0], r1.reach_time[37])


def test_reflex_runs_batched_and_alone_the_same():
    level = load_level_text(open("levels/01_green_exit.yaml").read(), "01.yaml")
    features = FeatureSpace.of_level(level)
    brain = Reflex(features)
    rng = np.random.default_rng(4)
    batch = compile_layouts(sample_pool(level, level.training, 4, rng), level, features)
    genomes = rng.normal(size=(6, brain.n_params))
    a, lay = episode_grid(6, 4)
    full = simulate(batch, brain, genomes, a, lay, 40, 0.1, trace=True)
    solo = simulate(batch, brain, genomes, a[9:10], lay[9:10], 40, 0.1, trace=True)
    n = len(solo.trace)
    assert np.array_equal(full.trace[:n, 9], solo.trace[:, 0])
    assert (full.trace[n:, 9] == solo.trace[-1, 0]).all() and full.returns[9] == solo.returns[0]


def test_a_chest_needs_a_key_and_uses_it_up():
    level = map_level("""
        ###########
        #S.c.k.ccE#
        ###########
    """)
    features, _ = planner_for(level)
    # Wants chests only when it can open them; wants keys a little.
    _, res = run(level, [genome(features, chest=2.0, key=1.0)])
    chest1, key, chest2, chest3 = range(4)
    assert res.reach_time[0, chest1] == -1 or res.reach_time[0, chest1] > res.reach_time[0, key], \
        "walking over a chest without a key does not open it"
    assert res.reach_time[0, key] == 4
    opened = [t for t in (chest1, chest2, chest3) if res.reach_time[0, t] >= 0]
    assert len(opened) == 1, "one key opens exactly one chest"


def test_a_guide_walks_its_route_and_a_follower_follows():
    level = map_level("""
        #########
        #SG.....#
        #.#####.#
        #.....#E#
        #########
    """)
    layout = realise(level, 0, level.training[0], np.random.default_rng(0))
    guide = layout.objects[-1]
    assert guide.moves and guide.route[0] == (1, 2) and guide.route[-1] == (3, 7)
    assert len(guide.route) == 8, "the shortest walk: 5 right, 2 down"
    features = FeatureSpace.of_level(level)
    brain = Planner(features, level.perception, 0.9)
    batch = compile_layouts([layout], level, features)
    g = genome(features, guide=1.0)
    res = simulate(batch, brain, g[None], np.array([0]), np.array([0]), 30, trace=True)
    exit_index = 0
    assert res.reach_time[0, exit_index] >= 0, "following the guide leads to the exit"


EVOLVED = "perception: {prices: {colour: 0.001, kind: 0.01, landmarks: 0.005}, start: {colour: 3, kind: 3, landmarks: 3}}"


@pytest.mark.parametrize("name", ["01_green_exit", "02_cheese_corner", "05_keys_and_chests", "07_absent_supervisor",
                                  "08_follow_the_guide", "01_green_exit+evolved", "05_keys_and_chests+evolved",
                                  "08_follow_the_guide+evolved", "many_targets", "many_targets+evolved"])
def test_remembered_choices_equal_a_full_re_decision_every_step(name, monkeypatch):
    """The planner keeps its chosen target until its view or the targets change (a speed-up);
    it must walk exactly as if it re-decided every step, also when every agent has its own
    evolved perception ranges (+evolved: every channel priced, ranges spread around 3 cells),
    and among many targets that vanish as they are picked up (a generated maze with 30 gems)."""
    import re

    from game.bench import generated_level_text
    from game.core import brains

    name, _, variant = name.partition("+")
    text = generated_level_text(16, objects=31) if name == "many_targets" else open(f"levels/{name}.yaml").read()
    if variant:
        text = re.sub(r"^perception:.*$", EVOLVED, text, flags=re.M)
    level = load_level_text(text, f"{name}.yaml")
    features, brain = planner_for(level)
    if variant:
        assert len(level.perception.evolved) == 3
    rng = np.random.default_rng(11)
    mazes = level.training if name == "many_targets" else level.deployment
    batch = compile_layouts(sample_pool(level, mazes, 6, rng), level, features)
    genomes = rng.normal(size=(24, brain.n_params))
    a, lay = episode_grid(24, batch.n_layouts)
    steps = level.objective.max_steps
    fast = simulate(batch, brain, genomes, a, lay, steps, trace=True)
    original = brains.PlannerPolicy.__init__

    def forgetful(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.remember = False

    monkeypatch.setattr(brains.PlannerPolicy, "__init__", forgetful)
    slow = simulate(batch, brain, genomes, a, lay, steps, trace=True)
    assert np.array_equal(fast.trace, slow.trace)
    assert np.array_equal(fast.reach_time, slow.reach_time)


def test_a_policy_dropped_to_its_running_episodes_is_still_told_what_vanishes(monkeypatch):
    """The simulation tells the planner which targets are consumed; once finished episodes are
    dropped (the policy is replaced by its subset), the subset must be told. Most agents here run
    for the exit and finish early; the rest keep collecting gems after the drop, and must walk
    exactly as if they re-decided every step."""
    from game.bench import generated_level_text
    from game.core import brains

    level = load_level_text(generated_level_text(16, objects=31), "many_targets.yaml")
    features, brain = planner_for(level)
    rng = np.random.default_rng(5)
    batch = compile_layouts(sample_pool(level, level.training, 4, rng), level, features)
    runners = np.array([genome(features, exit=20.0, **{"green (colour)": 1.0})] * 48)
    collectors = [genome(features, gem=1.0 + i / 10, exit=-5.0, **{"red (colour)": 0.5, "top-left corner": 0.2})
                  for i in range(16)]
    genomes = np.concatenate([runners, collectors])
    a, lay = episode_grid(len(genomes), batch.n_layouts)
    dropped = []
    subset = brains.PlannerPolicy.subset
    monkeypatch.setattr(brains.PlannerPolicy, "subset", lambda self, rows: dropped.append(len(rows)) or subset(self, rows))
    fast = simulate(batch, brain, genomes, a, lay, level.objective.max_steps, trace=True)
    assert dropped, "finished episodes were dropped mid-run"
    original = brains.PlannerPolicy.__init__

    def forgetful(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.remember = False

    monkeypatch.setattr(brains.PlannerPolicy, "__init__", forgetful)
    slow = simulate(batch, brain, genomes, a, lay, level.objective.max_steps, trace=True)
    gems = batch.consumable[lay] & (fast.reach_time > 0)
    late = fast.reach_time > np.max(fast.steps[: len(runners) * batch.n_layouts])
    assert (gems & late).sum() > 50, "the collectors picked up gems after the runners finished"
    assert np.array_equal(fast.trace, slow.trace)
    assert np.array_equal(fast.reach_time, slow.reach_time)


def test_a_planner_that_wants_only_chests_fetches_a_key_first():
    """Built in: a key is worth what the chest it opens is worth to the plan (discounted by the
    walk from key to chest), so the base objective's own agent can open chests."""
    level = map_level("""
        ###########
        #c..S...kE#
        ###########
    """)
    features, _ = planner_for(level)
    _, res = run(level, [genome(features, chest=1.0)])
    chest, key = 0, 1
    assert res.reach_time[0, key] == 4 and res.reach_time[0, chest] == 11


@pytest.mark.parametrize("name", ["05_keys_and_chests", "many_targets"])
def test_the_target_major_argmax_chooses_as_argmax_does(name, monkeypatch):
    """Big batches take the argmax target-major (a speed-up): the same choices, ties included."""
    from game.bench import generated_level_text
    from game.core import planner_policy

    text = generated_level_text(16, objects=31) if name == "many_targets" else open(f"levels/{name}.yaml").read()
    level = load_level_text(text, f"{name}.yaml")
    features, brain = planner_for(level)
    rng = np.random.default_rng(5)
    batch = compile_layouts(sample_pool(level, level.training, 4, rng), level, features)
    genomes = np.round(rng.normal(size=(32, brain.n_params)), 1)  # rounded: equal weights, tied scores
    a, lay = episode_grid(32, batch.n_layouts)
    runs = []
    for wide in (0, 10**9):
        monkeypatch.setattr(planner_policy, "WIDE_ARGMAX", wide)
        runs.append(simulate(batch, brain, genomes, a, lay, level.objective.max_steps, trace=True))
    assert np.array_equal(runs[0].trace, runs[1].trace)
    assert np.array_equal(runs[0].reach_time, runs[1].reach_time)
