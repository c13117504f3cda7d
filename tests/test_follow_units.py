"""Follows in process: resolution replies, unfollow by number and by button, the cap on a controlled
clock, digests first, hostile phrases, and the console chat.  Invented names and sentences only."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from follow_support import NEWS, TREATY, write_base
from test_digest_support import FakeClock, settings

from bot import console
from bot.answers import follow as fa
from bot.digest.alerts import CONSOLE_CHAT, AlertService
from bot.digest.clock import iso_utc
from bot.digest.follows import list_follows
from bot.digest.matching import fts_phrase
from bot.ingest.pipeline import ingest_paths
from bot.store.db import Store

CHAT = 4242


async def _store(tmp_path: Path) -> Store:
    store = await Store.open(tmp_path / "f.sqlite3")
    await ingest_paths(store, [write_base(tmp_path / "base")])
    return store


async def _add(store: Store, tmp_path: Path, files: dict[str, str]) -> None:
    folder = tmp_path / "new"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    await ingest_paths(store, [folder / name for name in files])


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def __call__(self, chat_id: int, thread_id: int | None, text: str) -> None:
        self.sent.append((chat_id, text))


async def test_resolution_replies(tmp_path: Path) -> None:
    store = await _store(tmp_path)
    now = datetime.now(UTC)
    try:
        unknown = await fa.follow(store, CHAT, "Zorblax Quint", now)
        assert not unknown.ok and "neither a person I know nor a state" in unknown.pages[0].lines[0].plain()
        assert any(b.action == '/follow "Zorblax Quint"' for b in unknown.buttons)
        empty = await fa.follow(store, CHAT, '"%%% ---"', now)
        assert not empty.ok and "no letters or digits" in empty.pages[0].lines[0].plain()
        usage = await fa.follow(store, CHAT, "", now)
        assert not usage.ok and "/follow" in usage.pages[0].lines[0].plain()
        assert await list_follows(store.conn, CHAT) == []
        again = await fa.follow(store, CHAT, "Temirov", now)
        assert again.ok
        twice = await fa.follow(store, CHAT, "aidar temirov", now)
        assert "already follows Aidar Temirov" in twice.pages[0].lines[0].plain()
        assert len(await list_follows(store.conn, CHAT)) == 1
    finally:
        await store.close()


async def test_unfollow_by_number_button_and_name(tmp_path: Path) -> None:
    store = await _store(tmp_path)
    now = datetime.now(UTC)
    try:
        for what in ("Temirov", "Norway", '"water treaty"'):
            assert (await fa.follow(store, CHAT, what, now)).ok
        choices = await fa.unfollow(store, CHAT, "")
        assert all(b.action.startswith("/unfollow f:") and len(b.action.encode()) <= 60 for b in choices.buttons)
        actions = [b.action.split(" ", 1)[1] for b in choices.buttons]
        assert len(actions) == 3
        assert "Norway" in (await fa.unfollow(store, CHAT, actions[1])).pages[0].lines[0].plain()
        gone = await fa.unfollow(store, CHAT, actions[1])  # the same button again
        assert not gone.ok and "no longer follows" in gone.pages[0].lines[0].plain()
        assert "water treaty" in (await fa.unfollow(store, CHAT, '"Water Treaty"')).pages[0].lines[0].plain()
        assert "Aidar Temirov" in (await fa.unfollow(store, CHAT, "1")).pages[0].lines[0].plain()
        assert await list_follows(store.conn, CHAT) == []
        nothing = await fa.unfollow(store, CHAT, "Norway")
        assert nothing.title == "Following nothing" or not nothing.ok
    finally:
        await store.close()


def test_phrase_tokens_are_quoted() -> None:
    assert fts_phrase('water "treaty" NEAR(x)') == '"water" + """treaty""" + "NEAR(x)"'
    assert fts_phrase("--- ***") is None


async def test_cap_on_a_controlled_clock_and_the_next_hour(tmp_path: Path) -> None:
    store = await _store(tmp_path)
    clock = FakeClock(datetime.now(UTC))
    sent = Recorder()
    alerts = AlertService(store, settings(alerts_per_hour=2), sent, limiter=clock.limiter(), clock=clock,
                          sleep=clock.sleep)
    try:
        await fa.follow(store, CHAT, '"water treaty"', clock())
        await _add(store, tmp_path, {f"w{n}.txt": TREATY.format(n=n, day=n) for n in range(1, 5)})
        assert await alerts.tick() == {CHAT: 3}
        assert [t.splitlines()[0] for _, t in sent.sent][-1].startswith("🔔 <b>…and 2 more</b>")
        await _add(store, tmp_path, {"w9.txt": TREATY.format(n=9, day=9)})
        assert await alerts.tick() == {}  # the hour is spent: it waits
        clock.advance(3601)
        assert await alerts.tick() == {CHAT: 1}  # a new hour: it comes as an alert of its own
        assert "round 9" in sent.sent[-1][1]
        assert await alerts.tick() == {}
    finally:
        await store.close()


async def test_a_digest_being_sent_goes_first(tmp_path: Path) -> None:
    store = await _store(tmp_path)
    clock = FakeClock(datetime.now(UTC))
    sent = Recorder()
    alerts = AlertService(store, settings(), sent, limiter=clock.limiter(), clock=clock, sleep=clock.sleep)
    try:
        await fa.follow(store, CHAT, "Temirov", clock())
        await _add(store, tmp_path, {"inv100.txt": NEWS})
        async with store.transaction() as conn:  # another worker is sending a digest right now
            await conn.execute(
                "INSERT INTO digest_deliveries(chat_id, local_date, status, claimed_at, window_from, window_to)"
                " VALUES (1, '2026-12-05', 'claimed', ?, ?, ?)",
                (iso_utc(clock()), iso_utc(clock() - timedelta(days=1)), iso_utc(clock())),
            )
        assert await alerts.tick() == {CHAT: 1}
        assert sum(clock.slept) >= 100  # it waited while the digest's heartbeat was fresh
        assert "Aidar Temirov" in sent.sent[0][1]
    finally:
        await store.close()


async def test_console_follows_and_shows_alerts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = await _store(tmp_path)
    monkeypatch.setattr(console, "HISTORY", tmp_path / "history")
    typed = "\n".join(["/follow Petrovsky", "1", "/follow Kazakh", "/following", "/digest only followed",
                       "/settings", "/unfollow", "quit"]) + "\n"
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    monkeypatch.setattr(sys, "stdout", out)
    try:
        await console.chat(store)
        text = out.getvalue()
        assert ("fits several people" in text and "Following Ivan Petrovsky" in text) or "Following Olga" in text
        assert "Following Kazakhstan (state or organisation)" in text
        assert "Digest content: only what this chat follows" in text
        assert "What should this chat stop following?" in text
        follows = await list_follows(store.conn, CONSOLE_CHAT)
        assert {f.kind for f in follows} == {"person", "country"}
        # an article read meanwhile (by any process): the console shows its alert before the next prompt
        await _add(store, tmp_path, {"inv100.txt": NEWS})
        out2 = io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.StringIO("/following\n"))
        monkeypatch.setattr(sys, "stdout", out2)
        await console.chat(store)
        shown = out2.getvalue()
        assert "🔔 Following: " in shown and "Temirov and Eriksen sign a water treaty in Oslo" in shown
        assert "(https://news.example.org/2026/11/inv100)" in shown
        assert "Foreign Minister of Kazakhstan Aidar Temirov met" in shown
    finally:
        await store.close()
