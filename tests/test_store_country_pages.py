"""Meetings and events by country (meeting_countries, event_countries of 0010_country_pages.sql) give the same
answers as the definition they stand for: a meeting or event belongs to a country when one of its people
serves it, by their own country or a role's. Checked on invented archives after ingest, after an article is
re-ingested with other people and countries, after people merge, and after a version-9 store is migrated.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from test_answers_fixture import build_store

from bot.answers import answer
from bot.answers.reply import Reply
from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.store import db, identity, queries
from bot.store.db import Store
from bot.store.queries import EventFilter, MeetingFilter, events
from bot.store.writer import save_article

COUNTRIES = ["Norland", "Sudria", "Vestmark", "Ostravia", "Kelmora"]
GIVEN = ["Ivo", "Mira", "Tarek", "Lena", "Oskar", "Ines"]
FAMILY = ["Karsten", "Velund", "Maroszek", "Tallberg", "Ruskova", "Delahaye", "Quennel"]


def _date(rnd: random.Random) -> PartialDate | None:
    year, month, day = rnd.choice(["2016", "2017", "2018"]), rnd.randint(1, 12), rnd.randint(1, 28)
    text = rnd.choice([f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{year}-{month:02d}-01", year])
    return None if rnd.random() < 0.1 else PartialDate.parse(text)


def _article(aid: str, version: int, rnd: random.Random) -> tuple[LoadedArticle, Extraction]:
    """An invented article: a few people (some named by surname alone, so people merge), their countries
    and roles, meetings and events between them."""
    names = []
    for _ in range(rnd.randint(2, 4)):
        family = rnd.choice(FAMILY)
        names.append(family if rnd.random() < 0.2 else f"{rnd.choice(GIVEN)} {family}")
    names = list(dict.fromkeys(names))
    people = []
    for name in names:
        country = rnd.choice([*COUNTRIES, None])
        roles = [
            RoleRecord(title=rnd.choice(["Envoy", "Minister of Trade", "Ambassador"]),
                       country=rnd.choice([country, *COUNTRIES, None]), date=_date(rnd))
            for _ in range(rnd.randint(0, 2))
        ]
        people.append(PersonRecord(name=name, country=country, roles=roles, mentions=rnd.randint(1, 3)))
    meetings = [
        MeetingRecord(participants=rnd.sample(names, 2), date=_date(rnd), place=rnd.choice(["Port Aven", None]),
                      kind=rnd.choice(["meeting", "call"]))
        for _ in range(rnd.randint(0, 3)) if len(names) >= 2
    ]
    events = [
        EventRecord(summary=f"Session {n} on {rnd.choice(['fisheries', 'Sudria', 'rail links'])}",
                    date=_date(rnd), people=rnd.sample(names, rnd.randint(0, 2)))
        for n in range(rnd.randint(0, 3))
    ]
    body = f"Invented article {aid}, version {version}: " + ", ".join(names) + "."
    article = LoadedArticle(
        id=aid, body=body, title=f"Invented {aid}", date=PartialDate.parse("2018-06-01"), source="Test Wire",
        url=None, path=f"/tmp/{aid}.txt", content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )
    return article, Extraction(people=people, meetings=meetings, events=events)


async def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in await store.conn.execute_fetchall(sql, tuple(params))]


# The definition, read the slow way from people, roles and participants.
_SERVES = "SELECT id FROM people WHERE country IN ({m}) UNION SELECT person_id FROM roles WHERE country IN ({m})"


async def _meetings_by_definition(store: Store, groups: list[list[str]], span: tuple[str, str] | None) -> list[int]:
    conds, params = [], []
    for group in groups:
        m = ",".join("?" * len(group))
        serving = _SERVES.format(m=m)
        conds.append(f"m.id IN (SELECT meeting_id FROM meeting_participants WHERE person_id IN ({serving}))")
        params += group * 2
    if span:
        conds.append("m.date >= ? AND m.date < ?")
        params += list(span)
    sql = f"SELECT m.id FROM meetings m WHERE {' AND '.join(conds)} ORDER BY m.date DESC, m.id DESC"
    return [int(r[0]) for r in await _rows(store, sql, params)]


async def _events_by_definition(store: Store, countries: list[str], named: str | None) -> list[int]:
    m = ",".join("?" * len(countries))
    fts = " UNION SELECT rowid FROM events_fts WHERE events_fts MATCH ?" if named else ""
    sql = (
        f"SELECT e.id FROM events e WHERE e.date IS NOT NULL AND e.id IN (SELECT event_id FROM event_people "
        f"WHERE person_id IN ({_SERVES.format(m=m)}){fts}) ORDER BY e.date, e.id"
    )
    return [int(r[0]) for r in await _rows(store, sql, [*countries, *countries, *([named] if named else [])])]


async def _assert_same_as_definition(store: Store) -> int:
    """Every country page (one country, two names of one, two countries, with a year, calls) and every
    timeline by country lists what the definition lists, in the same order, with the same count."""
    checked = 0
    groups_to_try = [[c] for c in COUNTRIES] + [["Norland", "Sudria"]]
    for group in groups_to_try:
        for f in (MeetingFilter(countries=group), MeetingFilter(countries=group, lo="2017", hi="2018")):
            expected = await _meetings_by_definition(store, [group], (f.lo, f.hi) if f.lo and f.hi else None)
            assert await queries.count_meetings(store, f) == len(expected)
            got = [m.id for m in await queries.find_meetings(store, f, 0, 1000)]
            assert got == expected
            assert [m.id for m in await queries.find_meetings(store, f, 2, 3)] == expected[2:5]
            checked += len(expected)
        calls = MeetingFilter(countries=group, kind="call")
        all_of_group = await _meetings_by_definition(store, [group], None)
        kinds = dict(await _rows(store, "SELECT id, kind FROM meetings"))
        assert [m.id for m in await queries.find_meetings(store, calls, 0, 1000)] == [
            i for i in all_of_group if kinds[i] == "call"
        ]
        for named in (None, '"sudria"', '"session" OR "rail links"'):
            ef = EventFilter(countries=group, country_match=named)
            expected = await _events_by_definition(store, group, named)
            assert await queries.count_events(store, ef) == min(len(expected), events.CAP + 1)
            assert [e.id for e in await queries.find_events(store, ef, 0, 1000)] == expected
            assert [e.id for e in await queries.find_events(store, ef, 1, 2)] == expected[1:3]
            checked += len(expected)
    for a in COUNTRIES:
        for b in COUNTRIES:
            f = MeetingFilter(each_country=[[a], [b]])
            expected = await _meetings_by_definition(store, [[a], [b]], None)
            assert await queries.count_meetings(store, f) == len(expected)
            assert [m.id for m in await queries.find_meetings(store, f, 0, 1000)] == expected
    return checked


async def _assert_tables_match(store: Store) -> None:
    """The three tables hold exactly what people, roles and participants say today."""
    serves = await _rows(
        store,
        "SELECT id, country FROM people WHERE country IS NOT NULL "
        "UNION SELECT person_id, country FROM roles WHERE country IS NOT NULL ORDER BY 1, 2",
    )
    assert await _rows(store, "SELECT person_id, country FROM person_countries ORDER BY 1, 2") == serves
    expected = await _rows(
        store,
        "SELECT DISTINCT mp.meeting_id, pc.country, m.date FROM meeting_participants mp "
        "JOIN (SELECT id AS person_id, country FROM people WHERE country IS NOT NULL "
        "      UNION SELECT person_id, country FROM roles WHERE country IS NOT NULL) pc "
        "ON pc.person_id = mp.person_id JOIN meetings m ON m.id = mp.meeting_id ORDER BY 1, 2",
    )
    assert await _rows(store, "SELECT meeting_id, country, date FROM meeting_countries ORDER BY 1, 2") == expected
    expected = await _rows(
        store,
        "SELECT DISTINCT ep.event_id, pc.country, e.date FROM event_people ep "
        "JOIN (SELECT id AS person_id, country FROM people WHERE country IS NOT NULL "
        "      UNION SELECT person_id, country FROM roles WHERE country IS NOT NULL) pc "
        "ON pc.person_id = ep.person_id JOIN events e ON e.id = ep.event_id ORDER BY 1, 2",
    )
    assert await _rows(store, "SELECT event_id, country, date FROM event_countries ORDER BY 1, 2") == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_country_pages_follow_ingest_reingest_and_merges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rnd = random.Random(seed)
    merges: list[tuple[int, int]] = []
    real_merge = identity.merge_people

    async def counting_merge(conn: Any, keep: int, drop: int, merged: dict[int, int] | None = None) -> None:
        merges.append((keep, drop))
        await real_merge(conn, keep, drop, merged)

    monkeypatch.setattr(identity, "merge_people", counting_merge)
    store = await Store.open(tmp_path / "c.sqlite3")
    try:
        for n in range(25):
            await save_article(store, *_article(f"a{n:02d}", 0, rnd))
        await _assert_tables_match(store)
        assert await _assert_same_as_definition(store) > 20
        # the walk in date order for events naming a subject, cut short (then sorted), and counts capped low
        for scan_ahead, cap in ((1, 1000), (4, 1000), (30, 3), (1, 0)):
            monkeypatch.setattr(events, "SCAN_AHEAD", scan_ahead)
            monkeypatch.setattr(events, "CAP", cap)
            await _assert_same_as_definition(store)
        monkeypatch.undo()
        monkeypatch.setattr(identity, "merge_people", counting_merge)
        # Re-ingest: articles come back with other people, countries and meetings (or with nothing at all).
        for version in (1, 2):
            for n in rnd.sample(range(25), 10):
                article, extraction = _article(f"a{n:02d}", version, rnd)
                if rnd.random() < 0.2:
                    extraction = Extraction()
                await save_article(store, article, extraction)
                await _assert_tables_match(store)
            await _assert_same_as_definition(store)
        assert merges, "the invented archive should make people merge"
    finally:
        await store.close()


async def test_a_person_who_changes_country_moves_their_meetings(tmp_path: Path) -> None:
    """Re-ingesting the only article giving a person a country takes their meetings off that country's page
    and onto the new one's, in one step."""
    store = await Store.open(tmp_path / "move.sqlite3")

    def version(country: str, body: str) -> tuple[LoadedArticle, Extraction]:
        people = [
            PersonRecord(name="Ivo Karsten", country=country,
                         roles=[RoleRecord(title="Envoy", country=country, date=PartialDate.parse("2017-05"))]),
            PersonRecord(name="Mira Velund", country="Vestmark"),
        ]
        meeting = MeetingRecord(participants=["Ivo Karsten", "Mira Velund"], date=PartialDate.parse("2017-05-02"))
        event = EventRecord(summary="Envoys talked", date=PartialDate.parse("2017-05-02"), people=["Ivo Karsten"])
        art = LoadedArticle(
            id="move1", body=body, title="Talks", date=PartialDate.parse("2017-05-03"), source="Test Wire", url=None,
            path="/tmp/move1.txt", content_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        return art, Extraction(people=people, meetings=[meeting], events=[event])

    try:
        await save_article(store, *version("Norland", "First telling."))
        assert await queries.count_meetings(store, MeetingFilter(countries=["Norland"])) == 1
        assert await queries.count_events(store, EventFilter(countries=["Norland"])) == 1
        await save_article(store, *version("Sudria", "Second telling, corrected."))
        assert await queries.count_meetings(store, MeetingFilter(countries=["Norland"])) == 0
        assert await queries.count_events(store, EventFilter(countries=["Norland"])) == 0
        sudria = await queries.find_meetings(store, MeetingFilter(countries=["Sudria"]), 0, 10)
        assert [(m.date, [p.name for p in m.participants]) for m in sudria] == [
            ("2017-05-02", ["Ivo Karsten", "Mira Velund"])
        ]
        both = MeetingFilter(each_country=[["Sudria"], ["Vestmark"]])
        assert await queries.count_meetings(store, both) == 1
        assert [e.summary for e in await queries.find_events(store, EventFilter(countries=["Sudria"]), 0, 10)] == [
            "Envoys talked"
        ]
        await _assert_tables_match(store)
    finally:
        await store.close()


def _texts(reply: Reply) -> list[str]:
    return [line.plain() for page in reply.pages for line in page.lines]


COMMANDS = [
    "/meetings Russia",
    "/meetings Kazakhstan",
    "/meetings Russia and United Nations",
    "/meetings Kazakhstan and United Nations",
    "/meetings Kazakhstan 2018",
    "/meetings 18 January 2018",
    "/timeline Russia",
    "/timeline Kazakhstan",
    "/timeline United Nations",
]


async def test_a_version_9_store_is_migrated_with_its_country_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written by version 9 (no country tables) answers, once migrated, exactly as a store
    written by this version does."""
    fresh = await build_store(tmp_path / "fresh.sqlite3")
    try:
        want = {cmd: _texts(await answer(fresh, cmd)) for cmd in COMMANDS}
    finally:
        await fresh.close()
    assert all(want.values())
    assert any("Volkhovsky" in line for line in want["/meetings Russia"])

    every = db.migration_scripts()
    with monkeypatch.context() as m:
        m.setattr(db, "migration_scripts", lambda: [s for s in every if s[0] <= 9])
        old = await build_store(tmp_path / "old.sqlite3")
        assert await old.user_version() == 9
        await old.close()
    store = await Store.open(tmp_path / "old.sqlite3")
    try:
        assert await store.user_version() == every[-1][0]
        assert await _rows(store, "SELECT count(*) FROM meeting_countries") != [(0,)]
        await _assert_tables_match(store)
        for cmd in COMMANDS:
            assert _texts(await answer(store, cmd)) == want[cmd], cmd
    finally:
        await store.close()


async def test_a_countrys_longer_names_add_nothing_to_the_text_match(tmp_path: Path) -> None:
    """/timeline COUNTRY matches the country's names in events' text; names containing another of its
    names word for word are left out of the match, and the events found are the same."""
    from bot.answers.search import fts_query
    from bot.answers.timeline import fewest_names

    names = sorted(
        ["Norland", "norland", "Republic of Norland", "north norland coast", "N L", "Norland-Sud", "Norlandia"]
    )
    kept = fewest_names(names)
    assert kept == ["N L", "Norland", "Norland-Sud", "Norlandia"]
    texts = [
        "The Republic of Norland opened talks.",
        "Fishing off the north norland coast resumed.",
        "N L delegates arrived.",
        "Norland-Sud voted.",
        "Norlandia hosted the summit.",
        "Sudria and Vestmark signed.",
        "norlands were discussed.",
    ]
    store = await Store.open(tmp_path / "names.sqlite3")
    try:
        body = "Events of the week."
        article = LoadedArticle(
            id="n1", body=body, title="Week", date=PartialDate.parse("2019-01-02"), source="Test Wire", url=None,
            path="/tmp/n1.txt", content_hash=hashlib.sha256(body.encode()).hexdigest(),
        )
        events = [EventRecord(summary=t, date=PartialDate.parse("2019-01-02")) for t in texts]
        await save_article(store, article, Extraction(events=events))
        sql = "SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid"
        every = await _rows(store, sql, [fts_query(names, " OR ")])
        assert len(every) == 6
        assert await _rows(store, sql, [fts_query(kept, " OR ")]) == every
    finally:
        await store.close()
