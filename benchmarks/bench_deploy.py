"""Frame-time probe for deploying: the longest UI frame from pressing D in the training scene until
the deployment is on screen, and from pressing G until the GIF is saved.

    python benchmarks/bench_deploy.py [--sizes 64 128] [--frames 30] [--rounds 3] [--code DIR]

For levels 03 and 05 and a generated level of each size (population 64, 16 training and 16
deployment mazes), trains the level to its end (2 generations), presses D, and keeps drawing frames
(60 fps pacing) until the deployment report is in and `--frames` more; then presses G (save the
selected episode as a GIF) and draws until the game says where it saved it. Prints per case the
longest frame of each (the median over `--rounds` presses, each on a fresh training, with no
compiled mazes kept from the round before) and how long the report took. Target: no frame over
100 ms. `--code DIR` measures another checkout of the game with this script (e.g. an export of the
commit before a change). Uses the real display if there is one, else SDL's dummy driver (the first
line says which).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def probe(app, path: Path, after: int, deadline_s: float = 120.0) -> tuple[float, float, float]:
    """(longest frame from pressing D, seconds until the report was in, longest frame from pressing
    G until the GIF was saved)."""
    import pygame

    from game.core import batch
    from game.ui.levels_index import load_entry
    from game.ui.run_state import RunState
    from game.ui.scenes.training import TrainingScene

    entry = load_entry(path)
    if entry.level is None:
        raise ValueError(entry.error)
    training = TrainingScene(app, RunState.start(entry))
    app.push(training)
    training.speed = 6  # flat out: no replay between generations
    deadline = time.perf_counter() + deadline_s
    while not training.finished:
        app.frame([], 1 / 60)
        time.sleep(0.005)
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{path.name}: not trained within {deadline_s:.0f} s")
    batch.clear_cache()  # a player's first deployment of these agents: its mazes are not compiled yet
    d = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_d, mod=0, unicode="d", scancode=0)
    longest, waited = timed_frames(app, [d], lambda: type(app.scene).__name__ == "DeployScene"
                                   and app.scene.report is not None, after, deadline, f"{path.name}: no deployment")
    gif_longest = save_gif(app, deadline)
    app.pop()  # the deployment
    training.back()
    return longest, waited, gif_longest


def save_gif(app, deadline: float) -> float:
    """The longest frame from pressing G (save the selected episode as a GIF) until the game says
    where it saved it (a few frames more)."""
    import pygame

    def press(k: int) -> pygame.event.Event:
        return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)

    for event in ([press(pygame.K_1)], [press(pygame.K_SPACE)], []):  # past the prediction and the swap
        app.frame(event, 1 / 60)
    assert app.scene.phase == "run", app.scene.phase
    app._toast = None

    def saved() -> bool:
        toast = app._toast
        return toast is not None and toast[0].startswith(("GIF saved", "Cannot save"))

    return timed_frames(app, [press(pygame.K_g)], saved, 5, deadline, "the GIF was not saved")[0]


def timed_frames(app, events: list, done, after: int, deadline: float, what: str) -> tuple[float, float]:
    """Draw frames at 60 fps pacing, `events` in the first, until done() holds and `after` frames
    more: (the longest frame, seconds until done). TimeoutError past `deadline` (perf_counter)."""
    import pygame

    longest, start, extra, waited = 0.0, time.perf_counter(), None, 0.0
    while extra is None or extra > 0:
        t = time.perf_counter()
        app.frame(events, 1 / 60)
        pygame.display.flip()
        events = []
        took = time.perf_counter() - t
        longest = max(longest, took)
        if extra is None and done():
            extra, waited = after, time.perf_counter() - start
        elif extra is not None:
            extra -= 1
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{what} within the deadline")
        time.sleep(max(0.0, 1 / 60 - took))
    return longest, waited


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[64, 128], help="sides of the generated levels")
    parser.add_argument("--frames", type=int, default=30, help="frames to keep drawing after the report is in")
    parser.add_argument("--rounds", type=int, default=3, help="presses of D per level (the median is printed)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout of the game to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    if not (os.environ.get("DISPLAY") or os.environ.get("SDL_VIDEODRIVER")):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    driver = os.environ.get("SDL_VIDEODRIVER") or f"x11 (DISPLAY={os.environ.get('DISPLAY')})"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    import pygame

    import game
    from game.bench import generated_level_text
    from game.resources import campaign_levels
    from game.ui.app import App

    print(f"video driver: {driver}; cores: {os.cpu_count()}; load average {load:.1f}; "
          f"code: {Path(game.__file__).resolve().parents[1]}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MESA_MAZE_HOME"] = tmp  # the runs are saved to progress: not the player's
        app = App(size=(1280, 720))
        app.home()
        cases = [p for p in campaign_levels() if p.name.startswith(("03", "05"))]
        for size in args.sizes:
            path = Path(tmp) / f"generated_{size}x{size}.yaml"
            text = generated_level_text(size, population=64, episodes=16, pool=16, max_steps=min(size * 4, 400))
            path.write_text(text.replace("generations: 10", "generations: 2"))
            cases.append(path)
        worst = 0.0
        for path in cases:
            rounds = [probe(app, path, args.frames) for _ in range(args.rounds)]
            longest = statistics.median(r[0] for r in rounds)
            waited = statistics.median(r[1] for r in rounds)
            gif = statistics.median(r[2] for r in rounds)
            worst = max(worst, longest, gif)
            print(f"  {path.name:24s} D: longest frame {longest * 1000:6.1f} ms (rounds: "
                  f"{', '.join(f'{r[0] * 1000:.0f}' for r in rounds)}), report in after {waited:5.2f} s; "
                  f"G: longest frame {gif * 1000:6.1f} ms", flush=True)
    print(f"longest frame overall: {worst * 1000:.1f} ms (target <= 100 ms)")
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
