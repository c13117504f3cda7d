"""What a digest says and how it looks: sections, escaping, links, the 4096 limit, the queries behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import parse_html
from test_digest_support import add_article

from bot.digest.compose import MESSAGE_LIMIT, compose, utf16_len
from bot.digest.queries import ArticleItem, DigestData, coming_up, load_digest_data, on_this_day
from bot.store.db import Store

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 4, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    yield s
    await s.close()


def check_telegram_html(messages: list[str]) -> list[str]:
    """Each message parses like Telegram parses HTML and fits; returns the plain texts."""
    plain = []
    for message in messages:
        assert utf16_len(message) <= MESSAGE_LIMIT
        text, _ = parse_html(message)
        plain.append(text)
    return plain


async def test_sections_and_links(store: Store) -> None:
    await add_article(
        store, ingested_at=NOW - timedelta(hours=3), title="Ministers of Ruritania and Freedonia meet",
        source="The Example Herald", url="https://news.example.org/meet",
        meetings=[("2026-11-23", ["Alda Veskar", "Boris Quell"], "Port Example")],
        events=[("2026-11-24", "Ruritania and Freedonia sign an invented trade memorandum")],
    )
    await add_article(store, ingested_at=NOW - timedelta(days=30), title="Old news", url="https://x.example/old",
                      events=[("2019-11-25", "An invented treaty enters into force"),
                              ("2019-11-25", "An invented treaty enters into force"),  # same event, again
                              ("2026-11-25", "Today's invented ceremony"),
                              ("2026-11-28", "An invented summit is due to open"),
                              ("2026-12-03", "Beyond the seven days"),
                              ("2018-11", "Month only: not on this day"),
                              ("2020-11-26", "Another day: not on this day")])
    data = await load_digest_data(store.conn, NOW - timedelta(days=1), NOW, TODAY)
    messages = compose(data)
    assert messages is not None and len(messages) == 1
    html = messages[0]
    assert '<a href="https://news.example.org/meet">Ministers of Ruritania and Freedonia meet</a>' in html
    (text,) = check_telegram_html(messages)
    assert text.splitlines()[0] == "Diplomacy digest · Wed 25 Nov 2026"
    assert "🤝 23 Nov 2026: Alda Veskar, Boris Quell — Port Example (trade)" in text
    assert "📌 24 Nov 2026: Ruritania and Freedonia sign an invented trade memorandum" in text
    assert "Old news" not in text  # ingested a month ago: not new
    on_day = text[text.index("On this day"):text.index("Coming up")]
    assert on_day.count("An invented treaty enters into force") == 1 and "2019" in on_day
    assert "Month only" not in text and "Another day" not in text
    coming = text[text.index("Coming up"):]
    assert "Today: Today's invented ceremony" in coming
    assert "Sat 28 Nov: An invented summit is due to open" in coming
    assert "Beyond the seven days" not in coming
    assert text.index("New articles") < text.index("On this day") < text.index("Coming up")
    assert max(len(line) for line in text.splitlines()) < 120  # short lines for phones


async def test_hostile_text_is_escaped_and_bad_links_are_not_links(store: Store) -> None:
    await add_article(
        store, ingested_at=NOW - timedelta(hours=1),
        title='<b>Bold</b> & "quotes" <a href="https://evil.example">x</a> 🕊️ שלום עליכם',
        source="Source <i>&amp;</i>", url="javascript:alert(1)",
        events=[("2026-11-24", "A & B < C > D " + "long " * 3000)],
    )
    data = await load_digest_data(store.conn, NOW - timedelta(days=1), NOW, TODAY)
    messages = compose(data)
    assert messages is not None
    (text,) = check_telegram_html(messages)
    assert '<b>Bold</b> & "quotes" <a href="https://evil.example">x</a> 🕊️ שלום עליכם' in text
    assert "Source <i>&amp;</i>" in text
    assert "javascript" not in messages[0] and 'href="https://evil.example"' not in messages[0]
    _, entities = parse_html(messages[0])
    assert not [e for e in entities if e["type"] == "text_link"]
    assert "A & B < C > D long" in text and "…" in text


async def test_long_digest_is_split_between_items_within_the_limit(store: Store) -> None:
    for n in range(25):
        await add_article(
            store, ingested_at=NOW - timedelta(minutes=n + 1),
            title=f"Invented delegation number {n} arrives for talks " + "with a rather long headline " * 4,
            url=f"https://news.example.org/{n}",
            meetings=[(f"2026-11-2{n % 5}", ["Alda Veskar", "Boris Quell", "Cara Dunmore", "Dov Lenz",
                                              "Eli Marr"], "Port Example")] * 4,
            events=[(f"2026-11-2{n % 5}", f"Delegation {n} signs a protocol " + "in detail " * 15)] * 4,
        )
    for n in range(12):
        await add_article(store, ingested_at=NOW - timedelta(days=40),
                          events=[(f"20{10 + n}-11-25", f"Past event {n}")])
    data = await load_digest_data(store.conn, NOW - timedelta(days=1), NOW, TODAY)
    assert len(data.new_articles) == 25 and data.more_articles == 0
    messages = compose(data)
    assert messages is not None and len(messages) >= 3
    texts = check_telegram_html(messages)
    assert all(utf16_len(m) <= 4096 for m in messages)
    joined = "\n".join(texts)
    for n in range(25):  # every item whole, in exactly one message
        holders = [t for t in texts if f"Invented delegation number {n} arrives" in t]
        assert len(holders) == 1
        assert f"Delegation {n} signs a protocol" in holders[0]
        assert "+1 more meetings" in holders[0] and "+1 more events" in holders[0]
    assert texts[1].startswith("🗞 New articles (25) (cont.)")
    assert joined.count("On this day") == 1 and "Past event 11" in joined and "Past event 1 " not in joined
    assert joined.count("Past event") == 10  # capped


async def test_more_articles_than_fit_are_counted(store: Store) -> None:
    for n in range(30):
        await add_article(store, ingested_at=NOW - timedelta(minutes=n + 1), title=f"Invented item {n}")
    data = await load_digest_data(store.conn, NOW - timedelta(days=1), NOW, TODAY)
    assert data.more_articles == 5
    assert [a.title for a in data.new_articles][-1] == "Invented item 0"  # the newest are kept
    messages = compose(data)
    assert messages is not None
    assert "…and 5 more: try /search" in check_telegram_html(messages)[0]


def test_nothing_to_say_is_none() -> None:
    assert compose(DigestData(local_date=TODAY, new_articles=[], on_this_day=[], coming_up=[])) is None
    bare = ArticleItem(id="a1", title=None, source=None, url=None, date=None)
    messages = compose(DigestData(local_date=TODAY, new_articles=[bare], on_this_day=[], coming_up=[]))
    assert messages is not None and "a1" in messages[0]


async def test_window_is_half_open_on_whole_seconds(store: Store) -> None:
    edge = datetime(2026, 11, 25, 3, 0, 0, tzinfo=UTC)
    await add_article(store, ingested_at=edge - timedelta(seconds=1), title="Just before")
    await add_article(store, ingested_at=edge, title="On the edge")
    first = await load_digest_data(store.conn, edge - timedelta(hours=1), edge, TODAY)
    second = await load_digest_data(store.conn, edge, edge + timedelta(hours=1), TODAY)
    assert [a.title for a in first.new_articles] == ["Just before"]
    assert [a.title for a in second.new_articles] == ["On the edge"]


async def test_queries_use_the_indexes(store: Store) -> None:
    async def plan(sql: str, *params: object) -> str:
        rows = await store.conn.execute_fetchall("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(r[3]) for r in rows)

    assert "events_month_day" in await plan(
        "SELECT * FROM events e WHERE substr(e.date, 6, 5) = ? AND e.date < ? AND length(e.date) = 10",
        "11-25", "2026")
    assert "events_date" in await plan(
        "SELECT * FROM events e WHERE e.date >= ? AND e.date <= ? AND length(e.date) = 10", "a", "b")
    assert "articles_ingested" in await plan(
        "SELECT id FROM articles WHERE ingested_at >= ? AND ingested_at < ? ORDER BY ingested_at DESC",
        "a", "b")
    await add_article(store, ingested_at=NOW, events=[("2016-11-25", "An invented anniversary")])
    assert [e.summary for e in await on_this_day(store.conn, TODAY)] == ["An invented anniversary"]
    assert await coming_up(store.conn, TODAY) == []
