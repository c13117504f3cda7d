"""Shared helpers for the follow tests (no tests here): invented articles as files, the worker and the
CLI as real processes against the fake Bot API, and reads of the store.

Every name and sentence here is invented.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60.0  # "within a minute"

BASE = """title: Ministers gather in Astana
date: 2026-10-02
url: https://news.example.org/2026/10/inv000
source: The Example Herald

ASTANA – Foreign Minister of Kazakhstan Aidar Temirov met Deputy Foreign Minister of Norway Jonas Eriksen in \
Astana on October 1. Ambassador of Chile Ivan Petrovsky and Ambassador of Peru Olga Petrovsky also attended \
the meeting.
"""

NEWS = """title: Temirov and Eriksen sign a water treaty in Oslo
date: 2026-11-21
url: https://news.example.org/2026/11/inv100
source: The Example Herald

OSLO – Foreign Minister of Kazakhstan Aidar Temirov met Deputy Foreign Minister of Norway Jonas Eriksen in \
Oslo on November 20. They signed the water treaty after two days of talks. Ambassador of Peru Olga Petrovsky \
welcomed the agreement.
"""

OTHER = """title: Chilean envoy opens a trade fair
date: 2026-11-22
url: https://news.example.org/2026/11/inv{n}
source: The Example Herald

SANTIAGO – Ambassador of Chile Ivan Petrovsky opened a trade fair in Santiago on November {day}. \
Exhibitors showed copper and fruit.
"""

TREATY = """title: Water treaty talks, round {n}
date: 2026-11-{day:02d}
url: https://news.example.org/2026/11/water{n}
source: The Example Herald

VIENNA – Delegates held round {n} of talks on the water treaty in Vienna on November {day}. \
The next round is planned for December.
"""


def write_base(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "inv000.txt").write_text(BASE, encoding="utf-8")
    return folder


def env_for(tmp_path: Path, base_url: str = "", token: str = "", **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(
        PYTHONPATH=str(REPO),
        BOT_DB_PATH=str(tmp_path / "data" / "bot.sqlite3"),
        BOT_SEEDS_DIR=str(write_base(tmp_path / "base")),
        BOT_LOG_LEVEL="INFO",
        BOT_ALERTS_POLL_SECONDS="0.2",
    )
    if token:
        env.update(TELEGRAM_BOT_TOKEN=token, TELEGRAM_BASE_URL=base_url)
    env.update(values)
    return env


async def start_worker(tmp_path: Path, env: dict[str, str], name: str = "worker") -> asyncio.subprocess.Process:
    log = open(tmp_path / f"{name}.log", "ab")  # noqa: SIM115 - the process owns it until it ends
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stdout=log, stderr=log
    )


async def stop(proc: asyncio.subprocess.Process, *, kill: bool = False) -> int:
    if proc.returncode is None:
        if kill:
            proc.kill()
        else:
            proc.terminate()
    return await asyncio.wait_for(proc.wait(), TIMEOUT)


async def cli(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    """`python -m bot ARGS` in another process; (exit code, stdout)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    assert proc.returncode is not None
    return proc.returncode, out.decode() + err.decode()


async def ingest(tmp_path: Path, env: dict[str, str], files: dict[str, str]) -> None:
    """Write invented article files and read them with `python -m bot ingest` in another process."""
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, out = await cli(tmp_path, env, "ingest", str(folder))
    assert code == 0, out
    assert f"{len(files)} added" in out, out


def alerts(db: Path, chat_id: int | None = None) -> list[tuple[int, str, str, int]]:
    """(chat, article, status, attempts) of every alert row, read with plain sqlite3."""
    with sqlite3.connect(db) as conn:
        sql = "SELECT chat_id, article_id, status, attempts FROM alerts"
        rows = conn.execute(sql + (" WHERE chat_id = ?" if chat_id is not None else ""),
                            (chat_id,) if chat_id is not None else ()).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]


async def wait_db(db: Path, predicate: object, timeout: float = TIMEOUT) -> None:
    """Until `predicate(alerts(db))` holds; bounded, polling the store (another process writes it)."""
    assert callable(predicate)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if db.exists() and predicate(alerts(db)):
            return
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"the store never got there: {alerts(db) if db.exists() else 'no store'}")
        await asyncio.sleep(0.05)


async def wait_value(db: Path, sql: str, params: tuple[object, ...], expected: object) -> None:
    """Until the first column of the first row of `sql` equals `expected` (bounded)."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        with sqlite3.connect(db) as conn:
            row = conn.execute(sql, params).fetchone()
        if row is not None and row[0] == expected:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{sql} {params}: {row}, never {expected}")
        await asyncio.sleep(0.05)
