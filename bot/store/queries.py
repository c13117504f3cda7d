"""The read side of the store: every SQL query the answers need, each served by an index of 0001_core.sql.

Functions take a Store and return records from bot.store.records; nothing here knows about replies.
Dates are ISO text, so a range is `lo <= date < hi` on strings (see bot/answers/ranges.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.store.db import Store
from bot.store.records import (
    ArticleRecord,
    ArticleRef,
    EventPerson,
    EventRow,
    MeetingRow,
    Participant,
    PersonSummary,
    RoleRow,
    SearchHit,
    StoreStats,
)

# Markers snippet() puts around matched words; private-use characters never found in articles.
HIT_START = "\ue000"
HIT_END = "\ue001"


async def _all(store: Store, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
    """All rows in one hop to the connection's thread (execute + fetchall + close together)."""
    return list(await store.conn.execute_fetchall(sql, tuple(params)))


async def _one(store: Store, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
    rows = await _all(store, sql, params)
    return rows[0] if rows else None


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _ref(row: aiosqlite.Row, prefix: str = "a_") -> ArticleRef:
    return ArticleRef(
        id=row[f"{prefix}id"], title=row[f"{prefix}title"], date=row[f"{prefix}date"], url=row[f"{prefix}url"]
    )


# --- freshness -------------------------------------------------------------------------------------------


async def signature(store: Store) -> tuple[Any, ...]:
    """A cheap value that changes whenever people or their spellings may have changed.

    `data_version` catches writes by other connections; the max rowids and meta 'last_ingest' catch
    writes through this one. Each part is an O(log n) lookup.
    """
    row = await _one(
        store,
        """
        SELECT (SELECT data_version FROM pragma_data_version()),
               (SELECT max(id) FROM people),
               (SELECT max(rowid) FROM aliases),
               (SELECT max(id) FROM roles),
               (SELECT value FROM meta WHERE key = 'last_ingest'),
               (SELECT max(ingested_at) FROM articles)""",
    )
    return tuple(row) if row else ()


# --- people ----------------------------------------------------------------------------------------------


async def all_people(store: Store) -> list[PersonSummary]:
    """Every person (without mention counts: see mention_totals), for the name index."""
    rows = await _all(store, "SELECT id, name, country FROM people")
    return [PersonSummary(id=r[0], name=r[1], country=r[2]) for r in rows]


async def all_name_keys(store: Store) -> list[tuple[int, str]]:
    """(person id, folded spelling) for every person's name and each distinct alias.

    Plain tuples: at 100,000 articles these are a few hundred thousand rows read once per index build.
    """
    rows = await _all(store, "SELECT id, key FROM people UNION SELECT DISTINCT person_id, key FROM aliases")
    return [(int(r[0]), str(r[1])) for r in rows]


async def mention_totals(store: Store) -> dict[int, tuple[int, int]]:
    """person id -> (times named, articles naming them), for ranking people by mentions (a full scan)."""
    rows = await _all(store, "SELECT person_id, sum(count), count(*) FROM mentions GROUP BY person_id")
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


async def known_countries(store: Store) -> list[str]:
    """Distinct states and organisations people serve, as stored."""
    rows = await _all(
        store,
        """
        SELECT country FROM people WHERE country IS NOT NULL AND country != ''
        UNION SELECT country FROM roles WHERE country IS NOT NULL AND country != ''""",
    )
    return [r[0] for r in rows]


async def people_by_ids(store: Store, ids: Sequence[int]) -> dict[int, PersonSummary]:
    if not ids:
        return {}
    rows = await _all(
        store,
        f"""
        SELECT p.id, p.name, p.country,
               (SELECT coalesce(sum(count), 0) FROM mentions WHERE person_id = p.id) AS mentions,
               (SELECT count(*) FROM mentions WHERE person_id = p.id) AS articles
        FROM people p WHERE p.id IN ({_marks(len(ids))})""",
        list(ids),
    )
    return {
        r["id"]: PersonSummary(
            id=r["id"], name=r["name"], country=r["country"], mentions=r["mentions"], articles=r["articles"]
        )
        for r in rows
    }


async def person_aliases(store: Store, person_id: int) -> list[str]:
    rows = await _all(store, "SELECT DISTINCT alias FROM aliases WHERE person_id = ? ORDER BY alias", (person_id,))
    return [r[0] for r in rows]


async def person_roles(store: Store, person_id: int) -> list[RoleRow]:
    """Every title given to a person, oldest first (undated ones last), each with its article."""
    rows = await _all(
        store,
        """
        SELECT r.title, r.country, coalesce(r.date, a.date) AS date, r.evidence,
               a.id AS a_id, a.title AS a_title, a.date AS a_date, a.url AS a_url
        FROM roles r JOIN articles a ON a.id = r.article_id
        WHERE r.person_id = ?
        ORDER BY coalesce(r.date, a.date) IS NULL, coalesce(r.date, a.date), r.id""",
        (person_id,),
    )
    return [
        RoleRow(title=r["title"], country=r["country"], date=r["date"], evidence=r["evidence"], article=_ref(r))
        for r in rows
    ]


async def person_articles(store: Store, person_id: int, limit: int = -1) -> list[tuple[ArticleRef, int]]:
    """Articles naming a person, newest first (the newest `limit`), with how often each names them."""
    rows = await _all(
        store,
        """
        SELECT a.id AS a_id, a.title AS a_title, a.date AS a_date, a.url AS a_url, m.count
        FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.person_id = ?
        ORDER BY a.date IS NULL, a.date DESC, a.id LIMIT ?""",
        (person_id, limit),
    )
    return [(_ref(r), int(r["count"])) for r in rows]


async def article_people(store: Store, article_id: str) -> list[PersonSummary]:
    """People an article names, most named first; `mentions` is the count in this article."""
    rows = await _all(
        store,
        """
        SELECT p.id, p.name, p.country, m.count
        FROM mentions m JOIN people p ON p.id = m.person_id
        WHERE m.article_id = ? ORDER BY m.count DESC, p.name""",
        (article_id,),
    )
    return [
        PersonSummary(id=r["id"], name=r["name"], country=r["country"], mentions=r["count"], articles=1) for r in rows
    ]


# --- meetings --------------------------------------------------------------------------------------------


@dataclass
class MeetingFilter:
    """All given conditions must hold. `countries` are names (as stored) any participant serves."""

    people: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    lo: str | None = None
    hi: str | None = None
    article_id: str | None = None


def _country_people(countries: Sequence[str]) -> tuple[str, list[Any]]:
    """A subquery of the people who serve one of `countries`: by their own country or a role's
    (the people_country and roles_country indexes of 0005_query_indexes.sql)."""
    marks = _marks(len(countries))
    return (
        f"SELECT id FROM people WHERE country IN ({marks}) "
        f"UNION SELECT person_id FROM roles WHERE country IN ({marks})",
        [*countries, *countries],
    )


def _meeting_where(f: MeetingFilter) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    for pid in f.people:
        conds.append("m.id IN (SELECT meeting_id FROM meeting_participants WHERE person_id = ?)")
        params.append(pid)
    if f.countries:
        sql, cparams = _country_people(f.countries)
        conds.append(f"m.id IN (SELECT meeting_id FROM meeting_participants WHERE person_id IN ({sql}))")
        params += cparams
    if f.lo is not None:
        conds.append("m.date >= ?")
        params.append(f.lo)
    if f.hi is not None:
        conds.append("m.date < ?")
        params.append(f.hi)
    if f.article_id is not None:
        conds.append("m.article_id = ?")
        params.append(f.article_id)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


async def count_meetings(store: Store, f: MeetingFilter) -> int:
    """How many meetings fit `f`; one person, or countries alone, are counted on meeting_participants'
    covering index without touching meetings (every participant row belongs to a meeting: foreign key)."""
    only_people = f.lo is None and f.hi is None and f.article_id is None
    if only_people and len(f.people) == 1 and not f.countries:
        sql, params = "SELECT count(*) FROM meeting_participants WHERE person_id = ?", [f.people[0]]
    elif only_people and not f.people and f.countries:
        who, params = _country_people(f.countries)
        sql = f"SELECT count(DISTINCT meeting_id) FROM meeting_participants WHERE person_id IN ({who})"
    else:
        where, params = _meeting_where(f)
        sql = f"SELECT count(*) FROM meetings m{where}"
    row = await _one(store, sql, params)
    return int(row[0]) if row else 0


async def find_meetings(
    store: Store, f: MeetingFilter, offset: int, limit: int, newest_first: bool = True
) -> list[MeetingRow]:
    """One slice of the meetings fitting `f`, with participants and the titles their article gives them."""
    where, params = _meeting_where(f)
    # DESC puts NULL dates last by itself, and lets the meetings_date index give the order (no sort);
    # oldest first (person cards, small) keeps undated ones last explicitly.
    order = "m.date DESC, m.id DESC" if newest_first else "m.date IS NULL, m.date, m.id"
    # The page's ids first (dates only), then articles for those rows alone: joining articles before the
    # sort costs a lookup for every meeting that fits, thousands for a busy person or a country.
    page = await _all(
        store, f"SELECT m.id FROM meetings m{where} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    if not page:
        return []
    ids = [int(r[0]) for r in page]
    found = await _all(
        store,
        f"""
        SELECT m.id, m.date, m.date_qualifier, m.place, m.topics, m.kind, m.evidence,
               a.id AS a_id, a.title AS a_title, a.date AS a_date, a.url AS a_url
        FROM meetings m JOIN articles a ON a.id = m.article_id
        WHERE m.id IN ({_marks(len(ids))})""",
        ids,
    )
    by_id = {int(r["id"]): r for r in found}
    rows = [by_id[i] for i in ids if i in by_id]
    prow = await _all(
        store,
        f"""
        SELECT mp.meeting_id, p.id, p.name, p.country,
               (SELECT r.title FROM roles r WHERE r.person_id = p.id AND r.article_id = m.article_id
                 ORDER BY r.id LIMIT 1) AS title,
               (SELECT r.country FROM roles r WHERE r.person_id = p.id AND r.article_id = m.article_id
                 ORDER BY r.id LIMIT 1) AS role_country
        FROM meeting_participants mp
        JOIN people p ON p.id = mp.person_id
        JOIN meetings m ON m.id = mp.meeting_id
        WHERE mp.meeting_id IN ({_marks(len(ids))})
        ORDER BY mp.meeting_id, mp.position, p.name""",
        ids,
    )
    parts: dict[int, list[Participant]] = {}
    for r in prow:
        parts.setdefault(r["meeting_id"], []).append(
            Participant(id=r["id"], name=r["name"], title=r["title"], country=r["role_country"] or r["country"])
        )
    return [
        MeetingRow(
            id=r["id"],
            date=r["date"],
            date_qualifier=r["date_qualifier"],
            place=r["place"],
            topics=_topics(r["topics"]),
            kind=r["kind"],
            evidence=r["evidence"],
            article=_ref(r),
            participants=parts.get(r["id"], []),
        )
        for r in rows
    ]


def _topics(raw: str | None) -> list[str]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return [raw] if raw else []
    if isinstance(value, list):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)] if value else []


# --- events ----------------------------------------------------------------------------------------------


@dataclass
class EventFilter:
    """All given conditions must hold; only dated events unless `article_id` is given."""

    people: list[int] = field(default_factory=list)
    lo: str | None = None
    hi: str | None = None
    words: list[str] = field(default_factory=list)  # each must appear in the summary (case-insensitive)
    countries: list[str] = field(default_factory=list)  # as stored; a person of the event serves one
    article_id: str | None = None


def _event_where(f: EventFilter) -> tuple[str, list[Any]]:
    conds: list[str] = [] if f.article_id is not None else ["e.date IS NOT NULL"]
    params: list[Any] = []
    for pid in f.people:
        conds.append("e.id IN (SELECT event_id FROM event_people WHERE person_id = ?)")
        params.append(pid)
    if f.lo is not None:
        conds.append("e.date >= ?")
        params.append(f.lo)
    if f.hi is not None:
        conds.append("e.date < ?")
        params.append(f.hi)
    if f.countries:
        marks = _marks(len(f.countries))
        conds.append(f"""e.id IN (
            SELECT ep.event_id FROM event_people ep JOIN people p ON p.id = ep.person_id
             WHERE p.country IN ({marks})
            UNION
            SELECT ep.event_id FROM event_people ep
             WHERE ep.person_id IN (SELECT person_id FROM roles WHERE country IN ({marks})))""")
        params += list(f.countries) * 2
    for w in f.words:
        conds.append("instr(lower(e.summary), ?) > 0")
        params.append(w.lower())
    if f.article_id is not None:
        conds.append("e.article_id = ?")
        params.append(f.article_id)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


async def count_events(store: Store, f: EventFilter) -> int:
    where, params = _event_where(f)
    row = await _one(store, f"SELECT count(*) FROM events e{where}", params)
    return int(row[0]) if row else 0


async def find_events(store: Store, f: EventFilter, offset: int, limit: int) -> list[EventRow]:
    """One slice of the events fitting `f`, oldest first, with their people."""
    where, params = _event_where(f)
    # dated events only (the usual case): the events_date index gives the order without a sort
    order = "e.date IS NULL, e.date, e.id" if f.article_id is not None else "e.date, e.id"
    rows = await _all(
        store,
        f"""
        SELECT e.id, e.date, e.date_qualifier, e.summary, e.kind, e.place,
               a.id AS a_id, a.title AS a_title, a.date AS a_date, a.url AS a_url
        FROM events e JOIN articles a ON a.id = e.article_id{where}
        ORDER BY {order} LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    prow = await _all(
        store,
        f"""
        SELECT ep.event_id, p.id, p.name FROM event_people ep JOIN people p ON p.id = ep.person_id
        WHERE ep.event_id IN ({_marks(len(ids))}) ORDER BY ep.event_id, p.name""",
        ids,
    )
    people: dict[int, list[EventPerson]] = {}
    for r in prow:
        people.setdefault(r["event_id"], []).append(EventPerson(id=r["id"], name=r["name"]))
    return [
        EventRow(
            id=r["id"],
            date=r["date"],
            date_qualifier=r["date_qualifier"],
            summary=r["summary"],
            kind=r["kind"],
            place=r["place"],
            article=_ref(r),
            people=people.get(r["id"], []),
        )
        for r in rows
    ]


# --- articles and search ---------------------------------------------------------------------------------


async def article(store: Store, article_id: str) -> ArticleRecord | None:
    r = await _one(
        store,
        """SELECT id, title, date, url, source, ingested_at, length(body) AS n
                             FROM articles WHERE id = ?""",
        (article_id,),
    )
    if r is None:
        return None
    return ArticleRecord(
        id=r["id"],
        title=r["title"],
        date=r["date"],
        url=r["url"],
        source=r["source"],
        ingested_at=r["ingested_at"],
        length=r["n"] or 0,
    )


async def articles_by_id_prefix(store: Store, prefix: str, limit: int) -> list[ArticleRef]:
    """Articles whose id starts with `prefix` (a range on the primary key)."""
    rows = await _all(
        store,
        """SELECT id AS a_id, title AS a_title, date AS a_date, url AS a_url FROM articles
                                WHERE id >= ? AND id < ? ORDER BY id LIMIT ?""",
        (prefix, prefix + "\U0010ffff", limit),
    )
    return [_ref(r) for r in rows]


async def article_refs(store: Store, limit: int) -> list[ArticleRef]:
    """Up to `limit` articles (for fuzzy id/title matching on small stores)."""
    rows = await _all(
        store,
        """SELECT id AS a_id, title AS a_title, date AS a_date, url AS a_url
                                FROM articles LIMIT ?""",
        (limit,),
    )
    return [_ref(r) for r in rows]


async def search(store: Store, match: str, limit: int, title_only: bool = False) -> list[SearchHit]:
    """Best `limit` articles for an FTS5 expression (built by the caller from quoted tokens), bm25-ranked.

    Titles weigh ten times the body. `match` must never be raw user text.
    """
    expr = f"title : ({match})" if title_only else match
    rows = await _all(
        store,
        f"""
        SELECT a.id AS a_id, a.title AS a_title, a.date AS a_date, a.url AS a_url,
               bm25(articles_fts, 0.0, 10.0, 1.0) AS score,
               snippet(articles_fts, 2, '{HIT_START}', '{HIT_END}', '…', 16) AS snip
        FROM articles_fts f JOIN articles a ON a.id = f.article_id
        WHERE articles_fts MATCH ?
        ORDER BY score LIMIT ?""",
        (expr, limit),
    )
    return [SearchHit(article=_ref(r), score=float(r["score"]), snippet=r["snip"] or "") for r in rows]


async def search_cutoff(store: Store, match: str, newest: int) -> int | None:
    """The FTS rowid just below the `newest` most recently stored matches; None when no more match.

    FTS5 walks its doclists backwards by rowid without scoring anything: well under a millisecond for
    tens of thousands of matches, where bm25 over all of them costs tens of milliseconds.
    """
    if newest <= 0:
        return None
    row = await _one(
        store,
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (match, newest),
    )
    return int(row[0]) if row else None


async def search_ranked(
    store: Store, match: str, limit: int, after_rowid: int | None = None
) -> list[tuple[int, float]]:
    """(FTS rowid, bm25 score) of the best `limit` articles, best first: ranking without snippets.

    With `after_rowid`, only matches stored after that FTS rowid are ranked (see search_cutoff).
    """
    where = "articles_fts MATCH ?" + (" AND rowid > ?" if after_rowid is not None else "")
    params: list[Any] = [match] + ([after_rowid] if after_rowid is not None else [])
    rows = await _all(
        store,
        f"""SELECT rowid, bm25(articles_fts, 0.0, 10.0, 1.0) AS score FROM articles_fts
           WHERE {where} ORDER BY score LIMIT ?""",
        [*params, limit],
    )
    return [(int(r[0]), float(r[1])) for r in rows]


async def search_snippets(store: Store, match: str, ranked: Sequence[tuple[int, float]]) -> dict[int, SearchHit]:
    """Articles and snippets for some (FTS rowid, score) pairs of a ranked search (one page of it).

    The scores come from search_ranked: computing bm25 again here would cost as much as the ranking.
    """
    if not ranked:
        return {}
    scores = dict(ranked)
    rows = await _all(
        store,
        f"""
        SELECT f.rowid AS rid, a.id AS a_id, a.title AS a_title, a.date AS a_date, a.url AS a_url,
               snippet(articles_fts, 2, '{HIT_START}', '{HIT_END}', '…', 16) AS snip
        FROM articles_fts f JOIN articles a ON a.id = f.article_id
        WHERE articles_fts MATCH ? AND f.rowid IN ({_marks(len(scores))})""",
        [match, *scores],
    )
    return {
        int(r["rid"]): SearchHit(article=_ref(r), score=scores[int(r["rid"])], snippet=r["snip"] or "") for r in rows
    }


# --- stats -----------------------------------------------------------------------------------------------


async def stats(store: Store) -> StoreStats:
    r = await _one(
        store,
        """
        SELECT (SELECT count(*) FROM articles) AS articles,
               (SELECT count(*) FROM people) AS people,
               (SELECT count(*) FROM meetings) AS meetings,
               (SELECT count(*) FROM events) AS events,
               (SELECT min(date) FROM articles WHERE date IS NOT NULL) AS first_date,
               (SELECT max(date) FROM articles) AS last_date,
               coalesce((SELECT value FROM meta WHERE key = 'last_ingest'),
                        (SELECT max(ingested_at) FROM articles)) AS last_ingest""",
    )
    assert r is not None
    return StoreStats(
        articles=r["articles"],
        people=r["people"],
        meetings=r["meetings"],
        events=r["events"],
        first_date=r["first_date"],
        last_date=r["last_date"],
        last_ingest=r["last_ingest"],
    )
