"""What a digest says, read from the core schema at send time (nothing cached, so articles ingested by
another process show up in the next digest).

Every query is shaped for an index: articles.ingested_at (articles_ingested), events.date (events_date)
and the expression index events_month_day on substr(date, 6, 5).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.digest.txn import fetch_one
from bot.textnorm import fold

MAX_ARTICLES = 25
MAX_PER_ARTICLE = 3
MAX_ON_THIS_DAY = 10
MAX_COMING_UP = 15
COMING_UP_DAYS = 7


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class MeetingItem(_Record):
    date: str | None
    qualifier: str | None
    place: str | None
    participants: list[str]
    topics: list[str]


class EventItem(_Record):
    date: str | None
    qualifier: str | None
    summary: str
    place: str | None


class ArticleItem(_Record):
    id: str
    title: str | None
    source: str | None
    url: str | None
    date: str | None
    meetings: list[MeetingItem] = []
    events: list[EventItem] = []
    more_meetings: int = 0
    more_events: int = 0


class DatedEvent(_Record):
    """A timeline event with the article it was read from (for the source link)."""

    date: str
    summary: str
    place: str | None
    source: str | None
    url: str | None
    title: str | None


class DigestData(_Record):
    """Everything one chat's digest for `local_date` needs; `compose` turns it into messages."""

    local_date: date
    new_articles: list[ArticleItem]
    more_articles: int = 0
    on_this_day: list[DatedEvent]
    coming_up: list[DatedEvent]


async def _bound_format(conn: aiosqlite.Connection) -> str:
    """The separator the writer put between date and time ('T' or ' '), so bounds compare as strings."""
    row = await fetch_one(
        conn,
        "SELECT substr(ingested_at, 11, 1) FROM articles ORDER BY ingested_at DESC LIMIT 1"
    )
    return " " if row and row[0] == " " else "T"


def _bound(moment: datetime, sep: str) -> str:
    """'YYYY-MM-DDTHH:MM:SS' (19 chars): `x >= b` and `x < b` then mean whole-second bounds whatever the
    suffix ('+00:00', 'Z', fractions) of the stored value."""
    return moment.strftime(f"%Y-%m-%d{sep}%H:%M:%S")


async def new_articles(
    conn: aiosqlite.Connection, since: datetime, until: datetime, limit: int = MAX_ARTICLES
) -> tuple[list[ArticleItem], int]:
    """Articles ingested in [since, until) (whole UTC seconds), oldest first, with what was read from them;
    plus how many more there were beyond `limit`."""
    sep = await _bound_format(conn)
    lo, hi = _bound(since, sep), _bound(until, sep)
    row = await fetch_one(
        conn,
        "SELECT count(*) FROM articles WHERE ingested_at >= ? AND ingested_at < ?", (lo, hi)
    )
    total = int(row[0]) if row else 0
    if total == 0:
        return [], 0
    rows = list(await conn.execute_fetchall(
        "SELECT id, title, source, url, date FROM articles WHERE ingested_at >= ? AND ingested_at < ?"
        " ORDER BY ingested_at DESC, id LIMIT ?",
        (lo, hi, limit),
    ))
    rows.reverse()
    ids = [r["id"] for r in rows]
    meetings = await _meetings_for(conn, ids)
    events = await _events_for(conn, ids)
    items = []
    for r in rows:
        ms, es = meetings.get(r["id"], []), events.get(r["id"], [])
        items.append(
            ArticleItem(
                id=r["id"], title=r["title"], source=r["source"], url=r["url"], date=r["date"],
                meetings=ms[:MAX_PER_ARTICLE], events=es[:MAX_PER_ARTICLE],
                more_meetings=max(len(ms) - MAX_PER_ARTICLE, 0),
                more_events=max(len(es) - MAX_PER_ARTICLE, 0),
            )
        )
    return items, total - len(items)


async def _meetings_for(conn: aiosqlite.Connection, ids: list[str]) -> dict[str, list[MeetingItem]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = await conn.execute_fetchall(
        "SELECT m.id, m.article_id, m.date, m.date_qualifier, m.place, m.topics,"
        " (SELECT json_group_array(name) FROM (SELECT p.name FROM meeting_participants mp"
        "   JOIN people p ON p.id = mp.person_id WHERE mp.meeting_id = m.id ORDER BY mp.position, p.name))"
        "   AS names"
        f" FROM meetings m WHERE m.article_id IN ({marks}) ORDER BY m.article_id, m.date, m.id",
        ids,
    )
    found: dict[str, list[MeetingItem]] = {}
    for r in rows:
        found.setdefault(r["article_id"], []).append(
            MeetingItem(
                date=r["date"], qualifier=r["date_qualifier"], place=r["place"],
                participants=[str(n) for n in _json_list(r["names"])],
                topics=[str(t) for t in _json_list(r["topics"])],
            )
        )
    return found


async def _events_for(conn: aiosqlite.Connection, ids: list[str]) -> dict[str, list[EventItem]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = await conn.execute_fetchall(
        "SELECT article_id, date, date_qualifier, summary, place FROM events"
        f" WHERE article_id IN ({marks}) ORDER BY article_id, date, id",
        ids,
    )
    found: dict[str, list[EventItem]] = {}
    for r in rows:
        found.setdefault(r["article_id"], []).append(
            EventItem(date=r["date"], qualifier=r["date_qualifier"], summary=r["summary"], place=r["place"])
        )
    return found


_DATED = (
    "SELECT e.date, e.summary, e.place, a.source, a.url, a.title FROM events e"
    " JOIN articles a ON a.id = e.article_id"
)


async def on_this_day(
    conn: aiosqlite.Connection, day: date, limit: int = MAX_ON_THIS_DAY
) -> list[DatedEvent]:
    """Events dated to the day on `day`'s month and day in earlier years, newest year first."""
    rows = await conn.execute_fetchall(
        f"{_DATED} WHERE substr(e.date, 6, 5) = ? AND e.date < ? AND length(e.date) = 10"
        " ORDER BY e.date DESC, e.id",
        (day.strftime("%m-%d"), f"{day.year:04d}"),
    )
    return _dedupe(rows, limit)


async def coming_up(
    conn: aiosqlite.Connection, day: date, days: int = COMING_UP_DAYS, limit: int = MAX_COMING_UP
) -> list[DatedEvent]:
    """Events dated to the day from `day` to `day + days`, soonest first."""
    rows = await conn.execute_fetchall(
        f"{_DATED} WHERE e.date >= ? AND e.date <= ? AND length(e.date) = 10 ORDER BY e.date, e.id",
        (day.isoformat(), (day + timedelta(days=days)).isoformat()),
    )
    return _dedupe(rows, limit)


def _dedupe(rows: Iterable[aiosqlite.Row], limit: int) -> list[DatedEvent]:
    """One line per (date, summary): the same event read from several articles is said once."""
    seen: set[tuple[str, str]] = set()
    out: list[DatedEvent] = []
    for r in rows:
        key = (r["date"], fold(r["summary"]))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            DatedEvent(date=r["date"], summary=r["summary"], place=r["place"], source=r["source"],
                       url=r["url"], title=r["title"])
        )
        if len(out) >= limit:
            break
    return out


async def load_digest_data(
    conn: aiosqlite.Connection, since: datetime, until: datetime, local_date: date
) -> DigestData:
    articles, more = await new_articles(conn, since, until)
    return DigestData(
        local_date=local_date,
        new_articles=articles,
        more_articles=more,
        on_this_day=await on_this_day(conn, local_date),
        coming_up=await coming_up(conn, local_date),
    )


def _json_list(text: str | None) -> list[object]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [v for v in value if v] if isinstance(value, list) else []
