"""Everything the bot knows as one JSON-ready object, in the shape of the evaluation's README.

Ordering is deterministic (articles by id, people by folded name, records by article then the order
extraction gave them), so two exports of one store are byte-identical.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, Field

from bot.store.db import Store
from bot.textnorm import fold


class ExportArticle(BaseModel):
    id: str
    title: str | None
    date: str | None
    source: str | None
    url: str | None


class ExportRole(BaseModel):
    title: str
    country: str | None
    article: str
    date: str | None
    evidence: str = ""


class ExportPerson(BaseModel):
    name: str
    aliases: list[str] = Field(default_factory=list)
    country: str | None
    articles: list[str] = Field(default_factory=list)
    roles: list[ExportRole] = Field(default_factory=list)
    mentions: int = 0


class ExportMeeting(BaseModel):
    participants: list[str]
    date: str | None
    date_qualifier: str | None = None
    place: str | None
    topics: list[str] = Field(default_factory=list)
    article: str
    evidence: str
    kind: str = "meeting"


class ExportEvent(BaseModel):
    date: str | None
    date_qualifier: str | None = None
    summary: str
    kind: str
    place: str | None
    people: list[str] = Field(default_factory=list)
    article: str
    evidence: str


class Export(BaseModel):
    articles: list[ExportArticle] = Field(default_factory=list)
    people: list[ExportPerson] = Field(default_factory=list)
    meetings: list[ExportMeeting] = Field(default_factory=list)
    events: list[ExportEvent] = Field(default_factory=list)


async def _rows(store: Store, sql: str) -> list[Any]:
    return list(await store.conn.execute_fetchall(sql))


def _topics(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(t) for t in value] if isinstance(value, list) else []


async def export_all(store: Store) -> Export:
    """Read the whole store into an Export (a handful of queries, grouped in memory)."""
    articles = [
        ExportArticle(id=r["id"], title=r["title"], date=r["date"], source=r["source"], url=r["url"])
        for r in await _rows(store, "SELECT id, title, date, source, url FROM articles ORDER BY id")
    ]

    names: dict[int, str] = {}
    aliases: dict[int, set[str]] = defaultdict(set)
    in_articles: dict[int, list[str]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    roles: dict[int, list[ExportRole]] = defaultdict(list)
    people_rows = await _rows(store, "SELECT id, name, country FROM people")
    for r in people_rows:
        names[r["id"]] = r["name"]
    for r in await _rows(store, "SELECT person_id, alias FROM aliases"):
        aliases[r["person_id"]].add(r["alias"])
    for r in await _rows(store, "SELECT person_id, article_id, count FROM mentions ORDER BY article_id"):
        in_articles[r["person_id"]].append(r["article_id"])
        counts[r["person_id"]] += int(r["count"])
    for r in await _rows(
        store, "SELECT person_id, title, country, article_id, date, evidence FROM roles ORDER BY date, article_id, id"
    ):
        roles[r["person_id"]].append(
            ExportRole(
                title=r["title"], country=r["country"], article=r["article_id"], date=r["date"], evidence=r["evidence"]
            )
        )
    people = [
        ExportPerson(
            name=r["name"],
            aliases=sorted(aliases[r["id"]] - {r["name"]}, key=lambda a: (fold(a), a)),
            country=r["country"],
            articles=in_articles[r["id"]],
            roles=roles[r["id"]],
            mentions=counts[r["id"]],
        )
        for r in sorted(people_rows, key=lambda r: (fold(r["name"]), r["name"], r["id"]))
    ]

    participants: dict[int, list[str]] = defaultdict(list)
    for r in await _rows(
        store,
        "SELECT meeting_id, person_id FROM meeting_participants ORDER BY meeting_id, position, person_id",
    ):
        participants[r["meeting_id"]].append(names.get(r["person_id"], ""))
    meetings = [
        ExportMeeting(
            participants=participants[r["id"]],
            date=r["date"],
            date_qualifier=r["date_qualifier"],
            place=r["place"],
            topics=_topics(r["topics"]),
            article=r["article_id"],
            evidence=r["evidence"],
            kind=r["kind"],
        )
        for r in await _rows(store, "SELECT * FROM meetings ORDER BY article_id, id")
    ]

    event_people: dict[int, list[str]] = defaultdict(list)
    for r in await _rows(store, "SELECT event_id, person_id FROM event_people ORDER BY event_id, person_id"):
        event_people[r["event_id"]].append(names.get(r["person_id"], ""))
    events = [
        ExportEvent(
            date=r["date"],
            date_qualifier=r["date_qualifier"],
            summary=r["summary"],
            kind=r["kind"],
            place=r["place"],
            people=event_people[r["id"]],
            article=r["article_id"],
            evidence=r["evidence"],
        )
        for r in await _rows(store, "SELECT * FROM events ORDER BY article_id, id")
    ]
    return Export(articles=articles, people=people, meetings=meetings, events=events)
