"""Where a generation's time goes with many targets: the planner's re-decisions, and the rest.

    python benchmarks/bench_targets.py [--generations 8] [--gems 2 30]

`python main.py bench` part 2 compares the cost per agent-step of a 16x16 generated level with 7
targets (exit, 2 gems, 4 corner landmarks) and with 35 (30 gems). This splits each into the
planner's re-decisions (`PlannerPolicy._decide`, timed around each call) and everything else (the
simulation's step, hits and pick-ups, the checks that find whom to re-decide), and counts how
often an episode re-decides and why. CPU time (`time.process_time`), medians over generations
after the first; the load average is printed first.

A re-decision is an argmax over all of an episode's targets, so its cost grows with their number;
with more targets more episodes re-decide per step: about one agent-step in four picks up the
target it was heading for among 30 gems, and a target enters or leaves the view of most agents
walking among them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(gems: int, generations: int) -> dict[str, float]:
    """Per agent-step medians for a generated 16x16 level with `gems` gems."""
    from game.bench import generated_level
    from game.core import planner_policy
    from game.core.session import TrainingSession

    count = {"seconds": 0.0, "episodes": 0, "consumed": 0}
    policy = planner_policy.PlannerPolicy
    decide, vanished = policy._decide, policy.vanished

    def timed_decide(self, idx, *args, **kwargs):
        start = time.process_time()
        decide(self, idx, *args, **kwargs)
        count["seconds"] += time.process_time() - start
        count["episodes"] += len(idx)

    def counted_vanished(self, rows, targets):
        if self._choice is not None:
            count["consumed"] += int((self._choice[rows] == targets).sum())
        vanished(self, rows, targets)

    policy._decide, policy.vanished = timed_decide, counted_vanished  # type: ignore[method-assign]
    try:
        session = TrainingSession(generated_level(16, objects=gems + 1), seed=0, generations=10**6)
        session.step()
        rows = []
        for _ in range(generations):
            count.update(seconds=0.0, episodes=0, consumed=0)
            start = time.process_time()
            session.step()
            total = time.process_time() - start
            results = session.last_results
            assert results is not None  # set by the step just run
            steps = int(results.steps.sum())
            rows.append({"total": total / steps, "decide": count["seconds"] / steps,
                         "rest": (total - count["seconds"]) / steps,
                         "redecided": count["episodes"] / steps, "consumed": count["consumed"] / steps,
                         "per_decision": count["seconds"] / max(count["episodes"], 1)})
    finally:
        policy._decide, policy.vanished = decide, vanished  # type: ignore[method-assign]
    return {key: statistics.median(r[key] for r in rows) for key in rows[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generations", type=int, default=8)
    parser.add_argument("--gems", type=int, nargs="+", default=[2, 30])
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; 16x16, population 256 x 16 episodes, CPU time per agent-step")
    base = None
    for gems in args.gems:
        m = measure(gems, args.generations)
        base = base or m["total"]
        print(f"{gems + 5:3d} targets: {m['total'] * 1e9:5.0f} ns ({m['total'] / base:.2f}x) = re-decisions "
              f"{m['decide'] * 1e9:4.0f} + the rest {m['rest'] * 1e9:4.0f} ({m['rest'] / base:.2f}x);"
              f" episodes re-deciding per agent-step {m['redecided']:.3f}, of which its target was picked up"
              f" {m['consumed']:.3f}; {m['per_decision'] * 1e9:.0f} ns per re-decided episode")


if __name__ == "__main__":
    main()
