"""Helpers shared by the benchmarks: paths, timing, percentiles, misspellings, subprocess runs."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"

if str(ROOT) not in sys.path:  # `python bench/run.py` from anywhere imports the project's `bot`
    sys.path.insert(0, str(ROOT))
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))


def ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100.0 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def p50_p99(samples_s: Sequence[float]) -> tuple[float, float]:
    """(p50, p99) in milliseconds."""
    return ms(percentile(samples_s, 50)), ms(percentile(samples_s, 99))


async def time_each(items: Sequence[Any], call: Callable[[Any], Awaitable[Any]],
                    warmup: int = 3) -> list[float]:
    """Seconds taken by `await call(item)` for each item (a few warm-up calls first, not counted)."""
    for item in items[:warmup]:
        await call(item)
    out: list[float] = []
    for item in items:
        t0 = time.perf_counter()
        await call(item)
        out.append(time.perf_counter() - t0)
    return out


def sync_time_each(items: Sequence[Any], call: Callable[[Any], Any], warmup: int = 3) -> list[float]:
    for item in items[:warmup]:
        call(item)
    out: list[float] = []
    for item in items:
        t0 = time.perf_counter()
        call(item)
        out.append(time.perf_counter() - t0)
    return out


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def misspell(name: str, rng: random.Random, edits: int = 1) -> str:
    """`name` with `edits` typing slips (swap, drop, double, substitute) inside its longest word.

    The longest word is the surname in most names; its first letter is kept, as people misspell
    names but rarely their first letter.
    """
    words = name.split()
    if not words:
        return name
    idx = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[idx]
    for _ in range(edits):
        if len(word) < 4:
            break
        i = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(4)
        if kind == 0:
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == 1:
            word = word[:i] + word[i + 1:]
        elif kind == 2:
            word = word[:i] + word[i] + word[i:]
        else:
            c = rng.choice(_LETTERS.replace(word[i].lower(), ""))
            word = word[:i] + c + word[i + 1:]
    words[idx] = word
    return " ".join(words)


def one_core() -> None:
    """Pin this process to one CPU, so 'per second' figures are per core."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
    except (AttributeError, OSError):
        pass


def run_json_subprocess(args: Sequence[str], timeout: float = 3600.0, env: dict[str, str] | None = None,
                        ) -> tuple[dict[str, Any], float]:
    """Run `python args...` in a fresh interpreter; returns (its last-line JSON, wall seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=str(ROOT), env={**os.environ, **(env or {})}, check=False)
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"{args[0]} failed with code {proc.returncode}:\n" + "\n".join(tail))
    return json.loads(lines[-1]), wall


def emit(result: dict[str, Any]) -> None:
    """Print one JSON object as the last line of output (what run.py and the smoke test read)."""
    print(json.dumps(result, sort_keys=True), flush=True)


def dir_bytes(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


def machine() -> dict[str, Any]:
    """The machine the figures were measured on."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import platform
    import sqlite3

    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform()}
