"""/meetings and /timeline: filters by person, country or demonym, dates and ranges; paging of long lists."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from test_answers_fixture import PENALVER, TESMEROV, VOLKHOVSKY, build_store, many_meetings_article

from bot.answers import answer, fmt
from bot.answers.render_text import render_plain
from bot.answers.reply import Reply
from bot.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await build_store(tmp_path / "m.sqlite3")
    yield s
    await s.close()


def items(reply: Reply) -> list[str]:
    """The first line of every listed meeting or event."""
    return [line.plain() for page in reply.pages for line in page.lines if line.plain().startswith("• ")]


def dates(reply: Reply) -> list[str]:
    return [x[2:].split(" — ")[0] for x in items(reply)]


async def test_meetings_of_a_person_with_roles_place_topics_source(store: Store) -> None:
    reply = await answer(store, "/meetings volkhovski")
    assert reply.ok
    assert reply.title.startswith(f"Meetings: {VOLKHOVSKY} (2)")
    assert dates(reply) == ["18 January 2018", "12 June 2017"]  # newest first
    body = "\n".join(line.plain() for line in reply.pages[0].lines)
    assert f"{VOLKHOVSKY} (Foreign Minister, Russia), {PENALVER} (Deputy Secretary-General, United Nations)" in body
    assert "in New York · on sanctions monitoring · source: Water security plan presented at the Council" in body
    again = await answer(store, reply.command)
    assert dates(again) == dates(reply)


@pytest.mark.parametrize("country", ["Russia", "Russian", "russia"])
async def test_meetings_by_country_or_demonym(store: Store, country: str) -> None:
    reply = await answer(store, f"/meetings {country}")
    assert reply.ok
    assert dates(reply) == ["18 January 2018", "12 June 2017"]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ("2018-01", ["18 January 2018"]),
        ("January 2018", ["18 January 2018"]),
        ("Jan 2018", ["18 January 2018"]),
        ("2018", ["February 2018", "18 January 2018"]),
        ("2018-01..2018-06", ["February 2018", "18 January 2018"]),
        ("2018-01 to 2018-06", ["February 2018", "18 January 2018"]),
        ("2017..2018", ["February 2018", "18 January 2018", "12 June 2017"]),
        ("", ["5 March 2019", "February 2018", "18 January 2018", "12 June 2017"]),
        ("Tesmerov 2019", ["5 March 2019"]),
        ("Kazakhstan 2018", ["February 2018"]),
    ],
)
async def test_meetings_by_month_year_range(store: Store, flt: str, expected: list[str]) -> None:
    reply = await answer(store, f"/meetings {flt}".strip())
    assert dates(reply) == expected


async def test_questions_about_meetings(store: Store) -> None:
    reply = await answer(store, "when did Tesmerov meet Peñalver?")
    assert reply.command.startswith("/meetings #")
    assert dates(reply) == ["5 March 2019"]
    reply = await answer(store, "meetings of Volkhovsky in 2018")
    assert dates(reply) == ["18 January 2018"]
    reply = await answer(store, "who met Penalver")
    assert dates(reply) == ["5 March 2019", "18 January 2018"]


async def test_meetings_unknown_filter_is_a_clear_no(store: Store) -> None:
    reply = await answer(store, "/meetings Qwxzyplk")
    assert not reply.ok
    assert "neither a person I know nor a country" in render_plain(reply)
    none = await answer(store, "/meetings 1999")
    assert not none.ok and "No meetings found for 1999" in render_plain(none)


async def test_meetings_ambiguous_person_offers_choices_keeping_the_range(store: Store) -> None:
    reply = await answer(store, "/meetings Nurlan 2018")
    assert len(reply.buttons) == 2
    assert all(b.action.endswith(", 2018") for b in reply.buttons)
    results = [dates(await answer(store, b.action)) for b in reply.buttons]
    assert sorted(results) == [[], ["February 2018"]]


async def test_timeline_groups_by_date_with_precision_oldest_first(store: Store) -> None:
    reply = await answer(store, "/timeline 2018")
    lines = [line.plain() for line in reply.pages[0].lines]
    headers = [x for x in lines if x and not x.startswith(("•", " ")) and "events" not in x]
    assert headers == ["January 2018", "18 January 2018", "late June 2018"]
    assert lines.index("January 2018") < lines.index("• The Council presidency began") < lines.index("18 January 2018")


async def test_timeline_by_person_word_and_question(store: Store) -> None:
    by_person = await answer(store, "/timeline Tesmerov")
    assert items(by_person) == [
        f"• Talks on transit corridors — {TESMEROV}",
        f"• Opening of the regional development centre agreed — {PENALVER}, {TESMEROV}",  # people by name
    ]
    by_word = await answer(store, "/timeline water")
    assert items(by_word) == [f"• Volkhovsky presented a water security plan — {VOLKHOVSKY}"]
    asked = await answer(store, "what happened in January 2018?")
    assert asked.command == "/timeline 2018-01"
    assert len(items(asked)) == 2
    by_country = await answer(store, "/timeline Russian")
    assert items(by_country) == [f"• Volkhovsky presented a water security plan — {VOLKHOVSKY}"]
    nothing = await answer(store, "/timeline zebra crossings")
    assert not nothing.ok and "No dated events found" in render_plain(nothing)


async def test_long_lists_are_paged_never_cut(tmp_path: Path) -> None:
    store = await build_store(tmp_path / "p.sqlite3", [many_meetings_article("t006_many", 40)])
    try:
        reply = await answer(store, "/meetings 2016")
        assert reply.complete and len(reply.pages) > 1
        seen = items(reply)
        assert len(seen) == len(set(seen)) == 40
        for n, page in enumerate(reply.pages):
            assert len([x for x in page.lines if x.plain().startswith("• ")]) <= 15
            assert len(render_plain(reply, n)) < 3500
        again = await answer(store, reply.command, page=len(reply.pages) - 1)
        assert again.page == len(reply.pages) - 1
        assert render_plain(again).endswith(
            f"page {len(reply.pages)}/{len(reply.pages)}  (type next or prev to turn pages)"
        )
        events = await answer(store, "/timeline 2016")
        assert len(items(events)) == 40 and len(events.pages) > 1
    finally:
        await store.close()


async def test_very_long_lists_are_built_one_page_at_a_time(tmp_path: Path) -> None:
    store = await build_store(tmp_path / "l.sqlite3", [many_meetings_article("t007_huge", 250, "2015", long_text=True)])
    try:
        first = await answer(store, "/meetings 2015")
        assert not first.complete
        n = len(first.pages)
        assert n == -(-250 // fmt.LAZY_ITEMS)
        collected: list[str] = []
        for page in range(n):
            reply = await answer(store, first.command, page=page)
            assert reply.page == page and reply.pages[page].lines
            assert len(render_plain(reply, page)) < 3500
            collected += [x.plain() for x in reply.pages[page].lines if x.plain().startswith("• ")]
        assert len(collected) == len(set(collected)) == 250
        events = await answer(store, "/timeline 2015", page=3)
        assert not events.complete and len(render_plain(events, 3)) < 3500
        beyond = await answer(store, first.command, page=999)
        assert beyond.page == n - 1
    finally:
        await store.close()


@pytest.mark.parametrize("flt", ["Russia", "Kazakhstan", "United Nations", "volkhovski", "Tesmerov", "2018", ""])
async def test_the_count_in_the_title_is_the_number_of_meetings_listed(store: Store, flt: str) -> None:
    reply = await answer(store, f"/meetings {flt}".strip())
    assert reply.ok and reply.complete
    listed = items(reply)
    assert listed and reply.title.endswith(f"({len(listed)})")
