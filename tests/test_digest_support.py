"""Shared helpers for the digest tests (no tests here): a controllable clock, invented articles written
straight into the core schema, and a recording sender."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.digest.errors import DigestSendError
from bot.digest.limiter import RateLimiter
from bot.store.db import Store


class FakeClock:
    """Wall clock (UTC) and monotonic clock in one; `sleep` advances both without waiting."""

    def __init__(self, start: datetime) -> None:
        self.now = start.astimezone(UTC)
        self.mono = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(max(seconds, 0.0))
        await asyncio.sleep(0)

    def limiter(self) -> RateLimiter:
        return RateLimiter(clock=self.monotonic, sleep=self.sleep)


def settings(**overrides: object) -> Settings:
    base: dict[str, object] = {
        "digest_default_time": "09:00",
        "digest_default_tz": "Asia/Almaty",
        "digest_when_empty": "skip",
        "digest_send_missed_yesterday": False,
    }
    base.update(overrides)
    return Settings(**base)


_counter = 0


async def add_article(
    store: Store,
    *,
    ingested_at: datetime,
    title: str = "Ministers of Ruritania and Freedonia meet",
    source: str | None = "The Example Herald",
    url: str | None = "https://news.example.org/a",
    date: str | None = "2026-11-20",
    meetings: Iterable[tuple[str | None, list[str], str | None]] = (),
    events: Iterable[tuple[str | None, str]] = (),
    article_id: str | None = None,
) -> str:
    """An invented article with its meetings ((date, participants, place)) and events ((date, summary))."""
    global _counter
    _counter += 1
    aid = article_id or f"art{_counter:05d}"
    async with store.transaction() as conn:
        await conn.execute(
            "INSERT INTO articles(id, title, date, source, url, path, content_hash, body, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, '', ?, 'An invented body.', ?)",
            (aid, title, date, source, url, f"h{aid}",
             ingested_at.astimezone(UTC).isoformat(timespec="seconds")),
        )
        for mdate, people, place in meetings:
            cur = await conn.execute(
                "INSERT INTO meetings(article_id, date, place, topics) VALUES (?, ?, ?, '[\"trade\"]')",
                (aid, mdate, place),
            )
            meeting_id = cur.lastrowid
            for pos, name in enumerate(people):
                key = name.lower()
                await conn.execute("INSERT OR IGNORE INTO people(name, key) VALUES (?, ?)", (name, key))
                async with conn.execute("SELECT id FROM people WHERE key = ?", (key,)) as pc:
                    row = await pc.fetchone()
                assert row is not None
                await conn.execute(
                    "INSERT INTO meeting_participants(meeting_id, person_id, position) VALUES (?, ?, ?)",
                    (meeting_id, row[0], pos),
                )
        for edate, summary in events:
            await conn.execute(
                "INSERT INTO events(article_id, date, summary) VALUES (?, ?, ?)", (aid, edate, summary)
            )
    return aid


@dataclass
class Recorder:
    """A sender that records (chat, thread, text) and can be told to fail for some chats."""

    sent: list[tuple[int, int | None, str]] = field(default_factory=list)
    fail: dict[int, list[Exception]] = field(default_factory=dict)  # chat -> errors to raise, in order
    crash_after: int | None = None  # raise Crash on the send after this many successful sends

    async def __call__(self, chat_id: int, thread_id: int | None, text: str) -> None:
        await asyncio.sleep(0)
        errors = self.fail.get(chat_id)
        if errors:
            raise errors.pop(0)
        if self.crash_after is not None and len(self.sent) >= self.crash_after:
            raise Crash("process killed")
        self.sent.append((chat_id, thread_id, text))

    def texts(self, chat_id: int) -> list[str]:
        return [t for c, _, t in self.sent if c == chat_id]


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing in the digest code catches it."""


__all__ = ["Crash", "DigestSendError", "FakeClock", "Recorder", "add_article", "settings"]
