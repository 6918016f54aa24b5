"""Base optimizers: ask/tell, improvement on a toy objective, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from game.core.evolution import EvolutionStrategy, GeneticAlgorithm, centred_ranks
from game.core.kinds import Algorithm
from game.core.level import EvolutionSpec

TARGET = np.array([1.0, -2.0, 0.5, 3.0])


def toy_fitness(genomes: np.ndarray) -> np.ndarray:
    """Higher is better: minus the squared distance to TARGET."""
    return -((genomes - TARGET) ** 2).sum(axis=1)


def optimise(cls, spec, seed=0, generations=60):
    opt = cls(len(TARGET), spec)
    rng = np.random.default_rng(seed)
    state = opt.init(rng)
    for _ in range(generations):
        genomes = opt.ask(state, rng)
        state = opt.tell(state, genomes, toy_fitness(genomes), rng)
    return state


@pytest.mark.parametrize("cls,spec", [
    (GeneticAlgorithm, EvolutionSpec(algorithm=Algorithm.GA, population=48, mutation=0.2, elite=4)),
    (EvolutionStrategy, EvolutionSpec(algorithm=Algorithm.ES, population=48, mutation=0.2, learning_rate=0.5)),
])
def test_optimizers_improve_a_toy_objective(cls, spec):
    start = toy_fitness(cls(len(TARGET), spec).init(np.random.default_rng(0)).population).max()
    state = optimise(cls, spec)
    assert state.generation == 60
    assert state.best_fitness > -0.1 > start


def test_same_seed_same_run_bit_for_bit():
    spec = EvolutionSpec(population=16, mutation=0.3)
    a, b = optimise(GeneticAlgorithm, spec, seed=7), optimise(GeneticAlgorithm, spec, seed=7)
    assert np.array_equal(a.population, b.population)
    c = optimise(GeneticAlgorithm, spec, seed=8)
    assert not np.array_equal(a.population, c.population)


def test_non_finite_fitness_is_treated_as_worst():
    spec = EvolutionSpec(population=8, elite=1)
    opt = GeneticAlgorithm(2, spec)
    rng = np.random.default_rng(0)
    state = opt.init(rng)
    genomes = opt.ask(state, rng)
    fitness = np.arange(8.0)
    fitness[7] = np.nan
    state = opt.tell(state, genomes, fitness, rng)
    assert state.best_fitness == 6.0
    assert np.array_equal(state.population[0], genomes[6]), "the elite is the best finite genome"


def test_centred_ranks_span_minus_half_to_half():
    r = centred_ranks(np.array([10.0, -3.0, 7.0]))
    assert list(r) == [0.5, -0.5, 0.0]
