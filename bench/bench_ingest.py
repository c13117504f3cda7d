"""Ingest benchmark: articles per second on one core (read, extract, store) and store size per article.

    python bench/bench_ingest.py --corpus bench/out/corpus-1000 --db bench/out/store-1000.sqlite3
    python bench/bench_ingest.py ... --workers 2     # extraction in 2 worker processes, on every core

Runs in its own process pinned to one CPU (with --workers > 1: not pinned, the workers need the other
cores); prints one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, one_core


def store_counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        out = {}
        for table in ("articles", "people", "aliases", "meetings", "events", "roles"):
            out[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out
    finally:
        con.close()


def store_bytes(db: Path) -> int:
    """Bytes on disk of the store once its write-ahead log is folded in."""
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists())


async def ingest(corpus: Path, db: Path, workers: int = 1) -> dict[str, Any]:
    from bot.ingest.pipeline import ingest_paths
    from bot.store.db import Store

    paths = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    store = await Store.open(db)
    try:
        cpu0, t0 = time.process_time(), time.perf_counter()
        report = await ingest_paths(store, paths, workers=workers)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        await store.close()
    failed = _report_int(report, ("rejected", "failed", "errors"))
    return {"articles": len(paths), "seconds": wall, "cpu_seconds": cpu, "failed": failed,
            "report": _report_summary(report)}


def _report_int(report: Any, names: tuple[str, ...]) -> int:
    for name in names:
        value = getattr(report, name, None)
        if isinstance(value, int):
            return value
        if isinstance(value, list | tuple | dict):
            return len(value)
    return 0


def _report_summary(report: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in vars(report).items() if hasattr(report, "__dict__") else []:
        if isinstance(value, int | float | str):
            out[name] = value
        elif isinstance(value, list | tuple | dict):
            out[name] = len(value)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--all-cores", action="store_true", help="do not pin to one CPU")
    ap.add_argument("--workers", type=int, default=1, help="extraction worker processes (> 1: all cores)")
    args = ap.parse_args(argv)
    if not args.all_cores and args.workers == 1:
        one_core()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    res = asyncio.run(ingest(args.corpus, args.db, args.workers))
    size = store_bytes(args.db)
    n = max(1, res["articles"])
    counts = store_counts(args.db)
    emit({
        "ingest_articles": res["articles"],
        "ingest_seconds": round(res["seconds"], 3),
        "ingest_articles_per_s": round(res["articles"] / res["seconds"], 1) if res["seconds"] else 0.0,
        "ingest_cpu_share": round(res["cpu_seconds"] / res["seconds"], 3) if res["seconds"] else 0.0,
        "ingest_failed": res["failed"],
        "ingest_workers": args.workers,
        "store_bytes": size,
        "store_bytes_per_article": round(size / n),
        "store_counts": counts,
        "ingest_report": res["report"],
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
