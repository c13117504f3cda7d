"""/search: bm25 with snippets; FTS syntax typed by users is plain words and never raises."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from test_answers_fixture import build_store

from bot.answers import answer
from bot.answers.render_text import render_plain
from bot.answers.reply import Reply
from bot.answers.search import PER_PAGE, fts_query, fts_words
from bot.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await build_store(tmp_path / "s.sqlite3")
    yield s
    await s.close()


def hit_ids(reply: Reply) -> list[str]:
    out = []
    for page in reply.pages:
        for line in page.lines:
            text = line.plain()
            if "/article " in text and text[0].isdigit():
                out.append(text.rsplit("/article ", 1)[1])
    return out


async def test_search_ranks_and_bolds_matches_in_snippets(store: Store) -> None:
    reply = await answer(store, "/search corridors")
    assert reply.ok and hit_ids(reply) == ["t001_corridors"]
    bold = [s.text for line in reply.pages[0].lines for s in line.spans if s.bold]
    assert "corridors" in bold
    two = await answer(store, "/search water security")
    assert hit_ids(two)[0] == "t002_water"


@pytest.mark.parametrize(
    ("typed", "expect"),
    [
        ('"Clear Rivers"', ["t002_water"]),
        ("NEAR misses", ["t002_water"]),
        ("NEAR(", ["t002_water"]),
        ("AND/OR", ["t002_water"]),
        ("-corridors", ["t001_corridors"]),
        ("corridors*", ["t001_corridors"]),
        ("(banking", ["t003_banking"]),
        ("title:banking", None),
        ('Rivers" OR "x', ["t002_water"]),
        ("banking 🎉🎉", ["t003_banking"]),
    ],
)
async def test_fts_syntax_is_plain_words(store: Store, typed: str, expect: list[str] | None) -> None:
    reply = await answer(store, f"/search {typed}")
    assert reply.title.startswith("Search")
    if expect is not None:
        assert hit_ids(reply)[: len(expect)] == expect


async def test_some_words_when_no_article_has_all(store: Store) -> None:
    reply = await answer(store, "/search corridors zeppelin")
    assert hit_ids(reply) == ["t001_corridors"]
    assert "No article has all these words" in render_plain(reply)


async def test_empty_and_wordless_searches_say_what_to_type(store: Store) -> None:
    empty = await answer(store, "/search")
    assert not empty.ok and "Type /search and some words" in render_plain(empty)
    symbols = await answer(store, '/search "" * - ( ) 🎉')
    assert not symbols.ok and "no letters or digits" in render_plain(symbols)
    nothing = await answer(store, "/search zeppelin")
    assert not nothing.ok and "No article mentions “zeppelin”" in render_plain(nothing)


async def test_ten_thousand_characters_search(store: Store) -> None:
    reply = await answer(store, "/search " + "corridors " * 1000)
    assert hit_ids(reply) == ["t001_corridors"]
    assert len(reply.command) <= 320


def test_query_building_quotes_every_word() -> None:
    assert fts_words('a "b" NEAR * - (') == ["a", '"b"', "NEAR"]
    assert fts_query(['say "hi"', "NEAR"]) == '"say ""hi""" "NEAR"'
    assert fts_query(["x", "y"], " OR ") == '"x" OR "y"'


async def test_many_hits_are_paged_and_every_page_rebuilds(tmp_path: Path) -> None:
    from test_answers_fixture import _article

    from bot.extract.types import Extraction
    from bot.store.writer import save_article

    store = await build_store(tmp_path / "many.sqlite3")
    try:
        for i in range(35):
            body = f"Report {i} on fisheries quotas. " + "fisheries and long words " * (i % 5 + 40)
            art = _article(f"f{i:03d}", f"Fisheries report {i} " + "headline " * 40, "2020-01-01", body)
            art.url = "https://news.example.org/" + "deep/" * (10 + i * 5)  # short and very long links
            await save_article(store, art, Extraction())
        first = await answer(store, "/search fisheries")
        pages = -(-35 // PER_PAGE)
        assert len(first.pages) == pages and not first.complete
        seen: list[str] = []
        for n in range(pages):
            reply = await answer(store, first.command, page=n)
            ids = hit_ids(reply)
            assert len(ids) == (PER_PAGE if n < pages - 1 else 35 - PER_PAGE * (pages - 1))
            assert len(render_plain(reply, n)) < 3500
            seen += ids
        assert len(set(seen)) == 35
    finally:
        await store.close()


async def test_very_many_matches_rank_only_the_most_recently_added_and_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from test_answers_fixture import _article

    from bot.extract.types import Extraction
    from bot.store.writer import save_article

    search_mod = importlib.import_module("bot.answers.search")  # `bot.answers.search` is also a function
    store = await build_store(tmp_path / "cut.sqlite3")
    try:
        for i in range(6):
            # the oldest article is the best match by far: it is outside the window, so it is not shown
            words = "lighthouse " * (30 if i == 0 else 1)
            body = f"Note {i} about a {words} and other harbour matters. " + "filler text " * 20
            await save_article(store, _article(f"h{i:03d}", f"Harbour note {i}", "2021-03-01", body), Extraction())
        monkeypatch.setattr(search_mod, "RANK_WINDOW", 6)
        whole = await answer(store, "/search lighthouse")
        assert hit_ids(whole)[0] == "h000" and "most recently added" not in render_plain(whole)
        monkeypatch.setattr(search_mod, "RANK_WINDOW", 4)
        cut = await answer(store, "/search lighthouse")
        assert sorted(hit_ids(cut)) == ["h002", "h003", "h004", "h005"]
        assert "ranked among the 4 most recently added matches" in render_plain(cut)
    finally:
        await store.close()
