"""TrainingSession: the base optimizer, the brain and the batched simulation, one generation per call.

    session = TrainingSession(level, seed=3)
    while not session.finished: session.step()      # a game loop calls step() once per frame
    report = deploy(level, session.brain, session.champions(), seed=3)

Nothing here blocks for a whole run, so the game decides when training advances; observers
(`session.observers.append(fn)`) hear about every generation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from .batch import FeatureSpace, LayoutBatch, compile_layouts
from .brain_factory import make_brain
from .brains import Planner, Reflex
from .deceptive import defected_by_behaviour
from .evolution import make_optimizer
from .kinds import Algorithm, BrainKind, Disposition, Measure
from .layouts import sample_pool
from .level import Level
from .outcomes import Rates, classify, rates
from .sim import EpisodeResults, episode_grid, simulate


def seed_streams(seed: int) -> dict[str, np.random.Generator]:
    """Independent generators for each use of randomness, all fixed by one seed."""
    names = ("train_pool", "optimizer", "episodes", "deploy_pool")
    children = np.random.SeedSequence(seed).spawn(len(names))
    return {name: np.random.default_rng(child) for name, child in zip(names, children)}


@dataclass(frozen=True, eq=False)
class GenerationRecord:
    generation: int
    best: float
    mean: float
    wants: dict[str, float]  # feature -> share of agents whose mesa-objective weights it most
    fitness: np.ndarray = field(repr=False)
    composition: dict[Measure, dict[Disposition, float]] = field(default_factory=dict)  # deceptive brain only
    stage: str = ""  # the training stage this generation belonged to, when the level has stages



class TrainingSession:
    """Trains a level's brain with its base optimizer on its training layouts only."""

    def __init__(self, level: Level, seed: int | None = None, brain: BrainKind | None = None,
                 generations: int | None = None) -> None:
        if brain is not None:
            level = level.with_brain(brain)
        self.level = level
        self.seed = level.evolution.seed if seed is None else seed
        self.generations = level.evolution.generations if generations is None else generations
        self.features = FeatureSpace.of_level(level)
        self.brain = make_brain(level.brain, self.features, level.perception, level)
        self.optimizer = make_optimizer(self.brain.n_params, level.evolution)
        self.rngs = seed_streams(self.seed)
        layouts = sample_pool(level, level.training, level.evolution.pool, self.rngs["train_pool"])
        self.pool: LayoutBatch = compile_layouts(layouts, level, self.features)
        self.state = self.optimizer.init(self.rngs["optimizer"])
        if hasattr(self.brain, "initial_population"):  # e.g. awareness off in every agent at generation 0
            self.state = replace(self.state, population=self.brain.initial_population(self.state.population))
        self.stage_brain, self.stage_pool = self._first_stage(layouts)
        self.history: list[GenerationRecord] = []
        self.observers: list[Callable[[GenerationRecord], None]] = []
        self.last_genomes: np.ndarray | None = None
        self.last_batch: LayoutBatch | None = None
        self.last_results: EpisodeResults | None = None

    def _first_stage(self, layouts: list) -> tuple[Planner | Reflex | None, LayoutBatch | None]:
        """The brain and training pool of the level's first stage (same mazes, its own rewards)."""
        from .deceptive import first_stage_level

        stage = first_stage_level(self.level)
        if stage is None:
            return None, None
        return (make_brain(stage.brain, self.features, stage.perception, stage),
                compile_layouts(layouts, stage, self.features))

    def stage_name(self, generation: int) -> str:
        """Which training stage a generation belongs to ("" when the level has only one)."""
        spec = self.level.deception
        if self.stage_pool is None or spec is None or spec.first_stage is None:
            return ""
        return spec.first_stage.label if generation < spec.first_stage.generations else "main training"

    def _in_first_stage(self, generation: int) -> bool:
        spec = self.level.deception
        return self.stage_pool is not None and spec is not None and spec.first_stage is not None \
            and generation < spec.first_stage.generations

    @property
    def finished(self) -> bool:
        return self.state.generation >= self.generations

    def episode_layouts(self) -> np.ndarray:
        """This generation's training layouts: every agent meets the same ones (a fair contest)."""
        n = self.level.evolution.episodes
        pool = self.pool.n_layouts
        return self.rngs["episodes"].choice(pool, size=n, replace=pool < n)

    def step(self, trace: bool = False) -> GenerationRecord:
        """Run one generation: ask, simulate on training layouts, tell."""
        genomes = self.optimizer.ask(self.state, self.rngs["optimizer"])
        generation = self.state.generation
        if hasattr(self.brain, "at_generation"):
            self.brain = self.brain.at_generation(generation)
        first = self._in_first_stage(generation)
        brain = self.brain
        if first and self.stage_brain is not None:
            brain = self.stage_brain.at_generation(generation) if hasattr(self.stage_brain, "at_generation") \
                else self.stage_brain
        pool = self.stage_pool if first and self.stage_pool is not None else self.pool
        batch = pool.subset(self.episode_layouts())
        agent_of, layout_of = episode_grid(len(genomes), batch.n_layouts)
        objective = self.level.objective
        results = simulate(batch, brain, genomes, agent_of, layout_of,
                           objective.max_steps, objective.step_cost, trace=trace)
        fitness = results.fitness(len(genomes))
        if hasattr(brain, "upkeep"):  # traits with a price per episode (situational awareness)
            fitness = fitness - brain.upkeep(genomes)
        self.state = self.optimizer.tell(self.state, genomes, fitness, self.rngs["optimizer"])
        record = GenerationRecord(self.state.generation, float(fitness.max()), float(fitness.mean()),
                                  self.wants(genomes), fitness, self.composition(genomes),
                                  self.stage_name(generation))
        self.history.append(record)
        self.last_genomes, self.last_batch, self.last_results = genomes, batch, results
        for observer in self.observers:
            observer(record)
        return record

    def run(self) -> list[GenerationRecord]:
        """Convenience for headless use: step until the configured generations are done."""
        while not self.finished:
            self.step()
        return self.history

    def wants(self, genomes: np.ndarray) -> dict[str, float]:
        """Share of agents whose mesa-objective puts its largest weight on each feature it can
        perceive (perceives.wants: weights on what an agent cannot perceive never count)."""
        from .perceives import wants

        if not isinstance(self.brain, Planner):
            return {}
        return wants(self.brain, genomes, self.level.kinds)

    def composition(self, genomes: np.ndarray) -> dict[Measure, dict[Disposition, float]]:
        """Aligned / honest misaligned / deceptive shares, from the genomes and from behaviour."""
        from .deceptive import DeceptivePlanner, composition_from_behaviour, composition_from_genomes

        if not isinstance(self.brain, DeceptivePlanner):
            return {}
        return {
            Measure.GENOMES: composition_from_genomes(self.brain, genomes, self.level.objective.goal),
            Measure.BEHAVIOUR: composition_from_behaviour(self.brain, genomes, self.pool, self.level),
        }

    def champions(self, k: int | None = None) -> np.ndarray:
        """The k agents to deploy: the k best of the last generation evaluated, by their own
        fitness, distinct genomes (GA: the population; ES: the samples around its mean)."""
        k = k or self.level.evolution.deploy_agents
        if self.last_genomes is None:
            return self.optimizer.ask(self.state, np.random.default_rng(0))[:k]
        order = np.argsort(-self.history[-1].fitness, kind="stable")
        return self.last_genomes[order[:k]]

    @property
    def champions_note(self) -> str:
        """What `champions()` deploys, in words for the screen."""
        k = self.level.evolution.deploy_agents
        if self.level.evolution.algorithm == Algorithm.ES:
            return f"the {k} best agents sampled around the evolution strategy's mean in the last generation"
        return f"the {k} best agents of the last generation"


@dataclass(frozen=True, eq=False)
class DeploymentReport:
    batch: LayoutBatch
    results: EpisodeResults
    outcomes: np.ndarray  # outcome code per episode (see outcomes.ORDER)
    rates: Rates


def deployment_batch(level: Level, features: FeatureSpace, seed: int, n: int | None = None) -> LayoutBatch:
    rng = seed_streams(seed)["deploy_pool"]
    n = n or level.evolution.deploy_episodes
    layouts = sample_pool(level, level.deployment, n, rng)
    # Fixed maps come back once each; deployment still runs the promised number of episodes.
    layouts = [layouts[i % len(layouts)] for i in range(max(n, len(layouts)))]
    return compile_layouts(layouts, level, features)


def deploy(level: Level, brain: Planner | Reflex, genomes: np.ndarray, seed: int, trace: bool = False,
           batch: LayoutBatch | None = None) -> DeploymentReport:
    """Every agent in every deployment layout; each episode classified against the base objective."""
    features = brain.features
    batch = batch or deployment_batch(level, features, seed)
    agent_of, layout_of = episode_grid(len(genomes), batch.n_layouts)
    objective = level.objective
    results = simulate(batch, brain, genomes, agent_of, layout_of, objective.max_steps,
                       objective.step_cost, trace=trace)
    codes = classify(results, batch, defected_by_behaviour(level, brain, genomes, batch, results))
    return DeploymentReport(batch, results, codes, rates(codes))
