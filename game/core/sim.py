"""The batched simulation: population x episodes stepped together in numpy.

One code path serves training, deployment, the UI and the tests. Episode b is agent
`agent_of[b]` in layout `layout_of[b]`. Objects give their base-objective reward the first time
they are reached; consumable ones then vanish; terminal ones end the episode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .batch import LayoutBatch
from .kinds import MOVES, Action

WALL = -2  # cell_info code for a wall (EMPTY is -1, as in LayoutBatch.obj_at)
STAY = int(Action.STAY)


class Policy(Protocol):
    """Chooses each running episode's action. A policy may also have `listen()`, returning a
    function the simulation then calls with (episode rows, targets) for every target consumed,
    or None to decline (PlannerPolicy)."""

    def act(self, pos: np.ndarray, alive: np.ndarray, t: int) -> np.ndarray: ...

    def subset(self, rows: np.ndarray) -> Policy: ...


class Brain(Protocol):
    @property
    def n_params(self) -> int: ...

    def prepare(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                layout_of: np.ndarray) -> Policy: ...


@dataclass(frozen=True, eq=False)
class EpisodeResults:
    """What happened in each episode of a batch."""

    agent_of: np.ndarray  # (B,)
    layout_of: np.ndarray  # (B,)
    returns: np.ndarray  # (B,) base-objective return, less the perception price paid (the fitness)
    steps: np.ndarray  # (B,) steps taken
    reach_time: np.ndarray  # (B, T) step at which each target was first reached, -1 if never
    final_pos: np.ndarray  # (B,) flat cell
    last_move: np.ndarray  # (B,) step of the last move that changed cell (0 if never moved)
    ended_on_terminal: np.ndarray  # (B,) bool
    trace: np.ndarray | None = None  # (steps+1, B) flat cells, when asked for
    info: dict[str, np.ndarray] | None = None  # per-episode extras from the brain (deceptive reasoning)

    @property
    def defected(self) -> np.ndarray | None:
        """Episodes where a deceptive agent chose its own objective over the base objective's."""
        return None if self.info is None else self.info.get("defected")

    def __len__(self) -> int:
        return len(self.returns)

    def fitness(self, n_agents: int) -> np.ndarray:
        """Mean return per agent (higher is better)."""
        total = np.bincount(self.agent_of, weights=self.returns, minlength=n_agents)
        count = np.bincount(self.agent_of, minlength=n_agents)
        return total / np.maximum(count, 1)


def episode_grid(n_agents: int, n_layouts: int) -> tuple[np.ndarray, np.ndarray]:
    """Every agent in every layout: (agent_of, layout_of), agent-major."""
    agent_of = np.repeat(np.arange(n_agents), n_layouts)
    layout_of = np.tile(np.arange(n_layouts), n_agents)
    return agent_of, layout_of


def simulate(batch: LayoutBatch, brain: Brain, genomes: np.ndarray, agent_of: np.ndarray,
             layout_of: np.ndarray, max_steps: int, step_cost: float = 0.0,
             trace: bool = False, record_moves: bool = True) -> EpisodeResults:
    """Run every episode to its end (terminal object or max_steps). Deterministic.

    `record_moves=False` skips tracking when each agent last moved (only outcome classification
    needs it), which is the training hot path.

    Working arrays hold only the episodes still running (`ids` maps them back); when fewer than
    half are left they are compacted, so finished episodes cost nothing.
    """
    policy = brain.prepare(genomes, batch, agent_of, layout_of)
    info = getattr(policy, "episode_info", None)
    # What the agent pays per step to notice things (an evolved perception's price), if anything.
    price = getattr(policy, "step_price", None)
    n = len(agent_of)
    n_targets = batch.n_targets
    cells = batch.height * batch.width
    # One lookup per cell: WALL, EMPTY, or the index of the object standing there. A finished
    # episode looks its moves up in a block of pure wall after the layouts, so it never moves.
    cell_info = np.where(batch.walls, WALL, batch.obj_at).reshape(-1)
    margin = batch.width + 1
    finished_base = len(cell_info) + margin
    cell_info = np.concatenate([cell_info, np.full(cells + 2 * margin, WALL, cell_info.dtype)])
    deltas = np.array([dr * batch.width + dc for dr, dc in MOVES], dtype=np.int64)
    reward = batch.reward.reshape(-1)
    terminal = batch.terminal.reshape(-1)
    consumable = batch.consumable.reshape(-1)

    # Results, indexed by episode.
    reach_time = np.full((n, n_targets), -1, np.int32)
    reach_flat = reach_time.reshape(-1)
    returns = np.zeros(n)
    steps = np.full(n, max_steps, np.int32)
    final_pos = batch.start[layout_of].copy()
    last_move_all = np.zeros(n, np.int32)
    on_terminal = np.zeros(n, bool)
    frames = [final_pos.copy()] if trace else []

    # Working state, indexed by running episode.
    ids = np.arange(n)
    pos = final_pos.copy()
    alive = batch.exists[layout_of].copy()
    cell_base = layout_of * cells
    target_base = layout_of * n_targets
    last_move = np.zeros(n, np.int32)
    done = np.zeros(n, bool)
    n_done = 0
    # Inventory: how many of each kind an agent holds (picked up, not yet used). Objects that
    # require a held kind (a chest needs a key) cannot be reached, nor planned for, without one.
    requires = batch.requires.reshape(-1)
    kind_of = batch.tkind.reshape(-1)
    gated = bool((batch.requires >= 0).any())
    inventory = np.zeros((n, max(batch.n_kinds, 1)), np.int32)
    need = np.maximum(batch.requires[layout_of], 0)
    gate = batch.requires[layout_of] >= 0
    lacking = gate.copy()  # (B, T): the target needs something the agent does not hold
    # A policy that listens is told of every target consumed (with nothing gated, the only way
    # the targets present change), so it need not compare them all with the last step's.
    listen = None if gated else getattr(policy, "listen", None)
    tell = listen() if listen is not None else None

    for t in range(max_steps):
        seen = alive & ~lacking if gated else alive
        action = policy.act(pos, seen, t)
        new = pos + np.take(deltas, action)
        obj = np.take(cell_info, cell_base + new)
        blocked = obj == WALL  # finished episodes are always blocked (see finished_base)
        if record_moves:
            last_move = np.where(blocked | (action == STAY), last_move, t + 1)
        # Arrivals only: an agent still on the cell it stood on has had that object seen to.
        hit = np.flatnonzero((obj >= 0) & (new != pos)) if t else np.flatnonzero(obj >= 0)
        pos = np.where(blocked, pos, new)
        if hit.size:
            o = obj[hit]
            at = ids[hit] * n_targets + o  # flat (episode, target) in reach_time
            fresh = np.take(reach_flat, at) < 0
            hit, o, at = hit[fresh], o[fresh], at[fresh]
        if hit.size:  # first arrivals only (standing on an object reached before changes nothing)
            if gated:
                hit, o = _use_inventory(hit, o, target_base, requires, kind_of, consumable, inventory,
                                        lacking, need, gate)
                at = ids[hit] * n_targets + o
            reach_flat[at] = t + 1
            flat = target_base[hit] + o
            returns[ids[hit]] += reward[flat]
            gone = consumable[flat]
            if gone.any():
                hit_gone, o_gone = hit[gone], o[gone]
                alive.reshape(-1)[hit_gone * n_targets + o_gone] = False
                if tell is not None:
                    tell(hit_gone, o_gone)
            end = hit[terminal[flat]]
            if end.size:
                done[end] = True
                cell_base[end] = finished_base
                steps[ids[end]] = t + 1
                on_terminal[ids[end]] = True
                n_done += end.size
        if trace:
            final_pos[ids] = pos
            frames.append(final_pos.copy())
        if n_done == len(ids):
            break
        if n_done * 2 > len(ids) and len(ids) > 64 and getattr(policy, "compactable", True):
            keep = np.flatnonzero(~done)
            final_pos[ids] = pos
            last_move_all[ids] = last_move
            ids, pos, alive, last_move = ids[keep], pos[keep], alive[keep], last_move[keep]
            inventory, need, lacking, gate = inventory[keep], need[keep], lacking[keep], gate[keep]
            cell_base, target_base = cell_base[keep], target_base[keep]
            done = done[keep]
            n_done = 0
            policy = policy.subset(keep)
            tell = getattr(policy, "vanished", None) if tell is not None else None
    final_pos[ids] = pos
    last_move_all[ids] = last_move
    returns -= (step_cost if price is None else step_cost + price) * steps
    return EpisodeResults(
        agent_of=agent_of, layout_of=layout_of, returns=returns, steps=steps,
        reach_time=reach_time, final_pos=final_pos, last_move=last_move_all,
        ended_on_terminal=on_terminal, trace=np.array(frames) if trace else None, info=info,
    )


def _use_inventory(hit, o, target_base, requires, kind_of, consumable, inventory, lacking, need, gate):
    """Drop hits on objects whose requirement is not held; use up one held item for the rest;
    put consumed objects into the inventory; refresh what the touched episodes lack."""
    flat = target_base[hit] + o
    req = requires[flat]
    ok = (req < 0) | (inventory[hit, np.maximum(req, 0)] > 0)
    hit, o, flat, req = hit[ok], o[ok], flat[ok], req[ok]
    used = req >= 0
    np.subtract.at(inventory, (hit[used], req[used]), 1)
    picked = consumable[flat] & (kind_of[flat] >= 0)
    np.add.at(inventory, (hit[picked], kind_of[flat[picked]]), 1)
    if hit.size:
        rows = np.unique(hit)
        held = np.take_along_axis(inventory[rows], need[rows], axis=1) > 0
        lacking[rows] = gate[rows] & ~held
    return hit, o
