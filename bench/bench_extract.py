"""Extraction speed: articles per second over the seed and dev articles, repeated; one JSON line.

python bench/bench_extract.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.dates import PartialDate  # noqa: E402
from bot.extract.engine import extract  # noqa: E402
from bot.extract.lexicon import load  # noqa: E402


def _articles() -> list[str]:
    dirs = [
        ROOT / "seeds",
        ROOT.parent / "shared" / "seeds",
        ROOT.parent / "shared" / "eval" / "dev" / "articles",
    ]
    texts: list[str] = []
    seen: set[str] = set()
    for d in dirs:
        for f in sorted(d.glob("*.txt")) if d.is_dir() else []:
            if f.name not in seen:
                seen.add(f.name)
                texts.append(f.read_text(encoding="utf-8"))
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=50)
    args = ap.parse_args()
    texts = _articles()
    if not texts:
        print(json.dumps({"error": "no articles found"}))
        return 1
    t0 = time.perf_counter()
    load()
    lexicon_s = time.perf_counter() - t0
    published = PartialDate(2023, 5, 14)
    n = 0
    t0 = time.perf_counter()
    c0 = time.process_time()  # CPU time: steady when other processes share the machine
    for _ in range(args.rounds):
        for text in texts:
            extract(text, published)
            n += 1
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    chars = sum(len(t) for t in texts) * args.rounds
    print(
        json.dumps(
            {
                "bench": "extract",
                "articles": n,
                "wall_seconds": round(elapsed, 3),
                "cpu_seconds": round(cpu, 3),
                "articles_per_second": round(n / cpu, 1),
                "articles_per_wall_second": round(n / elapsed, 1),
                "chars_per_second": round(chars / cpu),
                "lexicon_load_seconds": round(lexicon_s, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
