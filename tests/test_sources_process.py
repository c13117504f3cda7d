"""The worker as a real process (`python -m bot run`) against the fake Bot API and the local news site:
it polls a source on its own interval, picks up an article added to the feed, answers /who about a
person in it, puts it in the next digest, and after a restart reads and posts nothing twice.

Waits are on conditions (the site's request log, the store, the fake's calls) with bounded deadlines."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI
from newssite import NewsSite, SiteArticle
from test_telegram_process import env_for
from test_web_fetch import invented

TIMEOUT = 60.0
USER = 8801
DIGEST_CHAT = 8802

FRESH = SiteArticle(
    slug="gamma",
    title="Chile and Finland open talks on polar research",
    paragraphs=[
        "Foreign Minister of Chile Tomas Kervale met the Ambassador of Finland Ilse Varrinen in Santiago on "
        "Monday to discuss a joint programme of polar research and a new scientific station.",
        "The two sides agreed that a working group would meet again in the spring to draft the agreement.",
        "Tomas Kervale said the programme would be open to universities of both countries.",
    ],
    date="2025-02-03",
)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


async def until(check: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Wait for a condition another process brings about (bounded; checked every 50 ms)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def article_titles(db: Path) -> list[str]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as con:
        try:
            return [str(r[0]) for r in con.execute("SELECT title FROM articles")]
        except sqlite3.OperationalError:
            return []


async def cli(env: dict[str, str], cwd: Path, *args: str) -> str:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
    assert proc.returncode == 0, err.decode()
    return out.decode()


class Worker:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.proc: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> Worker:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=self.cwd, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = await asyncio.wait_for(self.proc.communicate(), TIMEOUT)
        finally:
            if self.proc.returncode is None:
                self.proc.kill()
                await self.proc.wait()
        self.log = err.decode()
        assert self.proc.returncode == 0, self.log[-3000:]
        assert "Traceback" not in self.log, self.log[-3000:]


async def ask(api: FakeBotAPI, text: str, chat: int = USER) -> str:
    mark = api.mark()
    api.private_text(chat, text)
    call = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == chat, after=mark,
                              timeout=TIMEOUT)
    return call.text or ""


async def test_worker_polls_answers_digests_and_restarts_without_repeating(api: FakeBotAPI, tmp_path: Path) -> None:
    env = env_for(tmp_path, TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url,
                  BOT_FETCH_HOST_DELAY_SECONDS="0", BOT_SEEDS_DIR=str(tmp_path / "no-seeds"),
                  BOT_SOURCE_SWEEP_SECONDS="1")
    db = Path(env["BOT_DB_PATH"])
    async with NewsSite([invented("alpha")]) as site:
        out = await cli(env, tmp_path, "sources", "add", site.url("/feeds/news.rss"), "--every", "0.05")
        assert out.startswith("added source 1: rss")

        async with Worker(env, tmp_path):
            await until(lambda: "Envoys meet over the alpha treaty" in article_titles(db), "the first poll")
            site.add(FRESH)
            await until(lambda: FRESH.title in article_titles(db), "the new entry to be read")
            who = await ask(api, "/who Tomas Kervale")
            assert "Tomas Kervale" in who and "Chile" in who
            preview = await ask(api, "/digest")
            assert FRESH.title in preview

        assert len(site.requests_to("/news/gamma")) == 1
        # a daily digest whose time today has passed, subscribed two days ago: due at the next start
        at = (datetime.now(UTC) - timedelta(minutes=2)).strftime("%H:%M")
        await cli(env, tmp_path, "subscribe", str(DIGEST_CHAT), "--at", at, "--tz", "UTC")
        long_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
        with sqlite3.connect(db) as con:
            con.execute("UPDATE subscriptions SET subscribed_at = ?, active_since = ?", (long_ago, long_ago))

        feed_polls = len(site.requests_to("/feeds/news.rss"))
        mark = api.mark()
        async with Worker(env, tmp_path):
            digest = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == DIGEST_CHAT,
                                        after=mark, timeout=TIMEOUT)
            assert FRESH.title in (digest.text or "")
            await until(lambda: any(h.status == 304 for h in site.requests_to("/feeds/news.rss")[feed_polls:]),
                        "a conditional poll after the restart")

        feed_polls = len(site.requests_to("/feeds/news.rss"))
        mark = api.mark()
        async with Worker(env, tmp_path):
            await until(lambda: any(h.status == 304 for h in site.requests_to("/feeds/news.rss")[feed_polls:]),
                        "a conditional poll after the second restart")
            assert "Tomas Kervale" in await ask(api, "/who Tomas Kervale")
        assert [c for c in api.calls[mark:] if c.method == "sendMessage" and c.chat_id == DIGEST_CHAT] == []
        # nothing read twice: each page fetched once over three runs
        assert len(site.requests_to("/news/gamma")) == 1 and len(site.requests_to("/news/alpha")) == 1
    assert article_titles(db).count(FRESH.title) == 1
