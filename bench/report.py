"""Turn results JSON files (from bench/run.py) into the tables of docs/benchmarks.md.

    python bench/report.py bench/results/results-1000.json bench/results/results-10000.json
    python bench/report.py --write docs/benchmarks.md bench/results/*.json

With --write, only the part between the `generated` markers is replaced; the prose around it stays.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

START = "<!-- generated:start (bench/report.py) -->"
END = "<!-- generated:end -->"

# (figure key, label, target text, check) per table; check(value) -> True when the target is met.
Check = Any
TABLES: list[tuple[str, list[tuple[str, str, str, Check]]]] = [
    ("Ingest (read, extract, store; one process pinned to one core)", [
        ("ingest_articles_per_s", "ingest, articles/s", ">= 200", lambda v: v >= 200),
        ("ingest_seconds", "ingest, total seconds", "", None),
        ("ingest_failed", "articles refused", "0", lambda v: v == 0),
        ("store_bytes_per_article", "store size on disk per article, bytes", "report", None),
        ("corpus_bytes_per_article", "article file size, bytes (for comparison)", "", None),
        ("store_people", "people in the store", "", None),
        ("store_meetings", "meetings in the store", "", None),
        ("store_events", "events in the store", "", None),
    ]),
    ("`/who` with a misspelt name (through the answers layer) and its floors", [
        ("who_p50_ms", "`/who` p50, ms", "", None),
        ("who_p99_ms", "`/who` p99, ms", "<= 10", lambda v: v <= 10),
        ("who_floor_scan_p50_ms", "floor: rapidfuzz `ratio` over every stored spelling, p50 ms", "", None),
        ("who_floor_scan_p99_ms", "floor: rapidfuzz `ratio` over every stored spelling, p99 ms", "", None),
        ("who_floor_sqlite_p50_ms", "floor: SQLite exact lookup of the right key, p50 ms", "", None),
        ("who_floor_sqlite_p99_ms", "floor: SQLite exact lookup of the right key, p99 ms", "", None),
        ("who_p99_over_floor", "p99 / rapidfuzz-scan p99", "", None),
        ("who_names_indexed", "spellings in the store", "", None),
        ("who_answered_share", "share of misspelt queries answered with a person", "", None),
    ]),
    ("`/meetings PERSON`, first page", [
        ("meetings_p50_ms", "`/meetings` p50, ms", "", None),
        ("meetings_p99_ms", "`/meetings` p99, ms", "<= 10", lambda v: v <= 10),
        ("meetings_floor_p50_ms", "floor: bare SQLite query for the page's rows, p50 ms", "", None),
        ("meetings_floor_p99_ms", "floor: bare SQLite query for the page's rows, p99 ms", "", None),
        ("meetings_p99_over_floor", "p99 / floor p99", "", None),
    ]),
    ("`/timeline RANGE`, first page", [
        ("timeline_p50_ms", "`/timeline` p50, ms", "", None),
        ("timeline_p99_ms", "`/timeline` p99, ms", "<= 10", lambda v: v <= 10),
        ("timeline_floor_p50_ms", "floor: bare SQLite query for the page's rows, p50 ms", "", None),
        ("timeline_floor_p99_ms", "floor: bare SQLite query for the page's rows, p99 ms", "", None),
        ("timeline_p99_over_floor", "p99 / floor p99", "", None),
    ]),
    ("`/search TWO WORDS`", [
        ("search_p50_ms", "`/search` p50, ms", "", None),
        ("search_p99_ms", "`/search` p99, ms", "<= 30", lambda v: v <= 30),
        ("search_floor_p50_ms", "floor: bare FTS5 query (bm25, snippet, first page), p50 ms", "", None),
        ("search_floor_p99_ms", "floor: bare FTS5 query (bm25, snippet, first page), p99 ms", "", None),
        ("search_p99_over_floor", "p99 / floor p99", "", None),
    ]),
    ("Start-up to ready with an existing store (fresh process, median of runs)", [
        ("startup_ready_s", "start-up to ready, s (imports + open + name index + first answer)", "<= 1",
         lambda v: v <= 1),
        ("startup_import_s", "of which imports, s", "", None),
        ("startup_open_s", "of which opening the store, s", "", None),
        ("startup_index_s", "of which the first answer (builds the name index), s", "", None),
        ("startup_process_s", "whole process including interpreter start and exit, s", "", None),
    ]),
    ("Peak memory of the worker", [
        ("worker_peak_rss_mb", "ru_maxrss after open, indexes and a batch of answers, MB", "<= 200",
         lambda v: v <= 200),
        ("worker_answers", "answers in the batch", "", None),
    ]),
    ("Digest fan-out against the fake Bot API with Telegram's limits enforced", [
        ("fanout_chats", "chats", "10,000", None),
        ("fanout_time_scale", "time scale (limits and pace multiplied)", "", None),
        ("fanout_allowed_per_s", "allowed rate, messages/s (scaled)", "", None),
        ("fanout_msgs_per_s", "achieved rate, messages/s", "", None),
        ("fanout_rate_share", "achieved / allowed", ">= 0.90", lambda v: v >= 0.9),
        ("fanout_429s", "429 answers", "0", lambda v: v == 0),
        ("fanout_duplicates", "duplicate deliveries", "0", lambda v: v == 0),
        ("fanout_missing", "chats without their digest", "0", lambda v: v == 0),
    ]),
]


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}" if value < 1 else f"{value:.2f}"
    return str(value)


FANOUT_ROWS = TABLES[-1][1] + [
    ("fanout_limiter", "the bot's limiter", "", None),
    ("fanout_concurrency", "Deliverer max_concurrent", "", None),
    ("fanout_parts_per_chat", "messages per digest", "", None),
    ("fanout_seconds", "wall time, s", "", None),
]
TABLES[-1] = (TABLES[-1][0], FANOUT_ROWS)


def fanout_table(runs: list[tuple[str, dict[str, Any]]]) -> str:
    """Stand-alone fan-out runs (bench_fanout.py output saved as JSON), one column each."""
    out = ["| figure | " + " | ".join(f"`{name}`" for name, _ in runs) + " | target |",
           "| --- | " + " | ".join("---:" for _ in runs) + " | --- |"]
    for key, label, target, check in FANOUT_ROWS:
        cells = []
        for _, r in runs:
            v = r.get(key)
            cells.append(fmt(v) + ("" if check is None or v is None or check(v) else " ✗"))
        out.append(f"| {label} (`{key}`) | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(out) + "\n"


def tables(results: list[dict[str, Any]], fanouts: list[tuple[str, dict[str, Any]]] | None = None) -> str:
    results = sorted(results, key=lambda r: r.get("articles") or 0)
    sizes = [f"{r.get('articles', 0):,} articles" for r in results]
    out: list[str] = []
    m = results[0].get("machine", {}) if results else {}
    out.append(f"Machine: {m.get('nproc', '?')} cores, {m.get('cpu', '?')}, Python {m.get('python', '?')}, "
               f"SQLite {m.get('sqlite', '?')}, {m.get('platform', '?')}.")
    out.append("")
    out.append("Runs: " + "; ".join(f"{r.get('articles', 0):,} articles started {r.get('started', '?')}"
                                     for r in results) + ".")
    for title, rows in TABLES:
        out.append("")
        out.append(f"### {title}")
        out.append("")
        out.append("| figure | " + " | ".join(sizes) + " | target |")
        out.append("| --- | " + " | ".join("---:" for _ in sizes) + " | --- |")
        for key, label, target, check in rows:
            cells = []
            for r in results:
                v = r.get(key)
                cell = fmt(v)
                if check is not None and v is not None:
                    cell += "" if check(v) else " ✗"
                cells.append(cell)
            out.append(f"| {label} (`{key}`) | " + " | ".join(cells) + f" | {target} |")
    if fanouts:
        out.append("")
        out.append("### Digest fan-out, stand-alone runs (`bench/bench_fanout.py`)")
        out.append("")
        out.append(fanout_table(fanouts).rstrip("\n"))
    errs = [(r.get("articles"), k, v) for r in results for k, v in (r.get("errors") or {}).items()]
    if errs:
        out.append("")
        out.append("Benchmarks that could not run:")
        out.append("")
        for n, k, v in errs:
            out.append(f"- {n:,} articles, {k}: {v}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+", type=Path)
    ap.add_argument("--write", type=Path, help="replace the generated part of this markdown file")
    args = ap.parse_args(argv)
    loaded = [(p.stem, json.loads(p.read_text())) for p in args.results]
    results = [r for _, r in loaded if r.get("articles")]
    fanouts = [(name, r) for name, r in loaded if not r.get("articles") and r.get("fanout_chats")]
    text = tables(results, fanouts)
    if args.write is None:
        sys.stdout.write(text)
        return 0
    doc = args.write.read_text() if args.write.exists() else f"{START}\n{END}\n"
    if START not in doc or END not in doc:
        doc = doc.rstrip("\n") + f"\n\n{START}\n{END}\n"
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    args.write.write_text(f"{head}{START}\n{text}{END}{tail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
