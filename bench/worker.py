"""A fresh worker process: open the store, get ready to answer, optionally answer a batch of queries.

Used by bench_startup (time to ready) and bench_memory (peak resident memory). Prints one JSON object:

    python bench/worker.py --db bench/out/store-1000.sqlite3 --queries 200
"""

from __future__ import annotations

import time

T_START = time.perf_counter()  # before any project import

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


async def work(db: Path, queries: int, seed: int) -> dict[str, float]:
    from bot.answers import answer
    from bot.store.db import Store

    t_import = time.perf_counter()
    store = await Store.open(db)
    t_open = time.perf_counter()
    async with store.conn.execute("SELECT name FROM people ORDER BY id LIMIT 1") as cur:
        row = await cur.fetchone()
    first = str(row[0]) if row else "nobody"
    await answer(store, f"/who {first[:-1]}")  # a misspelt /who builds whatever the answers layer indexes
    t_ready = time.perf_counter()
    answered = 0
    if queries:
        from bench_queries import sample_inputs

        inputs = await sample_inputs(store, max(1, queries // 4), seed)
        texts = [f"/who {w[0]}" for w in inputs["who"]]
        texts += [f"/meetings {m[0]}" for m in inputs["meetings"]]
        texts += [f"/timeline {t[0]}" for t in inputs["timeline"]]
        texts += [f"/search {s[0]} {s[1]}" for s in inputs["search"]]
        for text in texts:
            await answer(store, text)
            await answer(store, text, page=1)
            answered += 2
    await store.close()
    t_done = time.perf_counter()
    return {
        "import_s": round(t_import - T_START, 4),
        "open_s": round(t_open - t_import, 4),
        "index_s": round(t_ready - t_open, 4),
        "ready_s": round(t_ready - T_START, 4),
        "batch_s": round(t_done - t_ready, 4),
        "answered": answered,
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=0)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    print(json.dumps(asyncio.run(work(args.db, args.queries, args.seed))), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
