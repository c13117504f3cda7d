"""Follow alerts at scale: 10,000 chats each following 5 things, 1,000 new articles.

1. an archive of --archive articles is ingested, then --chats chats get 5 follows each (2 people, 1 state or
   organisation, 2 two-word phrases, drawn from what the archive holds; written straight into `follows`);
2. --new articles are ingested (as any other process would), then timed: `match` (who gets what: the
   decision alone) and `AlertService.scan` (the decision plus writing the 'pending' alert rows);
3. delivery: the messages the hourly cap allows (at most `alerts_per_hour` alerts and one roll-up per chat)
   are paced by the digest's RateLimiter on a virtual clock (no waiting), checking Telegram's limits
   (30/s overall, 1/s per private chat, 20/min per group); and `deliver_chat` (claim, compose, send to a
   recording transport, finish) is timed for a sample of chats to give the per-message cost.

    python bench/bench_follow.py --archive 1000 --new 1000 --chats 10000 --out bench/out/follow

Prints one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import itertools
import json
import random
import re
import shutil
import sys
import time
from collections import Counter, deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, emit

from bot.config import Settings
from bot.digest.alerts import AlertService
from bot.digest.follows import all_follows
from bot.digest.limiter import RateLimiter
from bot.digest.matching import FollowSet, articles_in_range, match
from bot.ingest.pipeline import ingest_paths
from bot.store.db import Store
from bot.textnorm import fold

GROUP_SHARE = 10  # one chat in this many is a group


class EventClock:
    """Virtual time for many concurrent senders: a sleep waits until the clock reaches its wake-up time,
    and the clock jumps to the earliest wake-up once every sender is waiting (no real waiting)."""

    def __init__(self) -> None:
        self.now = 0.0
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (self.now + max(seconds, 0.0), self._seq, future))
        self._seq += 1
        await future

    async def drive(self, task: asyncio.Future[Any]) -> None:
        while not task.done():
            for _ in range(5):
                await asyncio.sleep(0)
            if self._heap and not task.done():
                self.now = max(self.now, self._heap[0][0])
                while self._heap and self._heap[0][0] <= self.now:
                    heapq.heappop(self._heap)[2].set_result(None)


async def make_follows(store: Store, chats: int, rng: random.Random) -> None:
    conn = store.conn
    people = [(int(r[0]), str(r[1])) for r in await conn.execute_fetchall(
        "SELECT p.id, p.name FROM people p JOIN mentions m ON m.person_id = p.id"
        " GROUP BY p.id ORDER BY count(*) DESC LIMIT 3000")]
    countries = [str(r[0]) for r in await conn.execute_fetchall(
        "SELECT country FROM people WHERE country IS NOT NULL GROUP BY country ORDER BY count(*) DESC LIMIT 80")]
    bodies = [str(r[0]) for r in await conn.execute_fetchall("SELECT body FROM articles ORDER BY random() LIMIT 300")]
    words = [w for b in bodies for w in re.findall(r"[a-z]{5,}", b.lower())]
    phrases = list(dict.fromkeys(f"{a} {b}" for a, b in itertools.pairwise(words)))[:600]
    top = int((await conn.execute_fetchall("SELECT max(rowid) FROM articles"))[0][0])
    rows: list[tuple[Any, ...]] = []
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for n in range(chats):
        chat = -(1_000_000 + n) if n % GROUP_SHARE == 0 else 1_000_000 + n
        picked: list[tuple[str, str, str, list[str]]] = []
        for pid, name in rng.sample(people, 2):
            picked.append(("person", str(pid), name, [fold(name)]))
        country = rng.choice(countries)
        picked.append(("country", country, country, [fold(country)]))
        for phrase in rng.sample(phrases, 2):
            picked.append(("phrase", phrase, phrase, [phrase]))
        rows += [(chat, k, ref, label, json.dumps(terms), top, stamp) for k, ref, label, terms in picked]
    async with store.transaction() as wconn:
        await wconn.executemany(
            "INSERT OR IGNORE INTO follows(chat_id, kind, ref, label, terms, since_rowid, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


async def pace(plan: dict[int, int]) -> dict[str, Any]:
    """Every planned message through the digest's RateLimiter on a virtual clock; the windows checked."""
    clock = EventClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    times: list[float] = []
    per_chat: dict[int, list[float]] = {}

    async def chat_sends(chat: int, count: int) -> None:
        for _ in range(count):
            async with limiter.slot(chat):
                times.append(clock.now)
                per_chat.setdefault(chat, []).append(clock.now)

    sem = asyncio.Semaphore(64)  # the alert service's concurrency

    async def one(chat: int, count: int) -> None:
        async with sem:
            await chat_sends(chat, count)

    everything = asyncio.gather(*(one(c, n) for c, n in plan.items()))
    await clock.drive(everything)
    await everything
    times.sort()
    window: deque[float] = deque()
    worst = 0
    for t in times:
        window.append(t)
        while window[0] <= t - 1.0:
            window.popleft()
        worst = max(worst, len(window))

    def chat_worst(ts: list[float], span: float) -> int:
        w: deque[float] = deque()
        best = 0
        for t in ts:
            w.append(t)
            while w[0] <= t - span:
                w.popleft()
            best = max(best, len(w))
        return best

    private = max((chat_worst(ts, 1.0) for c, ts in per_chat.items() if c > 0), default=0)
    group = max((chat_worst(ts, 60.0) for c, ts in per_chat.items() if c < 0), default=0)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    return {
        "delivery_messages": len(times),
        "delivery_virtual_seconds": round(span, 1),
        "delivery_msgs_per_s": round(len(times) / span, 2) if span else None,
        "delivery_max_in_1s": worst,
        "delivery_max_private_in_1s": private,
        "delivery_max_group_in_60s": group,
    }


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    from corpus import generate

    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    corpus = out / "corpus"
    generate(corpus, args.archive + args.new, args.seed)
    files = sorted(corpus.glob("*.txt"))
    store = await Store.open(out / "follow.sqlite3")
    result: dict[str, Any] = {"follow_chats": args.chats, "follow_per_chat": 5,
                              "follow_archive": args.archive, "follow_new_articles": args.new}
    try:
        await ingest_paths(store, files[: args.archive])
        await make_follows(store, args.chats, random.Random(args.seed))
        settings = Settings(alerts_per_hour=args.cap)
        sent: list[int] = []

        async def send(chat_id: int, thread_id: int | None, text: str) -> None:
            sent.append(chat_id)

        service = AlertService(store, settings, send, limiter=RateLimiter(per_second=10**6,
                               private_per_second=10**6, group_per_minute=10**6))
        await service.scan()  # nothing new yet: the watermark reaches the archive's end
        t0 = time.perf_counter()
        report = await ingest_paths(store, files[args.archive :])
        result["follow_ingest_seconds"] = round(time.perf_counter() - t0, 2)
        assert report.ok
        mark = int((await store.conn.execute_fetchall(
            "SELECT value FROM meta WHERE key = 'alerts_watermark'"))[0][0])
        top = int((await store.conn.execute_fetchall("SELECT max(rowid) FROM articles"))[0][0])
        # the decision alone, as the scan makes it
        t0 = time.perf_counter()
        fs = FollowSet.build(await all_follows(store.conn))
        articles = await articles_in_range(store.conn, mark, top)
        found = await match(store.conn, fs, articles)
        result["follow_decide_seconds"] = round(time.perf_counter() - t0, 3)
        pairs = {(fs.follows[f].chat_id, a) for a, fids in found.items() for f in fids}
        result["follow_matched_articles"] = len(found)
        result["follow_alerts"] = len(pairs)
        # the scan: decide and write the alert rows
        t0 = time.perf_counter()
        written = await service.scan()
        result["follow_scan_seconds"] = round(time.perf_counter() - t0, 3)
        result["follow_alert_rows"] = written
        per_chat = Counter(chat for chat, _ in pairs)
        result["follow_chats_alerted"] = len(per_chat)
        plan = {c: min(n, args.cap) + (1 if n > args.cap else 0) for c, n in per_chat.items()}
        result.update(await pace(plan))
        # the real per-message cost (claim, compose, send, finish) on a sample of chats
        sample = sorted(per_chat)[: args.sample]
        t0 = time.perf_counter()
        for chat in sample:
            await service.deliver_chat(chat)
        seconds = time.perf_counter() - t0
        result["follow_sample_chats"] = len(sample)
        result["follow_sample_messages"] = len(sent)
        result["follow_ms_per_message"] = round(seconds * 1000 / max(1, len(sent)), 2)
    finally:
        await store.close()
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--archive", type=int, default=1000)
    ap.add_argument("--new", type=int, default=1000)
    ap.add_argument("--chats", type=int, default=10_000)
    ap.add_argument("--cap", type=int, default=6)
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, default=OUT / "follow")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    emit(asyncio.run(main_async(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
