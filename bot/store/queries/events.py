"""Dated events for /timeline and articles."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from bot.store.db import Store
from bot.store.queries.base import LEAD, _all, _marks, _one, _ref
from bot.store.records import (
    EventPerson,
    EventRow,
)

# --- events ----------------------------------------------------------------------------------------------


CAP = 1000  # counts of events by subject beyond this read "more than"


@dataclass
class EventFilter:
    """All given conditions must hold; only dated events unless `article_id` is given."""

    people: list[int] = field(default_factory=list)
    lo: str | None = None
    hi: str | None = None
    words: list[str] = field(default_factory=list)  # each must appear in the summary (case-insensitive)
    countries: list[str] = field(default_factory=list)  # as stored; a person of the event serves one
    article_id: str | None = None
    # FTS5 expressions over summary, evidence and place (events_fts of 0009_search.sql), never raw user
    # text: `match` must hold; `country_match` is an alternative to `countries` (the subject is named)
    match: str | None = None
    country_match: str | None = None
    also_dates: list[str] = field(default_factory=list)  # exact dates accepted besides lo..hi (a day's month)
    # each group (names as stored of one country): a person of the event serves one of them (events
    # naming people of two countries: what stands in for meetings between them when none was read)
    each_country: list[list[str]] = field(default_factory=list)


def _conds(
    f: EventFilter, *, id_col: str = "e.id", date_col: str = "e.date", subject: bool = True
) -> tuple[list[str], list[Any]]:
    """The filter's conditions; the id and date columns may be event_countries' (the same values).
    Without `subject` the countries and their names are left to the caller (`_subject_arms`)."""
    conds: list[str] = [] if f.article_id is not None else [f"{date_col} IS NOT NULL"]
    params: list[Any] = []
    for pid in f.people:
        conds.append(f"{id_col} IN (SELECT event_id FROM event_people WHERE person_id = ?)")
        params.append(pid)
    span: list[str] = []
    if f.lo is not None:
        span.append(f"{date_col} >= ?")
        params.append(f.lo)
    if f.hi is not None:
        span.append(f"{date_col} < ?")
        params.append(f.hi)
    if span and f.also_dates:
        conds.append(f"(({' AND '.join(span)}) OR {date_col} IN ({_marks(len(f.also_dates))}))")
        params += f.also_dates
    else:
        conds += span
    if subject and f.countries:
        # a person of the event serves one of the countries (event_countries of 0010_country_pages.sql),
        # or the event names the subject
        named = " UNION SELECT rowid FROM events_fts WHERE events_fts MATCH ?" if f.country_match else ""
        conds.append(
            f"{id_col} IN (SELECT event_id FROM event_countries WHERE country IN ({_marks(len(f.countries))})"
            f"{named})"
        )
        params += list(f.countries)
        if f.country_match:
            params.append(f.country_match)
    elif subject and f.country_match:
        conds.append(f"{id_col} IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(f.country_match)
    for group in f.each_country:
        conds.append(f"{id_col} IN (SELECT event_id FROM event_countries WHERE country IN ({_marks(len(group))}))")
        params += group
    if f.match:
        conds.append(f"{id_col} IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(f.match)
    for w in f.words:
        conds.append("instr(lower(e.summary), ?) > 0")
        params.append(w.lower())
    if f.article_id is not None:
        conds.append("e.article_id = ?")
        params.append(f.article_id)
    return conds, params


def _event_where(f: EventFilter) -> tuple[str, list[Any]]:
    conds, params = _conds(f)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _by_subject(f: EventFilter) -> bool:
    """Countries without a person or an article: read along event_countries_page ranges."""
    return bool(f.countries) and not f.people and f.article_id is None


def _subject_arms(f: EventFilter, *, named: bool = True) -> list[tuple[str, list[Any]]]:
    """(date, id) of the dated events fitting a by-subject filter: one SELECT per stored name of the
    countries (a range of event_countries_page, oldest first) and one for the events naming the subject
    (events_fts)."""
    arms: list[tuple[str, list[Any]]] = []
    join = " CROSS JOIN events e ON e.id = ec.event_id" if f.words else ""
    for country in sorted(set(f.countries)):
        conds, params = _conds(f, id_col="ec.event_id", date_col="ec.date", subject=False)
        where = " AND ".join(["ec.country = ?", *conds])
        arms.append((f"SELECT ec.date AS date, ec.event_id AS id FROM event_countries ec{join} WHERE {where}",
                     [country, *params]))
    if f.country_match and named:
        conds, params = _conds(f, subject=False)
        where = " AND ".join(["e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", *conds])
        arms.append((f"SELECT e.date AS date, e.id AS id FROM events e WHERE {where}", [f.country_match, *params]))
    return arms


_OLDEST = " ORDER BY date, id"


def _subject_union(f: EventFilter, n: int) -> tuple[str, list[Any]]:
    """The arms, each cut to `n` rows in any order, merged by UNION (an event found twice once): enough to
    count the union up to `n`."""
    parts, params = [], []
    for sql, arm_params in _subject_arms(f):
        parts.append(f"SELECT date, id FROM ({sql} LIMIT ?)")
        params += [*arm_params, n]
    return " UNION ".join(parts), params


async def count_events(store: Store, f: EventFilter) -> int:
    if _by_subject(f):  # at most CAP + 1 of each arm, in any order: enough to count to the cap
        if f.country_match:  # the people's events alone often reach the cap: then the text is not searched
            union, params = _subject_union(replace(f, country_match=None), CAP + 1)
            row = await _one(store, f"SELECT count(*) FROM ({union} LIMIT ?)", [*params, CAP + 1])
            if row is not None and int(row[0]) > CAP:
                return int(row[0])
        union, params = _subject_union(f, CAP + 1)
        row = await _one(store, f"SELECT count(*) FROM ({union} LIMIT ?)", [*params, CAP + 1])
        return int(row[0]) if row else 0
    where, params = _event_where(f)
    if f.countries or f.country_match or f.match or f.each_country:  # subjects match many: capped
        row = await _one(store, f"SELECT count(*) FROM (SELECT 1 FROM events e{where} LIMIT ?)", [*params, CAP + 1])
        return int(row[0]) if row else 0
    row = await _one(store, f"SELECT count(*) FROM events e{where}", params)
    return int(row[0]) if row else 0


SCAN_AHEAD = 20_000  # dated events read in date order when looking for the first ones naming a subject


async def _first_named(store: Store, f: EventFilter, n: int) -> list[tuple[str, int]]:
    """The first `n` (date, id) of the events fitting `f` that name the subject (events_fts).

    A subject's events are a few thousand among hundreds of thousands: sorting all of them to show the
    oldest ten costs a lookup per event. The events are read in date order instead, the first
    SCAN_AHEAD of them, keeping those the text index finds; when that yields fewer than `n` and there
    were more events to read, all the matches are sorted."""
    conds, params = _conds(f, subject=False)
    where = " AND ".join(conds)
    named = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
    # the date of the SCAN_AHEAD-th event: the walk in date order (events_date) stops there at the latest
    walk = f"SELECT e.date FROM events e WHERE {where} ORDER BY e.date, e.id LIMIT 1 OFFSET ?"
    last = await _one(store, walk, [*params, SCAN_AHEAD])
    bound, bound_params = (" AND e.date <= ?", [str(last[0])]) if last is not None else ("", [])
    # +e.id: the id is tested against the matches, not looked up by them (which would sort them all)
    rows = await _all(
        store,
        f"SELECT e.date, e.id FROM events e WHERE {where}{bound} AND +e.id IN ({named}) ORDER BY e.date, e.id LIMIT ?",
        [*params, *bound_params, f.country_match, n],
    )
    if len(rows) < n and last is not None:  # more events beyond the walk: sort every match
        sql = f"SELECT e.date, e.id FROM events e WHERE e.id IN ({named}) AND {where} ORDER BY e.date, e.id LIMIT ?"
        rows = await _all(store, sql, [f.country_match, *params, n])
    return [(str(r[0]), int(r[1])) for r in rows]


async def _subject_page(store: Store, f: EventFilter, offset: int, limit: int) -> list[int]:
    """Ids of one page of the events by subject, oldest first: the first offset + limit of each arm
    (each country name's range, the events naming it), merged (an event found twice once)."""
    n = offset + limit
    found: dict[int, str] = {}
    for sql, params in _subject_arms(f, named=False):
        for r in await _all(store, f"{sql}{_OLDEST} LIMIT ?", [*params, n]):
            found[int(r[1])] = str(r[0])
    if f.country_match:
        found.update((event_id, date) for date, event_id in await _first_named(store, f, n))
    ordered = sorted(found, key=lambda event_id: (found[event_id], event_id))
    return ordered[offset:n]


async def find_events(store: Store, f: EventFilter, offset: int, limit: int) -> list[EventRow]:
    """One slice of the events fitting `f`, oldest first, with their people."""
    if _by_subject(f):
        page_ids: list[Any] = await _subject_page(store, f, offset, limit)
        if not page_ids:
            return []
        where, params, order = f" WHERE e.id IN ({_marks(len(page_ids))})", page_ids, "e.date, e.id"
        offset, limit = 0, len(page_ids)
    else:
        where, params = _event_where(f)
        # dated events only (the usual case): the events_date index gives the order without a sort
        order = "e.date IS NULL, e.date, e.id" if f.article_id is not None else "e.date, e.id"
    rows = await _all(
        store,
        f"""
        SELECT e.id, e.date, e.date_qualifier, e.summary, e.kind, e.place,
               a.id AS a_id, a.title AS a_title, {LEAD}, a.date AS a_date, a.url AS a_url
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




async def has_dated_events(store: Store, person_id: int) -> bool:
    """Whether any dated event names the person (the first one found ends the walk: a card's button test)."""
    row = await _one(
        store,
        """SELECT 1 FROM event_people ep JOIN events e ON e.id = ep.event_id
           WHERE ep.person_id = ? AND e.date IS NOT NULL LIMIT 1""",
        (person_id,),
    )
    return row is not None


async def statements_about(
    store: Store, article_id: str, date: str | None, person_ids: list[int], limit: int = 4
) -> list[str]:
    """The sentences of one article read as events of `date` that name one of the people: what was said
    about a meeting besides the sentence it was read from (an article's events, by events_article)."""
    if not person_ids:
        return []
    rows = await _all(
        store,
        f"""SELECT e.evidence, min(e.id) AS first FROM events e
            WHERE e.article_id = ? AND e.date IS ? AND e.evidence != ''
              AND EXISTS (SELECT 1 FROM event_people ep WHERE ep.event_id = e.id
                          AND ep.person_id IN ({_marks(len(person_ids))}))
            GROUP BY e.evidence ORDER BY first LIMIT ?""",
        [article_id, date, *person_ids, limit],
    )
    return [str(r[0]) for r in rows]
