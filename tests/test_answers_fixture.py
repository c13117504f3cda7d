"""A small invented archive for the answers tests, saved through the real write path.

Invented people: two share the first name Nurlan; Tesmerov changed title between 2017 and 2019; Peñalver and
Äbischer carry diacritics; meetings spread over months and years. Nothing here is from a real article.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.store.db import Store
from bot.store.writer import save_article

TESMEROV = "Nurlan Tesmerov"
BAIZHANOV = "Nurlan Baizhanov"
VOLKHOVSKY = "Sergei Volkhovsky"
PENALVER = "Ana Lúcia Peñalver"
ABISCHER = "Jürgen Äbischer"


def d(text: str, qualifier: str | None = None) -> PartialDate:
    parsed = PartialDate.parse(text, qualifier)
    assert parsed is not None
    return parsed


def _article(aid: str, title: str, date: str, body: str) -> LoadedArticle:
    return LoadedArticle(
        id=aid,
        body=body,
        title=title,
        date=d(date),
        source="Example Wire",
        url=f"https://news.example.org/{date.replace('-', '/')}/{aid}",
        path=f"/tmp/{aid}.txt",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def _person(
    name: str, country: str, *roles: tuple[str, str], aliases: tuple[str, ...] = (), n: int = 2
) -> PersonRecord:
    return PersonRecord(
        name=name,
        aliases=list(aliases),
        country=country,
        roles=[RoleRecord(title=t, country=country, date=d(when)) for t, when in roles],
        mentions=n,
    )


ARTICLES: list[tuple[LoadedArticle, Extraction]] = [
    (
        _article(
            "t001_corridors",
            "Deputy minister discusses transit corridors in Moscow",
            "2017-06-14",
            "Deputy Foreign Minister Nurlan Tesmerov met Foreign Minister Sergei Volkhovsky on 12 June "
            "to discuss transit corridors and grain logistics. Tesmerov said the corridors matter.",
        ),
        Extraction(
            people=[
                _person(TESMEROV, "Kazakhstan", ("Deputy Foreign Minister", "2017-06"), aliases=("Tesmerov",), n=2),
                _person(VOLKHOVSKY, "Russia", ("Foreign Minister", "2017-06"), n=1),
            ],
            meetings=[
                MeetingRecord(
                    participants=[TESMEROV, VOLKHOVSKY],
                    date=d("2017-06-12"),
                    place="Moscow",
                    topics=["transit corridors"],
                    evidence="Tesmerov met Volkhovsky.",
                )
            ],
            events=[EventRecord(summary="Talks on transit corridors", date=d("2017-06-12"), people=[TESMEROV])],
        ),
    ),
    (
        _article(
            "t002_water",
            "Water security plan presented at the Council",
            "2018-01-20",
            "Sergei Volkhovsky presented a water security plan on 18 January. He later met Deputy "
            "Secretary-General Ana Lúcia Peñalver in New York about sanctions monitoring. "
            'The plan, called "Clear Rivers", drew AND/OR questions (and some NEAR misses).',
        ),
        Extraction(
            people=[
                _person(VOLKHOVSKY, "Russia", ("Foreign Minister", "2018-01"), aliases=("Volkhovsky",), n=3),
                _person(PENALVER, "United Nations", ("Deputy Secretary-General", "2018-01"), aliases=("Peñalver",)),
            ],
            meetings=[
                MeetingRecord(
                    participants=[VOLKHOVSKY, PENALVER],
                    date=d("2018-01-18"),
                    place="New York",
                    topics=["sanctions monitoring"],
                )
            ],
            events=[
                EventRecord(
                    summary="Volkhovsky presented a water security plan",
                    date=d("2018-01-18"),
                    people=[VOLKHOVSKY],
                ),
                EventRecord(summary="The Council presidency began", date=d("2018-01")),
            ],
        ),
    ),
    (
        _article(
            "t003_banking",
            "Ambassador and state secretary sign banking memorandum",
            "2018-02-10",
            "Ambassador Nurlan Baizhanov and State Secretary Jürgen Äbischer met in Bern in February on "
            "banking cooperation. An arid lands conference is planned for late June.",
        ),
        Extraction(
            people=[
                _person(BAIZHANOV, "Kazakhstan", ("Ambassador to Switzerland", "2018-02"), aliases=("Baizhanov",)),
                _person(ABISCHER, "Switzerland", ("State Secretary", "2018-02"), aliases=("Äbischer",)),
            ],
            meetings=[
                MeetingRecord(
                    participants=[BAIZHANOV, ABISCHER],
                    date=d("2018-02"),
                    place="Bern",
                    topics=["banking cooperation"],
                )
            ],
            events=[EventRecord(summary="Arid lands conference", date=d("2018-06", "late"), kind="planned")],
        ),
    ),
    (
        _article(
            "t004_centre",
            "Foreign minister welcomes regional development centre",
            "2019-03-06",
            "Foreign Minister Nurlan Tesmerov met Ana Lúcia Peñalver on 5 March about a regional "
            "development centre. Tesmerov thanked Peñalver.",
        ),
        Extraction(
            people=[
                _person(TESMEROV, "Kazakhstan", ("Foreign Minister", "2019-03"), aliases=("Tesmerov",), n=2),
                _person(PENALVER, "United Nations", ("Deputy Secretary-General", "2019-03"), aliases=("Peñalver",)),
            ],
            meetings=[
                MeetingRecord(
                    participants=[TESMEROV, PENALVER],
                    date=d("2019-03-05"),
                    place="Astana",
                    topics=["regional development centre"],
                )
            ],
            events=[
                EventRecord(
                    summary="Opening of the regional development centre agreed",
                    date=d("2019-03-05"),
                    people=[TESMEROV, PENALVER],
                )
            ],
        ),
    ),
]


def many_meetings_article(
    aid: str, n: int, year: str = "2016", long_text: bool = False
) -> tuple[LoadedArticle, Extraction]:
    """One article with `n` dated meetings between invented delegates, for paging."""
    people = [
        _person(f"Delegate Number{i:03d}", "Norway", (f"Envoy for matter {i}", f"{year}-01"), n=1) for i in range(n + 1)
    ]
    meetings = [
        MeetingRecord(
            participants=[people[i].name, people[i + 1].name],
            date=d(f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"),
            place=f"Town {i}",
            topics=[f"matter number {i} " + "with a long description " * 3],
        )
        for i in range(n)
    ]
    events = [
        EventRecord(summary=f"Session {i} of the working group on fisheries", date=d(f"{year}-{1 + i % 12:02d}"))
        for i in range(n)
    ]
    art = _article(aid, f"A year of {n} meetings", f"{year}-12-31", "Delegates met many times about fisheries.")
    if long_text:  # every text as long as it can get: pages must still fit
        art.title = "A very long headline " * 30
        art.url = "https://news.example.org/" + "long-path/" * 40
        for m in meetings:
            m.place = "A place with a long name " * 10
            m.topics = ["a topic described at length " * 20] * 5
        for e in events:
            e.summary = "An event summary that goes on and on " * 20
    return art, Extraction(people=people, meetings=meetings, events=events)


async def build_store(path: Path, extra: list[tuple[LoadedArticle, Extraction]] | None = None) -> Store:
    store = await Store.open(path)
    for art, ex in [*ARTICLES, *(extra or [])]:
        await save_article(store, art, ex)
    return store


async def test_fixture_store_holds_the_invented_archive(tmp_path: Path) -> None:
    store = await build_store(tmp_path / "s.sqlite3")
    try:
        async with store.conn.execute("SELECT name FROM people ORDER BY name") as cur:
            names = [r[0] for r in await cur.fetchall()]
        assert names == sorted([ABISCHER, PENALVER, BAIZHANOV, TESMEROV, VOLKHOVSKY])
    finally:
        await store.close()
