"""Frame-time probe from start-up: the longest UI frame on the title screen, the first visit to
the level list, the first level's intro and its training scene, in a fresh process.

    python benchmarks/bench_startup.py [--runs 3] [--busy 0] [--profile]

Each run starts a fresh interpreter (nothing cached: fonts, pictures, the level index) and drives
the game as a player would, at 60 fps pacing: `--title` frames of the title screen, Enter (the
level list) until every level is listed and `--frames` more, Enter (the first level's intro),
Enter (training) until the first generation is on screen and `--frames` more. It prints, per
phase, the longest frame and which frame it was. Target: no frame over 100 ms.
`--plain` starts the app without the splash and the level list's start-up load (as tests make it).
`--busy N` keeps N other processes spinning meanwhile (a loaded classroom machine: 2 cores
shared); the load average is printed. `--profile` prints where the longest frame went.
Uses the real display if there is one, else SDL's dummy driver (the first line says which).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHASES = ("title", "level list", "intro", "training")


def _spin(stop: float) -> None:
    while time.time() < stop:
        pass


def one_run(title_frames: int, after: int, profile: bool, preload: bool, deadline_s: float = 120.0) -> dict:
    """Runs in the child: the per-phase longest frame (ms), its index, and the frames drawn."""
    import cProfile
    import io
    import pstats

    import pygame

    from game.ui.app import App

    started = time.perf_counter()
    app = App(size=(1280, 720))
    app.home()
    app.splash = app.preload_levels = preload  # as run_game does (game/ui/app.py), where the game has them
    startup = time.perf_counter() - started
    out: dict = {"startup_s": startup, "phases": {}}
    worst_profile: tuple[float, cProfile.Profile | None, str] = (0.0, None, "")

    def key(k: int) -> pygame.event.Event:
        return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="\r", scancode=0)

    def phase(name: str, events: list, ready, extra: int) -> None:
        nonlocal worst_profile
        longest, at, n, left = 0.0, -1, 0, None
        deadline = time.perf_counter() + deadline_s
        while left is None or left > 0:
            prof = cProfile.Profile() if profile else None
            t = time.perf_counter()
            if prof:
                prof.enable()
            app.frame(events, 1 / 60)
            pygame.display.flip()
            if prof:
                prof.disable()
            took = time.perf_counter() - t
            events = []
            if took > longest:
                longest, at = took, n
            if prof and took > worst_profile[0]:
                worst_profile = (took, prof, f"{name}, frame {n}")
            n += 1
            if left is None and ready():
                left = extra
            elif left is not None:
                left -= 1
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{name}: not ready within {deadline_s:.0f} s")
            time.sleep(max(0.0, 1 / 60 - took))
        out["phases"][name] = {"longest_ms": longest * 1000, "at_frame": at, "frames": n,
                               "scene": type(app.scene).__name__}

    def listed() -> bool:
        scene = app.scene
        return bool(getattr(scene, "entries", None)) and not getattr(scene, "loading", None)

    phase("title", [], lambda: True, title_frames)
    phase("level list", [key(pygame.K_RETURN)], listed, after)
    phase("intro", [key(pygame.K_RETURN)], lambda: type(app.scene).__name__ == "IntroScene", after)
    phase("training", [key(pygame.K_RETURN)], lambda: getattr(app.scene, "current", None) is not None, after)
    trainer = getattr(app.scene, "trainer", None)
    if trainer is not None:
        trainer.close()
    if worst_profile[1] is not None:
        text = io.StringIO()
        pstats.Stats(worst_profile[1], stream=text).sort_stats("cumulative").print_stats(25)
        out["profile"] = f"longest frame: {worst_profile[2]}, {worst_profile[0] * 1000:.1f} ms\n{text.getvalue()}"
    app.quit()
    pygame.quit()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to measure")
    parser.add_argument("--title", type=int, default=30, help="frames of the title screen before Enter")
    parser.add_argument("--frames", type=int, default=30, help="frames to keep drawing once a phase is ready")
    parser.add_argument("--busy", type=int, default=0, help="other processes spinning meanwhile")
    parser.add_argument("--profile", action="store_true", help="print where the longest frame went")
    parser.add_argument("--plain", action="store_true",
                        help="no start-up splash and no level list loaded at start-up (the app as tests make it)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (os.environ.get("DISPLAY") or os.environ.get("SDL_VIDEODRIVER")):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(one_run(args.title, args.frames, args.profile, not args.plain)))
        return 0
    driver = os.environ.get("SDL_VIDEODRIVER") or f"x11 (DISPLAY={os.environ.get('DISPLAY')})"
    spinners = [multiprocessing.Process(target=_spin, args=(time.time() + 3600,), daemon=True)
                for _ in range(args.busy)]
    for p in spinners:
        p.start()
    try:
        time.sleep(2.0 if spinners else 0.0)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"video driver: {driver}; cores: {os.cpu_count()}; {args.busy} busy processes; "
              f"{'no splash, level list loaded when first opened' if args.plain else 'as run_game starts'}; "
              f"load average {load:.1f}", flush=True)
        worst: dict[str, float] = {name: 0.0 for name in PHASES}
        for run in range(args.runs):
            command = [sys.executable, __file__, "--child", "--title", str(args.title), "--frames", str(args.frames)]
            command += ["--profile"] if args.profile else []
            command += ["--plain"] if args.plain else []
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                print(f"run {run + 1}: failed\n{proc.stderr[-2000:]}")
                return 1
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            parts = []
            for name in PHASES:
                p = result["phases"][name]
                worst[name] = max(worst[name], p["longest_ms"])
                parts.append(f"{name} {p['longest_ms']:6.1f} ms (frame {p['at_frame']} of {p['frames']})")
            print(f"run {run + 1}: window and app made in {result['startup_s']:.2f} s; longest frame: "
                  + "; ".join(parts), flush=True)
            if "profile" in result:
                print(result["profile"])
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        overall = max(worst.values())
        print("worst over runs: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in worst.items()) +
              f"; overall {overall:.1f} ms (target <= 100 ms); load average now {load:.1f}")
    finally:
        for p in spinners:
            p.terminate()
            p.join(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
