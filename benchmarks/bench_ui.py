"""Benchmark the game's frame time while training runs, and its start-up time to the first frame.

    python benchmarks/bench_ui.py [--level levels/01_green_exit.yaml] [--frames 600]

Frame time = one full frame (events, update, draw of >= 256 agents, widgets, flip) at 1280x720,
while the base optimizer keeps training on its worker thread. Targets: p99 <= 20 ms, start-up
<= 1.5 s. Uses the real display if there is one, else SDL's dummy driver (say which you used).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_FRAME = """
import time, sys
t0 = float(sys.argv[1])
from game.ui.app import App
import pygame
app = App()
app.home()
app.frame([], 1 / 60)
pygame.display.flip()
print(time.time() - t0)
pygame.quit()
"""


def startup(runs: int = 3) -> list[float]:
    """Seconds from launching a fresh interpreter to the first frame on screen."""
    out = []
    for _ in range(runs):
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(t0)], cwd=ROOT, capture_output=True, text=True,
                              check=True)
        out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def frame_times(level_path: str, n: int, speed: int) -> tuple[list[float], int, int]:
    """Per-frame seconds with training running; also agents drawn per frame and generations trained."""
    import pygame

    from game.ui.app import App
    from game.ui.levels_index import load_entry
    from game.ui.run_state import RunState
    from game.ui.scenes.training import TrainingScene

    app = App(size=(1280, 720))
    entry = load_entry(Path(level_path))
    run = RunState.start(entry)
    run.level = replace(run.level, evolution=replace(run.level.evolution, generations=100_000))  # never finishes
    scene = TrainingScene(app, run)
    app.push(scene)
    scene.speed = speed
    for _ in range(30):  # warm-up: fonts, maze surfaces
        app.frame([], 1 / 60)
        pygame.display.flip()
    times = []
    first_gen = scene.current.record.generation if scene.current else 0
    for _ in range(n):
        t = time.perf_counter()
        app.frame([], 1 / 60)
        pygame.display.flip()
        times.append(time.perf_counter() - t)
        time.sleep(max(0.0, 1 / 60 - times[-1]))  # a 60 fps loop leaves the rest of the frame to the worker
    gen = scene.current.record.generation
    agents = scene.agents_drawn
    scene.trainer.close()
    pygame.quit()
    return times, agents, gen - first_gen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", default=str(ROOT / "levels" / "01_green_exit.yaml"))
    parser.add_argument("--frames", type=int, default=600)
    args = parser.parse_args()
    if not (os.environ.get("DISPLAY") or os.environ.get("SDL_VIDEODRIVER")):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    driver = os.environ.get("SDL_VIDEODRIVER") or f"x11 (DISPLAY={os.environ.get('DISPLAY')})"
    print(f"video driver: {driver}; cores: {os.cpu_count()}")
    import numpy as np

    from game.ui.scenes.training import SPEEDS

    for speed in (3, len(SPEEDS) - 1):
        times, agents, gens = frame_times(args.level, args.frames, speed)
        ms = np.array(times) * 1000
        label = "max (a new generation every frame)" if SPEEDS[speed] == float("inf") else f"{SPEEDS[speed]:g}x replay"
        print(f"training at {label}: {agents} agents drawn, {gens} generations trained in {len(ms)} frames; "
              f"frame time median {np.median(ms):.2f} ms, p99 {np.percentile(ms, 99):.2f} ms, max {ms.max():.2f} ms")
    starts = startup()
    print(f"start-up to first frame: median {np.median(starts):.2f} s (runs: {', '.join(f'{s:.2f}' for s in starts)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
