"""Per-layout tables are built once and shared, and sharing changes nothing they compute."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import numpy as np

from game.core import batch as batch_mod
from game.core import tables as tables_mod
from game.core.batch import FeatureSpace, compile_layouts
from game.core.brains import Planner
from game.core.kinds import BrainKind, MazeAlgorithm
from game.core.layouts import sample_pool
from game.core.loader import load_level
from game.core.maze import UNREACHABLE, distance_maps, generate
from game.core.session import TrainingSession

ROOT = Path(__file__).resolve().parents[1]


def _arrays(batch):
    return {f.name: getattr(batch, f.name) for f in fields(batch)
            if isinstance(getattr(batch, f.name), np.ndarray) and f.name != "source_index"}


def test_a_pool_compiled_again_is_the_same_batch_with_its_tables():
    level = load_level(ROOT / "levels" / "05_keys_and_chests.yaml")
    features = FeatureSpace.of_level(level)
    first = compile_layouts(sample_pool(level, level.training, 8, np.random.default_rng(4)), level, features)
    again = compile_layouts(sample_pool(level, level.training, 8, np.random.default_rng(4)), level, features)
    other = compile_layouts(sample_pool(level, level.training, 8, np.random.default_rng(5)), level, features)
    assert again is first
    assert other is not first


def test_tables_are_built_once_per_pool_across_generations_restarts_and_brains(monkeypatch):
    built = []
    real = tables_mod.PlannerTables.__init__

    def counting(self, batch, discount):
        built.append(batch)
        real(self, batch, discount)

    monkeypatch.setattr(tables_mod.PlannerTables, "__init__", counting)
    batch_mod.clear_cache()
    level = load_level(ROOT / "levels" / "01_green_exit.yaml")
    session = TrainingSession(level, seed=11, generations=5)
    session.run()
    assert len(built) == 1  # five generations, each on its own subset of the pool
    TrainingSession(level, seed=11, generations=2).run()  # R on the same seed
    TrainingSession(level, seed=11, generations=2, brain=BrainKind.REFLEX).run()
    TrainingSession(level, seed=11, generations=2).run()  # and back to the planner
    assert len(built) == 1
    TrainingSession(level, seed=12, generations=1).run()  # a new pool: its own tables
    assert len(built) == 2


def test_repeated_layouts_compile_to_the_same_arrays_as_distinct_ones():
    level = load_level(ROOT / "levels" / "06_lava_shift.yaml")
    features = FeatureSpace.of_level(level)
    pool = sample_pool(level, level.training + level.deployment, 3, np.random.default_rng(0))
    batch_mod.clear_cache()
    repeated = compile_layouts([pool[0], pool[1], pool[0], pool[2], pool[1]], level, features)
    batch_mod.clear_cache()
    singles = [compile_layouts([lay], level, features) for lay in pool]
    checked = set()
    for name, value in _arrays(repeated).items():
        for row, src in enumerate((0, 1, 0, 2, 1)):
            expected = getattr(singles[src], name)[0]
            got = value[row]
            if got.shape != expected.shape:  # padded to the set's size: compare the common part
                continue
            assert np.array_equal(got, expected), name
            checked.add(name)
    assert {"dist", "act", "dist_safe", "act_safe", "forced", "cheb", "walls"} <= checked


def test_a_subset_uses_the_pools_tables_and_scores_like_a_fresh_batch():
    level = load_level(ROOT / "levels" / "03_coin_at_the_end.yaml")
    features = FeatureSpace.of_level(level)
    layouts = sample_pool(level, level.training, 12, np.random.default_rng(2))
    pool = compile_layouts(layouts, level, features)
    pick = np.array([5, 2, 2, 9])
    sub = pool.subset(pick)
    batch_mod.clear_cache()
    fresh = compile_layouts([layouts[i] for i in pick], level, features)
    assert fresh is not pool and fresh.source is None
    brain = Planner(features, level.perception, 0.9)
    rng = np.random.default_rng(0)
    genomes = rng.normal(size=(6, brain.n_params))
    agent_of = np.repeat(np.arange(6), 4)
    layout_of = np.tile(np.arange(4), 6)
    a = brain.prepare(genomes, sub, agent_of, layout_of)
    b = brain.prepare(genomes, fresh, agent_of, layout_of)
    assert a.value is tables_mod.planner_tables(pool, 0.9)[0].value
    for step in range(3):
        pos = np.array([rng.choice(np.flatnonzero(~fresh.walls[lo])) for lo in layout_of])
        alive = fresh.exists[layout_of]
        assert np.array_equal(a.scores(pos, alive), b.scores(pos, alive))
        assert np.array_equal(a.act(pos, alive, step), b.act(pos, alive, step))


def test_value_lookup_table_matches_power_over_every_cell_bit_for_bit():
    dist = np.array([[0, 1, 2, 57, 4095, 4096, 4097, 9000, int(UNREACHABLE)]], np.int32)
    for discount in (0.9, 0.95, 0.5, 0.999):
        expected = np.where(dist < UNREACHABLE,
                            np.power(np.float32(discount), np.minimum(dist, 4096).astype(np.float32)), 0.0)
        got = np.take(tables_mod.discount_lut(discount), dist)
        assert np.array_equal(got.view(np.uint32), expected.astype(np.float32).view(np.uint32))


def test_bfs_with_walls_per_source_equals_shared_walls_plus_blocked_cells():
    rng = np.random.default_rng(3)
    walls = generate(MazeAlgorithm.ROOMS, 21, 17, 0.2, rng)
    sources = np.flatnonzero(~walls.ravel())[:5]
    blocked = rng.random((5,) + walls.shape) < 0.15
    shared = distance_maps(walls, sources, blocked)
    own = distance_maps(walls[None] | blocked, sources)
    assert np.array_equal(shared, own)
    assert (shared[np.arange(5), sources] == 0).all()
