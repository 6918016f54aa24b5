"""Maze generators and BFS distance maps."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest

from game.core.kinds import MazeAlgorithm
from game.core.maze import UNREACHABLE, backtracker, distance_maps, generate, next_actions, reachable


def bfs(walls: np.ndarray, start: tuple[int, int]) -> np.ndarray:
    h, w = walls.shape
    dist = np.full((h, w), UNREACHABLE, np.int32)
    dist[start] = 0
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        for dr, dc in ((-1, 0), (0, 1), (1, 0), (0, -1)):
            rr, cc = r + dr, c + dc
            if not walls[rr, cc] and dist[rr, cc] == UNREACHABLE:
                dist[rr, cc] = dist[r, c] + 1
                queue.append((rr, cc))
    return dist


@pytest.mark.parametrize("algorithm", ["backtracker", "rooms", "open"])
def test_generators_are_seeded_bordered_and_connected(algorithm):
    a = generate(algorithm, 15, 11, 0.2, np.random.default_rng(5))
    b = generate(algorithm, 15, 11, 0.2, np.random.default_rng(5))
    assert np.array_equal(a, b)
    assert a.shape == (11, 15)
    assert a[0].all() and a[-1].all() and a[:, 0].all() and a[:, -1].all()
    floor = np.argwhere(~a)
    seen = reachable(a, tuple(floor[0]))
    assert seen[~a].all(), "every floor cell is reachable from every other"


def test_backtracker_is_a_perfect_maze():
    walls = backtracker(11, 11, np.random.default_rng(1))
    cells = int((~walls).sum())
    edges = int((~walls[:, :-1] & ~walls[:, 1:]).sum() + (~walls[:-1, :] & ~walls[1:, :]).sum())
    assert edges == cells - 1, "a tree: one path between any two cells"


@pytest.mark.parametrize("size", [16, 64, 128])
def test_distance_maps_match_plain_bfs(size):
    walls = generate(MazeAlgorithm.ROOMS, size, size, 0.1, np.random.default_rng(size))
    floor = np.argwhere(~walls)
    picks = floor[np.random.default_rng(0).choice(len(floor), 3, replace=False)]
    sources = np.array([r * size + c for r, c in picks])
    dist = distance_maps(walls, sources)
    for k, (r, c) in enumerate(picks):
        assert np.array_equal(dist[k].reshape(size, size), bfs(walls, (r, c)))


def test_next_actions_step_one_closer():
    walls = generate(MazeAlgorithm.BACKTRACKER, 13, 13, 0.2, np.random.default_rng(3))
    w = 13
    target = int(np.flatnonzero(~walls.ravel())[-1])
    dist = distance_maps(walls, np.array([target]))
    act = next_actions(walls, dist)[0]
    moves = [-w, 1, w, -1, 0]
    for cell in np.flatnonzero(~walls.ravel()):
        if cell == target:
            assert act[cell] == 4
        else:
            assert dist[0, cell + moves[act[cell]]] == dist[0, cell] - 1
