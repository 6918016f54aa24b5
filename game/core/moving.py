"""The planner in a world with moving objects (a guide walking its route).

A moving object is one target (see routes.py). At step t the planner values it as it values any
target, weight x discount^distance, but with the distance to where the object stands at t, perceives
it by the straight-line distance to there, and walks towards there. Everything else is
PlannerPolicy's. Since a moving target's value changes without the agent moving, the choice
PlannerPolicy remembers between steps would go stale: this policy re-decides every episode every
step (the full re-decision that the remembered choices stand in for).
"""

from __future__ import annotations

import functools

import numpy as np

from .batch import LayoutBatch
from .planner_policy import PlannerPolicy
from .routes import NO_ROUTE
from .tables import discount_lut


@functools.lru_cache(maxsize=8)
def route_lut(discount: float) -> np.ndarray:
    """discount^d for the int16 distances of RouteMaps: the same float32 values as `discount_lut`
    (distances past MAX_DISTANCE all take its value), 0 for NO_ROUTE."""
    lut = np.append(discount_lut(discount)[:NO_ROUTE], np.float32(0.0))
    lut.flags.writeable = False
    return lut


def planner_policy(discount: float, batch: LayoutBatch, layout_of: np.ndarray, always: np.ndarray,
                   ranged: list[tuple[np.ndarray, np.ndarray]], avoid: np.ndarray) -> PlannerPolicy:
    """The planner's policy for these episodes: MovingPlannerPolicy where a layout has a moving object."""
    if (batch.mover >= 0).any() and (batch.mover[np.unique(layout_of)] >= 0).any():
        return MovingPlannerPolicy(discount, batch, layout_of, always, ranged, avoid)
    return PlannerPolicy(discount, batch, layout_of, always, ranged, avoid)


class MovingPlannerPolicy(PlannerPolicy):
    """PlannerPolicy whose moving targets stand, at step t, where their walks have taken them."""

    def __init__(self, discount: float, batch: LayoutBatch, layout_of: np.ndarray, always: np.ndarray,
                 ranged: list[tuple[np.ndarray, np.ndarray]], avoid: np.ndarray) -> None:
        super().__init__(discount, batch, layout_of, always, ranged, avoid, remember=False)
        routes = batch.routes
        self.columns = np.flatnonzero((batch.mover >= 0).any(axis=0))  # slots that move somewhere
        first = batch.mover[layout_of][:, self.columns]  # (B, M) first route row, -1: not moving
        self.moving = first >= 0
        self.everywhere = bool(self.moving.all())  # each of these slots moves in every episode
        # Route row of step 0 in the episode's routing's block of rows, and its walk's last step.
        self.first = np.where(self.moving, first, 0) + routes.routing(avoid)[:, None] * len(routes.cell)
        self.last = np.where(self.moving, batch.last_step[layout_of][:, self.columns], 0)
        self.route_dist = routes.dist.reshape(-1)
        self.route_act = routes.act.reshape(-1)
        self.n_cells = batch.height * batch.width
        # Row and column of every cell, and of every route row's cell (per routing block).
        self.cell_row, self.cell_col = np.divmod(np.arange(self.n_cells), batch.width)
        self.route_row, self.route_col = np.divmod(np.tile(routes.cell, len(routes.dist)), batch.width)
        self.lut = route_lut(float(discount))

    def subset(self, rows: np.ndarray) -> MovingPlannerPolicy:
        other = object.__new__(MovingPlannerPolicy)
        other.__dict__.update(PlannerPolicy.subset(self, rows).__dict__)
        for name in ("first", "last", "moving"):
            setattr(other, name, getattr(self, name)[rows])
        return other

    def _scores_at(self, pos: np.ndarray, alive: np.ndarray, t: int) -> tuple[np.ndarray, np.ndarray]:
        """PlannerPolicy's scores (B, T), moving targets valued and perceived where they stand at
        t; and their route rows (B, M)."""
        rows = self.first + np.minimum(t, self.last)
        cols = self.columns
        value = np.take(self.value, self.row_base + pos, axis=0)
        there = np.take(self.lut, np.take(self.route_dist, rows * self.n_cells + pos[:, None]))
        value[:, cols] = there if self.everywhere else np.where(self.moving, there, value[:, cols])
        weight = self.always
        if self.ranged_w:
            cheb = np.take(self.cheb, self.cheb_base + pos, axis=0)
            far = np.maximum(np.abs(np.take(self.cell_row, pos)[:, None] - np.take(self.route_row, rows)),
                             np.abs(np.take(self.cell_col, pos)[:, None] - np.take(self.route_col, rows)))
            cheb[:, cols] = far if self.everywhere else np.where(self.moving, far, cheb[:, cols])
            for w, reach in zip(self.ranged_w, self.ranged_r):
                weight = weight + w * (cheb <= reach[:, None])
        total = weight * value
        total *= alive
        return total, rows

    def scores(self, pos: np.ndarray, alive: np.ndarray, t: int = 0) -> np.ndarray:
        return self._scores_at(pos, alive, t)[0]

    def act(self, pos: np.ndarray, alive: np.ndarray, t: int) -> np.ndarray:
        n_targets = self.n_targets
        scores, rows = self._scores_at(pos, alive, t)
        best = scores.argmax(axis=1)
        chosen = np.take(scores, np.arange(len(pos)) * n_targets + best) > 0
        column = np.where(chosen, best, n_targets)
        action = np.take(self.by_choice, column * self.n_rows + self.row_base + pos)
        heading = column[:, None] == self.columns
        b, m = np.nonzero(heading if self.everywhere else heading & self.moving)
        if b.size:  # heading for a moving target: the next step towards where it stands now
            action[b] = np.take(self.route_act, rows[b, m] * self.n_cells + pos[b])
        return action
