"""/article, /stats, /help, unknown commands, plain text, rendering, inline mode and hostile input."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from test_answers_fixture import BAIZHANOV, PENALVER, TESMEROV, VOLKHOVSKY, build_store

from bot.answers import answer
from bot.answers.inline import inline_people
from bot.answers.render_text import render_plain
from bot.answers.reply import Button, Line, Page, Reply, Span
from bot.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await build_store(tmp_path / "x.sqlite3")
    yield s
    await s.close()


def body(reply: Reply) -> str:
    return "\n".join(line.plain() for page in reply.pages for line in page.lines)


@pytest.mark.parametrize("typed", ["t002_water", "t002", "Water security plan presented", "water securty plan"])
async def test_article_by_id_prefix_or_title(store: Store, typed: str) -> None:
    reply = await answer(store, f"/article {typed}")
    assert reply.ok
    assert reply.title == "Water security plan presented at the Council"
    assert reply.command == "/article t002_water"
    text = body(reply)
    assert "Date: 20 January 2018" in text
    assert "https://news.example.org/2018/01/20/t002_water" in text
    assert f"1. {VOLKHOVSKY} — Russia — named 3×" in text
    assert "Meetings (1)" in text and "Events (2)" in text
    assert {b.label for b in reply.buttons} == {VOLKHOVSKY, PENALVER}


async def test_article_unknown_and_empty(store: Store) -> None:
    missing = await answer(store, "/article zz_nothing_like_it")
    assert not missing.ok and "No article has the id or title" in body(missing)
    empty = await answer(store, "/article")
    assert not empty.ok and "Type /article and an article id" in body(empty)
    several = await answer(store, "/article t00")
    assert several.ok and len(several.buttons) == 4


async def test_stats_and_help(store: Store) -> None:
    stats = body(await answer(store, "/stats"))
    for expected in [
        "Articles: 4",
        "People: 5",
        "Meetings: 4",
        "Events: 5",
        "Dates covered: 14 June 2017 to 6 March 2019",
    ]:
        assert expected in stats
    assert re.search(r"Last ingest: \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d UTC", stats)
    helped = await answer(store, "/help")
    text = body(helped)
    for cmd in ["/who", "/meetings", "/timeline", "/search", "/article", "/stats", "/help"]:
        assert f"{cmd}" in text
    assert text.count("Example: ") >= 7
    assert body(await answer(store, "/start")) == text
    assert body(await answer(store, "/help@SomeBot")) == text


async def test_unknown_command_points_to_help(store: Store) -> None:
    reply = await answer(store, "/frobnicate now")
    assert not reply.ok
    assert "I do not know /frobnicate" in body(reply) and "/help" in body(reply)


async def test_plain_text_routes(store: Store) -> None:
    assert (await answer(store, "help")).command == "/help"
    assert (await answer(store, "2018-01")).command == "/timeline 2018-01"
    searched = await answer(store, "banking cooperation in Bern")
    assert searched.command == "/search banking cooperation in Bern"
    assert "t003_banking" in body(searched)
    assert (await answer(store, "Nurlan")).buttons  # a shared first name: choose
    assert (await answer(store, "tell me about Tesmerov")).title == TESMEROV
    about = await answer(store, "tell me about water security")
    assert about.command == "/search water security" and "t002_water" in body(about)
    assert (await answer(store, "what is the Clear Rivers plan?")).command.startswith("/search ")
    assert (await answer(store, "did Baizhanov meet Äbischer")).title.startswith(f"Meetings: {BAIZHANOV}")


HOSTILE = [
    "<b>bold</b><script>alert(1)</script>",
    '"""',
    "'; DROP TABLE people; --",
    "😀🎉🇰🇿",
    "שלום עולם مرحبا",
    "\u202eevil\u202c",
    "x" * 10_000,
    "a\x00b\x00",
    'NEAR(a b) AND "c" OR -d* (',
    "\ud800broken surrogate",
    "#99999999999999",
    "..",
    "2018-13-45",
]


@pytest.mark.parametrize("command", ["/who", "/meetings", "/timeline", "/search", "/article", "/stats", "/help", ""])
async def test_hostile_input_gets_a_clear_reply(store: Store, command: str) -> None:
    for typed in HOSTILE:
        reply = await answer(store, f"{command} {typed}".strip())
        assert reply.title and reply.title != "Sorry", typed  # never the catch-all error
        assert reply.pages and reply.current.lines
        for n in range(len(reply.pages)):
            rendered = render_plain(reply, n)
            assert len(rendered) < 3500
            rendered.encode("utf-8")
            assert "\x00" not in rendered
        for b in reply.buttons:
            assert len(b.action.encode("utf-8")) <= 60
        again = await answer(store, reply.command)
        assert again.title and again.title != "Sorry"


async def test_every_button_rebuilds(store: Store) -> None:
    for typed in ["/who Nurlan", "/who Tesmerov", "/article t002", "/help", "/who", "/meetings Nurlan 2018"]:
        reply = await answer(store, typed)
        assert reply.buttons
        for b in reply.buttons:
            assert len(b.action.encode()) <= 60
            rebuilt = await answer(store, b.action)
            assert rebuilt.title not in {"Unknown command", "Sorry"} and rebuilt.current.lines


def test_render_plain_pages_links_and_choices() -> None:
    reply = Reply(
        title="T",
        pages=[
            Page([Line([Span("see "), Span("the source", url="https://e.org/x")])]),
            Page([Line.of("two")]),
        ],
        command="/x",
        buttons=[Button("First", "/who #1"), Button("Second", "/who #2")],
    )
    out = render_plain(reply)
    assert "see the source <https://e.org/x>" in out
    assert "page 1/2" in out
    assert "  1. First  [/who #1]" in out and "  2. Second  [/who #2]" in out
    assert "two" in render_plain(reply, 1) and "page 2/2" in render_plain(reply, 1)
    assert "page 2/2" in render_plain(reply, 7)


async def test_inline_people_pages_by_offset(store: Store) -> None:
    people, nxt = await inline_people(store, "nurlan", 0)
    assert {p.name for p in people} == {TESMEROV, BAIZHANOV} and nxt is None
    first, nxt = await inline_people(store, "", 0, limit=2)
    assert len(first) == 2 and nxt == 2
    rest, end = await inline_people(store, "", 2, limit=50)
    assert len(rest) == 3 and end is None
    assert {p.name for p in first + rest} == {TESMEROV, BAIZHANOV, VOLKHOVSKY, PENALVER, "Jürgen Äbischer"}
    typo, _ = await inline_people(store, "tesmer", 0)
    assert typo[0].name == TESMEROV
    hostile, _ = await inline_people(store, "\x00<b>" * 1000, 0)
    assert hostile == []


async def test_help_names_every_way_in_including_links_and_digests(store: Store) -> None:
    text = body(await answer(store, "/help"))
    for command in ("/who NAME", "/meetings FILTER", "/follow WHAT", "/subscribe 09:00", "/read URL", "/addsource URL"):
        assert command in text
