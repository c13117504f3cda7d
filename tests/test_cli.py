"""The command line end to end on the seed articles, checked against the shared reference answers.

Expectations come from the hand-made gold file beside the project (../shared/eval), never from code:
the test names no person itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.textnorm import fold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "eval" / "seeds.gold.json"
needs_gold = pytest.mark.skipif(not GOLD.is_file(), reason="../shared/eval is not beside the project")


def bot(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "BOT_DB_PATH": str(db), "BOT_SEEDS_DIR": str(ROOT / "seeds"), **(env or {})}
    full_env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "bot.sqlite3"
    done = bot(db, "ingest", "seeds")
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return dict(json.loads(GOLD.read_text(encoding="utf-8")))


def test_ingest_reports_each_file_then_skips_unchanged(seeded: Path) -> None:
    again = bot(seeded, "ingest", "seeds")
    assert again.returncode == 0
    stems = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
    for stem in stems:
        assert stem in again.stdout
    assert "skipped" in again.stdout.lower() or "unchanged" in again.stdout.lower()


def test_ingest_of_nothing_readable_fails(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    done = bot(tmp_path / "db.sqlite3", "ingest", str(tmp_path))
    assert done.returncode == 1
    assert "empty.txt" in done.stdout + done.stderr and "binary.txt" in done.stdout + done.stderr


@needs_gold
def test_export_has_every_seed_article_with_its_publication_date(seeded: Path, gold: dict[str, Any]) -> None:
    done = bot(seeded, "export")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    dates = {a["id"]: a["date"] for a in data["articles"]}
    assert dates == {aid: want["date"] for aid, want in gold["articles"].items()}
    assert data["people"] and data["meetings"] and data["events"]


@needs_gold
def test_who_with_a_misspelt_surname_finds_one_person_across_articles(seeded: Path, gold: dict[str, Any]) -> None:
    checked = 0
    for person in gold["people"]:
        articles = {r["article"] for r in person["roles"]}
        if len(articles) < 2:
            continue
        surname = person["name"].split()[-1]
        misspelt = surname[:3] + surname[4:]  # one letter dropped
        out = bot(seeded, "ask", f"/who {misspelt}").stdout
        assert fold(person["name"]) in fold(out.splitlines()[0]), out[:300]
        for article in articles:
            assert article in out
        checked += 1
    assert checked >= 3


@needs_gold
def test_meetings_of_a_person_show_each_counterpart(seeded: Path, gold: dict[str, Any]) -> None:
    for meeting in gold["meetings"]:
        first, second = meeting["participants"][:2]
        out = fold(bot(seeded, "ask", f"/meetings {second.split()[-1]}").stdout)
        assert fold(first) in out, (meeting, out[:300])


@needs_gold
def test_timeline_of_a_month_lists_its_events_in_date_order(seeded: Path, gold: dict[str, Any]) -> None:
    month = "2018-01"
    out = bot(seeded, "ask", f"/timeline {month}").stdout
    assert "January 2018" in out
    days = [int(line.split()[0]) for line in out.splitlines()
            if line.endswith("January 2018") and line.split()[0].isdigit()]
    assert days and days == sorted(days)


@pytest.mark.parametrize("text", [
    "<b>bold</b> & <script>alert(1)</script>", '"unbalanced (quote', "NEAR(a b) AND -c*", "🙂🙂🙂",
    "مرحبا بالعالم", "x" * 10_000, "/who " + "y" * 10_000, "/meetings 2018-13..1999", "/timeline \u202e2018",
])
def test_hostile_text_gets_an_answer_not_a_traceback(seeded: Path, text: str) -> None:
    done = bot(seeded, "ask", text)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip()
    assert "Traceback" not in done.stderr


def test_ask_loads_the_seeds_into_an_empty_store(tmp_path: Path) -> None:
    done = bot(tmp_path / "fresh.sqlite3", "ask", "/stats")
    assert done.returncode == 0, done.stderr
    assert "Articles: 3" in done.stdout


def test_console_chat_reads_piped_lines_until_eof(seeded: Path) -> None:
    full_env = {**os.environ, "BOT_DB_PATH": str(seeded)}
    full_env.pop("TELEGRAM_BOT_TOKEN", None)
    lines = "/stats\n/search a\x00b\n/help\n"
    done = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=full_env, input=lines,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Articles: 3" in done.stdout and "/timeline" in done.stdout
