"""Sources and links on Telegram, end to end against the fake Bot API and the local news site:
who may add and remove sources, /read and bare links (rate-limited, and kept off local addresses unless
BOT_FETCH_ALLOW_PRIVATE), and what the reply tells."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI
from newssite import NewsSite
from test_telegram_e2e import Running, start_bot
from test_telegram_world import ADMIN_ID
from test_web_fetch import invented

from bot.store.db import Store
from bot.store.sources import list_sources
from bot.telegram import errors

USER = 7301
GROUP = -100730
GROUP_ADMIN = 7302


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    yield s
    await s.close()


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite([invented("alpha"), invented("beta")]) as s:
        yield s


async def running(api: FakeBotAPI, store: Store, tmp_path: Path, **extra: object) -> AsyncIterator[Running]:
    errors.throttled.reset()
    extra.setdefault("fetch_host_delay_seconds", 0.0)
    async for bot in start_bot(api, store, tmp_path, **extra):
        yield bot


@pytest.fixture
async def bot(api: FakeBotAPI, store: Store, tmp_path: Path) -> AsyncIterator[Running]:
    async for b in running(api, store, tmp_path, fetch_allow_private=True, read_rate_per_hour=2):
        yield b


async def test_admin_adds_lists_and_removes_a_source(bot: Running, site: NewsSite) -> None:
    reply = await bot.ask(f"/addsource {site.url('/')} every 15", chat=ADMIN_ID, user=ADMIN_ID)
    assert (reply.text or "").startswith("Added: source 1, rss “The Meridian Courier”, every 15 min.")
    assert [s.url for s in await list_sources(bot.store)] == [site.url("/feeds/news.rss")]
    listing = await bot.ask("/sources", chat=ADMIN_ID, user=ADMIN_ID)
    assert "1. The Meridian Courier — rss, every 15 min" in (listing.text or "")
    bad = await bot.ask(f"/addsource {site.url('/files/report.pdf')}", chat=ADMIN_ID, user=ADMIN_ID)
    assert (bad.text or "").startswith("I can't use that as a source:")
    short = await bot.ask(f"/addsource {site.url('/')} every 1", chat=ADMIN_ID, user=ADMIN_ID)
    assert "5 to 10080 minutes" in (short.text or "")
    gone = await bot.ask("/removesource 1", chat=ADMIN_ID, user=ADMIN_ID)
    assert (gone.text or "").startswith("Removed source 1")
    assert await list_sources(bot.store) == []


async def test_users_may_not_manage_sources_but_group_admins_may_in_their_group(bot: Running, site: NewsSite) -> None:
    for text in (f"/addsource {site.url('/')}", "/sources", "/removesource 1"):
        reply = await bot.ask(text, chat=USER, user=USER)
        assert reply.text == "Only the bot's admins (and a group's administrators, in their group) can manage sources."
    assert await list_sources(bot.store) == []
    bot.api.set_member(GROUP, GROUP_ADMIN, "administrator")
    bot.api.set_member(GROUP, USER, "member")
    refused = await bot.ask(f"/addsource {site.url('/')}", chat=GROUP, user=USER, kind="group")
    assert (refused.text or "").startswith("Only the bot's admins")
    added = await bot.ask(f"/addsource {site.url('/')}", chat=GROUP, user=GROUP_ADMIN, kind="group")
    assert (added.text or "").startswith("Added: source 1")
    sources = await list_sources(bot.store)
    assert sources[0].added_by == f"chat:{GROUP}/user:{GROUP_ADMIN}"
    bot.api.set_member(GROUP - 1, GROUP_ADMIN, "administrator")
    other = await bot.ask("/removesource 1", chat=GROUP - 1, user=GROUP_ADMIN, kind="group")
    assert other.text == "A group's administrators can remove only the sources added there."
    own = await bot.ask("/removesource 1", chat=GROUP, user=GROUP_ADMIN, kind="group")
    assert (own.text or "").startswith("Removed source 1")


async def test_read_and_bare_link_answer_with_what_was_found_and_are_rate_limited(
    bot: Running, site: NewsSite
) -> None:
    reply = await bot.ask(f"/read {site.url('/news/alpha?utm_source=tg')}", chat=USER, user=USER)
    text = reply.text or ""
    assert "Envoys meet over the alpha treaty" in text and "Arvid Tamberg" in text and "5 March 2024" in text
    who = await bot.ask("/who Arvid Tamberg", chat=USER, user=USER)
    assert "Finland" in (who.text or "")
    bare = await bot.ask(site.url("/news/beta"), chat=USER, user=USER)
    assert "Envoys meet over the beta treaty" in (bare.text or "")
    slow = await bot.ask(f"/read {site.url('/news/alpha')}", chat=USER, user=USER)  # the third in an hour
    assert (slow.text or "").startswith("You have asked me to read many links; please wait about")
    usage = await bot.ask("/read", chat=USER + 1, user=USER + 1)
    assert (usage.text or "").startswith("Send /read and a link")
    failed = await bot.ask(f"/read {site.url('/files/report.pdf')}", chat=USER + 1, user=USER + 1)
    assert failed.text == "I could not read that page: not an HTML page (application/pdf)"


async def test_local_addresses_are_refused_from_telegram_by_default(
    api: FakeBotAPI, store: Store, tmp_path: Path, site: NewsSite
) -> None:
    async for bot in running(api, store, tmp_path):
        reply = await bot.ask(f"/read {site.url('/news/alpha')}", chat=USER, user=USER)
        assert (reply.text or "").startswith("I can't read that link: 127.0.0.1 points inside the bot's own network")
        scheme = await bot.ask("/read file:///etc/passwd", chat=USER, user=USER)
        assert (scheme.text or "").startswith("Send /read and a link")
        add = await bot.ask(f"/addsource {site.url('/')}", chat=ADMIN_ID, user=ADMIN_ID)
        assert "points inside the bot's own network" in (add.text or "")
    assert site.hits == []  # nothing was fetched


def test_read_is_in_the_command_menu() -> None:
    from bot.telegram.app import menu

    assert "read" in [c.command for c in menu(True)]
