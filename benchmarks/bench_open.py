"""Frame-time probe: the longest UI frame while opening a level's training, and after pressing R.

    python benchmarks/bench_open.py [--frames 30] [--size 64]

For every bundled level, and a generated level of --size x --size: open its training scene, keep
drawing frames (60 fps pacing) until the first generation is on screen and `--frames` more; then
press R (a new seed) and do the same. Prints, per case, the longest frame and how long until the
first generation showed. Target: no frame over 100 ms (the session is built off the UI thread).
Uses the real display if there is one, else SDL's dummy driver (the first line says which).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def probe(app, path: Path, after: int, deadline_s: float = 120.0) -> tuple[float, float, float, float]:
    """(longest frame opening, seconds to first generation, longest frame after R, seconds to it again)."""
    import pygame

    from game.ui.levels_index import load_entry
    from game.ui.run_state import RunState
    from game.ui.scenes.training import TrainingScene

    entry = load_entry(path)
    if entry.level is None:
        raise ValueError(entry.error)
    run = RunState.start(entry)

    def until_shown(first_events, scene) -> tuple[float, float]:
        longest, start, events, extra = 0.0, time.perf_counter(), first_events, None
        deadline = start + deadline_s
        while extra is None or extra > 0:
            t = time.perf_counter()
            if callable(events):
                events()
                events = []
            app.frame(events, 1 / 60)
            pygame.display.flip()
            events = []
            took = time.perf_counter() - t
            longest = max(longest, took)
            if extra is None and scene.current is not None:
                extra, shown = after, time.perf_counter() - start
            elif extra is not None:
                extra -= 1
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{path.name}: no generation within {deadline_s:.0f} s")
            time.sleep(max(0.0, 1 / 60 - took))
        return longest, shown

    scene = TrainingScene(app, run)
    open_longest, open_wait = until_shown(lambda: app.push(scene), scene)
    r = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_r, mod=0, unicode="r", scancode=0)
    r_longest, r_wait = until_shown([r], scene)
    scene.trainer.close()
    app.pop()
    return open_longest, open_wait, r_longest, r_wait


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=30, help="frames to keep drawing after the first generation")
    parser.add_argument("--size", type=int, default=64, help="side of the generated level")
    args = parser.parse_args()
    if not (os.environ.get("DISPLAY") or os.environ.get("SDL_VIDEODRIVER")):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    driver = os.environ.get("SDL_VIDEODRIVER") or f"x11 (DISPLAY={os.environ.get('DISPLAY')})"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"video driver: {driver}; cores: {os.cpu_count()}; load average {load:.1f}")
    import pygame

    from game.bench import generated_level_text
    from game.resources import campaign_levels
    from game.ui.app import App

    app = App(size=(1280, 720))
    app.home()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / f"generated_{args.size}x{args.size}.yaml"
        big.write_text(generated_level_text(args.size, population=64, episodes=16, pool=16, max_steps=args.size * 4))
        worst = 0.0
        for path in [*campaign_levels(), big]:
            try:
                o, ow, r, rw = probe(app, path, args.frames)
            except (ValueError, TimeoutError) as err:
                print(f"  {path.name}: not measured ({err})")
                continue
            worst = max(worst, o, r)
            print(f"  {path.name:28s} open: longest frame {o * 1000:6.1f} ms, first generation after {ow:5.2f} s;"
                  f"  R: longest frame {r * 1000:6.1f} ms, first generation after {rw:5.2f} s", flush=True)
    print(f"longest frame overall: {worst * 1000:.1f} ms (target <= 100 ms)")
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
