"""Peak memory of the worker: ru_maxrss of a fresh process that opens the store, builds its indexes and
answers a batch of mixed queries (two pages each). Prints one JSON object as its last line:

    python bench/bench_memory.py --db bench/out/store-1000.sqlite3 --queries 200
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, run_json_subprocess


def run(db: Path, queries: int = 200) -> dict[str, Any]:
    res, _ = run_json_subprocess(["bench/worker.py", "--db", str(db), "--queries", str(queries)])
    return {"worker_peak_rss_mb": res["maxrss_mb"], "worker_answers": res["answered"],
            "worker_batch_s": res["batch_s"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args(argv)
    emit(run(args.db, args.queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
