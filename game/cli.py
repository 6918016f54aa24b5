"""Command line: `python main.py` starts the game; subcommands run headless.

    python main.py                          the game, from the title screen
    python main.py play LEVEL.yaml          the game, straight into a level
    python main.py validate FILE...         check level files (exit 1 on any error)
    python main.py train LEVEL [--out F]    train, show progress, save the trained agents
    python main.py deploy LEVEL --agents F  deploy saved agents and classify every episode
    python main.py experiment LEVEL --seeds N [--seed-start S] [--brain B] [--base-agent] [--json]
    python main.py experiment LEVEL --steer FEATURE=DELTA ...   outcome shares before/after an edit
    python main.py bench                    performance figures
    python main.py --frames 30              start, run 30 frames and quit (a smoke run)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_levels import level_file, load_named, warn_if_slow
from .cli_progress import RunProgress
from .core.errors import LevelError
from .core.kinds import BrainKind

if TYPE_CHECKING:  # the model's modules load when a command needs them (a quick --help)
    from .core.agents_io import SavedAgents

BRAINS = [b.value for b in BrainKind]


def _whole(least: int, words: str):
    """An argparse type for whole numbers of `least` or more; `words` says why, naming the value."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < least:
            raise argparse.ArgumentTypeError(words.format(value))
        return value
    return parse


# Counts of generations and seeds: 0 of them would train or measure nothing.
_at_least_one = _whole(1, "{}: give 1 or more")
# Seeds: numpy's seeding refuses negatives.
_seed = _whole(0, "{}: a seed is a whole number 0 or more")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mesa-maze", description="Mesa Maze: watch inner misalignment happen.")
    parser.add_argument("--classroom", action="store_true", help="fullscreen, large type, narration")
    parser.add_argument("--fullscreen", action="store_true")
    parser.add_argument("--frames", type=int, metavar="N",
                        help="quit after N frames (a smoke run; headless with SDL_VIDEODRIVER=dummy)")
    sub = parser.add_subparsers(dest="command")
    play = sub.add_parser("play", help="open a level in the game")
    play.add_argument("level")
    play.add_argument("--classroom", action="store_true", dest="classroom_play")
    play.add_argument("--fullscreen", action="store_true", dest="fullscreen_play")
    play.add_argument("--frames", type=int, metavar="N", dest="frames_play", help="quit after N frames")
    validate = sub.add_parser("validate", help="check level files")
    validate.add_argument("files", nargs="+")
    train = sub.add_parser("train", help="train a level's agents headless")
    train.add_argument("level")
    train.add_argument("--seed", type=_seed)
    train.add_argument("--generations", type=_at_least_one)
    train.add_argument("--brain", choices=BRAINS)
    train.add_argument("--out", help="save the trained agents here (.npz)")
    dep = sub.add_parser("deploy", help="deploy saved agents on a level's deployment layouts")
    dep.add_argument("level")
    dep.add_argument("--agents", required=True)
    dep.add_argument("--seed", type=_seed, help="deployment layouts seed (default: the training seed)")
    dep.add_argument("--json", action="store_true")
    exp = sub.add_parser("experiment", help="train and deploy on many seeds, print outcome rates")
    exp.add_argument("level")
    exp.add_argument("--seeds", type=_at_least_one, default=20)
    exp.add_argument("--brain", choices=BRAINS)
    exp.add_argument("--generations", type=_at_least_one)
    exp.add_argument("--jobs", type=int, help="parallel processes (default: all cores)")
    exp.add_argument("--json", action="store_true", help="print one JSON object")
    exp.add_argument("--seed-start", type=_seed, default=0, help="first seed (seeds N, N+1, ...; default 0)")
    exp.add_argument("--base-agent", action="store_true",
                     help="skip evolution: deploy the base objective's own agent (the fair-chance check)")
    exp.add_argument("--sweep", help="KNOB=V1,V2,... (see the level's knobs)")
    exp.add_argument("--chart", help="PNG file for the sweep chart")
    exp.add_argument("--steer", action="append", metavar="FEATURE=DELTA",
                     help="edit the deployed agents' objective (repeatable): green=-1.5, top-right=+1, "
                          "swap=exit:gem, awareness=off; prints outcome shares before and after, same seeds")
    bench = sub.add_parser("bench", help="performance figures")
    bench.add_argument("--quick", action="store_true", help="shorter runs (a CI smoke run)")
    return parser


def cmd_validate(files: list[str]) -> int:
    bad = 0
    for name in files:
        try:
            level = load_named(name)
        except LevelError as err:
            bad += 1
            print(err.describe(), file=sys.stderr)
        else:
            from .core.cost import estimate, warning

            print(f"{name}: ok ({level.title}): {estimate(level).describe()}")
            slow = warning(level)
            if slow:
                print(f"{name}: {slow}", file=sys.stderr)
    return 1 if bad else 0


def cmd_train(args: argparse.Namespace) -> int:
    from .core.agents_io import SavedAgents, save_agents
    from .core.session import TrainingSession

    level = load_named(args.level)
    if args.out:
        from .core.atomic import check_writable

        problem = check_writable(args.out)
        if problem:  # say so now, not after minutes of training
            print(f"--out {args.out}: {problem}; choose another file", file=sys.stderr)
            return 1
    brain = BrainKind(args.brain) if args.brain else None
    warn_if_slow(level, brain, args.generations)
    session = TrainingSession(level, seed=args.seed, brain=brain, generations=args.generations)
    start = time.perf_counter()
    bar = RunProgress(1, session.generations)  # on a terminal only
    bar.show(force=True)  # at once: the first generation of a big level can take a while
    while not session.finished:
        rec = session.step()
        wants = ", ".join(f"{k} {v:.0%}" for k, v in sorted(rec.wants.items(), key=lambda kv: -kv[1])[:3])
        bar.note = f"best {rec.best:.2f}  mean {rec.mean:.2f}  {wants}"
        bar.tick((session.seed, rec.generation, session.generations))
    bar.close()
    print(f"trained {session.generations} generations in {time.perf_counter() - start:.2f} s (seed {session.seed})")
    if args.out:
        if session.last_genomes is None:  # no generation was evaluated (--generations is at least 1)
            print(f"--out {args.out}: no generation was trained, so there are no agents to save", file=sys.stderr)
            return 1
        # The whole final population, best first (deploy uses the level's deploy_agents best).
        population = session.champions(len(session.last_genomes))
        agents = SavedAgents(population, session.level.brain.kind, session.features.names, level.title,
                             str(args.level), session.seed, session.generations)
        where: str | None
        try:
            save_agents(args.out, agents)
            where = str(args.out)
        except OSError as err:  # the folder changed under us: keep the result somewhere
            where = _save_elsewhere(agents, err, args.out)
            if where is None:
                return 1
        print(f"saved the trained population ({len(agents.genomes)} agents, best first) to {where}")
    return 0


def _save_elsewhere(agents: SavedAgents, err: OSError, wanted: str) -> str | None:
    from .core.agents_io import save_agents
    from .core.progress import data_dir

    fallback = data_dir() / time.strftime("agents-%Y%m%d-%H%M%S.npz")
    print(f"--out {wanted}: could not save ({err.strerror or err}); saving to {fallback} instead", file=sys.stderr)
    try:
        save_agents(fallback, agents)
    except OSError as again:
        print(f"{fallback}: could not save either ({again.strerror or again}); the trained agents are lost",
              file=sys.stderr)
        return None
    return str(fallback)


def cmd_deploy(args: argparse.Namespace) -> int:
    from .core.agents_io import AgentsFileError, load_agents
    from .core.batch import FeatureSpace
    from .core.brain_factory import make_brain
    from .core.outcomes import named
    from .core.session import deploy

    level = load_named(args.level)
    try:
        agents = load_agents(args.agents)
    except AgentsFileError as err:
        print(err, file=sys.stderr)
        return 1
    level = level.with_brain(agents.brain)
    features = FeatureSpace.of_level(level)
    brain = make_brain(level.brain, features, level.perception, level)
    if features.names != agents.features or agents.genomes.shape[1] != brain.n_params:
        print(f"{args.agents}: these agents were trained on '{agents.level_title}', whose features differ "
              f"from {args.level}; deploy them on the level they were trained on", file=sys.stderr)
        return 1
    champions = agents.genomes[: level.evolution.deploy_agents]
    report = deploy(level, brain, champions, seed=agents.seed if args.seed is None else args.seed)
    if args.json:
        print(json.dumps({"level": args.level, "brain": agents.brain.value, "deployment": named(report.rates)}))
    else:
        print(f"{len(report.outcomes)} deployed episodes of {level.title}:")
        for outcome, rate in report.rates.items():
            print(f"  {outcome.label:20s} {rate:6.1%}")
    return 0


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command is None or args.command == "play":
            level = getattr(args, "level", None)
            classroom = args.classroom or getattr(args, "classroom_play", False)
            fullscreen = args.fullscreen or getattr(args, "fullscreen_play", False)
            frames = args.frames if getattr(args, "frames_play", None) is None else args.frames_play
            return start_game(level, classroom, fullscreen, frames)
        if args.command == "validate":
            return cmd_validate(args.files)
        if args.command == "train":
            return cmd_train(args)
        if args.command == "deploy":
            return cmd_deploy(args)
        if args.command == "experiment":
            from .cli_experiment import cmd_experiment

            return cmd_experiment(args)
        if args.command == "bench":
            from .bench import run_bench

            return run_bench(quick=args.quick)
    except LevelError as err:
        print(err.describe(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    return 2


def start_game(level: str | None, classroom: bool, fullscreen: bool, frames: int | None = None) -> int:
    level = None if level is None else level_file(level)
    if level is not None and not Path(level).exists():
        print(f"{level}: no such level file (bundled levels can be named alone, e.g. 01_green_exit)", file=sys.stderr)
        return 1
    try:
        from .ui.app import run_game
    except ImportError as err:
        print(f"the game window needs pygame-ce and pygame_gui ({err}); install with: pip install -e .",
              file=sys.stderr)
        return 2
    return run_game(level, classroom=classroom, fullscreen=fullscreen, frames=frames)
