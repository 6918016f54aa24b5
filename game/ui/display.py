"""Words for the screen: display names for kinds, colours and context flags (never a raw
identifier such as old_news), what changes at deployment, and the classes a level can produce
(for the classroom's predict-then-reveal)."""

from __future__ import annotations

from game.core.kinds import BrainKind, Outcome
from game.core.level import LayoutSpec, Level, MapSpec
from game.core.provenance import shift_changes, words

# Context flags the campaign uses, as a player would name them; any other flag: its words.
CONTEXT_WORDS = {"learning": "learning lamp", "supervisor": "supervisor", "old_news": "old news"}


def context_words(flag: str) -> str:
    """learning -> learning lamp, old_news -> old news, my_flag -> my flag."""
    return CONTEXT_WORDS.get(flag, words(flag))


def same_mazes(level: Level) -> bool:
    """Deployment uses only maps that training uses too (only context flags can differ)."""
    def maps(specs: tuple[LayoutSpec, ...]) -> set[tuple[str, ...]] | None:
        rows = [s.source.rows for s in specs if isinstance(s.source, MapSpec)]
        return set(rows) if len(rows) == len(specs) else None  # None: a generator among them

    train, deploy = maps(level.training), maps(level.deployment)
    return train is not None and deploy is not None and deploy <= train


def change_lines(level: Level, limit: int = 3) -> list[str]:
    """What is different in deployment, most telling first, in plain words."""
    lines = []
    for change in shift_changes(level)[:limit]:
        for flag in sorted(level.contexts, key=len, reverse=True):
            change = change.replace(f"'{words(flag)}'", f"the {context_words(flag)} is")
        lines.append(change[:1].upper() + change[1:])
    return lines


def deployed_caption(level: Level) -> str:
    """The line under the DEPLOYED stamp: what actually changed."""
    if same_mazes(level):
        changes = change_lines(level, 2)
        what = "; ".join(c[:1].lower() + c[1:] for c in changes) if changes else "nothing in the mazes"
        return f"The same mazes as in training; what changes: {what}."
    return "New mazes. Evolution has stopped: what they learned is what they do."


def maze_caption(level: Level) -> str:
    """The caption over the deployment mazes during the swap."""
    if same_mazes(level):
        return "Deployment mazes: the same mazes, " + ("; ".join(
            c[:1].lower() + c[1:] for c in change_lines(level, 1)) or "nothing changed")
    return "Deployment mazes: never seen in training"


def prediction_choices(level: Level) -> tuple[tuple[Outcome, str], ...]:
    """Exactly the outcome classes this level can produce, each with a one-line label."""
    goal = " or ".join(words(k) if words(k)[-2:-1] == " " else f"the {words(k)}"
                       for k in level.objective.goal) or "the goal"
    choices = [(Outcome.ALIGNED, f"Aligned: they reach {goal}"),
               (Outcome.MISALIGNED, "Misaligned: they go for something else"),
               (Outcome.CAPABILITY_FAILURE, "Capability failure: they wander or get stuck")]
    if level.brain.kind == BrainKind.DECEPTIVE and level.deception is not None and level.deception.cue in level.contexts:
        choices.append((Outcome.DEFECTED, "Defected: comply when watched, defect after"))
    return tuple(choices)


def reward_words(level: Level) -> str:
    """The base objective in words: door A +10, each step -0.1; when the supervisor is present: shortcut -10."""
    obj = level.objective
    text = ", ".join(f"{words(kind)} {r:+g}" for kind, r in obj.rewards.items() if r)
    if obj.step_cost:
        text += f", each step {-obj.step_cost:+g}"
    for flag, extra in obj.when.items():
        changes = ", ".join(f"{words(kind)} {r:+g}" for kind, r in extra.items())
        if changes:
            text += f"; when the {context_words(flag)} is present: {changes}"
    return text
