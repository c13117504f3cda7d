"""Extraction cost on pathological articles: time per KB for names lists, long title chains, one huge
line and many meeting lists, at growing sizes; one JSON line.

python bench/bench_pathological.py [--max-kb 1024]

Names are invented from syllables (never from any text). A near-linear extractor keeps `ms_per_kb` flat as
`kb` grows; the per-article budget (bot/extract/engine.py) caps what one article may cost.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.dates import PartialDate  # noqa: E402
from bot.extract.engine import extract  # noqa: E402
from bot.extract.lexicon import load  # noqa: E402

_SYL = ["ka", "ro", "mi", "tel", "va", "nor", "bek", "sa", "lin", "dor", "zu", "per", "ga", "mon", "ti", "rex"]


def invented_name(rng: random.Random) -> str:
    def word(n: int) -> str:
        return "".join(rng.choice(_SYL) for _ in range(n)).capitalize()

    return f"{word(2)} {word(3)}"


def names_list(kb: int, rng: random.Random) -> str:
    lines: list[str] = []
    size = 0
    while size < kb * 1024:
        line = f"{invented_name(rng)} met."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def title_chain(kb: int, rng: random.Random) -> str:
    n = max(1, kb * 1024 // len("Deputy "))
    return "Deputy " * n + f"Minister {invented_name(rng)}."


def huge_line(kb: int, rng: random.Random) -> str:
    parts: list[str] = []
    size = 0
    while size < kb * 1024:
        part = f"{invented_name(rng)} and {invented_name(rng)} discussed trade"
        parts.append(part)
        size += len(part) + 2
    return ", ".join(parts)  # no full stop: one sentence, one line


def meeting_lists(kb: int, rng: random.Random) -> str:
    paras: list[str] = []
    size = 0
    while size < kb * 1024:
        guests = ", ".join(invented_name(rng) for _ in range(8))
        para = f"On 3 March 2021 Foreign Minister {invented_name(rng)} met {guests} in Vienna to discuss energy."
        paras.append(para)
        size += len(para) + 2
    return "\n\n".join(paras)


SHAPES: dict[str, Callable[[int, random.Random], str]] = {
    "names_list": names_list,
    "title_chain": title_chain,
    "huge_line": huge_line,
    "meeting_lists": meeting_lists,
}


def measure(shape: str, kb: int) -> dict[str, float | int | str]:
    text = SHAPES[shape](kb, random.Random(kb))
    t0 = time.perf_counter()
    result = extract(text, PartialDate(2021, 3, 3), None)
    seconds = time.perf_counter() - t0
    real_kb = len(text.encode()) / 1024
    return {
        "shape": shape,
        "kb": round(real_kb),
        "seconds": round(seconds, 3),
        "ms_per_kb": round(1000 * seconds / real_kb, 2),
        "people": len(result.people),
        "meetings": len(result.meetings),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--max-kb", type=int, default=1024)
    args = ap.parse_args()
    load()
    sizes = [kb for kb in (4, 16, 32, 64, 1024, 4096) if kb <= args.max_kb] or [args.max_kb]
    rows = [measure(shape, kb) for shape in SHAPES for kb in sizes]
    for row in rows:
        print(
            f"{row['shape']:<14} {row['kb']:>6} KB {row['seconds']:>8.3f} s {row['ms_per_kb']:>8.2f} ms/KB "
            f"people={row['people']} meetings={row['meetings']}",
            file=sys.stderr,
        )
    print(json.dumps({"bench": "pathological", "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
