"""Polling many sources: S sites (each its own host:port on 127.0.0.1) with a feed of E entries each.

Reports the time of the first poll of all (`python -m bot poll`, a fresh process: start-up, feeds, pages,
extraction and storing), articles per second, the poll process's peak memory, and the cost of a second
poll with nothing new: how many requests, how many of them answered 304, how many pages fetched, and
its time. The articles are the synthetic corpus (bench/corpus.py), served as cluttered pages.

    python bench/bench_sources.py --sources 50 --entries 100          # the figures in docs/benchmarks.md
    python bench/bench_sources.py --sources 3 --entries 5 --out /tmp/b  # the smoke size

Politeness: BOT_FETCH_HOST_DELAY_SECONDS=0 here (the figure is the bot's own cost); with the default of
1 s a site's E pages take at least E seconds, sites in parallel.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import OUT, ROOT, emit

sys.path.insert(0, str(ROOT / "tests"))

from newssite import NewsSite, SiteArticle

from bot.ingest.loader import load_article
from bot.store.db import Store
from bot.store.sources import add_source


def site_articles(folder: Path) -> list[SiteArticle]:
    out = []
    for i, path in enumerate(sorted(folder.glob("*.txt"))):
        loaded = load_article(path)
        paragraphs = [line for line in loaded.body.split("\n") if line.strip()]
        out.append(SiteArticle(slug=f"a{i}", title=loaded.title or f"Report {i}", paragraphs=paragraphs,
                               date=loaded.date.iso() if loaded.date else None, mode=("meta", "time")[i % 2]))
    return out


def poll(db: Path) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), BOT_FETCH_HOST_DELAY_SECONDS="0", BOT_LOG_LEVEL="WARNING")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bot", "--db", str(db), "poll"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=7200)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"poll failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return took, proc.stdout


async def measure(sources: int, entries: int, out: Path) -> dict[str, Any]:
    from corpus import generate

    corpus = out / f"sources-corpus-{sources * entries}"
    if len(list(corpus.glob("*.txt"))) != sources * entries:
        shutil.rmtree(corpus, ignore_errors=True)
        generate(corpus, sources * entries, seed=7)
    articles = site_articles(corpus)
    db = out / "sources.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    async with contextlib.AsyncExitStack() as stack:
        sites = []
        for n in range(sources):
            chunk = articles[n * entries:(n + 1) * entries]
            sites.append(await stack.enter_async_context(NewsSite(sections={"s": chunk})))
        store = await Store.open(db)
        for n, site in enumerate(sites):
            await add_source(store, url=site.url("/s/s/feed.rss"), given_url=site.url("/"), name=f"Site {n}",
                             kind="rss", added_by="cli")
        await store.close()
        first_s, first_out = await asyncio.to_thread(poll, db)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
        for site in sites:
            site.hits.clear()
        second_s, _ = await asyncio.to_thread(poll, db)
        hits = [h for site in sites for h in site.hits]
    store = await Store.open(db)
    rows = list(await store.conn.execute_fetchall("SELECT count(*) FROM articles"))
    await store.close()
    stored = int(rows[0][0])
    feed_hits = [h for h in hits if h.path.endswith("feed.rss")]
    return {
        "sources": sources,
        "entries": entries,
        "sources_articles_stored": stored,
        "sources_first_poll_s": round(first_s, 2),
        "sources_articles_per_s": round(stored / first_s, 1),
        "sources_poll_peak_rss_mb": round(peak_mb, 1),
        "sources_second_poll_s": round(second_s, 2),
        "sources_second_poll_requests": len(hits),
        "sources_second_poll_feed_304s": sum(1 for h in feed_hits if h.status == 304),
        "sources_second_poll_robots": sum(1 for h in hits if h.path == "/robots.txt"),
        "sources_second_poll_pages": sum(1 for h in hits if "/news/" in h.path),
        "sources_first_poll_failed_lines": sum(1 for line in first_out.splitlines() if ": failed" in line),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=50)
    ap.add_argument("--entries", type=int, default=100)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    emit(asyncio.run(measure(args.sources, args.entries, args.out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
