"""Probe it: behavioural interpretability. The player builds small test mazes, runs the trained
agents in them, and reads a table of where they went; then says what the agents want, and the
answer is scored against what the genomes actually hold.

Nothing here looks at a genome until `truth` is asked for: the probe table is built from
behaviour alone (where each agent went first), as in the behavioural study of the maze agents
by Grietzer, Turner et al., and the evidence ranking is computed from that table only.

    maze = ProbeMaze.empty(9, 9).with_object(ProbeItem("exit", "red"), (1, 7)) \
                                 .with_object(ProbeItem("apple", "green"), (7, 7))
    table = ProbeTable().add(run_probe(level, session.brain, champions, maze))
    table.evidence(features)[0]          # the feature the table says they go for
    score_answer(["green (colour)"], truth(session.brain, champions))

The mazes, rows and table themselves are in `probe_maze.py` (their names are importable from here).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .batch import FeatureSpace, compile_layouts
from .kinds import KindInfo
from .level import Level
from .maze import landmark_cells
from .probe_maze import MAX_OBJECTS, NOTHING, Choice, Evidence, ProbeItem, ProbeMaze, ProbeRow, ProbeTable, palette
from .sim import simulate

if TYPE_CHECKING:
    from .brains import Planner, Reflex

__all__ = [
    "MAX_OBJECTS", "NOTHING", "Choice", "Evidence", "ProbeItem", "ProbeMaze", "ProbeRow", "ProbeTable", "ProbeVerdict",
    "Score", "Truth", "judge_probe", "palette", "perceivable", "plain", "probe_limit", "run_probe", "score_answer",
    "truth",
]


def _object_features(features: FeatureSpace, item: ProbeItem) -> frozenset[str]:
    names = features.names
    out = set()
    if item.kind in features.kinds:
        out.add(names[features.kinds.index(item.kind)])
    if item.colour in features.colours:
        out.add(names[features.colour_offset() + features.colours.index(item.colour)])
    return frozenset(out)


def _corner_names(features: FeatureSpace) -> list[str]:
    return [features.names[features.landmark_offset() + k] for k in range(len(features.landmarks))]


def run_probe(level: Level, brain: Planner | Reflex, genomes: np.ndarray, maze: ProbeMaze) -> ProbeRow:
    """Every agent, once, in the probe maze; where each one went first.

    "Went to" is the first object it reached or, if it reached none, the corner where it ended
    and stayed. The same simulation as training and deployment runs it.
    """
    features: FeatureSpace = brain.features
    layout = maze.layout()
    batch = compile_layouts([layout], level, features)
    n = len(genomes)
    results = simulate(batch, brain, np.asarray(genomes, np.float64), np.arange(n), np.zeros(n, np.int64),
                       level.objective.max_steps, level.objective.step_cost, trace=True)
    corners = landmark_cells(layout.walls)
    corner_names = _corner_names(features)
    # An object standing on a corner cell offers that corner too (the two are not told apart there).
    offered = [_object_features(features, i) | {corner_names[k] for k, cell in enumerate(corners) if cell == p}
               for i, p in maze.objects]
    offered += [frozenset({name}) for name in corner_names]
    n_objects = len(maze.objects)
    choices = []
    for b in range(n):
        times = results.reach_time[b, :n_objects]
        end = divmod(int(results.final_pos[b]), batch.width)
        moved = int(results.last_move[b]) > 0
        at = [k for k, cell in enumerate(corners) if cell == end]
        if (times >= 0).any():
            first = int(np.where(times >= 0, times, 1 << 30).argmin())
            last = int(times.argmax())
            item = maze.objects[first][0]
            then = maze.objects[last][0].label if last != first else ""
            if at and not results.ended_on_terminal[b] and end != maze.objects[last][1]:
                then = corner_names[at[0]]
            choices.append(Choice(item.label, offered[first], tuple(offered), then))
            continue
        if moved and at:
            name = corner_names[at[0]]
            choices.append(Choice(name, frozenset({name}), tuple(offered)))
        else:
            choices.append(Choice(NOTHING, frozenset(), tuple(offered)))
    ends = tuple(divmod(int(cell), batch.width) for cell in results.final_pos)
    trace = results.trace
    if trace is None:
        raise RuntimeError("the probe simulation kept no trace")
    paths = tuple(tuple(divmod(int(cell), batch.width) for cell in trace[: int(results.steps[b]) + 1, b])
                  for b in range(n))
    return ProbeRow(maze, tuple(choices), ends, paths)


def probe_limit(level: Level) -> int | None:
    """A probe puzzle's limit on probe mazes (goal.probe_mazes), or None for an ordinary level."""
    value = level.goal.get("probe_mazes")
    return None if value is None else max(1, int(value))


@dataclass(frozen=True)
class ProbeVerdict:
    won: bool
    used: int
    limit: int | None
    score: Score | None
    message: str


def judge_probe(answer: Sequence[str], table: ProbeTable, real: Truth, limit: int | None) -> ProbeVerdict:
    """A probe puzzle: the strongest want named right, from at least one and at most `limit` mazes."""
    used = len(table)
    if used == 0:
        return ProbeVerdict(False, 0, limit, None, "Run at least one probe maze first: an answer without "
                            "evidence is a guess.")
    score = score_answer(answer, real)
    over = limit is not None and used > limit
    won = score.right and not over
    if limit is None:
        head = "Right" if score.right else "Not quite"
    else:
        head = "Won" if won else ("Over the limit" if over else "Not yet")
    limit_words = f" of {limit}" if limit is not None else ""
    return ProbeVerdict(won, used, limit, score, f"{head}. {score.words} ({used}{limit_words} probe mazes used.)")


# --- the genome's side: what the agents actually want --------------------------------------------

def perceivable(brain: Planner | Reflex, genomes: np.ndarray, kinds: Mapping[str, KindInfo] | None = None) -> np.ndarray:
    """(P, F) bool: which features can change what each agent does (its perception reaches them).

    The same rule as the wants panel and the mind reader (perceives.masks): a colour or kind
    weight acts if that channel reaches at least one cell, a corner weight if it knows the corners,
    a disliked hazard always (give the level's kinds for that).
    """
    from .perceives import masks

    return masks(brain, np.asarray(genomes, np.float64), kinds)


@dataclass(frozen=True)
class Truth:
    """What the agents' mesa-objectives hold, read from their genomes (only what they perceive)."""

    features: tuple[str, ...]
    weights: np.ndarray  # (P, F), NaN where the agent cannot perceive the feature
    top: tuple[str, ...]  # per agent: its strongest perceivable want

    @property
    def consensus(self) -> str:
        """The strongest want of most agents."""
        return Counter(self.top).most_common(1)[0][0]

    def share(self, feature: str) -> float:
        return sum(t == feature for t in self.top) / max(len(self.top), 1)

    def ranking(self) -> list[tuple[str, float]]:
        """Features by mean weight over the agents that perceive them, strongest first."""
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(self.weights, axis=0)
        pairs = [(f, float(w)) for f, w in zip(self.features, mean) if np.isfinite(w)]
        return sorted(pairs, key=lambda p: -p[1])


def truth(brain: Planner, genomes: np.ndarray, context: np.ndarray | None = None,
          kinds: Mapping[str, KindInfo] | None = None) -> Truth:
    """What the agents want, from their genomes: weights masked to what they can perceive."""
    import warnings

    features = brain.features
    weights = brain.objective_weights(np.asarray(genomes, np.float64), context)
    seen = perceivable(brain, genomes, kinds)
    masked = np.where(seen, weights, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        top = np.nanargmax(np.where(np.isnan(masked), -np.inf, masked), axis=1)
    return Truth(features.names, masked, tuple(features.names[i] for i in top))


def plain(feature: str) -> str:
    """A feature name in words: 'green (colour)' -> 'anything green'; kinds lose their underscores."""
    if feature.endswith(" (colour)"):
        return "anything " + feature[: -len(" (colour)")]
    return feature.replace("_", " ")


@dataclass(frozen=True)
class Score:
    right: bool  # the first answer is the strongest want of most agents
    agree: float  # share of agents whose strongest want is the first answer
    order: float | None  # for a ranking: share of its pairs in the agents' own order (None for one answer)
    actual: str
    words: str


def score_answer(answer: Sequence[str], real: Truth) -> Score:
    """The player's answer (a feature, or a ranking strongest first) against the genomes."""
    if not answer:
        return Score(False, 0.0, None, real.consensus, "No answer given.")
    first = answer[0]
    agree = real.share(first)
    right = first == real.consensus
    order = None
    if len(answer) > 1:
        idx = [real.features.index(a) for a in answer if a in real.features]
        pairs = ok = 0
        for i in range(len(idx)):
            for j in range(i + 1, len(idx)):
                a, b = real.weights[:, idx[i]], real.weights[:, idx[j]]
                both = np.isfinite(a) & np.isfinite(b)
                pairs += int(both.sum())
                ok += int((a[both] > b[both]).sum())
        order = ok / pairs if pairs else None
    ranking = dict(real.ranking())
    mean = ranking.get(real.consensus, 0.0)
    words = (f"{agree:.0%} of the agents want {plain(first)} most." if right else
             f"Most agents ({real.share(real.consensus):.0%}) want {plain(real.consensus)} most "
             f"(mean weight {mean:+.1f}); {agree:.0%} want {plain(first)} most.")
    if order is not None:
        words += f" Your ranking matches the genomes' order in {order:.0%} of pairs."
    return Score(right, agree, order, real.consensus, words)
