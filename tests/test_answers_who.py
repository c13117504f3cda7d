"""/who: fuzzy names, the card, people sharing a first name, no match, the list by mentions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from test_answers_fixture import (
    ABISCHER,
    BAIZHANOV,
    PENALVER,
    TESMEROV,
    VOLKHOVSKY,
    build_store,
    many_meetings_article,
)

from bot.answers import answer
from bot.answers.render_text import render_plain
from bot.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await build_store(tmp_path / "a.sqlite3")
    yield s
    await s.close()


def text(reply: object) -> str:
    from bot.answers.reply import Reply

    assert isinstance(reply, Reply)
    return "\n".join(line.plain() for page in reply.pages for line in page.lines)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Tesmerov", TESMEROV),
        ("tesmerof", TESMEROV),
        ("TESMEROV", TESMEROV),
        ("nurlan tesmerov", TESMEROV),
        ("Penalver", PENALVER),
        ("ana lucia penalver", PENALVER),
        ("Ana Lúcia Peñalver", PENALVER),
        ("Volkovsky", VOLKHOVSKY),
        ("abischer", ABISCHER),
        ("Baizhanov", BAIZHANOV),
    ],
)
async def test_who_finds_the_person_however_spelt(store: Store, query: str, name: str) -> None:
    reply = await answer(store, f"/who {query}")
    assert reply.ok
    assert reply.title == name
    assert reply.command.startswith("/who #")
    again = await answer(store, reply.command)
    assert again.title == name


async def test_card_shows_both_titles_in_date_order_with_sources(store: Store) -> None:
    reply = await answer(store, "/who Tesmerov")
    lines = [line.plain() for line in reply.pages[0].lines]
    body = "\n".join(lines)
    assert "State or organisation: Kazakhstan" in body
    deputy = next(i for i, x in enumerate(lines) if x.startswith("• Deputy Foreign Minister"))
    minister = next(i for i, x in enumerate(lines) if x.startswith("• Foreign Minister"))
    assert deputy < minister
    assert "June 2017" in lines[deputy] and "transit corridors in Moscow" in lines[deputy]
    assert "March 2019" in lines[minister] and "regional development centre" in lines[minister]
    # meetings with counterparts and dates, oldest first; articles listed
    assert "12 June 2017 — with Sergei Volkhovsky (Foreign Minister, Russia)" in body
    assert "5 March 2019 — with Ana Lúcia Peñalver (Deputy Secretary-General, United Nations)" in body
    assert body.index("12 June 2017") < body.index("5 March 2019 —")
    assert "Articles (2)" in body and "t001_corridors" in body and "t004_centre" in body
    # source links are real links
    spans = [s for line in reply.pages[0].lines for s in line.spans if s.url]
    assert any(s.url == "https://news.example.org/2017/06/14/t001_corridors" for s in spans)
    assert {b.action for b in reply.buttons} == {
        reply.command.replace("/who", "/meetings"),
        reply.command.replace("/who", "/timeline"),
    }


async def test_shared_first_name_lists_both_to_choose_from(store: Store) -> None:
    reply = await answer(store, "/who Nurlan")
    assert reply.ok
    assert sorted(b.label for b in reply.buttons) == sorted([f"{BAIZHANOV} (Kazakhstan)", f"{TESMEROV} (Kazakhstan)"])
    picked = {(await answer(store, b.action)).title for b in reply.buttons}
    assert picked == {BAIZHANOV, TESMEROV}
    assert all(len(b.action.encode()) <= 60 for b in reply.buttons)


async def test_no_match_says_so_and_offers_closest(store: Store) -> None:
    reply = await answer(store, "/who Zzyxqwv")
    assert not reply.ok
    assert "I know no one called “Zzyxqwv”" in text(reply)
    near = await answer(store, "/who Volkhovitch Peñalvo")
    body = text(near)
    if near.ok:  # a close enough name is a fine answer too, as long as it is one of ours
        assert near.title in {VOLKHOVSKY, PENALVER}
    else:
        assert "Closest names:" in body
        assert near.buttons and all(b.action.startswith("/who #") for b in near.buttons)


async def test_who_alone_lists_people_by_mentions_in_pages(tmp_path: Path) -> None:
    store = await build_store(tmp_path / "b.sqlite3", [many_meetings_article("t006_many", 30)])
    try:
        reply = await answer(store, "/who")
        assert reply.command == "/who"
        assert len(reply.pages) == 3  # 5 + 31 delegates, 15 a page
        first = [line.plain() for line in reply.pages[0].lines]
        assert first[0].startswith("1. ") and "4 mentions in 2 articles" in first[0]
        assert all(len(p.lines) <= 15 for p in reply.pages)
        names = [line.plain().split(" — ")[0].split(". ", 1)[1] for p in reply.pages for line in p.lines]
        assert len(names) == len(set(names)) == 36
        last = await answer(store, "/who", page=2)
        assert last.page == 2 and render_plain(last).count("page 3/3") == 1
    finally:
        await store.close()


async def test_plain_name_gives_card_and_question_forms_route(store: Store) -> None:
    assert (await answer(store, "Peñalver")).title == PENALVER
    assert (await answer(store, "who is tesmerov?")).title == TESMEROV
    assert (await answer(store, "Who was Volkhovsky")).title == VOLKHOVSKY


async def test_name_index_sees_new_people_without_restart(store: Store) -> None:
    from test_answers_fixture import _article, _person

    from bot.extract.types import Extraction
    from bot.store.writer import save_article

    assert not (await answer(store, "/who Okonkwo-Riel")).ok
    await save_article(
        store,
        _article("t009_new", "A new envoy", "2020-05-01", "Envoy Chidi Okonkwo-Riel arrived."),
        Extraction(people=[_person("Chidi Okonkwo-Riel", "Nigeria", ("Envoy", "2020-05"))]),
    )
    assert (await answer(store, "/who okonkwo riel")).title == "Chidi Okonkwo-Riel"


def test_name_index_finds_misspelt_names_among_many() -> None:
    """The candidate set (name words, prefixes, trigrams) keeps the right person for common slips."""
    import random

    from bot.answers.name_index import NameIndex
    from bot.store.records import PersonSummary
    from bot.textnorm import fold

    rng = random.Random(3)
    syl = ["ka", "ra", "tu", "mo", "li", "se", "va", "no", "bek", "zha", "dor", "mir", "ša", "čo", "ló", "ñe"]
    names: dict[str, int] = {}
    while len(names) < 20_000:
        first = "".join(rng.choice(syl) for _ in range(rng.randint(2, 3))).capitalize()
        last = "".join(rng.choice(syl) for _ in range(rng.randint(3, 4))).capitalize()
        names.setdefault(f"{first} {last}", len(names) + 1)
    people = [PersonSummary(id=i, name=n) for n, i in names.items()]
    keys = [(i, fold(n)) for n, i in names.items()] + [(i, fold(n.split()[-1])) for n, i in names.items()]
    idx = NameIndex.build(people, keys, [])
    found = 0
    sample = rng.sample(list(names.items()), 200)
    for name, pid in sample:
        key = list(fold(name))
        del key[rng.randrange(1, len(key) - 1)]  # one letter dropped
        top = idx.lookup("".join(key), limit=15)
        found += any(m.person.id == pid for m in top)
    assert found >= 190
