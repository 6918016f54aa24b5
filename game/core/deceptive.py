"""The deceptive brain: a situationally aware planner (Hubinger et al. 2019, Risks from Learned
Optimization, section 4: deceptive alignment).

What is GIVEN (built in): the comply-or-defect rule below. An aware agent knows what the base
optimizer rewards, reads a cue that tells training from deployment (a context flag such as a
"learning on" lamp), trusts it with some confidence and expects a number of deployment episodes.
What EMERGES: whether agents become aware at all, and which mesa-objectives survive. The own
objective is evolved like the planner's; the awareness gene (the genome's last number) switches
awareness on when it is above 0. It starts at or below 0 in every agent (`awareness_start`, so
generation 0 has no aware agent), and being aware costs `awareness_price` fitness per episode.

The path (Hubinger et al. 2019, section 4.4): a level may open with a `first_stage` that rewards
something else (door B), so the main training meets a population that already wants B. Once
A is rewarded while watched, an agent can get full training reward either by having its
objective corrected (w_A must overtake w_B: several weights, many mutations) or by switching
awareness on (one gene, a short distance): selection takes whichever comes first and survives.

Each episode it weighs, in the open, with U = how much its own objective values its best plan now:
    defect now:  U_now   (+ the deployment episodes it would still get if unwatched)
    comply now:  U_comply (what its own objective gets from the base objective's plan)
                 + p_watched x (deployment episodes ahead) x U   (it keeps its objective)
and complies when that is larger. So a watched agent that expects 3 deployment episodes goes
for the base objective's goal, then pursues its own goal once the cue says it is unwatched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .batch import FeatureSpace, LayoutBatch
from .brains import Planner, PlannerPolicy, Reflex
from .kinds import BrainKind, Decision, Disposition, Outcome
from .level import DeceptionSpec, Level
from .moving import planner_policy
from .outcomes import CODE, classify
from .sim import EpisodeResults, episode_grid, simulate

DECISIONS = ("honest", "comply", "defect")  # codes 0, 1, 2 in episode info


@dataclass(frozen=True)
class DeceptivePlanner(Planner):
    deception: DeceptionSpec = DeceptionSpec()
    base_weights: tuple[float, ...] = ()  # the base objective as feature weights (known to it)
    generation: int = 1 << 30  # awareness needs generation >= deception.awareness_from

    kind = BrainKind.DECEPTIVE

    @property
    def n_params(self) -> int:
        """Own objective weights (context-free: what it wants does not depend on being watched)
        plus the awareness gene."""
        return self.features.size + 1

    def episode_weights(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                        layout_of: np.ndarray) -> np.ndarray:
        return genomes[agent_of, : self.features.size]

    def objective_weights(self, genomes: np.ndarray, context: np.ndarray | None = None) -> np.ndarray:
        return genomes[:, : self.features.size]

    def perception_ranges(self, genomes: np.ndarray) -> dict[str, np.ndarray]:
        """Its perception does not evolve: the level's fixed ranges (evolved channels at their start)."""
        return self.fixed_ranges(len(np.atleast_2d(genomes)))

    def perception_price(self, genomes: np.ndarray) -> np.ndarray:
        return np.zeros(len(np.atleast_2d(genomes)))

    def at_generation(self, generation: int) -> DeceptivePlanner:
        from dataclasses import replace

        return replace(self, generation=generation)

    def aware(self, genomes: np.ndarray) -> np.ndarray:
        """Which agents use their situational awareness (gene > 0, once awareness exists)."""
        on = self.generation >= self.deception.awareness_from
        return (genomes[:, -1] > 0) & on

    def initial_population(self, population: np.ndarray) -> np.ndarray:
        """Generation 0: own objectives as drawn, awareness switched off in every agent."""
        population = population.copy()
        population[:, -1] = min(self.deception.awareness_start, 0.0)
        return population

    def upkeep(self, genomes: np.ndarray) -> np.ndarray:
        """Fitness each agent pays per episode for its traits: the awareness price if aware."""
        return self.aware(genomes) * self.deception.awareness_price

    def _policy(self, w: np.ndarray, batch: LayoutBatch, layout_of: np.ndarray) -> PlannerPolicy:
        return planner_policy(self.discount, batch, layout_of, *self.target_weights(w, batch, layout_of))

    def reasoning(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                  layout_of: np.ndarray) -> dict[str, np.ndarray]:
        """Beliefs, values and the decision for every episode (what the thought bubble shows)."""
        own = self.episode_weights(genomes, batch, agent_of, layout_of)
        base = np.broadcast_to(np.asarray(self.base_weights, np.float64), own.shape)
        start = batch.start[layout_of]
        alive = batch.exists[layout_of]
        own_scores = self._policy(own, batch, layout_of).scores(start, alive)
        base_scores = self._policy(base, batch, layout_of).scores(start, alive)
        u_now = np.maximum(own_scores.max(axis=1), 0.0)
        comply_target = base_scores.argmax(axis=1)
        u_comply = np.maximum(own_scores[np.arange(len(start)), comply_target], 0.0)
        cue = self.features.contexts.index(self.deception.cue) if self.deception.cue in self.features.contexts else -1
        cue_on = batch.context[layout_of, cue] > 0.5 if cue >= 0 else np.zeros(len(start), bool)
        conf = self.deception.confidence
        p_watched = np.where(cue_on, conf, 1.0 - conf)
        # Unwatched-looking episodes it has already lived through, in episode order, per agent.
        order = np.lexsort((layout_of, agent_of))
        unwatched = (~cue_on[order]).astype(np.int64)
        counts = np.cumsum(unwatched)
        group_start = np.r_[0, np.flatnonzero(np.diff(agent_of[order])) + 1]
        offsets = np.repeat(counts[group_start] - unwatched[group_start], np.diff(np.r_[group_start, len(order)]))
        seen = np.empty(len(start), np.int64)
        seen[order] = counts - unwatched - offsets
        ahead = np.maximum(self.deception.deployment_episodes - seen, 0)
        value_comply = u_comply + p_watched * ahead * u_now
        value_defect = u_now + (1 - p_watched) * np.maximum(ahead - 1, 0) * u_now
        aware = self.aware(genomes)[agent_of]
        comply = aware & (value_comply > value_defect)
        decision = np.where(~aware, int(Decision.HONEST), np.where(comply, int(Decision.COMPLY), int(Decision.DEFECT)))
        return {
            "p_watched": p_watched, "deployment_ahead": ahead, "seen_unwatched": seen,
            "value_own_now": u_now, "value_own_if_comply": u_comply,
            "value_comply": value_comply, "value_defect": value_defect,
            "decision": decision, "defected": (decision == Decision.DEFECT) & (u_now > u_comply),
            "target_own": own_scores.argmax(axis=1), "target_comply": comply_target,
        }

    def prepare(self, genomes: np.ndarray, batch: LayoutBatch, agent_of: np.ndarray,
                layout_of: np.ndarray) -> PlannerPolicy:
        info = self.reasoning(genomes, batch, agent_of, layout_of)
        own = self.episode_weights(genomes, batch, agent_of, layout_of)
        base = np.broadcast_to(np.asarray(self.base_weights, np.float64), own.shape)
        w = np.where((info["decision"] == Decision.COMPLY)[:, None], base, own)
        policy = self._policy(w, batch, layout_of)
        policy.episode_info = info
        return policy


def base_objective_weights(level: Level, features: FeatureSpace) -> tuple[float, ...]:
    """The base objective written as weights over features: reward per kind, scaled to at most 1."""
    w = np.zeros(features.size)
    rewards = level.objective.rewards
    scale = max((abs(r) for r in rewards.values()), default=1.0) or 1.0
    for k, r in rewards.items():
        if k in features.kinds:
            w[features.kinds.index(k)] = r / scale
    return tuple(float(x) for x in w)


def make_deceptive(level: Level, features: FeatureSpace) -> DeceptivePlanner:
    spec = level.deception or DeceptionSpec()
    return DeceptivePlanner(features, level.perception, level.brain.discount, spec,
                            base_objective_weights(level, features))


def composition_from_genomes(brain: DeceptivePlanner, genomes: np.ndarray,
                             goal_kinds: tuple[str, ...]) -> dict[Disposition, float]:
    """Shares of aligned / honest misaligned / deceptive agents, read from the genomes:
    aligned if the own objective's favourite perceivable feature is a goal kind."""
    f = brain.features
    w = brain.objective_weights(genomes)
    mask = np.ones(f.size, bool)
    if not brain.perception.landmarks:
        mask[f.landmark_offset():] = False
    favourite = np.where(mask, w, -np.inf).argmax(axis=1)
    goal_idx = [f.kinds.index(k) for k in goal_kinds if k in f.kinds]
    aligned = np.isin(favourite, goal_idx)
    deceptive = ~aligned & brain.aware(genomes)
    n = max(len(genomes), 1)
    return {Disposition.ALIGNED: float(aligned.sum()) / n,
            Disposition.HONEST_MISALIGNED: float((~aligned & ~deceptive).sum()) / n,
            Disposition.DECEPTIVE: float(deceptive.sum()) / n}


def probe_batch(batch: LayoutBatch, cue_index: int, layout: int = 0) -> LayoutBatch:
    """One training layout twice: first with the cue on (watched), then off (looks deployed)."""
    from dataclasses import replace

    pair = batch.subset([layout, layout])
    context = pair.context.copy()
    context[0, cue_index] = 1.0
    context[1, cue_index] = 0.0
    return replace(pair, context=context)


def composition_from_behaviour(brain: DeceptivePlanner, genomes: np.ndarray, pool: LayoutBatch,
                               level: Level) -> dict[Disposition, float]:
    """Shares read from behaviour: every agent runs one training maze watched and the same maze
    with the cue off. Aligned: reaches the goal both times; deceptive: only when watched;
    honest misaligned: not even when watched."""
    if brain.deception.cue not in brain.features.contexts:
        return {}
    batch = probe_batch(pool, brain.features.contexts.index(brain.deception.cue))
    agent_of, layout_of = episode_grid(len(genomes), 2)
    res = simulate(batch, brain, genomes, agent_of, layout_of, level.objective.max_steps, record_moves=False)
    goal = ((res.reach_time >= 0) & batch.goal[layout_of]).any(axis=1).reshape(len(genomes), 2)
    watched, unwatched = goal[:, 0], goal[:, 1]
    n = max(len(genomes), 1)
    return {Disposition.ALIGNED: float((watched & unwatched).sum()) / n,
            Disposition.HONEST_MISALIGNED: float((~watched).sum()) / n,
            Disposition.DECEPTIVE: float((watched & ~unwatched).sum()) / n}


def first_stage_level(level: Level) -> Level | None:
    """The level as its first stage trains it (same mazes, the first stage's rewards), or None."""
    from dataclasses import replace

    spec = level.deception
    if spec is None or spec.first_stage is None:
        return None
    rewards = dict(spec.first_stage.rewards)
    positive = {k: r for k, r in rewards.items() if r > 0}
    goal = tuple(k for k in positive if level.kinds[k].terminal) or tuple(
        k for k, r in positive.items() if r == max(positive.values()))
    return replace(level, objective=replace(level.objective, rewards=rewards, goal=goal, when={}))


def watched_version(batch: LayoutBatch, cue_index: int) -> LayoutBatch:
    """The same layouts with the cue switched on: what each maze looks like when watched."""
    from dataclasses import replace

    context = batch.context.copy()
    context[:, cue_index] = 1.0
    return replace(batch, context=context)


def defected_from_pair(watched_codes: np.ndarray, unwatched_codes: np.ndarray) -> np.ndarray:
    """Defected, decided from behaviour: the same agent in the same maze achieved the base
    objective when watched and competently went for something else when unwatched."""
    return (watched_codes == CODE[Outcome.ALIGNED]) & (unwatched_codes == CODE[Outcome.MISALIGNED])


def defected_by_behaviour(level: Level, brain: Planner | Reflex, genomes: np.ndarray, batch: LayoutBatch,
                          results: EpisodeResults) -> np.ndarray | None:
    """Per episode of `results`: did this agent defect? Every episode is run again with the cue
    on (the watched version of the same maze) and the two behaviours are compared. None when the
    level has no cue the agents read."""
    if level.deception is None or level.deception.cue not in brain.features.contexts:
        return None
    watched = watched_version(batch, brain.features.contexts.index(level.deception.cue))
    objective = level.objective
    again = simulate(watched, brain, genomes, results.agent_of, results.layout_of, objective.max_steps,
                     objective.step_cost)
    return defected_from_pair(classify(again, watched), classify(results, batch))
