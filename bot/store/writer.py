"""The write path: one article and everything read from it, saved whole or not at all.

Saving an article replaces its previous version in the same transaction: the old rows go (the schema's
cascades remove its aliases, mentions, roles, meetings and events), the new ones come in, and the people
it touched get their name and country recomputed from what remains in the store.

`save_article` is one transaction per article; `article_batch` puts many articles in one transaction (one
COMMIT), each inside a SAVEPOINT, so a failing article still rolls back alone.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Coroutine, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import aiosqlite

from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.extract.types import Extraction, PersonRecord
from bot.store.db import Store, in_db_thread
from bot.store.identity import (
    follow,
    is_single,
    record_surname,
    refresh_gained,
    refresh_person,
    resolve_person,
    surname_key,
)
from bot.store.merge import PendingMeeting, merge_precisions
from bot.textnorm import fold

log = logging.getLogger(__name__)

T = TypeVar("T")


def utc_now() -> str:
    """UTC now, ISO 8601 with seconds: what `ingested_at` and meta 'last_ingest' hold."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


async def stored_hash(store: Store, article_id: str) -> str | None:
    """The content hash stored for an article id, or None when the store does not have it."""
    sql = "SELECT content_hash FROM articles WHERE id = ?"
    rows = list(await store.conn.execute_fetchall(sql, (article_id,)))
    return str(rows[0][0]) if rows else None


async def stored_version(
    store: Store, article_id: str
) -> tuple[str, str | None, str | None, str | None, str | None] | None:
    """(content_hash, title, date, source, url) as stored, or None: an ingest skips an article only when
    its file and the facts a manifest may supply are both unchanged."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT content_hash, title, date, source, url FROM articles WHERE id = ?", (article_id,)
        )
    )
    if not rows:
        return None
    row = rows[0]
    return (str(row[0]), row[1], row[2], row[3], row[4])


async def _delete_article(conn: aiosqlite.Connection, article_id: str) -> set[int]:
    """Remove an article's previous version; returns the people it named."""
    rows = list(await conn.execute_fetchall("SELECT rowid FROM articles WHERE id = ?", (article_id,)))
    if not rows:
        return set()
    found = await conn.execute_fetchall("SELECT person_id FROM mentions WHERE article_id = ?", (article_id,))
    people = {int(r[0]) for r in found}
    await conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (int(rows[0][0]),))
    await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    return people


async def _insert_article(conn: aiosqlite.Connection, article: LoadedArticle, now: str) -> None:
    cur = await conn.execute(
        "INSERT INTO articles(id, title, date, source, url, path, content_hash, body, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.id,
            article.title,
            _iso(article.date),
            article.source,
            article.url,
            article.path,
            article.content_hash,
            article.body,
            now,
        ),
    )
    # The FTS row shares the article's rowid, so it is found and deleted by rowid, not by a scan.
    await conn.execute(
        "INSERT INTO articles_fts(rowid, article_id, title, body) VALUES (?, ?, ?, ?)",
        (cur.lastrowid, article.id, article.title or "", article.body),
    )


def _forms(record: PersonRecord) -> list[str]:
    """Every form stored as an alias: the name, the article's other forms, and the surname of a full name."""
    forms = [record.name.strip(), *(a.strip() for a in record.aliases)]
    if not is_single(record.name):
        forms.append(record_surname(record))
    return [f for f in dict.fromkeys(forms) if fold(f)]


class _Names:
    """Maps the names an extraction uses onto stored person ids, following merges."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_surname: dict[str, set[int]] = {}  # full names of this article by surname key
        self.merged: dict[int, int] = {}
        self.forms: dict[int, list[str]] = {}  # forms this article added, per person
        self.roles: set[tuple[int, str, str | None, str | None]] = set()  # roles this article stored
        # rows written once all people are resolved (ids followed through merges then): fewer round trips
        self.mention_rows: list[tuple[int, int]] = []  # (person id, count)
        self.role_rows: list[tuple[int, str, str | None, str | None, str]] = []

    def add(self, record: PersonRecord, pid: int, forms: list[str]) -> None:
        self.by_key.setdefault(fold(record.name), pid)
        for alias in record.aliases:
            self.by_key.setdefault(fold(alias), pid)
        if not is_single(record.name):
            self.by_surname.setdefault(fold(record_surname(record)), set()).add(pid)
        self.forms.setdefault(pid, []).extend(forms)

    def local_surname(self, name: str) -> int | None:
        """The one full name of this article with this surname, if exactly one."""
        ids = {follow(self.merged, p) for p in self.by_surname.get(surname_key(name), set())}
        return next(iter(ids)) if len(ids) == 1 else None

    def get(self, name: str) -> int | None:
        pid = self.by_key.get(fold(name))
        if pid is None:
            return self.local_surname(name)
        return follow(self.merged, pid)


async def _save_people(
    conn: aiosqlite.Connection, article: LoadedArticle, people: list[PersonRecord], names: _Names
) -> dict[int, str | None]:
    """Resolve and store each person of the article; returns person id -> country the article gives."""
    countries: dict[int, str | None] = {}
    # Full names first, so a bare surname in the same article finds its full name without a query.
    ordered = sorted((p for p in people if fold(p.name)), key=lambda p: is_single(p.name))
    for record in ordered:
        local = names.local_surname(record.name) if is_single(record.name) else None
        pid = local if local is not None else await resolve_person(conn, record, names.merged)
        forms = _forms(record)
        names.add(record, pid, forms)
        if record.country and not countries.get(pid):
            countries[pid] = record.country
        else:
            countries.setdefault(pid, None)
        # aliases now: the next people of this article are resolved against them
        await conn.executemany(
            "INSERT OR IGNORE INTO aliases(person_id, article_id, alias, key) VALUES (?, ?, ?, ?)",
            [(pid, article.id, form, fold(form)) for form in forms],
        )
        names.mention_rows.append((pid, max(1, record.mentions)))
        for role in record.roles:
            title, date = role.title.strip(), _iso(role.date or article.date)
            seen = (pid, fold(title), role.country, date)  # one title said twice is one role
            if title and seen not in names.roles:
                names.roles.add(seen)
                names.role_rows.append((pid, title, role.country, date, role.evidence))
    # Mentions and roles of every person at once, under the ids they have after this article's merges.
    await conn.executemany(
        "INSERT INTO mentions(person_id, article_id, count) VALUES (?, ?, ?) "
        "ON CONFLICT(person_id, article_id) DO UPDATE SET count = count + excluded.count",
        [(follow(names.merged, pid), article.id, count) for pid, count in names.mention_rows],
    )
    await conn.executemany(
        "INSERT INTO roles(person_id, article_id, title, country, date, evidence) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (follow(names.merged, pid), article.id, title, country, date, evidence)
            for pid, title, country, date, evidence in names.role_rows
        ],
    )
    return countries


async def _save_meetings(
    conn: aiosqlite.Connection, article: LoadedArticle, extraction: Extraction, names: _Names
) -> None:
    """Meetings and events with their people, one statement per table: inside the write transaction
    nothing else inserts, so the new rows' ids are the next ones after the current largest."""
    if not extraction.meetings and not extraction.events:
        return
    rows = list(
        await conn.execute_fetchall(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM meetings), (SELECT COALESCE(MAX(id), 0) FROM events)"
        )
    )
    meeting_id, event_id = int(rows[0][0]), int(rows[0][1])
    pending: list[PendingMeeting] = []
    for meeting in extraction.meetings:
        pids: list[int] = []
        for name in meeting.participants:
            pid = names.get(name)
            if pid is None:
                log.debug("meeting participant %r is not among the article's people", name)
            elif pid not in pids:
                pids.append(pid)
        pending.append(
            PendingMeeting(
                date=_iso(meeting.date),
                qualifier=meeting.date.qualifier if meeting.date else None,
                place=meeting.place,
                topics=list(meeting.topics),
                evidence=meeting.evidence,
                kind=meeting.kind,
                people=pids,
            )
        )
    meetings, participants = [], []
    for pm in merge_precisions(pending):
        meeting_id += 1
        meetings.append(
            (
                meeting_id,
                article.id,
                pm.date,
                pm.qualifier,
                pm.place,
                json.dumps(pm.topics, ensure_ascii=False),
                pm.evidence,
                pm.kind,
            )
        )
        participants += [(meeting_id, pid, position) for position, pid in enumerate(pm.people)]
    events, event_people = [], []
    for event in extraction.events:
        event_id += 1
        events.append(
            (
                event_id,
                article.id,
                _iso(event.date),
                event.date.qualifier if event.date else None,
                event.summary,
                event.kind,
                event.place,
                event.evidence,
            )
        )
        for name in event.people:
            pid = names.get(name)
            if pid is not None:
                event_people.append((event_id, pid))
    await conn.executemany(
        "INSERT INTO meetings(id, article_id, date, date_qualifier, place, topics, evidence, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        meetings,
    )
    await conn.executemany(
        "INSERT OR IGNORE INTO meeting_participants(meeting_id, person_id, position) VALUES (?, ?, ?)",
        participants,
    )
    await conn.executemany(
        "INSERT INTO events(id, article_id, date, date_qualifier, summary, kind, place, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    await conn.executemany(
        "INSERT OR IGNORE INTO event_people(event_id, person_id) VALUES (?, ?)", event_people
    )


async def save_article(store: Store, article: LoadedArticle, extraction: Extraction) -> None:
    """Store an article and its extraction in one transaction, replacing any previous version of it."""
    async with store.transaction() as conn:
        await _write(conn, article, extraction, utc_now())


class BatchBroken(Exception):
    """SQLite ended the batch's whole transaction itself (disk full, I/O error): nothing of it is stored."""


class ArticleBatch:
    """Articles saved in one transaction (one COMMIT for many), each inside its own SAVEPOINT: an article
    that fails is rolled back alone and leaves no trace, the batch's other articles are kept."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.broken = False
        self.last_saved: str | None = None  # when the batch's last article was saved: meta 'last_ingest'

    async def save(self, article: LoadedArticle, extraction: Extraction) -> None:
        """Like `save_article`, inside the batch. Raises what the write raised; `BatchBroken` (and
        `broken` set) when the failure ended the whole transaction, so the batch must be redone.

        The whole article is written in one call in the connection's own thread: the same `_write`, its
        statements run directly on the sqlite3 connection (~40 hops to aiosqlite's thread an article
        were a third of the time of an ingest)."""
        if self.broken:
            raise BatchBroken("an earlier article ended the batch's transaction")
        now = utc_now()
        await in_db_thread(self.conn, lambda raw: self._save_here(raw, article, extraction, now))
        self.last_saved = now

    def _save_here(self, raw: sqlite3.Connection, article: LoadedArticle, extraction: Extraction, now: str) -> None:
        raw.execute("SAVEPOINT article")
        try:
            run_here(_write(_direct(raw), article, extraction, now, note_ingest=False))
        except BaseException:
            if raw.in_transaction:
                raw.execute("ROLLBACK TO article")
                raw.execute("RELEASE article")
            else:
                self.broken = True
            raise
        raw.execute("RELEASE article")


class _Direct:
    """aiosqlite's connection calls over the sqlite3 connection itself, for code already running in the
    connection's thread: each call runs at once, none waits (see `run_here`)."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return self.raw.execute(sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[Any]:
        return self.raw.execute(sql, parameters).fetchall()

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> sqlite3.Cursor:
        return self.raw.executemany(sql, parameters)

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction


def _direct(raw: sqlite3.Connection) -> aiosqlite.Connection:
    """The writer's code takes an aiosqlite connection and uses only the calls `_Direct` has."""
    return cast(aiosqlite.Connection, _Direct(raw))


def run_here(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never waits (the writer over `_Direct`) to its end, in this thread."""
    try:
        coro.send(None)
    except StopIteration as done:
        return cast(T, done.value)
    coro.close()
    raise RuntimeError("the direct writer waited on something: it must only call the connection")


@asynccontextmanager
async def article_batch(store: Store) -> AsyncIterator[ArticleBatch]:
    """One write transaction for several `ArticleBatch.save` calls; committed on a normal exit, rolled back
    on an error (then none of the batch is stored). Holds the store's write lock throughout: keep the
    work inside to writing (extract before)."""
    async with store.transaction() as conn:
        batch = ArticleBatch(conn)
        yield batch
        if batch.last_saved is not None:
            await _note_ingest(conn, batch.last_saved)


async def _write(
    conn: aiosqlite.Connection, article: LoadedArticle, extraction: Extraction, now: str, *, note_ingest: bool = True
) -> None:
    """The article and everything read from it, replacing its previous version, in the caller's transaction."""
    touched = await _delete_article(conn, article.id)
    await _insert_article(conn, article, now)
    names = _Names()
    countries = await _save_people(conn, article, extraction.people, names)
    await _save_meetings(conn, article, extraction, names)
    # People who lost rows (the old version) or gained another's (a merge) are recomputed from
    # everything stored; the others only need this article's forms weighed against their name.
    dirty = {follow(names.merged, p) for p in touched | set(names.merged.values())}
    fallback = {follow(names.merged, pid): c for pid, c in countries.items() if c}
    added: dict[int, list[str]] = {}
    for pid, forms in names.forms.items():
        added.setdefault(follow(names.merged, pid), []).extend(forms)
    for pid in sorted(dirty):
        await refresh_person(conn, follow(names.merged, pid), fallback.get(pid), names.merged)
    gained = {follow(names.merged, p): f for p, f in added.items() if p not in dirty}
    await refresh_gained(conn, gained, fallback, names.merged)
    if note_ingest:
        await _note_ingest(conn, now)


async def _note_ingest(conn: aiosqlite.Connection, now: str) -> None:
    await conn.execute(
        "INSERT INTO meta(key, value) VALUES ('last_ingest', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (now,),
    )
