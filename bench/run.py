"""Run every benchmark at one corpus size; the last line printed is one JSON object with every figure.

    python bench/run.py --articles 1000            # corpus, ingest, queries, start-up, memory, fan-out
    python bench/run.py --articles 50 --chats 50 --queries 20 --out /tmp/b   # the smoke size

Each benchmark runs in its own fresh process (ingest and queries pinned to one CPU). The corpus and the
store live under --out (default bench/out/) and are removed afterwards unless --keep is given. Results are
also written to OUT/results-N.json, which bench/report.py turns into docs/benchmarks.md tables.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, emit, machine, run_json_subprocess

# Every figure run.py reports, in the order of docs/benchmarks.md; a failed benchmark leaves them None.
FIGURES: dict[str, list[str]] = {
    "corpus": ["articles", "corpus_seconds", "corpus_bytes_per_article"],
    "ingest": ["ingest_articles_per_s", "ingest_seconds", "ingest_failed", "store_bytes_per_article",
               "store_people", "store_meetings", "store_events"],
    "queries": ["who_p50_ms", "who_p99_ms", "who_floor_scan_p50_ms", "who_floor_scan_p99_ms",
                "who_floor_sqlite_p50_ms", "who_floor_sqlite_p99_ms", "who_answered_share",
                "meetings_p50_ms", "meetings_p99_ms", "meetings_floor_p50_ms", "meetings_floor_p99_ms",
                "timeline_p50_ms", "timeline_p99_ms", "timeline_floor_p50_ms", "timeline_floor_p99_ms",
                "search_p50_ms", "search_p99_ms", "search_floor_p50_ms", "search_floor_p99_ms"],
    "startup": ["startup_ready_s", "startup_import_s", "startup_open_s", "startup_index_s",
                "startup_process_s"],
    "memory": ["worker_peak_rss_mb"],
    "fanout": ["fanout_chats", "fanout_rate_share", "fanout_msgs_per_s", "fanout_allowed_per_s",
               "fanout_429s", "fanout_duplicates", "fanout_missing", "fanout_time_scale"],
}


def ensure_corpus(out: Path, articles: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The corpus folder for (articles, seed), generated unless a complete one is already there."""
    folder = out / f"corpus-{articles}-s{seed}"
    have = sum(1 for p in folder.glob("*.txt")) if folder.is_dir() else 0
    seconds = 0.0
    if have != articles:
        shutil.rmtree(folder, ignore_errors=True)
        from corpus import generate

        t0 = time.perf_counter()
        generate(folder, articles, seed)
        seconds = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in folder.glob("*.txt"))
    return folder, {"articles": articles, "corpus_seconds": round(seconds, 2),
                    "corpus_bytes_per_article": round(size / max(1, articles))}


def step(name: str, args: list[str], results: dict[str, Any], errors: dict[str, str]) -> None:
    print(f"bench: {name} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    try:
        res, _ = run_json_subprocess(args)
    except Exception as exc:  # a missing component or a failure: the other benchmarks still run
        errors[name] = str(exc).strip().splitlines()[-1][:500] if str(exc).strip() else type(exc).__name__
        print(f"bench: {name} failed: {exc}", file=sys.stderr, flush=True)
        return
    results.update(res)
    print(f"bench: {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run every benchmark at one corpus size.")
    ap.add_argument("--articles", type=int, required=True)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the corpus and the store")
    ap.add_argument("--reuse-store", action="store_true", help="skip ingest when OUT/store-N.sqlite3 exists")
    ap.add_argument("--queries", type=int, default=300, help="queries per latency figure")
    ap.add_argument("--chats", type=int, default=10_000, help="chats for the digest fan-out")
    ap.add_argument("--time-scale", type=float, default=10.0,
                    help="fan-out: Telegram's limits and the sender's pace times this (1 = real time)")
    ap.add_argument("--startup-repeats", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated subset: ingest,queries,startup,memory,fanout")
    args = ap.parse_args(argv)

    only = {s.strip() for s in args.only.split(",") if s.strip()}

    def wanted(name: str) -> bool:
        return not only or name in only

    args.out.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    results: dict[str, Any] = {"machine": machine(), "started": started, "seed": args.seed}
    errors: dict[str, str] = {}
    corpus, info = ensure_corpus(args.out, args.articles, args.seed)
    results.update(info)
    db = args.out / f"store-{args.articles}-s{args.seed}.sqlite3"

    if wanted("ingest") and not (args.reuse_store and db.exists()):
        step("ingest", ["bench/bench_ingest.py", "--corpus", str(corpus), "--db", str(db)], results, errors)
        counts = results.pop("store_counts", None) or {}
        results["store_people"] = counts.get("people")
        results["store_meetings"] = counts.get("meetings")
        results["store_events"] = counts.get("events")
    if db.exists():
        if wanted("queries"):
            step("queries", ["bench/bench_queries.py", "--db", str(db), "--queries", str(args.queries)],
                 results, errors)
        if wanted("startup"):
            step("startup", ["bench/bench_startup.py", "--db", str(db),
                             "--repeats", str(args.startup_repeats)], results, errors)
        if wanted("memory"):
            step("memory", ["bench/bench_memory.py", "--db", str(db),
                            "--queries", str(min(args.queries, 200))], results, errors)
    elif only - {"fanout"}:
        errors["store"] = f"no store at {db}: ingest did not run or failed"
    if wanted("fanout"):
        step("fanout", ["bench/bench_fanout.py", "--chats", str(args.chats),
                        "--time-scale", str(args.time_scale),
                        "--db", str(args.out / f"fanout-{args.chats}.sqlite3")], results, errors)

    for names in FIGURES.values():
        for name in names:
            results.setdefault(name, None)
    results["errors"] = errors
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    dump = json.dumps(results, indent=2, sort_keys=True) + "\n"
    (args.out / f"results-{args.articles}.json").write_text(dump)
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)
        for base in (db, args.out / f"fanout-{args.chats}.sqlite3"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{base}{suffix}").unlink(missing_ok=True)
    emit(results)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
