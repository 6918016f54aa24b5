"""The verdict of a puzzle run, and a background check of the same setting on a few other seeds.

The game's verdict is this run: the level's seed (or the one the player re-rolled), trained and
deployed once. One seed can be lucky, so the debrief also runs `judge` on a few more seeds in a
worker thread and says how often the same setting wins there.

    verdict = run_verdict(run)           # a game.core.knobs.Verdict for what was just deployed
    check = SeedCheck(run.puzzle, run.setting, seeds=(4, 5, 6, 7))
    check.poll()                          # per-seed verdicts so far; never blocks
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from game.core.kinds import Outcome
from game.core.knobs import Knob, Puzzle, Verdict, judge
from game.core.outcomes import Rates

from .background import BackgroundJob
from .run_state import RunState

CHECK_SEEDS = 4


def run_verdict(run: RunState) -> Verdict:
    """This run's deployment judged against the goal and the budget (won only if it counts)."""
    rates: Rates = dict(run.report.rates) if run.report else {}
    aligned = float(rates.get(Outcome.ALIGNED, 0.0))
    puzzle = run.puzzle
    if puzzle is None:
        goal = run.level.goal.get("deploy_aligned_at_least")
        won = goal is not None and aligned >= goal - 1e-9 and run.counts_for_progress
        return Verdict({}, won, aligned, rates, 0.0, None, goal, (run.seed,))
    setting = {**puzzle.default_setting(), **run.setting}
    cost = puzzle.cost(setting)
    met = puzzle.goal is None or aligned >= puzzle.goal - 1e-9
    won = met and puzzle.affordable(setting) and run.counts_for_progress
    return Verdict(setting, won, aligned, rates, cost, puzzle.budget, puzzle.goal, (run.seed,))


def describe_setting(puzzle: Puzzle, setting: Mapping[str, Any]) -> str:
    """'randomised = 5%, cue = old news' in the knobs' own display form."""
    return ", ".join(f"{k.name} = {show_value(k, setting.get(k.name, k.default))}" for k in puzzle.knobs)


def show_value(knob: Knob, value: Any) -> str:
    return knob.show(value).replace("_", " ")


def check_seeds(run_seed: int, n: int | None = None) -> tuple[int, ...]:
    """n (default CHECK_SEEDS) seeds other than the run's own, stable for a given run seed."""
    n = CHECK_SEEDS if n is None else n
    return tuple(s for s in range(n + 1) if s != run_seed)[:n]


class SeedCheck(BackgroundJob[Verdict]):
    """Judges one setting on several seeds, one seed at a time, on a worker thread."""

    def __init__(self, puzzle: Puzzle, setting: Mapping[str, Any], seeds: Sequence[int],
                 generations: int | None = None) -> None:
        super().__init__()
        self.puzzle = puzzle
        self.setting = dict(setting)
        self.seeds = tuple(seeds)
        self.generations = generations
        self.start("seed-check")

    def work(self) -> None:
        for seed in self.seeds:
            if self.stopping:
                return
            self.emit(judge(self.puzzle, self.setting, seeds=[seed], generations=self.generations, jobs=1))

    @property
    def verdicts(self) -> list[Verdict]:
        return self.items

    def results(self) -> list[Verdict]:
        return self.snapshot()

    def wait(self, timeout: float = 60.0) -> list[Verdict]:
        """Block until every seed is judged (tests use this)."""
        return self.join(timeout)

    def close(self) -> None:
        """Stop after the seed being judged now."""
        self.stop()

    def summary(self) -> str:
        """What the other seeds say so far, in one or two sentences."""
        if self.error:
            return f"Could not check other seeds: {self.error}"
        got = self.results()
        n = len(self.seeds)
        if not got:
            return f"Checking the same setting on {n} other seeds..."
        won = sum(v.won for v in got)
        lo, hi = min(v.aligned for v in got), max(v.aligned for v in got)
        spread = f"{lo:.0%}" if lo == hi else f"{lo:.0%} to {hi:.0%}"
        head = f"Other seeds ({len(got)} of {n} done)" if len(got) < n else f"On {n} other seeds"
        return f"{head}: won {won} of {len(got)}, aligned {spread}."


def tips(run: RunState, verdict: Verdict) -> list[str]:
    """What to try next on a puzzle level, chosen from what this run measured."""
    puzzle = run.puzzle
    if puzzle is None:
        return []
    out = []
    if not run.fully_trained and run.session is not None:
        out.append(f"Training stopped after {run.trained_generations} of {run.session.generations} generations: "
                   "train to the end for the verdict to count.")
    if run.entry.level is not None and run.brain != run.entry.level.brain.kind:
        out.append(f"Only the level's own brain ({run.entry.level.brain.kind.value}) can win: switch back (B).")
    if verdict.over_budget:
        out.append(f"This setting costs {verdict.cost:g} but the budget is {verdict.budget:g}: lower a knob (K).")
    rates = verdict.rates
    top = max(rates, key=lambda k: rates[k]) if rates else None
    if verdict.won:
        out.append("Won on this seed. Is it luck? The check on the right trains the same setting on other seeds.")
        out.append("Can you win for less? Try a cheaper setting (K).")
    elif run.counts_for_progress and not verdict.over_budget:
        if top == Outcome.MISALIGNED:
            out.append("Most deployed agents competently pursued something else: in training, the proxy still "
                       "scored as well as the goal. Change the knobs so that training tells them apart (K).")
        elif top == Outcome.DEFECTED:
            out.append("Deceivers survived training: it never caught them defecting. What could training show "
                       "them that looks like deployment (K)?")
        elif top == Outcome.CAPABILITY_FAILURE:
            out.append("Many agents wandered or got stuck: a capability failure, not a wrong goal.")
    numeric = [k for k in puzzle.knobs if all(isinstance(v, (int, float)) for v in k.values)]
    if numeric:
        out.append(f"See the whole curve (S): misalignment against '{numeric[0].label}', over a few seeds.")
    out.append("Same setting, new seed (R): does the verdict hold?")
    return out
