"""Start-up benchmark: a fresh process, an existing store, until the bot can answer (store open, name
index built). Median of several runs; prints one JSON object as its last line:

    python bench/bench_startup.py --db bench/out/store-1000.sqlite3
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, run_json_subprocess


def run(db: Path, repeats: int = 5) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    walls: list[float] = []
    for _ in range(repeats):
        res, wall = run_json_subprocess(["bench/worker.py", "--db", str(db)])
        runs.append(res)
        walls.append(wall)

    def med(key: str) -> float:
        return round(statistics.median(r[key] for r in runs), 3)

    return {
        "startup_ready_s": med("ready_s"),
        "startup_import_s": med("import_s"),
        "startup_open_s": med("open_s"),
        "startup_index_s": med("index_s"),
        "startup_process_s": round(statistics.median(walls), 3),
        "startup_runs": repeats,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    emit(run(args.db, args.repeats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
