"""Polling sources: one conditional request for the feed or sitemap (a 304 reads nothing), then the
pages of entries not read before (or whose entry changed). A failing source backs off (see
bot.store.sources) and never delays another: sources are polled side by side, each on its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.ingest.pipeline import Extractor
from bot.ingest.web.feeds import Feed, NotAFeed, read_feed
from bot.ingest.web.fetch import Fetcher
from bot.ingest.web.page import Hints
from bot.ingest.web.urls import canonical_url
from bot.sources.read import PageOutcome, PageTask, read_pages
from bot.store.db import Store
from bot.store.sources import Source, get_page, record_failure, record_success

log = logging.getLogger(__name__)

MAX_ENTRIES = 200  # entries read from one feed per poll (newest first, as feeds list them)
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)


@dataclass
class PollResult:
    source: Source
    status: str  # added, updated, unchanged, not modified, failed
    detail: str = ""
    pages: list[PageOutcome] = field(default_factory=list)

    @property
    def new_ids(self) -> list[str]:
        return [p.article_id for p in self.pages if p.status == "added" and p.article_id]

    def line(self) -> str:
        head = f"{self.source.id} {self.source.name}: {self.status}"
        return head + (f": {self.detail}" if self.detail else "")


def _count(pages: Sequence[PageOutcome]) -> str:
    counts: dict[str, int] = {}
    for page in pages:
        counts[page.status] = counts.get(page.status, 0) + 1
    order = ("added", "updated", "unchanged", "not modified", "duplicate", "skipped", "failed")
    return ", ".join(f"{counts[k]} {k}" for k in order if counts.get(k))


async def _tasks(store: Store, source: Source, feed: Feed) -> list[PageTask]:
    """The entries worth fetching: new links, and links whose entry changed since it was read."""
    tasks: list[PageTask] = []
    for entry in feed.entries[:MAX_ENTRIES]:
        page = await get_page(store, canonical_url(entry.link))
        if page is not None and (page.entry_stamp or "") == entry.stamp:
            continue
        hints = Hints(title=entry.title, date=entry.date, summary=entry.summary, source=feed.title or source.name)
        tasks.append(PageTask(entry.link, hints, entry.stamp, source.id))
    return tasks


async def poll_source(
    store: Store,
    fetcher: Fetcher,
    source: Source,
    *,
    allow_private: bool | None = None,
    extractor: Extractor | None = None,
) -> PollResult:
    """Poll one source now and record the outcome on it (its schedule, ETag, errors)."""
    try:
        result = await fetcher.get(
            source.url, etag=source.etag, last_modified=source.last_modified,
            allow_private=allow_private, accept=FEED_ACCEPT,
        )
        if result.not_modified:
            await record_success(store, source, etag=source.etag, last_modified=source.last_modified)
            return PollResult(source, "not modified")
        if not result.ok:
            error = result.error or f"HTTP {result.status}"
            await record_failure(store, source, error, retry_after=result.retry_after)
            return PollResult(source, "failed", error)
        try:
            feed = read_feed(result.body, result.final_url)
        except NotAFeed as exc:
            await record_failure(store, source, str(exc))
            return PollResult(source, "failed", str(exc))
        tasks = await _tasks(store, source, feed)
        pages = await read_pages(store, fetcher, tasks, allow_private=allow_private, extractor=extractor)
        failed = [p for p in pages if p.status == "failed"]
        # Pages that failed for a passing reason are not remembered, so the next poll asks again: keep
        # the feed's validators only when every page went in, or a 304 would hide them.
        keep = not failed
        await record_success(
            store, source,
            etag=result.etag if keep else None, last_modified=result.last_modified if keep else None,
        )
        if any(p.status == "added" for p in pages):
            status = "added"
        elif any(p.status == "updated" for p in pages):
            status = "updated"
        else:
            status = "unchanged"
        detail = _count(pages) or f"{len(feed.entries)} entries, none new"
        if feed.warnings:
            detail += "; " + "; ".join(feed.warnings)
        return PollResult(source, status, detail, pages)
    except Exception as exc:  # one source's bug must not stop the others
        log.exception("source %s: poll failed", source.id)
        error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        try:
            await record_failure(store, source, error)
        except Exception:
            log.debug("could not record the failure of source %s", source.id, exc_info=True)
        return PollResult(source, "failed", error)


async def poll_many(
    store: Store,
    fetcher: Fetcher,
    sources: Sequence[Source],
    *,
    allow_private: bool | None = None,
    extractor: Extractor | None = None,
    concurrency: int = 8,
) -> list[PollResult]:
    """Poll sources side by side (at most `concurrency` at once); results in the sources' order."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(source: Source) -> PollResult:
        async with gate:
            return await poll_source(store, fetcher, source, allow_private=allow_private, extractor=extractor)

    return list(await asyncio.gather(*(one(s) for s in sources)))
