"""A store that cannot be opened is one line naming the file and exit code 2, at once; never a hang.

A read-only store still answers; two commands started together on a new file both migrate it cleanly.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store.db import Store, StoreError, migration_scripts

ROOT = Path(__file__).resolve().parents[1]


def bot(db: Path, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOT_DB_PATH": str(db), "BOT_SEEDS_DIR": str(ROOT / "seeds")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(13).randbytes(4096))


def _text(path: Path) -> None:
    path.write_text("this is a note, not a database\n" * 40, encoding="utf-8")


def _truncated(path: Path) -> None:
    asyncio.run(_make_store(path))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


async def _make_store(path: Path) -> None:
    store = await Store.open(path)
    async with store.transaction() as conn:
        await conn.execute("CREATE TABLE padding (x TEXT)")
        for i in range(400):
            await conn.execute("INSERT INTO padding VALUES (?)", (f"row {i} " * 20,))
    await store.close()


@pytest.mark.parametrize("spoil", [_random_bytes, _text, _truncated])
@pytest.mark.parametrize("command", [["ask", "/stats"], ["ingest", "seeds"], ["export"]])
def test_a_file_that_is_no_store_is_one_line_and_exit_2(tmp_path: Path, spoil: object, command: list[str]) -> None:
    db = tmp_path / "spoilt.sqlite3"
    spoil(db)  # type: ignore[operator]
    done = bot(db, *command, timeout=15)  # it used to hang forever on aiosqlite's thread
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(db) in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_folder_or_an_impossible_path_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    done = bot(folder, "ask", "/stats")
    assert done.returncode == 2 and done.stderr.strip() == f"store {folder}: is a folder, not an SQLite file"
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    impossible = blocker / "under" / "bot.sqlite3"
    done = bot(impossible, "ask", "/stats")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert str(impossible) in done.stderr and "Traceback" not in done.stderr


async def test_open_failure_closes_the_connection_thread(tmp_path: Path) -> None:
    db = tmp_path / "noise.sqlite3"
    _random_bytes(db)
    import threading

    before = set(threading.enumerate())
    with pytest.raises(StoreError, match="not a database"):
        await Store.open(db)
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=5)  # returns at once when the connection was closed; a hang fails here
        assert not thread.is_alive()


async def test_a_read_only_store_answers_and_refuses_writes(tmp_path: Path) -> None:
    from bot.answers import answer
    from bot.answers.render_text import render_plain
    from bot.ingest.pipeline import ingest_paths
    from bot.ingest.seeds import ensure_seeds

    db = tmp_path / "s.sqlite3"
    store = await Store.open(db)
    await ingest_paths(store, [ROOT / "seeds"])
    await store.close()
    ro = await Store._open(str(db), read_only="mode=ro")
    try:
        assert ro.read_only
        assert "Articles" in render_plain(await answer(ro, "/stats")) or (await answer(ro, "/stats")).ok
        assert await ensure_seeds(ro, ROOT / "seeds") == 0
        with pytest.raises(StoreError, match="read-only"):
            async with ro.transaction():
                pass
    finally:
        await ro.close()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_file_and_folder_answer_read_commands(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "bot.sqlite3"
    assert bot(db, "ingest", "seeds").returncode == 0
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        asked = bot(db, "ask", "/stats")
        assert asked.returncode == 0 and asked.stdout.strip()
        ingest = bot(db, "ingest", "seeds")
        assert ingest.returncode in (0, 2) and "Traceback" not in ingest.stderr
    finally:
        folder.chmod(0o755)


# -- item 5: the migration race on a new store ---------------------------------------------------------------


async def test_two_opens_of_a_new_file_at_once_both_migrate(tmp_path: Path) -> None:
    for n in range(5):
        db = tmp_path / f"new{n}.sqlite3"
        stores = await asyncio.gather(Store.open(db), Store.open(db), Store.open(db))
        try:
            versions = [await s.user_version() for s in stores]
            assert versions == [migration_scripts()[-1][0]] * 3
        finally:
            for s in stores:
                await s.close()


def test_two_ingests_and_an_ask_started_together_on_a_new_file(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(ROOT / "seeds", articles)
    for attempt in range(2):
        db = tmp_path / f"race{attempt}.sqlite3"
        env = {**os.environ, "BOT_DB_PATH": str(db), "BOT_SEEDS_DIR": str(ROOT / "seeds")}
        env.pop("TELEGRAM_BOT_TOKEN", None)
        cmds = [["ingest", str(articles)], ["ingest", str(articles)], ["ask", "/stats"]]
        procs = [subprocess.Popen([sys.executable, "-m", "bot", *c], cwd=ROOT, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in cmds]
        for p in procs:
            _out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
            assert "already exists" not in err and "Traceback" not in err


def test_the_worker_with_a_bad_store_stops_before_telegram(tmp_path: Path) -> None:
    db = tmp_path / "noise.sqlite3"
    _random_bytes(db)
    env = {**os.environ, "BOT_DB_PATH": str(db), "TELEGRAM_BOT_TOKEN": "123:" + "A" * 35,
           "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot"}  # nothing listens there: it must not be asked
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=20, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"store {db}: file is not a database (not an SQLite store, or a damaged one)"
    ]
