"""Configuration mistakes are one line naming the setting and exit code 2; a broken webhook body is a 400."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from fakebotapi import FakeBotAPI
from test_telegram_e2e import start_bot
from test_telegram_world import build_world, make_settings

from bot.store.db import Store
from bot.telegram.app import run, webhook_secret

ROOT = Path(__file__).resolve().parents[1]


def bot(tmp_path: Path, *args: str, **env_values: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(BOT_DB_PATH=str(tmp_path / "bot.sqlite3"), BOT_SEEDS_DIR=str(ROOT / "seeds"))
    env.update(env_values)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("BOT_WEBHOOK_SECRET", "has spaces & symbols!", "BOT_WEBHOOK_SECRET"),
        ("BOT_WEBHOOK_SECRET", "x" * 257, "BOT_WEBHOOK_SECRET"),
        ("BOT_DIGEST_TZ", "Mars/Olympus_Mons", "BOT_DIGEST_TZ"),
        ("BOT_DIGEST_TIME", "25:61", "BOT_DIGEST_TIME"),
    ],
)
@pytest.mark.parametrize("command", ["ask", "run"])
def test_a_bad_setting_is_one_line_naming_it(tmp_path: Path, key: str, value: str, named: str, command: str) -> None:
    args = ["ask", "/stats"] if command == "ask" else ["run"]
    done = bot(tmp_path, *args, **{key: value, "TELEGRAM_BOT_TOKEN": "123:" + "A" * 35})
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2
    assert len(lines) == 1 and named in lines[0] and lines[0].startswith("bad setting:"), done.stderr
    assert value not in done.stderr  # a secret is never echoed


def test_a_known_zone_in_any_case_is_accepted(tmp_path: Path) -> None:
    done = bot(tmp_path, "ask", "/stats", BOT_DIGEST_TZ="europe/berlin", BOT_LOG_LEVEL="WARNING")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("where", ["folder", "impossible"])
def test_a_bad_db_path_is_one_line(tmp_path: Path, where: str) -> None:
    if where == "folder":
        path = tmp_path / "store-is-a-folder"
        path.mkdir()
    else:
        (tmp_path / "plain-file").write_text("x", encoding="utf-8")
        path = tmp_path / "plain-file" / "bot.sqlite3"
    for args in (["ask", "/stats"], ["ingest", str(ROOT / "seeds")], ["run"]):
        done = bot(tmp_path, *args, BOT_DB_PATH=str(path), TELEGRAM_BOT_TOKEN="123:" + "A" * 35,
                   TELEGRAM_BASE_URL="http://127.0.0.1:9/bot")
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1 and str(path) in lines[0], (args, done.stderr)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


async def test_a_refused_token_is_the_only_line(api: FakeBotAPI, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(BOT_DB_PATH=str(tmp_path / "bot.sqlite3"), BOT_SEEDS_DIR=str(tmp_path / "none"),
               TELEGRAM_BOT_TOKEN="111111:AAThisTokenIsNotKnownToTheServer", TELEGRAM_BASE_URL=api.base_url,
               BOT_LOG_LEVEL="INFO")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    text = err.decode()
    assert proc.returncode == 2
    assert "apscheduler" not in text.lower()
    assert text.strip().splitlines()[-1] == "Telegram refused the bot token (check TELEGRAM_BOT_TOKEN)"
    assert all(" INFO " in line or " WARNING " in line for line in text.strip().splitlines()[:-1])


async def test_a_port_in_use_is_one_line_and_exit_2(
    api: FakeBotAPI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        settings = make_settings(api.base_url, api.token, tmp_path / "bot.sqlite3",
                                 webhook_url=f"https://desk.example.org:{port}/hook", port=port)
        assert await run(settings) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"PORT {port}: cannot listen for the webhook (Address already in use)"]


async def test_a_webhook_body_that_is_no_update_is_a_400_and_one_line(
    api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await Store.open(tmp_path / "bot.sqlite3")
    await build_world(store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    url = f"http://127.0.0.1:{port}/tg/hook"
    try:
        async for running in start_bot(api, store, tmp_path, webhook_url=url, port=port):
            secret = webhook_secret(running.settings, api.token)
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
            async with aiohttp.ClientSession() as session:
                for body in (b"{not json", b"[1, 2]", b"\xff\xfe", b'{"update_id": "x", "message": 7}'):
                    caplog.clear()
                    with caplog.at_level(logging.DEBUG):
                        async with session.post(url, data=body, headers=headers) as r:
                            assert r.status == 400, body
                    lines = [rec for rec in caplog.records if rec.levelno >= logging.WARNING]
                    assert len(lines) == 1 and "no update" in lines[0].getMessage()
                    assert not any(rec.exc_info for rec in caplog.records)
                async with session.post(url, data=b"{not json", headers={**headers, SECRET: "wrong"}) as r:
                    assert r.status == 403
            call = await running.ask("/stats")  # and the worker still answers
            assert call.ok
    finally:
        await store.close()


SECRET = "X-Telegram-Bot-Api-Secret-Token"
