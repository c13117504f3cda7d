"""The write path on a real SQLite file: replace-on-change, all-or-nothing, one person across articles."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.ingest.pipeline import ingest_paths
from bot.store import identity, writer
from bot.store.db import Store
from bot.store.writer import save_article, stored_hash

TABLES = [
    "articles",
    "people",
    "aliases",
    "mentions",
    "roles",
    "meetings",
    "meeting_participants",
    "events",
    "event_people",
    "meta",
]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "store.sqlite3")
    yield s
    await s.close()


def art(
    aid: str, body: str = "Some body text.", date: str | None = "2021-03-04", title: str | None = None
) -> LoadedArticle:
    return LoadedArticle(
        id=aid,
        body=body,
        title=title,
        date=PartialDate.parse(date),
        source="Test Wire",
        url=None,
        path=f"/tmp/{aid}.txt",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def person(
    name: str,
    *aliases: str,
    country: str | None = None,
    title: str | None = None,
    mentions: int = 1,
    role_date: str | None = None,
) -> PersonRecord:
    roles = [RoleRecord(title=title, country=country, date=PartialDate.parse(role_date))] if title else []
    return PersonRecord(name=name, aliases=list(aliases), country=country, roles=roles, mentions=mentions)


async def rows(store: Store, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    async with store.conn.execute(sql, args) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    out = {t: sorted(await rows(store, f"SELECT * FROM {t}"), key=repr) for t in TABLES}
    out["fts"] = sorted(
        await rows(store, "SELECT rowid, article_id, title, body FROM articles_fts"), key=repr
    )
    return out


async def people(store: Store) -> list[tuple[Any, ...]]:
    return await rows(store, "SELECT name, country FROM people ORDER BY name")


async def test_saves_article_and_everything_read_from_it(store: Store) -> None:
    ext = Extraction(
        people=[
            person(
                "Ilse Marwick", "Marwick", country="Norland", title="Foreign Minister of Norland", mentions=3
            ),
            person("Tobias Renn", country="Ostria", title="Ambassador"),
        ],
        meetings=[
            MeetingRecord(
                participants=["Ilse Marwick", "Renn"],
                date=PartialDate(2021, 3, 2, "early"),
                place="Vellmar",
                topics=["grain corridor"],
                evidence="They met.",
            )
        ],
        events=[
            EventRecord(summary="Marwick opened the forum", date=PartialDate(2021, 3), people=["Marwick"])
        ],
    )
    await save_article(
        store, art("a1", "Ilse Marwick met Tobias Renn in Vellmar.", title="Ministers meet"), ext
    )

    assert (
        await stored_hash(store, "a1")
        == hashlib.sha256(b"Ilse Marwick met Tobias Renn in Vellmar.").hexdigest()
    )
    assert await stored_hash(store, "nope") is None
    assert await people(store) == [("Ilse Marwick", "Norland"), ("Tobias Renn", "Ostria")]
    assert await rows(
        store, "SELECT p.name, m.count FROM mentions m JOIN people p ON p.id = m.person_id ORDER BY p.name"
    ) == [("Ilse Marwick", 3), ("Tobias Renn", 1)]
    assert await rows(store, "SELECT title, date FROM roles ORDER BY title") == [
        ("Ambassador", "2021-03-04"),
        ("Foreign Minister of Norland", "2021-03-04"),
    ]
    assert await rows(
        store,
        "SELECT p.name FROM meeting_participants mp JOIN people p ON p.id = mp.person_id "
        "ORDER BY mp.position",
    ) == [("Ilse Marwick",), ("Tobias Renn",)]
    assert await rows(store, "SELECT date, date_qualifier, place, topics FROM meetings") == [
        ("2021-03-02", "early", "Vellmar", '["grain corridor"]')
    ]
    assert await rows(store, "SELECT p.name FROM event_people e JOIN people p ON p.id = e.person_id") == [
        ("Ilse Marwick",)
    ]
    assert await rows(store, "SELECT article_id FROM articles_fts WHERE articles_fts MATCH 'vellmar'") == [
        ("a1",)
    ]
    assert (await rows(store, "SELECT value FROM meta WHERE key = 'last_ingest'"))[0][0].startswith("20")


async def test_changed_article_replaces_everything_read_from_it(store: Store) -> None:
    await save_article(
        store,
        art("a1", "first version about Ilse Marwick and Tobias Renn"),
        Extraction(
            people=[person("Ilse Marwick", title="Minister"), person("Tobias Renn")],
            meetings=[MeetingRecord(participants=["Ilse Marwick", "Tobias Renn"])],
            events=[EventRecord(summary="old event", people=["Tobias Renn"])],
        ),
    )
    await save_article(
        store,
        art("a2", "another article about Ilse Marwick"),
        Extraction(people=[person("Ilse Marwick", title="Envoy")]),
    )
    await save_article(
        store,
        art("a1", "second version about Ilse Marwick and Peer Olund"),
        Extraction(
            people=[person("Ilse Marwick", title="Deputy Minister"), person("Peer Olund")],
            events=[EventRecord(summary="new event", people=["Peer Olund"])],
        ),
    )

    assert await people(store) == [("Ilse Marwick", None), ("Peer Olund", None)]  # Renn named nowhere now
    assert await rows(store, "SELECT title, article_id FROM roles ORDER BY title") == [
        ("Deputy Minister", "a1"),
        ("Envoy", "a2"),
    ]
    assert await rows(store, "SELECT summary FROM events") == [("new event",)]
    assert await rows(store, "SELECT COUNT(*) FROM meetings") == [(0,)]
    assert await rows(store, "SELECT article_id, body FROM articles_fts ORDER BY article_id") == [
        ("a1", "second version about Ilse Marwick and Peer Olund"),
        ("a2", "another article about Ilse Marwick"),
    ]
    assert await rows(
        store,
        "SELECT count FROM mentions m JOIN people p ON p.id = m.person_id "
        "WHERE p.name = 'Ilse Marwick' ORDER BY article_id",
    ) == [(1,), (1,)]


async def test_crash_halfway_leaves_the_store_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    await save_article(store, art("a1", "Ilse Marwick spoke."), Extraction(people=[person("Ilse Marwick")]))
    before = await dump(store)

    calls = 0

    async def boom(*args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer, "refresh_person", boom)  # everything is inserted by then
    monkeypatch.setattr(writer, "refresh_gained", boom)
    with pytest.raises(RuntimeError):
        await save_article(
            store,
            art("a1", "Ilse Marwick and Tobias Renn, changed."),
            Extraction(people=[person("Ilse Marwick"), person("Tobias Renn")]),
        )
    with pytest.raises(RuntimeError):
        await save_article(store, art("a2", "Peer Olund alone."), Extraction(people=[person("Peer Olund")]))
    assert calls == 2
    assert await dump(store) == before

    monkeypatch.undo()  # the store still works afterwards
    await save_article(store, art("a2", "Peer Olund alone."), Extraction(people=[person("Peer Olund")]))
    assert await people(store) == [("Ilse Marwick", None), ("Peer Olund", None)]


async def test_accented_and_plain_spellings_are_one_person(store: Store) -> None:
    await save_article(
        store,
        art("a1", date="2019-05-01"),
        Extraction(
            people=[
                person("Ramon Estevez", "Estevez", country="Norland", title="Envoy", role_date="2019-05-01")
            ]
        ),
    )
    await save_article(
        store,
        art("a2", date="2022-01-10"),
        Extraction(
            people=[
                person(
                    "Ramón Estévez",
                    country="United Nations",
                    title="Under-Secretary-General",
                    role_date="2022-01-10",
                )
            ]
        ),
    )

    assert await people(store) == [
        ("Ramón Estévez", "United Nations")
    ]  # diacritics win; latest role's country
    assert await rows(store, "SELECT article_id FROM mentions ORDER BY article_id") == [("a1",), ("a2",)]
    forms = {r[0] for r in await rows(store, "SELECT alias FROM aliases")}
    assert {"Ramon Estevez", "Ramón Estévez", "Estevez"} <= forms

    # drop the accented article's content: the name falls back to the remaining form
    await save_article(store, art("a2", "changed"), Extraction())
    assert await people(store) == [("Ramon Estevez", "Norland")]


async def test_surname_alone_joins_the_one_full_name(store: Store) -> None:
    await save_article(store, art("a1"), Extraction(people=[person("Ilse Marwick")]))
    await save_article(
        store,
        art("a2"),
        Extraction(
            people=[person("Marwick", mentions=2)], events=[EventRecord(summary="x", people=["Marwick"])]
        ),
    )
    assert await people(store) == [("Ilse Marwick", None)]
    assert await rows(store, "SELECT COUNT(*) FROM event_people") == [(1,)]


async def test_surname_first_then_full_name_merges(store: Store) -> None:
    await save_article(store, art("a1"), Extraction(people=[person("Velasquo", title="Minister")]))
    assert await people(store) == [("Velasquo", None)]
    await save_article(store, art("a2"), Extraction(people=[person("Tomas Velasquo")]))
    assert await people(store) == [("Tomas Velasquo", None)]
    assert await rows(
        store, "SELECT r.title, r.article_id FROM roles r JOIN people p ON p.id = r.person_id"
    ) == [("Minister", "a1")]


async def test_ambiguous_surname_stays_apart(store: Store) -> None:
    await save_article(
        store, art("a1"), Extraction(people=[person("Anna Lindqvist"), person("Erik Lindqvist")])
    )
    await save_article(store, art("a2"), Extraction(people=[person("Lindqvist")]))
    assert await people(store) == [("Anna Lindqvist", None), ("Erik Lindqvist", None), ("Lindqvist", None)]
    # a bare surname in an article with exactly one full name of it joins that one
    await save_article(store, art("a3"), Extraction(people=[person("Erik Lindqvist"), person("Lindqvist")]))
    assert await rows(store, "SELECT COUNT(*) FROM mentions WHERE article_id = 'a3'") == [(1,)]


async def test_initials_and_honorifics_are_one_person(store: Store) -> None:
    await save_article(
        store, art("a1"), Extraction(people=[person("Dalia K. Farouk"), person("Sheikh Omar bin Rashid")])
    )
    await save_article(
        store,
        art("a2"),
        Extraction(people=[person("Dalia Farouk"), person("Omar bin Rashid"), person("Rashid bin Omar")]),
    )
    assert await people(store) == [
        ("Dalia K. Farouk", None),
        ("Rashid bin Omar", None),
        ("Sheikh Omar bin Rashid", None),
    ]


# ---------------------------------------------------------------- through the ingest pipeline


def one_person(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
    """A stand-in extractor: each article names the same invented person."""
    return Extraction(people=[person("Ilse Marwick", "Marwick", title="Minister")])


async def test_reingest_skips_unchanged_and_replaces_changed(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("date: 2021-01-01\n\nIlse Marwick spoke.\n", "utf-8")
    (folder / "y.txt").write_text("date: 2021-01-02\n\nMarwick spoke again.\n", "utf-8")

    first = await ingest_paths(store, [folder], extractor=one_person)
    assert (first.added, first.updated, first.skipped) == (["x", "y"], [], [])
    before = await dump(store)

    calls: list[str] = []

    def counting(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
        calls.append(body)
        return one_person(body, date, title)

    again = await ingest_paths(store, [folder], extractor=counting)
    assert (again.added, again.updated, again.skipped) == ([], [], ["x", "y"])
    assert calls == []  # unchanged files are not even re-read by the extractor
    assert {k: v for k, v in (await dump(store)).items() if k != "meta"} == {
        k: v for k, v in before.items() if k != "meta"
    }

    (folder / "y.txt").write_text("date: 2021-02-02\n\nPeer Olund spoke instead.\n", "utf-8")

    def olund(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
        return Extraction(people=[person("Peer Olund", title="Envoy")])

    changed = await ingest_paths(store, [folder], extractor=olund)
    assert (changed.added, changed.updated, changed.skipped) == ([], ["y"], ["x"])
    assert await rows(store, "SELECT id, date FROM articles ORDER BY id") == [
        ("x", "2021-01-01"),
        ("y", "2021-02-02"),
    ]
    assert await rows(
        store,
        "SELECT p.name, r.title, r.article_id FROM roles r JOIN people p ON p.id = r.person_id ORDER BY 3",
    ) == [("Ilse Marwick", "Minister", "x"), ("Peer Olund", "Envoy", "y")]
    assert await rows(store, "SELECT article_id FROM articles_fts WHERE articles_fts MATCH 'olund'") == [
        ("y",)
    ]
    assert await rows(store, "SELECT article_id FROM articles_fts WHERE articles_fts MATCH 'again'") == []


async def test_extractor_crash_keeps_the_previous_version(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("date: 2021-01-01\n\nIlse Marwick spoke.\n", "utf-8")
    await ingest_paths(store, [path], extractor=one_person)
    before = await dump(store)

    path.write_text("date: 2021-01-01\n\nIlse Marwick spoke, edited.\n", "utf-8")

    def broken(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
        raise RuntimeError("engine fell over")

    report = await ingest_paths(store, [path], extractor=broken)
    assert not report.ok
    assert [r.reason for r in report.rejected] == ["extraction failed: RuntimeError: engine fell over"]
    assert await dump(store) == before


async def test_writer_crash_midway_keeps_the_previous_version(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.txt"
    path.write_text("date: 2021-01-01\n\nIlse Marwick spoke.\n", "utf-8")
    await ingest_paths(store, [path], extractor=one_person)
    before = await dump(store)
    path.write_text("date: 2021-01-01\n\nIlse Marwick and Peer Olund spoke.\n", "utf-8")

    real = writer._save_meetings

    async def half(*args: Any) -> None:  # people are written, then the write dies
        await real(*args)
        raise OSError("disk full")

    monkeypatch.setattr(writer, "_save_meetings", half)

    def two(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
        return Extraction(people=[person("Ilse Marwick"), person("Peer Olund")])

    report = await ingest_paths(store, [path], extractor=two)
    assert [r.reason for r in report.rejected] == ["could not be stored: OSError: disk full"]
    assert await dump(store) == before


async def test_country_of_several_roles_on_one_date(store: Store) -> None:
    record = PersonRecord(
        name="Ilse Marwick",
        country="Norland",
        roles=[
            RoleRecord(title="Chair of the envoys' group", country="United Nations"),
            RoleRecord(title="Foreign Minister", country="Norland"),
        ],
    )
    await save_article(store, art("a1"), Extraction(people=[record]))
    assert await people(store) == [("Ilse Marwick", "Norland")]  # the article's own reading breaks the tie
    await save_article(
        store,
        art("a2", date="2023-01-01"),
        Extraction(people=[person("Ilse Marwick", country="Ostria", title="Ambassador to Ostria")]),
    )
    assert await people(store) == [("Ilse Marwick", "Ostria")]  # a later role wins


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("dalia k farouk", "dalia farouk", True),
        ("sheikh omar bin rashid", "omar bin rashid", True),
        ("omar bin rashid", "rashid bin omar", False),
        ("dalia farouk", "dalia farouk", True),
        ("dalia farouk", "nadia farouk", False),
        ("a farouk", "dalia farouk", False),
        # the father's name inside the son's patronymic chain is another person
        ("sheikh saud bin hamad bin rashid al fahad", "sheikh hamad bin rashid al fahad", False),
        ("saud bin hamad al fahad", "sheikh saud bin hamad al fahad", True),
    ],
)
def test_same_name_rule(a: str, b: str, same: bool) -> None:
    assert identity.same_name(a, b) is same
    assert identity.same_name(b, a) is same


def test_best_name_is_the_fullest_form() -> None:
    assert identity.best_name(["Estevez", "Ramon Estevez", "Ramón Estévez"]) == "Ramón Estévez"
    assert identity.best_name(["Dalia Farouk", "Dalia K. Farouk", "Farouk"]) == "Dalia K. Farouk"
    assert identity.best_name(["", "  "]) == ""


async def test_a_title_said_twice_is_one_role(store: Store) -> None:
    record = PersonRecord(
        name="Ilse Marwick",
        roles=[RoleRecord(title="Foreign Minister"), RoleRecord(title="foreign minister ")],
    )
    await save_article(store, art("a1"), Extraction(people=[record]))
    assert await rows(store, "SELECT title FROM roles") == [("Foreign Minister",)]


# ---------------------------------------------------------------- batches: one bad article rolls back alone


def named_in_body(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
    """A stand-in extractor: the article's last line is the invented person it names (and meets)."""
    name = body.strip().splitlines()[-1]
    return Extraction(
        people=[person(name, title="Envoy"), person("Ilse Marwick")],
        meetings=[MeetingRecord(participants=[name, "Ilse Marwick"], date=PartialDate.parse("2021-01-01"))],
        events=[EventRecord(summary=f"{name} visited", date=PartialDate.parse("2021-01-01"), people=[name])],
    )


def write_folder(folder: Path, names: dict[str, str]) -> None:
    folder.mkdir()
    for aid, name in names.items():
        (folder / f"{aid}.txt").write_text(f"date: 2021-01-01\n\n{name}\n", "utf-8")


NAMES = {"a": "Tobias Renn", "b": "Peer Olund", "c": "Marta Quell", "d": "Sven Adler", "e": "Una Brisk"}


async def comparable(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Everything stored, but when (ingested_at) and the meta row."""
    out = await dump(store)
    out["articles"] = sorted(await rows(store, "SELECT id, title, date, body FROM articles"), key=repr)
    del out["meta"]
    return out


@pytest.mark.parametrize("whole_transaction_lost", [False, True])
async def test_one_bad_article_in_a_batch_rolls_back_alone(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_transaction_lost: bool
) -> None:
    """Articles share a transaction; one failing halfway leaves no trace and the others are all kept, also
    when the failure ended the whole transaction (SQLite does that on a full disk or an I/O error)."""
    real = writer._save_meetings

    async def dies_on_c(conn: Any, article: LoadedArticle, *args: Any) -> None:
        await real(conn, article, *args)  # its person, aliases, meetings and events are written by then
        if article.id == "c":
            if whole_transaction_lost:
                await conn.execute("ROLLBACK")
            raise OSError("disk I/O error")

    monkeypatch.setattr(writer, "_save_meetings", dies_on_c)
    write_folder(tmp_path / "in", NAMES)
    report = await ingest_paths(store, [tmp_path / "in"], extractor=named_in_body)
    assert report.added == ["a", "b", "d", "e"]
    assert [(Path(r.path).name, r.reason) for r in report.rejected] == [
        ("c.txt", "could not be stored: OSError: disk I/O error")
    ]
    # exactly what storing the four good articles alone gives: nothing of c, not even a person id used up
    reference = await Store.open(tmp_path / "reference.sqlite3")
    try:
        write_folder(tmp_path / "good", {k: v for k, v in NAMES.items() if k != "c"})
        await ingest_paths(reference, [tmp_path / "good"], extractor=named_in_body)
        assert await comparable(store) == await comparable(reference)
    finally:
        await reference.close()
    assert "Marta Quell" not in {name for name, _ in await people(store)}

    monkeypatch.undo()  # and the store goes on: c comes in on the next ingest
    again = await ingest_paths(store, [tmp_path / "in"], extractor=named_in_body)
    assert (again.added, again.skipped) == (["c"], ["a", "b", "d", "e"])


async def test_articles_of_a_batch_see_each_other(store: Store, tmp_path: Path) -> None:
    """Inside one transaction a later article still finds the people an earlier one stored."""
    write_folder(tmp_path / "in", {"a": "Tobias Renn", "b": "Tobias K. Renn", "c": "Renn"})
    report = await ingest_paths(store, [tmp_path / "in"], extractor=named_in_body)
    assert report.added == ["a", "b", "c"]
    assert await people(store) == [("Ilse Marwick", None), ("Tobias K. Renn", None)]
    assert await rows(store, "SELECT count(*) FROM meetings") == [(3,)]


async def test_transliteration_variants_of_one_state_are_one_person(store: Store) -> None:
    await save_article(store, art("a1"), Extraction(people=[person("Bolat Zhaksylykov", country="Ostria")]))
    await save_article(store, art("a2"), Extraction(people=[person("Bolat Zhaksilykov", country="Ostria")]))
    assert len(await people(store)) == 1
    # the same spelling slip for someone serving another state, or with no known state, stays apart
    await save_article(store, art("a3"), Extraction(people=[person("Bolat Zhaksylykkov", country="Vandria")]))
    await save_article(store, art("a4"), Extraction(people=[person("Bolat Zhaksaylykov")]))
    assert len(await people(store)) == 3


async def test_a_family_name_written_first_is_the_surname_kept(store: Store) -> None:
    await save_article(store, art("a1"), Extraction(people=[person("Zhao Minghui", "Zhao", country="Vandria")]))
    forms = {r[0] for r in await rows(store, "SELECT alias FROM aliases")}
    assert "Zhao" in forms and "Minghui" not in forms
    await save_article(store, art("a2"), Extraction(people=[person("Zhao", country="Vandria")]))
    assert await people(store) == [("Zhao Minghui", "Vandria")]
