"""Base optimizers with an ask/tell interface: a genetic algorithm and an OpenAI-style ES.

Fitness is higher-is-better. State is an immutable dataclass replaced on every `tell`; the
random generator is always an argument, so a seed fixes the whole run. Shared bookkeeping
(generation counter, best so far, non-finite fitness) lives in `BaseOptimizer.tell`; each
algorithm implements only `_ask` and `_tell`.

GA: truncation-free tournament selection, elitism, Gaussian mutation (Holland 1975 style).
ES: antithetic sampling with centred-rank fitness shaping (Salimans et al. 2017,
"Evolution Strategies as a Scalable Alternative to Reinforcement Learning").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .kinds import Algorithm
from .level import EvolutionSpec


@dataclass(frozen=True, eq=False)
class OptimizerState:
    generation: int
    population: np.ndarray  # (P, N): the genomes the next `ask` returns (GA) or the mean (ES, (1, N))
    best_genome: np.ndarray  # (N,)
    best_fitness: float
    sigma: float


class BaseOptimizer:
    """Ask for genomes, evaluate them, tell their fitness. One generation per tell."""

    def __init__(self, n_params: int, spec: EvolutionSpec) -> None:
        self.n_params = n_params
        self.spec = spec

    def init(self, rng: np.random.Generator) -> OptimizerState:
        pop = rng.normal(0.0, 1.0, size=(self.spec.population, self.n_params))
        return OptimizerState(0, pop, pop[0].copy(), -np.inf, self.spec.mutation)

    def ask(self, state: OptimizerState, rng: np.random.Generator) -> np.ndarray:
        """The genomes to evaluate this generation, shape (population, n_params)."""
        return self._ask(state, rng)

    def tell(self, state: OptimizerState, genomes: np.ndarray, fitness: np.ndarray,
             rng: np.random.Generator) -> OptimizerState:
        """Next state from the fitness of the genomes `ask` returned (higher is better)."""
        fitness = np.asarray(fitness, dtype=np.float64)
        fitness = np.where(np.isfinite(fitness), fitness, -np.inf)
        best = int(np.argmax(fitness))
        if fitness[best] > state.best_fitness:
            state = replace(state, best_genome=genomes[best].copy(), best_fitness=float(fitness[best]))
        state = self._tell(state, genomes, fitness, rng)
        return replace(state, generation=state.generation + 1)

    def _ask(self, state: OptimizerState, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def _tell(self, state: OptimizerState, genomes: np.ndarray, fitness: np.ndarray,
              rng: np.random.Generator) -> OptimizerState:
        raise NotImplementedError


class GeneticAlgorithm(BaseOptimizer):
    """Elitism + tournament selection + Gaussian mutation. The population is the state."""

    def _ask(self, state: OptimizerState, rng: np.random.Generator) -> np.ndarray:
        return state.population

    def _tell(self, state: OptimizerState, genomes: np.ndarray, fitness: np.ndarray,
              rng: np.random.Generator) -> OptimizerState:
        p = len(genomes)
        order = np.argsort(-fitness, kind="stable")
        elite = min(self.spec.elite, p - 1)
        k = max(1, self.spec.tournament)
        contenders = rng.integers(0, p, size=(p - elite, k))
        winners = contenders[np.arange(p - elite), np.argmax(fitness[contenders], axis=1)]
        children = genomes[winners] + rng.normal(0.0, state.sigma, size=(p - elite, genomes.shape[1]))
        population = np.concatenate([genomes[order[:elite]], children])
        return replace(state, population=population)


def centred_ranks(fitness: np.ndarray) -> np.ndarray:
    """Fitness replaced by its rank, scaled to [-0.5, 0.5] (ties broken by order)."""
    ranks = np.empty(len(fitness))
    ranks[np.argsort(fitness, kind="stable")] = np.arange(len(fitness))
    return ranks / max(len(fitness) - 1, 1) - 0.5


class EvolutionStrategy(BaseOptimizer):
    """Antithetic Gaussian perturbations of a mean; the mean follows the rank-weighted noise."""

    def init(self, rng: np.random.Generator) -> OptimizerState:
        mean = rng.normal(0.0, 0.1, size=(1, self.n_params))
        return OptimizerState(0, mean, mean[0].copy(), -np.inf, self.spec.mutation)

    def _ask(self, state: OptimizerState, rng: np.random.Generator) -> np.ndarray:
        half = max(1, self.spec.population // 2)
        noise = rng.normal(0.0, 1.0, size=(half, self.n_params))
        mean = state.population[0]
        return np.concatenate([mean + state.sigma * noise, mean - state.sigma * noise])

    def _tell(self, state: OptimizerState, genomes: np.ndarray, fitness: np.ndarray,
              rng: np.random.Generator) -> OptimizerState:
        half = len(genomes) // 2
        mean = state.population[0]
        noise = (genomes[:half] - mean) / state.sigma  # recovered from the genomes: tell needs no hidden state
        shaped = centred_ranks(fitness)
        grad = (shaped[:half] - shaped[half:]) @ noise / (2 * half * state.sigma)
        mean = mean + self.spec.learning_rate * grad
        return replace(state, population=mean[None, :])


def make_optimizer(n_params: int, spec: EvolutionSpec) -> BaseOptimizer:
    if spec.algorithm == Algorithm.ES:
        return EvolutionStrategy(n_params, spec)
    return GeneticAlgorithm(n_params, spec)
