"""What a level will cost to train and deploy on an ordinary machine: time and memory, estimated
from its sizes before any work is done. The loader refuses a level whose peak memory would pass
MEMORY_LIMIT; `validate`, `train` and `experiment` print a warning with the estimate when a run
would take longer than SLOW_SECONDS.

The figures are upper bounds calibrated on a 2-core laptop-class machine (`python main.py bench`
measures the real ones): an episode step costs about 250 ns for the planner (most episodes end
early), 400 ns for the deceptive planner and 1.5 us for the reflex brain (it walks all its
steps); the training scene traces every generation (8 bytes per episode per step, held twice
while the trace is assembled); each compiled layout keeps distance and action tables per target.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import BrainKind
from .level import GeneratorSpec, LayoutSpec, Level
from .routes import ROUTE_BYTES

MEMORY_LIMIT = 1 << 30  # 1 GiB: a classroom machine must still run the browser beside the game
SLOW_SECONDS = 180.0
_NS_PER_STEP = {BrainKind.PLANNER: 250e-9, BrainKind.DECEPTIVE: 400e-9, BrainKind.REFLEX: 1.5e-6}
_GENERATION_OVERHEAD = 0.003  # seconds per generation whatever its size
_TRACE_BYTES = 16  # per episode per step: int64 cells, list of frames + the array made of them
_EPISODE_BYTES = 512  # per episode: returns, steps, inventory, reach times, brain state, temporaries
_TABLE_BYTES = 40  # per layout, target and cell: distance, action, safe variants, forced moves
_BASE_BYTES = 120 << 20  # Python, numpy, pygame and the level itself
_LAYOUT_CELL_SECONDS = 1.2e-6  # drawing a deployment maze and mapping it, per cell...
_TARGET_CELL_SECONDS = 0.15e-6  # ... and per cell and target (distance and action tables)
_STEP_SECONDS = 50e-6  # the numpy calls of one simulated step, whatever the number of episodes


@dataclass(frozen=True)
class Cost:
    train_seconds: float  # the whole training run
    generation_bytes: int  # peak of one traced training generation
    deploy_seconds: float
    deploy_bytes: int  # peak of one traced deployment

    @property
    def peak_bytes(self) -> int:
        return max(self.generation_bytes, self.deploy_bytes)

    def describe(self) -> str:
        return (f"training {_time(self.train_seconds)} and {_mib(self.generation_bytes)} at its peak, "
                f"deployment {_time(self.deploy_seconds)} and {_mib(self.deploy_bytes)}")


def _time(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 120:
        return f"about {seconds:.0f} s"
    if seconds < 7200:
        return f"about {seconds / 60:.0f} min"
    return f"about {seconds / 3600:.1f} h"


def _mib(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.0f} MiB"


def _cells_and_targets(spec: LayoutSpec) -> tuple[int, int]:
    source = spec.source
    if isinstance(source, GeneratorSpec):
        w, h = source.size
        return w * h, max(1, sum(p.count for p in source.place))
    rows = source.rows
    cells = len(rows) * max((len(r) for r in rows), default=0)
    targets = sum(1 for r in rows for ch in r if ch not in "#.S ")
    return cells, max(1, targets)


def _pool(specs: tuple[LayoutSpec, ...]) -> tuple[int, int]:
    sizes = [_cells_and_targets(s) for s in specs] or [(1, 1)]
    return max(c for c, _ in sizes), max(t for _, t in sizes)


def _route_bytes(level: Level, specs: tuple[LayoutSpec, ...]) -> int:
    """Per layout, at most: the maps of every step of its moving objects' walks (routes.py), a
    walk being at most max_steps steps and no longer than the maze has cells, in both routings
    when the level has hazards (else one)."""
    movers = {ch for ch, entry in level.legend.items() if entry.cell == "object" and entry.leads_to}
    used = {e.kind for e in level.legend.values() if e.cell == "object"}
    used |= {p.kind for spec in specs if isinstance(spec.source, GeneratorSpec) for p in spec.source.place}
    routings = 2 if any(level.kinds[k].hazard for k in used if k in level.kinds) else 1
    worst = 0
    for spec in specs:
        source = spec.source
        if isinstance(source, GeneratorSpec):
            count = sum(p.count for p in source.place if p.leads_to)
        else:
            count = sum(1 for r in source.rows for ch in r if ch in movers)
        cells = _cells_and_targets(spec)[0]
        worst = max(worst, count * min(cells, level.objective.max_steps) * cells * routings * ROUTE_BYTES)
    return worst


def estimate(level: Level, brain: BrainKind | None = None) -> Cost:
    ev, steps = level.evolution, level.objective.max_steps
    per_step = _NS_PER_STEP.get(brain or level.brain.kind, 1.5e-6)
    cells, targets = _pool(level.training)
    n = ev.population * ev.episodes
    tables = min(ev.pool, 4096) * (targets * cells * _TABLE_BYTES + _route_bytes(level, level.training))
    generation = _GENERATION_OVERHEAD + n * steps * per_step
    generation_bytes = _BASE_BYTES + tables + n * (_EPISODE_BYTES + targets * 16) + n * (steps + 1) * _TRACE_BYTES
    dcells, dtargets = _pool(level.deployment)
    m = ev.deploy_agents * ev.deploy_episodes
    deploy_bytes = (_BASE_BYTES + ev.deploy_episodes * (dtargets * dcells * _TABLE_BYTES
                                                         + _route_bytes(level, level.deployment))
                    + m * (_EPISODE_BYTES + dtargets * 16) + m * (steps + 1) * _TRACE_BYTES)
    return Cost(train_seconds=ev.generations * generation, generation_bytes=int(generation_bytes),
                deploy_seconds=_GENERATION_OVERHEAD + m * steps * per_step, deploy_bytes=int(deploy_bytes))


def deploy_work(level: Level, brain: BrainKind | None = None) -> float:
    """Seconds a traced deployment of `level` is estimated to take here: its deployment layouts
    drawn and mapped, then every deployed agent run in each. Computed from the level's sizes
    alone, so the same level always gets the same figure, whatever the machine is doing; the game
    uses it to decide whether a deployment fits inside one frame (game/ui/deployer.py).
    Calibrated like `estimate` (upper bounds): the campaign's levels come to 2-20 ms, a generated
    64x64 level to about 0.1 s, a 128x128 one to about 0.35 s."""
    ev, steps = level.evolution, level.objective.max_steps
    cells, targets = _pool(level.deployment)
    layouts = max(ev.deploy_episodes, len(level.deployment))
    per_step = _NS_PER_STEP.get(brain or level.brain.kind, 1.5e-6)
    return (layouts * cells * (_LAYOUT_CELL_SECONDS + targets * _TARGET_CELL_SECONDS) + steps * _STEP_SECONDS
            + ev.deploy_agents * layouts * steps * per_step)


def advice(level: Level) -> str:
    """What to lower when a level needs too much memory: the term that dominates its peak."""
    ev, steps = level.evolution, level.objective.max_steps
    cells, targets = _pool(level.training)
    dcells, dtargets = _pool(level.deployment)
    routes = max(_route_bytes(level, level.training), _route_bytes(level, level.deployment))
    terms = {
        "pool": min(ev.pool, 4096) * (targets * cells * _TABLE_BYTES + _route_bytes(level, level.training)),
        "deploy": ev.deploy_episodes * (dtargets * dcells * _TABLE_BYTES + _route_bytes(level, level.deployment)),
        "episodes": max(ev.population * ev.episodes, ev.deploy_agents * ev.deploy_episodes) * (steps + 1) * _TRACE_BYTES,
    }
    top = max(terms, key=lambda k: terms[k])
    guides = (", fewer moving objects (leads_to: each one's walk is kept for every step), "
              "a smaller maze or a lower objective.max_steps") if routes else ", or a smaller maze"
    if top == "pool":
        return f"lower evolution.pool (training layouts kept in memory: {ev.pool} now){guides}"
    if top == "deploy":
        return f"lower evolution.deploy_episodes (one deployment layout each: {ev.deploy_episodes} now){guides}"
    return "lower evolution.population, episodes, deploy_agents or deploy_episodes, or objective.max_steps"


def warning(level: Level, brain: BrainKind | None = None, generations: int | None = None, runs: float = 1.0) -> str | None:
    """A line to print before a long run (`runs` trainings one after another), or None when it is quick."""
    cost = estimate(level, brain)
    per_generation = cost.train_seconds / level.evolution.generations
    seconds = runs * (per_generation * (generations or level.evolution.generations) + cost.deploy_seconds)
    if seconds <= SLOW_SECONDS:
        return None
    return (f"warning: this will take {_time(seconds)} here ({cost.describe()} per run); "
            "fewer generations, a smaller population or shorter episodes make it quicker")
