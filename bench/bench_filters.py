"""Combined-filter benchmarks at archive scale: /meetings COUNTRY (the largest countries), two countries,
a person and a year, a person's calls, a day, /timeline COUNTRY (by subject) and a plain question.

    python bench/bench_filters.py STORE.sqlite3 [--queries 100]

Prints one JSON object of p50/p99 milliseconds per kind, through bot.answers.answer.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import p50_p99


async def run(db: Path, n: int, seed: int = 7) -> dict[str, Any]:
    from bot.answers import answer
    from bot.store.db import Store

    rnd = random.Random(seed)
    store = await Store.open(db)
    try:
        conn = store.conn
        rows = await conn.execute_fetchall(
            "SELECT country FROM people WHERE country IS NOT NULL GROUP BY country ORDER BY count(*) DESC LIMIT 10"
        )
        top = [str(r[0]) for r in rows]
        if not top:
            raise SystemExit("bench_filters: the store holds no people with a state; ingest a corpus first")
        rows = await conn.execute_fetchall(
            "SELECT p.name, substr(m.date, 1, 4), m.date FROM meeting_participants mp "
            "JOIN people p ON p.id = mp.person_id JOIN meetings m ON m.id = mp.meeting_id "
            "WHERE length(m.date) = 10 ORDER BY random() LIMIT ?",
            (n,),
        )
        people = [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
        kinds: dict[str, tuple[str, list[str]]] = {
            "meetings_country": ("/meetings ", [top[i % len(top)] for i in range(n)]),
            "meetings_two_countries": ("/meetings ", [f"{rnd.choice(top)} and {rnd.choice(top)}" for _ in range(n)]),
            "meetings_person_year": ("/meetings ", [f"{p}, {y}" for p, y, _ in people]),
            "meetings_person_calls": ("/meetings ", [f"{p}, calls" for p, _, _ in people]),
            "meetings_day": ("/meetings ", [d for _, _, d in people]),
            "timeline_country": ("/timeline ", [top[i % len(top)] for i in range(n)]),
            "question_whom_met": ("", [f"whom did {p} meet in {y}?" for p, y, _ in people]),
        }
        await answer(store, f"/who {people[0][0]}")  # the name index is built before timing
        await answer(store, f"whom did {people[0][0]} meet?")  # and the mention counts questions use
        out: dict[str, Any] = {"queries_per_figure": n}
        for kind, (cmd, items) in kinds.items():
            for text in items[:3]:
                await answer(store, cmd + text)
            samples = []
            for text in items:
                t0 = time.perf_counter()
                await answer(store, cmd + text)
                samples.append(time.perf_counter() - t0)
            out[f"{kind}_p50_ms"], out[f"{kind}_p99_ms"] = p50_p99(samples)
        return out
    finally:
        await store.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("--queries", type=int, default=100)
    args = ap.parse_args()
    if not args.db.is_file():
        print(f"bench_filters: no store at {args.db} (build one with bench/run.py --keep)", file=sys.stderr)
        return 2  # opening a missing path would create an empty store and measure nothing
    print(json.dumps(asyncio.run(run(args.db, args.queries))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
