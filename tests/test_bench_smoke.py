"""The benchmarks at their smallest size: they run end to end and report every figure.

Speed itself is measured in bench/, never asserted here; this only proves each benchmark works, so a
change that breaks one is noticed before someone needs the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def _run(*args: str, timeout: float = 120.0) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          check=False)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert lines, f"no output; stderr:\n{proc.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def test_corpus_is_deterministic_and_of_the_genre(tmp_path: Path) -> None:
    from corpus import generate

    generate(tmp_path / "a", 30, seed=5, pool_size=2000)
    generate(tmp_path / "b", 30, seed=5, pool_size=2000)
    generate(tmp_path / "c", 30, seed=6, pool_size=2000)
    a = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "a").iterdir()}
    b = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "b").iterdir()}
    c = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "c").iterdir()}
    assert len(a) == 30 and a == b
    assert a != c
    for text in a.values():
        header, _, body = text.partition("\n\n")
        keys = {line.split(":", 1)[0] for line in header.splitlines()}
        assert "date" in keys and "source" in keys and keys <= {"title", "date", "url", "source"}
        assert len(body) > 300
    joined = "\n".join(a.values())
    assert " met with " in joined or " held talks with " in joined or " received " in joined


def test_misspell_changes_a_name_slightly() -> None:
    import random

    from common import misspell

    rng = random.Random(3)
    for name in ["Aigerim Tolmabekova", "Jodiger van der Vosingler", "Farid al-Qahiri"]:
        wrong = misspell(name, rng)
        assert wrong != name
        assert abs(len(wrong) - len(name)) <= 1
        assert wrong[0] == name[0]


def test_report_turns_results_into_tables(tmp_path: Path) -> None:
    from report import tables

    text = tables([{"articles": 50, "ingest_articles_per_s": 150.0, "who_p99_ms": 3.2, "errors": {}},
                   {"articles": 1000, "ingest_articles_per_s": 250.0, "who_p99_ms": 12.5, "errors": {}}])
    assert "| 50 articles | 1,000 articles |" in text
    assert "150 ✗" in text and "| 250 |" in text
    assert "12.5 ✗" in text


def test_every_benchmark_runs_at_its_smallest_size(tmp_path: Path) -> None:
    pytest.importorskip("bot.ingest.pipeline")
    pytest.importorskip("bot.digest.deliver")
    import bot.answers

    if not hasattr(bot.answers, "answer"):
        pytest.skip("the answers layer is not there yet")
    from run import FIGURES

    res = _run("bench/run.py", "--articles", "50", "--chats", "50", "--queries", "20",
               "--startup-repeats", "1",
               "--time-scale", "10", "--out", str(tmp_path), timeout=240)
    assert res["errors"] == {}, res["errors"]
    for names in FIGURES.values():
        for name in names:
            assert res.get(name) is not None, f"{name} missing"
    assert res["articles"] == 50
    assert res["ingest_failed"] == 0 and res["ingest_articles_per_s"] > 0
    assert res["store_bytes_per_article"] > 500
    assert res["store_people"] > 0 and res["store_meetings"] > 0
    for name in ("who", "meetings", "timeline", "search"):
        assert 0 < res[f"{name}_p50_ms"] <= res[f"{name}_p99_ms"]
    assert 0 < res["startup_ready_s"] < res["startup_process_s"]
    assert res["worker_peak_rss_mb"] > 10
    assert res["fanout_chats"] == 50
    assert res["fanout_duplicates"] == 0 and res["fanout_missing"] == 0
    assert res["fanout_rate_share"] > 0
    # the corpus and the store are removed without --keep; the results file stays
    assert not list(tmp_path.glob("corpus-*")) and not list(tmp_path.glob("store-*"))
    assert json.loads((tmp_path / "results-50.json").read_text())["articles"] == 50


def test_pathological_articles_benchmark_reports_time_per_kb() -> None:
    res = _run("bench/bench_pathological.py", "--max-kb", "16", timeout=120)
    shapes = {row["shape"] for row in res["rows"]}
    assert shapes == {"names_list", "title_chain", "huge_line", "meeting_lists"}
    assert all(row["ms_per_kb"] > 0 and row["kb"] >= 3 for row in res["rows"])
    assert any(row["people"] > 100 for row in res["rows"] if row["shape"] == "names_list")


def test_sources_benchmark_runs_and_a_second_poll_reads_nothing(tmp_path: Path) -> None:
    result = _run("bench/bench_sources.py", "--sources", "2", "--entries", "3", "--out", str(tmp_path))
    assert result["sources_articles_stored"] == 6 and result["sources_first_poll_failed_lines"] == 0
    assert result["sources_second_poll_feed_304s"] == 2 and result["sources_second_poll_pages"] == 0
    # only conditional feed requests (and robots.txt, read once per site by a fresh process)
    assert result["sources_second_poll_requests"] == 2 + result["sources_second_poll_robots"]


def test_web_eval_scores_pages_within_002_of_files() -> None:
    eval_dir = ROOT.parent / "shared" / "eval"
    if not (eval_dir / "real" / "real.gold.json").is_file():
        pytest.skip("../shared/eval is not beside the clone")
    result = _run("bench/eval_web.py", timeout=600)
    assert result["pages_read"] == result["pages"] == len(list((eval_dir / "real" / "articles").glob("*.txt")))
    for figure, delta in result["delta"].items():
        assert delta >= -0.02, f"{figure}: pages score {delta} below files"


def test_follow_bench_runs_and_stays_within_telegram_limits(tmp_path: Path) -> None:
    r = _run("bench/bench_follow.py", "--archive", "30", "--new", "30", "--chats", "60", "--sample", "10",
             "--out", str(tmp_path / "follow"))
    assert r["follow_chats"] == 60 and r["follow_new_articles"] == 30
    assert r["follow_alert_rows"] == r["follow_alerts"] > 0
    assert r["delivery_messages"] > 0 and r["follow_sample_messages"] > 0
    assert r["delivery_max_in_1s"] <= 30 and r["delivery_max_private_in_1s"] <= 1
    assert r["delivery_max_group_in_60s"] <= 20
    assert not (tmp_path / "follow").exists()  # removed unless --keep
