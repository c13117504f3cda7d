"""Query benchmarks: /who (misspelt), /meetings PERSON, /timeline RANGE, /search TWO WORDS.

Each command is timed through the answers layer (`bot.answers.answer`) and, in the same run, against
its floor: the bare SQLite query fetching the same rows through the same connection (for /who also
rapidfuzz over every stored spelling with a plain scan). Prints one JSON object as its last line:

    python bench/bench_queries.py --db bench/out/store-1000.sqlite3 --queries 300
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, misspell, ms, one_core, p50_p99, time_each

PAGE = 10  # rows on a first page for the floors when the answers layer does not say

_SEARCH_WORDS = [
    ("bilateral", "relations"), ("regional", "security"), ("water", "energy"), ("transport", "corridors"),
    ("counter", "terrorism"), ("climate", "change"), ("nuclear", "proliferation"),
    ("sustainable", "development"),
    ("investment", "projects"), ("humanitarian", "ties"), ("digital", "transformation"), ("food", "security"),
    ("security", "council"), ("labour", "mobility"), ("visa", "liberalisation"), ("peace", "process"),
    ("peacekeeping", "operations"), ("gender", "equality"), ("transit", "logistics"), ("raw", "materials"),
    ("green", "hydrogen"), ("science", "exchanges"), ("biological", "safety"), ("rivers", "border"),
    ("tourism", "cooperation"), ("space", "research"), ("irrigation", "agriculture"), ("embassy", "building"),
    ("memorandum", "understanding"), ("forum", "diplomats"), ("flag", "ceremony"), ("keynote", "address"),
]


def page_size() -> int:
    """Items on a first page as the answers layer packs them (bot.answers.fmt.PAGE_ITEMS), else 10."""
    try:
        from bot.answers import fmt
    except ImportError:
        return PAGE
    value = getattr(fmt, "PAGE_ITEMS", PAGE)
    return value if isinstance(value, int) and value > 0 else PAGE


async def sample_inputs(store: Any, n: int, seed: int) -> dict[str, list[Any]]:
    """Queries for each command, drawn from what the store holds."""
    rng = random.Random(seed)
    conn = store.conn
    async with conn.execute("SELECT id, name, key FROM people") as cur:
        people = [(int(r[0]), str(r[1]), str(r[2])) for r in await cur.fetchall()]
    async with conn.execute("""SELECT person_id, count(*) AS c FROM meeting_participants
                               GROUP BY person_id ORDER BY c DESC""") as cur:
        met = [(int(r[0]), int(r[1])) for r in await cur.fetchall()]
    async with conn.execute("SELECT min(date), max(date) FROM events WHERE date IS NOT NULL") as cur:
        row = await cur.fetchone()
    lo_year = int(str(row[0])[:4]) if row and row[0] else 2005
    hi_year = int(str(row[1])[:4]) if row and row[1] else 2024
    if not people:
        raise RuntimeError("the store holds no people: did ingest extract anything?")
    names = {pid: (name, key) for pid, name, key in people}

    who: list[tuple[str, str]] = []  # (misspelt text, correct key)
    for _ in range(n):
        _, name, key = rng.choice(people)
        text = name if rng.random() < 0.7 else max(name.split(), key=len)
        who.append((misspell(text, rng), key))

    meetings: list[tuple[str, int]] = []  # (name as stored, person id)
    if met:
        head = met[:50]
        for _ in range(n):
            pid = (rng.choice(head) if rng.random() < 0.2 else rng.choice(met))[0]
            meetings.append((names[pid][0], pid))

    timeline: list[tuple[str, str, str]] = []  # (range text, lo, hi)
    for _ in range(n):
        year = rng.randint(lo_year, hi_year)
        if rng.random() < 0.7:
            month = rng.randint(1, 12)
            nxt = f"{year + 1:04d}-01" if month == 12 else f"{year:04d}-{month + 1:02d}"
            timeline.append((f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}", nxt))
        else:
            timeline.append((f"{year:04d}", f"{year:04d}", f"{year + 1:04d}"))

    search = [rng.choice(_SEARCH_WORDS) for _ in range(n)]
    return {"who": who, "meetings": meetings, "timeline": timeline, "search": search}


async def run(db: Path, n: int, seed: int = 7) -> dict[str, Any]:
    from rapidfuzz import fuzz, process

    from bot.answers import answer
    from bot.store.db import Store

    size = page_size()
    store = await Store.open(db)
    out: dict[str, Any] = {"queries_per_figure": n, "page_size": size}
    try:
        inputs = await sample_inputs(store, n, seed)
        conn = store.conn

        # Ready first: whatever index the answers layer builds is built before timing.
        t0 = time.perf_counter()
        await answer(store, f"/who {inputs['who'][0][0]}")
        out["first_answer_ms"] = ms(time.perf_counter() - t0)

        async def ask(text: str) -> Any:
            return await answer(store, text)

        # /who --------------------------------------------------------------------------------------------
        who_ok = 0

        async def who(item: tuple[str, str]) -> None:
            nonlocal who_ok
            reply = await ask(f"/who {item[0]}")
            who_ok += bool(getattr(reply, "ok", False))

        samples = await time_each(inputs["who"], who)
        out["who_p50_ms"], out["who_p99_ms"] = p50_p99(samples)
        out["who_answered_share"] = round(who_ok / (len(inputs["who"]) + 3), 3)

        async with conn.execute("SELECT DISTINCT key FROM aliases UNION SELECT key FROM people") as cur:
            keys = [str(r[0]) for r in await cur.fetchall()]
        out["who_names_indexed"] = len(keys)
        from bot.textnorm import fold

        samples = []
        for text, _ in inputs["who"][:3]:
            process.extract(fold(text), keys, scorer=fuzz.ratio, processor=None, limit=5)
        for text, _ in inputs["who"]:
            t0 = time.perf_counter()
            process.extract(fold(text), keys, scorer=fuzz.ratio, processor=None, limit=5)
            samples.append(time.perf_counter() - t0)
        out["who_floor_scan_p50_ms"], out["who_floor_scan_p99_ms"] = p50_p99(samples)

        async def who_sql(item: tuple[str, str]) -> None:
            async with conn.execute("SELECT person_id FROM aliases WHERE key = ? LIMIT 5", (item[1],)) as cur:
                await cur.fetchall()

        samples = await time_each(inputs["who"], who_sql)
        out["who_floor_sqlite_p50_ms"], out["who_floor_sqlite_p99_ms"] = p50_p99(samples)

        # /meetings PERSON ----------------------------------------------------------------------------------
        if inputs["meetings"]:
            samples = await time_each(inputs["meetings"], lambda item: ask(f"/meetings {item[0]}"))
            out["meetings_p50_ms"], out["meetings_p99_ms"] = p50_p99(samples)

            async def meetings_sql(item: tuple[str, int]) -> None:
                async with conn.execute(f"""
                    SELECT m.id, m.date, m.place, m.topics, a.id, a.title, a.url, p.id, p.name, p.country
                    FROM (SELECT m.id FROM meeting_participants mp JOIN meetings m ON m.id = mp.meeting_id
                          WHERE mp.person_id = ? ORDER BY m.date IS NULL, m.date DESC, m.id DESC
                          LIMIT {size}) page
                    JOIN meetings m ON m.id = page.id
                    JOIN articles a ON a.id = m.article_id
                    JOIN meeting_participants mp2 ON mp2.meeting_id = m.id
                    JOIN people p ON p.id = mp2.person_id""", (item[1],)) as cur:
                    await cur.fetchall()

            samples = await time_each(inputs["meetings"], meetings_sql)
            out["meetings_floor_p50_ms"], out["meetings_floor_p99_ms"] = p50_p99(samples)
        else:
            out["meetings_p50_ms"] = out["meetings_p99_ms"] = None
            out["meetings_floor_p50_ms"] = out["meetings_floor_p99_ms"] = None

        # /timeline RANGE -----------------------------------------------------------------------------------
        samples = await time_each(inputs["timeline"], lambda item: ask(f"/timeline {item[0]}"))
        out["timeline_p50_ms"], out["timeline_p99_ms"] = p50_p99(samples)

        async def timeline_sql(item: tuple[str, str, str]) -> None:
            async with conn.execute(f"""
                SELECT e.id, e.date, e.summary, e.kind, a.id, a.title, a.url, p.id, p.name
                FROM (SELECT id FROM events WHERE date >= ? AND date < ? ORDER BY date, id LIMIT {size}) page
                JOIN events e ON e.id = page.id
                JOIN articles a ON a.id = e.article_id
                LEFT JOIN event_people ep ON ep.event_id = e.id
                LEFT JOIN people p ON p.id = ep.person_id""", (item[1], item[2])) as cur:
                await cur.fetchall()

        samples = await time_each(inputs["timeline"], timeline_sql)
        out["timeline_floor_p50_ms"], out["timeline_floor_p99_ms"] = p50_p99(samples)

        # /search TWO WORDS ---------------------------------------------------------------------------------
        samples = await time_each(inputs["search"], lambda item: ask(f"/search {item[0]} {item[1]}"))
        out["search_p50_ms"], out["search_p99_ms"] = p50_p99(samples)

        async def search_sql(item: tuple[str, str]) -> None:
            async with conn.execute(f"""
                SELECT article_id, snippet(articles_fts, 2, '[', ']', '…', 16) FROM articles_fts
                WHERE articles_fts MATCH ? ORDER BY rank LIMIT {size}""",
                                    (f'"{item[0]}" "{item[1]}"',)) as cur:
                await cur.fetchall()

        samples = await time_each(inputs["search"], search_sql)
        out["search_floor_p50_ms"], out["search_floor_p99_ms"] = p50_p99(samples)
    finally:
        await store.close()
    for name in ("who", "meetings", "timeline", "search"):
        p99, floor = out.get(f"{name}_p99_ms"), out.get(f"{name}_floor_p99_ms" if name != "who"
                                                           else "who_floor_scan_p99_ms")
        out[f"{name}_p99_over_floor"] = round(p99 / floor, 1) if p99 and floor else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    one_core()
    emit(asyncio.run(run(args.db, args.queries, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
