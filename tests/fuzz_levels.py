"""A seeded mutation fuzzer over the bundled levels: each document is a bundled level with a few
random edits (lines deleted, duplicated, swapped, re-indented; values replaced by hostile tokens
or extreme numbers; keys misspelt). The loader must answer every one with a Level or a LevelError
that is not an internal error; the work of each answer is counted (cells realised, characters
parsed), and every accepted level must train one generation.

    python -m tests.fuzz_levels 10000        # the long run by hand; prints figures and times
tests/test_fuzz.py runs a few hundred documents (MESA_MAZE_FUZZ=N for more).
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.core import level_checks, loader
from game.core.errors import LevelError
from game.core.level import Level
from game.core.session import TrainingSession

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "levels").glob("*.yaml")) + [ROOT / "tests" / "levels" / "good_minimal.yaml"]
TOKENS = ["-1", "0", "1", "2", "0.5", "1.5", "1e3", "1e9", "-1e9", ".nan", "-.inf", "1e309", "99999999999999999999",
          "128", "129", "4096", "65536", "10000", "[", "]", "{", "}", "'", '"', "*a", "&a", "<<: *a", "!!binary x",
          "!!python/object/apply:os.system ['true']", "true", "null", "~", "[]", "{}", "[9, 9]", "[128, 128]",
          "[0, 0]", "anywhere", "exit", "gem", "apple", "\t", ":", "- ", "#", "|", ">", "S", "E", "green",
          "reflex", "deceptive", "planner", "es", "ga", "\u200b", "\u202e", "é", "x" * 300]
MUTATIONS = ("delete", "duplicate", "swap", "token", "number", "indent", "key", "text")


def mutate(text: str, rng: np.random.Generator) -> str:
    lines = text.split("\n")
    for _ in range(int(rng.integers(1, 5))):
        if not lines:
            lines = [""]
        i = int(rng.integers(0, len(lines)))
        op = MUTATIONS[int(rng.integers(0, len(MUTATIONS)))]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = int(rng.integers(0, len(lines)))
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("token", "number", "text"):
            if op == "number":
                numbers = list(re.finditer(r"-?\d+(?:\.\d+)?", lines[i]))
                if not numbers:
                    continue
                hit = numbers[int(rng.integers(0, len(numbers)))]
                new = ["0", "-1", "1", "3", "128", "4096", "10000", "1e3", "0.001", "1e9"][int(rng.integers(0, 10))]
                lines[i] = lines[i][: hit.start()] + new + lines[i][hit.end():]
                continue
            if op == "token":
                new = TOKENS[int(rng.integers(0, len(TOKENS)))]
            else:
                new = "".join(chr(int(c)) for c in rng.integers(32, 0x2FF, size=int(rng.integers(0, 9))))
            words = re.split(r"(\W)", lines[i])
            k = int(rng.integers(0, max(len(words), 1)))
            words[k:k + 1] = [new]
            lines[i] = "".join(words)
        elif op == "indent":
            lines[i] = " " * int(rng.integers(0, 9)) + lines[i].lstrip()
        else:  # misspell a key
            match = re.match(r"(\s*-?\s*)([a-z_]+)(:.*)", lines[i])
            if match and len(match.group(2)) > 2:
                key = match.group(2)
                pos = int(rng.integers(0, len(key)))
                lines[i] = match.group(1) + key[:pos] + key[pos + 1:] + match.group(3)
    return "\n".join(lines)


@dataclass
class Figures:
    documents: int = 0
    accepted: int = 0
    refused: int = 0
    trained: int = 0
    internal: list[str] = field(default_factory=list)
    train_errors: list[str] = field(default_factory=list)
    max_cells: int = 0
    max_chars: int = 0
    max_seconds: float = 0.0  # wall time of one load (the machine may be busy)
    over_2s: int = 0
    max_cpu: float = 0.0  # CPU time of one load
    cpu_over_2s: int = 0

    def summary(self) -> str:
        return (f"{self.documents} documents: {self.accepted} accepted (trained one generation: {self.trained}), "
                f"{self.refused} refused with a message; internal errors {len(self.internal)}, training errors "
                f"{len(self.train_errors)}; most work in one document: {self.max_cells:,} cells realised, "
                f"{self.max_chars:,} characters parsed; slowest load {self.max_seconds:.2f} s wall "
                f"({self.over_2s} over 2 s), {self.max_cpu:.2f} s CPU ({self.cpu_over_2s} over 2 s)")


class _Meter:
    """Counts the loader's work by wrapping the two places it is spent (knob variants load through the loader too)."""

    def __init__(self) -> None:
        self.cells = 0
        self.chars = 0
        self._realise = level_checks.realise
        self._read = loader.read_document

    def __enter__(self) -> _Meter:
        def realise(level, index, spec, rng):
            self.cells += level_checks.cells(spec)
            return self._realise(level, index, spec, rng)

        def read(text, file):
            self.chars += len(text)
            return self._read(text, file)

        level_checks.realise, loader.read_document = realise, read
        return self

    def __exit__(self, *exc) -> None:
        level_checks.realise, loader.read_document = self._realise, self._read


def run(count: int, seed: int = 0, train: bool = True, progress: bool = False) -> Figures:
    rng = np.random.default_rng(seed)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    figures = Figures()
    for n in range(count):
        if progress and n and n % 1000 == 0:
            print(f"  {n} documents, {len(figures.internal)} internal errors", file=sys.stderr, flush=True)
        text = mutate(texts[n % len(texts)], rng)
        figures.documents += 1
        started, cpu = time.perf_counter(), time.process_time()
        with _Meter() as meter:
            try:
                level = loader.load_level_text(text, "fuzz.yaml")
            except LevelError as err:
                level = None
                figures.refused += 1
                if "internal error" in err.message or not err.fix or err.line < 1 or err.col < 1:
                    figures.internal.append(f"#{n}: {err}")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        figures.max_cpu = max(figures.max_cpu, cpu)
        figures.cpu_over_2s += cpu > 2
        figures.max_cells = max(figures.max_cells, meter.cells)
        figures.max_chars = max(figures.max_chars, meter.chars)
        figures.max_seconds = max(figures.max_seconds, seconds)
        figures.over_2s += seconds > 2
        if isinstance(level, Level):
            figures.accepted += 1
            if train:
                try:
                    record = TrainingSession(level, seed=0).step()
                    if not (np.isfinite(record.best) and np.isfinite(record.mean)):
                        raise ValueError(f"fitness is not finite (best {record.best}, mean {record.mean})")
                    figures.trained += 1
                except Exception as exc:  # noqa: BLE001 - the fuzzer reports every failure
                    figures.train_errors.append(f"#{n}: {type(exc).__name__}: {exc}")
    return figures


if __name__ == "__main__":
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    start = time.perf_counter()
    result = run(total, seed=int(sys.argv[2]) if len(sys.argv) > 2 else 0, progress=True)
    print(result.summary())
    for line in (result.internal + result.train_errors)[:20]:
        print("  ", line)
    print(f"wall {time.perf_counter() - start:.0f} s")
