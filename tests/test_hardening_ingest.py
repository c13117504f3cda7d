"""Nothing read is lost without a word: every file, folder and odd entry ends as one line of the report."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ingest.loader import load_article
from bot.ingest.pipeline import ingest_paths
from bot.ingest.types import ArticleError
from bot.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "Invented talks\n\n{who} met Dorin Valesk in Lisbon on 3 March 2021 to discuss fisheries.\n"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "i.sqlite3")
    yield s
    await s.close()


async def _titles(store: Store) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in await store.conn.execute_fetchall("SELECT id, title FROM articles")}


async def test_same_file_name_in_two_folders_is_refused_not_replaced(store: Store, tmp_path: Path) -> None:
    for folder, who in (("a", "Albin Quorrel"), ("b", "Berit Anvaldt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "017_talks.txt").write_text(ARTICLE.format(who=who), encoding="utf-8")
    first = await ingest_paths(store, [tmp_path / "a"])
    assert first.added == ["017_talks"]
    second = await ingest_paths(store, [tmp_path / "b"])
    assert second.added == second.updated == []
    assert len(second.rejected) == 1
    line = f"rejected {tmp_path / 'b' / '017_talks.txt'}: article id 017_talks is already stored from "
    assert second.lines()[0].startswith(line)
    people = {str(r[0]) for r in await store.conn.execute_fetchall("SELECT name FROM people")}
    assert "Albin Quorrel" in people and "Berit Anvaldt" not in people  # a's article is still there


async def test_an_identical_copy_in_another_folder_is_unchanged_not_refused(store: Store, tmp_path: Path) -> None:
    for folder in ("a", "b"):  # seeds/ and a copy of it, read by two processes that start together
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "019_talks.txt").write_text(ARTICLE.format(who="Albin Quorrel"), encoding="utf-8")
    assert (await ingest_paths(store, [tmp_path / "a"])).added == ["019_talks"]
    second = await ingest_paths(store, [tmp_path / "b"])
    assert second.rejected == [] and second.skipped == ["019_talks"]


async def test_a_moved_file_updates_its_article_with_a_line(store: Store, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "018_talks.txt").write_text(ARTICLE.format(who="Albin Quorrel"), encoding="utf-8")
    assert (await ingest_paths(store, [old])).added == ["018_talks"]
    new = tmp_path / "new"
    old.rename(new)
    (new / "018_talks.txt").write_text(ARTICLE.format(who="Berit Anvaldt"), encoding="utf-8")
    again = await ingest_paths(store, [new])
    assert again.updated == ["018_talks"]
    assert any("which is gone (moved?)" in w for w in again.warnings)


async def test_odd_entries_in_a_folder_are_one_line_each(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "020_ok.txt").write_text(ARTICLE.format(who="Albin Quorrel"), encoding="utf-8")
    (folder / "021_broken.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "022_pipe.txt")
    report = await ingest_paths(store, [folder])
    assert report.added == ["020_ok"]
    reasons = {Path(r.path).name: r.reason for r in report.rejected}
    assert reasons == {
        "021_broken.txt": "broken symbolic link",
        "022_pipe.txt": "not a regular file (a FIFO or device)",
    }


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any folder")
async def test_an_unreadable_subfolder_is_one_line(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "top"
    (folder / "locked").mkdir(parents=True)
    (folder / "023_ok.txt").write_text(ARTICLE.format(who="Albin Quorrel"), encoding="utf-8")
    (folder / "locked" / "024_hidden.txt").write_text(ARTICLE.format(who="Berit Anvaldt"), encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        report = await ingest_paths(store, [folder])
    finally:
        (folder / "locked").chmod(0o755)
    assert report.added == ["023_ok"]
    assert [r.reason.split(":")[0] for r in report.rejected] == ["folder cannot be read"]


def test_a_name_that_gives_no_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "..txt"
    path.write_text(ARTICLE.format(who="Albin Quorrel"), encoding="utf-8")
    with pytest.raises(ArticleError, match="no article id"):
        load_article(path)


@pytest.mark.parametrize("seed", range(5))
def test_random_high_bytes_are_not_text(tmp_path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    path = tmp_path / "025_noise.txt"
    path.write_bytes(bytes(rnd.randrange(128, 256) for _ in range(4096)))
    with pytest.raises(ArticleError, match="not text"):
        load_article(path)


def test_real_legacy_text_is_still_read(tmp_path: Path) -> None:
    cyr = tmp_path / "026_cyr.txt"
    words = "Министр встретился с послом в столице и обсудил торговлю. " * 20
    cyr.write_bytes(("Переговоры\n\n" + words).encode("cp1251"))
    assert "decoded as cp1251" in " ".join(load_article(cyr).warnings)
    lat = tmp_path / "027_lat.txt"
    lat.write_bytes(("Réunion\n\n" + "Le ministre a reçu l'ambassadeur à Genève pour parler d'échanges. " * 20)
                    .encode("latin-1"))
    assert "decoded as latin-1" in " ".join(load_article(lat).warnings)


@pytest.mark.parametrize("args", [["ask", "/who"], ["ask", "/stats"], ["export"]])
def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path, args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(BOT_DB_PATH=str(tmp_path / "p.sqlite3"), BOT_SEEDS_DIR=str(ROOT / "seeds"))
    proc = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` that has read its lines before the bot writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err
