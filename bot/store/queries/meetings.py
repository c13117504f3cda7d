"""Meetings: the filter every /meetings, card and article reads through, counts and pages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.store.db import Store
from bot.store.queries.base import LEAD, _all, _marks, _one, _ref
from bot.store.records import (
    MeetingRow,
    Participant,
)

# --- meetings --------------------------------------------------------------------------------------------


@dataclass
class MeetingFilter:
    """All given conditions must hold. `countries` are names (as stored) any participant serves;
    each group of `each_country` must be served by a participant (meetings between two countries);
    `places` are places as stored; `also_dates` are exact dates accepted besides lo..hi (a day's month)."""

    people: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    lo: str | None = None
    hi: str | None = None
    article_id: str | None = None
    each_country: list[list[str]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    kind: str | None = None
    also_dates: list[str] = field(default_factory=list)
    any_people: list[list[int]] = field(default_factory=list)  # each group: one of them takes part


def _in_countries(id_col: str, group: Sequence[str]) -> tuple[str, list[Any]]:
    """The meeting `id_col` has a participant serving one of `group` (a lookup in meeting_countries' key;
    0010_country_pages.sql keeps that table equal to people's and roles' countries)."""
    return (
        f"EXISTS (SELECT 1 FROM meeting_countries x WHERE x.meeting_id = {id_col} "
        f"AND x.country IN ({_marks(len(group))}))",
        list(group),
    )


def _country_groups(f: MeetingFilter) -> list[list[str]]:
    return ([list(f.countries)] if f.countries else []) + [list(g) for g in f.each_country]


def _conds(
    f: MeetingFilter, *, id_col: str = "m.id", date_col: str = "m.date", groups: Sequence[Sequence[str]] | None = None
) -> tuple[list[str], list[Any]]:
    """The filter's conditions; the id and date columns may be meeting_countries' (the same values)."""
    conds: list[str] = []
    params: list[Any] = []
    for pid in f.people:
        conds.append(f"{id_col} IN (SELECT meeting_id FROM meeting_participants WHERE person_id = ?)")
        params.append(pid)
    for ids in f.any_people:
        conds.append(
            f"{id_col} IN (SELECT meeting_id FROM meeting_participants WHERE person_id IN ({_marks(len(ids))}))"
        )
        params += ids
    for group in _country_groups(f) if groups is None else groups:
        sql, cparams = _in_countries(id_col, group)
        conds.append(sql)
        params += cparams
    if f.places:
        conds.append(f"m.place IN ({_marks(len(f.places))})")
        params += f.places
    if f.kind is not None:
        conds.append("m.kind = ?")
        params.append(f.kind)
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
    elif span:
        conds += span
    if f.article_id is not None:
        conds.append("m.article_id = ?")
        params.append(f.article_id)
    return conds, params


def _meeting_where(f: MeetingFilter) -> tuple[str, list[Any]]:
    conds, params = _conds(f)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _by_country(f: MeetingFilter) -> bool:
    """Countries without a person or an article: read along a country's meeting_countries_page range."""
    return bool(_country_groups(f)) and not (f.people or f.any_people or f.article_id is not None)


def _country_select(f: MeetingFilter, group: Sequence[str], first: bool) -> tuple[str, list[Any]]:
    """(date, id) of the meetings of one country (any of its stored names) in the filter's dates; the
    first country also carries the filter's other conditions. One name is a range of meeting_countries_page
    in its order: newest first, undated last."""
    names = sorted(set(group))
    if first:
        conds, params = _conds(f, id_col="mc.meeting_id", date_col="mc.date", groups=[])
    else:  # the dates narrow every country's range; the rest is checked once, on the first
        conds, params = _conds(MeetingFilter(lo=f.lo, hi=f.hi, also_dates=f.also_dates), date_col="mc.date")
    join = " CROSS JOIN meetings m ON m.id = mc.meeting_id" if first and (f.places or f.kind is not None) else ""
    where = " AND ".join([f"mc.country IN ({_marks(len(names))})", *conds])
    return f"SELECT mc.date AS date, mc.meeting_id AS id FROM meeting_countries mc{join} WHERE {where}", [
        *names,
        *params,
    ]


_NEWEST = " ORDER BY date DESC, id DESC"


def _country_rows(f: MeetingFilter) -> tuple[str, list[Any]]:
    """(date, id) of the meetings fitting a by-country filter, as one SELECT to be ordered by `_NEWEST`.

    One country: each stored name is an index range, merged (UNION: a meeting under two names once).
    Several countries: their ranges intersected (INTERSECT), which SQLite merges in step along the
    ordered ranges (ORDER BY on the compound) instead of looking every meeting of one up in the other."""
    groups = _country_groups(f)
    if len(groups) == 1:
        selects = [_country_select(f, [name], True) for name in sorted(set(groups[0]))]
        op = " UNION "
    else:
        selects = [_country_select(f, group, i == 0) for i, group in enumerate(groups)]
        op = " INTERSECT "
    return op.join(sql for sql, _ in selects), [p for _, params in selects for p in params]


COUNT_CAP = 1000  # counts beyond this are reported as "more than" (counting every meeting of a country is slow)


async def count_meetings(store: Store, f: MeetingFilter) -> int:
    """How many meetings fit `f`, at most COUNT_CAP + 1 unless one person alone is given.

    One person is counted on meeting_participants' covering index without touching meetings (every
    participant row belongs to a meeting: foreign key); countries along meeting_countries."""
    only_people = (
        f.lo is None
        and f.hi is None
        and f.article_id is None
        and not (f.each_country or f.places or f.kind or f.also_dates or f.any_people)
    )
    if only_people and len(f.people) == 1 and not f.countries:
        sql, params = "SELECT count(*) FROM meeting_participants WHERE person_id = ?", [f.people[0]]
    elif _by_country(f):
        rows, params = _country_rows(f)
        sql = f"SELECT count(*) FROM ({rows}{_NEWEST} LIMIT ?)"  # ordered: compounds merge, stop at the cap
        params.append(COUNT_CAP + 1)
    else:
        where, params = _meeting_where(f)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM meetings m{where} LIMIT ?)"
        params.append(COUNT_CAP + 1)
    row = await _one(store, sql, params)
    return int(row[0]) if row else 0


async def find_meetings(
    store: Store, f: MeetingFilter, offset: int, limit: int, newest_first: bool = True
) -> list[MeetingRow]:
    """One slice of the meetings fitting `f`, with participants and the titles their article gives them."""
    # DESC puts NULL dates last by itself, and lets the meetings_date index give the order (no sort);
    # oldest first (person cards, small) keeps undated ones last explicitly.
    # The page's ids first (dates only), then articles for those rows alone: joining articles before the
    # sort costs a lookup for every meeting that fits, thousands for a busy person or a country.
    if newest_first and _by_country(f):
        by_country, params = _country_rows(f)
        sql, params = f"SELECT id FROM ({by_country}{_NEWEST} LIMIT ? OFFSET ?)", [*params, limit, offset]
    else:
        where, params = _meeting_where(f)
        order = "m.date DESC, m.id DESC" if newest_first else "m.date IS NULL, m.date, m.id"
        sql, params = f"SELECT m.id FROM meetings m{where} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]
    page = await _all(store, sql, params)
    if not page:
        return []
    ids = [int(r[0]) for r in page]
    found = await _all(
        store,
        f"""
        SELECT m.id, m.date, m.date_qualifier, m.place, m.topics, m.kind, m.evidence,
               a.id AS a_id, a.title AS a_title, {LEAD}, a.date AS a_date, a.url AS a_url
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




async def known_places(store: Store) -> list[str]:
    """Distinct meeting places as stored (read from the meetings_place index of 0009_search.sql)."""
    rows = await _all(store, "SELECT DISTINCT place FROM meetings WHERE place IS NOT NULL AND place != ''")
    return [str(r[0]) for r in rows]
