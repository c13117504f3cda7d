"""`python -m bot run` as a real process: loads the seeds into an empty store, answers over HTTP from
the fake Bot API, logs one line per update without the token, and exits 0 on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
TIMEOUT = 60.0


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


def env_for(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(
        PYTHONPATH=str(REPO),
        BOT_DB_PATH=str(tmp_path / "data" / "bot.sqlite3"),
        BOT_SEEDS_DIR=str(SEEDS),
        BOT_LOG_LEVEL="INFO",
    )
    env.update(values)
    return env


async def test_worker_process_answers_and_stops_on_sigterm(api: FakeBotAPI, tmp_path: Path) -> None:
    if not any(SEEDS.glob("*.txt")):
        pytest.skip("no seed articles in the repository")
    env = env_for(tmp_path, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
        mark = api.mark()
        update_id = api.private_text(77, "/stats")
        call = await api.wait_method("sendMessage", after=mark, timeout=TIMEOUT)
        assert call.ok and (call.text or "").startswith("What the store holds")
        articles = re.search(r"Articles: (\d+)", call.text or "")
        assert articles and int(articles.group(1)) > 0  # the seeds were loaded into the empty store
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    log = err.decode()
    assert proc.returncode == 0, log[-2000:]
    assert api.token not in log and api.token.split(":", 1)[1] not in log
    assert f"update {update_id}: message" in log
    assert "Traceback" not in log


async def test_worker_without_token_says_so_in_one_line(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env_for(tmp_path),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 2
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]
