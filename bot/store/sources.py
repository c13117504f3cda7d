"""The sources table (feeds and sitemaps the worker polls) and the web pages read from them.

Each source carries its own schedule: `next_due` moves `interval_seconds` ahead after a success, and
after failures doubles (capped at a day, and never sooner than a server's Retry-After).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel

from bot.store.db import Store

DEFAULT_INTERVAL = 30 * 60
MAX_BACKOFF = 24 * 3600


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


class Source(BaseModel):
    id: int
    url: str
    given_url: str
    name: str
    kind: str
    interval_seconds: int
    etag: str | None = None
    last_modified: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    failures: int = 0
    next_due: str
    added_by: str | None = None
    added_at: str


class WebPage(BaseModel):
    url: str
    article_id: str | None
    source_id: int | None
    entry_stamp: str | None
    etag: str | None
    last_modified: str | None
    outcome: str
    fetched_at: str


_COLUMNS = (
    "id, url, given_url, name, kind, interval_seconds, etag, last_modified, last_success, last_error, "
    "failures, next_due, added_by, added_at"
)


def _source(row: object) -> Source:
    return Source.model_validate(dict(row))  # type: ignore[call-overload]


async def add_source(
    store: Store,
    *,
    url: str,
    given_url: str,
    name: str,
    kind: str,
    interval_seconds: int = DEFAULT_INTERVAL,
    added_by: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    now: datetime | None = None,
) -> tuple[Source, bool]:
    """Insert a source (due at once), or return the one already polling `url`; (source, new)."""
    now = now or now_utc()
    existing = await source_by_url(store, url)
    if existing is not None:
        return existing, False
    async with store.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO sources(url, given_url, name, kind, interval_seconds, etag, last_modified, next_due, "
            "added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, given_url, name, kind, interval_seconds, etag, last_modified, iso(now), added_by, iso(now)),
        )
        new_id = int(cur.lastrowid or 0)
    found = await get_source(store, new_id)
    assert found is not None
    return found, True


async def get_source(store: Store, source_id: int) -> Source | None:
    rows = list(await store.conn.execute_fetchall(f"SELECT {_COLUMNS} FROM sources WHERE id = ?", (source_id,)))
    return _source(rows[0]) if rows else None


async def source_by_url(store: Store, url: str) -> Source | None:
    rows = list(await store.conn.execute_fetchall(f"SELECT {_COLUMNS} FROM sources WHERE url = ?", (url,)))
    return _source(rows[0]) if rows else None


async def list_sources(store: Store) -> list[Source]:
    rows = await store.conn.execute_fetchall(f"SELECT {_COLUMNS} FROM sources ORDER BY id")
    return [_source(r) for r in rows]


async def due_sources(store: Store, now: datetime | None = None) -> list[Source]:
    rows = await store.conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM sources WHERE next_due <= ? ORDER BY next_due, id", (iso(now or now_utc()),)
    )
    return [_source(r) for r in rows]


async def remove_source(store: Store, source_id: int) -> bool:
    """Stop polling a source; what was read from it stays in the store."""
    async with store.transaction() as conn:
        cur = await conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return (cur.rowcount or 0) > 0


async def record_success(
    store: Store,
    source: Source,
    *,
    etag: str | None,
    last_modified: str | None,
    now: datetime | None = None,
) -> None:
    now = now or now_utc()
    due = now + timedelta(seconds=source.interval_seconds)
    async with store.transaction() as conn:
        await conn.execute(
            "UPDATE sources SET etag = ?, last_modified = ?, last_success = ?, last_error = NULL, failures = 0, "
            "next_due = ? WHERE id = ?",
            (etag, last_modified, iso(now), iso(due), source.id),
        )


def backoff_seconds(interval: int, failures: int, retry_after: float | None = None) -> float:
    """After `failures` consecutive failures: the interval doubled each time, capped at a day; never
    sooner than Retry-After."""
    delay = float(min(MAX_BACKOFF, interval * 2 ** min(failures, 20)))
    if retry_after is not None:
        delay = max(delay, min(float(MAX_BACKOFF), retry_after))
    return delay


async def record_failure(
    store: Store, source: Source, error: str, *, retry_after: float | None = None, now: datetime | None = None
) -> None:
    now = now or now_utc()
    failures = source.failures + 1
    due = now + timedelta(seconds=backoff_seconds(source.interval_seconds, failures, retry_after))
    async with store.transaction() as conn:
        await conn.execute(
            "UPDATE sources SET last_error = ?, failures = ?, next_due = ? WHERE id = ?",
            (error[:300], failures, iso(due), source.id),
        )


async def get_page(store: Store, url: str) -> WebPage | None:
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT url, article_id, source_id, entry_stamp, etag, last_modified, outcome, fetched_at "
            "FROM web_pages WHERE url = ?",
            (url,),
        )
    )
    return WebPage.model_validate(dict(rows[0])) if rows else None


async def put_pages(store: Store, pages: list[WebPage]) -> None:
    if not pages:
        return
    async with store.transaction() as conn:
        await conn.executemany(
            "INSERT INTO web_pages(url, article_id, source_id, entry_stamp, etag, last_modified, outcome, "
            "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            "article_id = excluded.article_id, source_id = COALESCE(excluded.source_id, web_pages.source_id), "
            "entry_stamp = excluded.entry_stamp, etag = excluded.etag, last_modified = excluded.last_modified, "
            "outcome = excluded.outcome, fetched_at = excluded.fetched_at",
            [
                (p.url, p.article_id, p.source_id, p.entry_stamp, p.etag, p.last_modified, p.outcome, p.fetched_at)
                for p in pages
            ],
        )


async def article_with_hash(store: Store, content_hash: str, other_than: str) -> str | None:
    """The id of a stored article with this body hash under another id (the same text, another URL)."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT id FROM articles WHERE content_hash = ? AND id != ? ORDER BY ingested_at LIMIT 1",
            (content_hash, other_than),
        )
    )
    return str(rows[0][0]) if rows else None
