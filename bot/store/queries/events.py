"""Dated events for /timeline and articles."""

from __future__ import annotations

from dataclasses import dataclass, field
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


def _event_where(f: EventFilter) -> tuple[str, list[Any]]:
    conds: list[str] = [] if f.article_id is not None else ["e.date IS NOT NULL"]
    params: list[Any] = []
    for pid in f.people:
        conds.append("e.id IN (SELECT event_id FROM event_people WHERE person_id = ?)")
        params.append(pid)
    span: list[str] = []
    if f.lo is not None:
        span.append("e.date >= ?")
        params.append(f.lo)
    if f.hi is not None:
        span.append("e.date < ?")
        params.append(f.hi)
    if span and f.also_dates:
        conds.append(f"(({' AND '.join(span)}) OR e.date IN ({_marks(len(f.also_dates))}))")
        params += f.also_dates
    else:
        conds += span
    if f.countries:
        marks = _marks(len(f.countries))
        named = ""
        if f.country_match:
            named = " UNION SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
        conds.append(f"""e.id IN (
            SELECT ep.event_id FROM event_people ep JOIN people p ON p.id = ep.person_id
             WHERE p.country IN ({marks})
            UNION
            SELECT ep.event_id FROM event_people ep
             WHERE ep.person_id IN (SELECT person_id FROM roles WHERE country IN ({marks})){named})""")
        params += list(f.countries) * 2
        if f.country_match:
            params.append(f.country_match)
    elif f.country_match:
        conds.append("e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(f.country_match)
    if f.match:
        conds.append("e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(f.match)
    for w in f.words:
        conds.append("instr(lower(e.summary), ?) > 0")
        params.append(w.lower())
    if f.article_id is not None:
        conds.append("e.article_id = ?")
        params.append(f.article_id)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


async def count_events(store: Store, f: EventFilter) -> int:
    where, params = _event_where(f)
    if f.countries or f.country_match or f.match:  # subjects can match hundreds of thousands: capped
        row = await _one(store, f"SELECT count(*) FROM (SELECT 1 FROM events e{where} LIMIT ?)", [*params, CAP + 1])
        return int(row[0]) if row else 0
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
