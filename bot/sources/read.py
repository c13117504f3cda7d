"""Reading web pages into the store: fetch (conditionally when read before), read the article, drop
what is a duplicate (same canonical URL, or the same text under another URL), then extract and save
through the same pipeline files go through, and remember each page so an unchanged one is not read
again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.articles import LoadedArticle
from bot.ingest.pipeline import Extractor, ingest_articles
from bot.ingest.types import ArticleError
from bot.ingest.web.fetch import Fetcher, FetchResult
from bot.ingest.web.page import Hints, read_page
from bot.ingest.web.urls import canonical_url
from bot.store.db import Store
from bot.store.sources import WebPage, article_with_hash, get_page, iso, now_utc, put_pages

log = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml", ""}
# A page that is not there, too large, or refused by robots.txt is remembered (not asked again until its
# feed entry changes); other failures (5xx, timeouts) are retried at the next poll.
GONE = {404, 410}


@dataclass(frozen=True)
class PageTask:
    url: str
    hints: Hints = field(default_factory=Hints)
    stamp: str | None = None  # the feed entry's updated/published text
    source_id: int | None = None


@dataclass
class PageOutcome:
    url: str
    status: str  # added, updated, unchanged, not modified, duplicate, skipped, failed
    detail: str = ""
    article_id: str | None = None
    title: str | None = None

    def line(self) -> str:
        what = f"{self.status} {self.url}"
        if self.article_id and self.status in {"added", "updated", "unchanged", "not modified"}:
            what += f" -> {self.article_id}"
        return what + (f": {self.detail}" if self.detail else "")


def _looks_html(result: FetchResult) -> bool:
    if result.content_type in HTML_TYPES - {""}:
        return True
    if result.content_type:
        return False
    head = result.body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _remember(pages: list[WebPage], task: PageTask, result: FetchResult, what: str, article_id: str | None) -> None:
    pages.append(
        WebPage(
            url=canonical_url(task.url), article_id=article_id, source_id=task.source_id, entry_stamp=task.stamp,
            etag=result.etag, last_modified=result.last_modified, outcome=what, fetched_at=iso(now_utc()),
        )
    )


async def read_pages(
    store: Store,
    fetcher: Fetcher,
    tasks: Sequence[PageTask],
    *,
    allow_private: bool | None = None,
    extractor: Extractor | None = None,
) -> list[PageOutcome]:
    """Read every task's page; one outcome per task, in order. Never raises for a page's fault."""
    outcomes: list[PageOutcome] = []
    pages: list[WebPage] = []
    loaded: list[tuple[int, LoadedArticle, PageTask, FetchResult]] = []
    by_hash: dict[str, str] = {}
    by_id: set[str] = set()
    for task in tasks:
        canon = canonical_url(task.url)
        outcome = PageOutcome(canon, "failed")
        outcomes.append(outcome)
        previous = await get_page(store, canon)
        known = previous is not None and previous.article_id is not None and previous.outcome in {"read", "duplicate"}
        result = await fetcher.get(
            task.url,
            etag=previous.etag if known and previous else None,
            last_modified=previous.last_modified if known and previous else None,
            allow_private=allow_private,
            accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        )

        if result.not_modified and previous is not None:
            outcome.status, outcome.article_id = "not modified", previous.article_id
            kept = FetchResult(task.url, task.url, 304, etag=previous.etag, last_modified=previous.last_modified)
            _remember(pages, task, kept, previous.outcome, previous.article_id)
            continue
        if not result.ok:
            outcome.detail = result.error or f"HTTP {result.status}"
            if result.lasting or result.status in GONE:
                outcome.status = "skipped"
                _remember(pages, task, result, f"skipped: {outcome.detail}", None)
            continue
        if not _looks_html(result):
            outcome.status, outcome.detail = "skipped", f"not an HTML page ({result.content_type})"
            _remember(pages, task, result, f"skipped: {outcome.detail}", None)
            continue
        try:
            article = await asyncio.to_thread(read_page, result.text(), result.final_url, task.hints)
        except ArticleError as exc:
            outcome.status, outcome.detail = "skipped", str(exc)
            _remember(pages, task, result, f"skipped: {exc}", None)
            continue
        except Exception as exc:  # a reader bug must not stop the other pages
            log.debug("reading %s failed", task.url, exc_info=True)
            outcome.detail = f"could not be read: {type(exc).__name__}"
            continue
        article.warnings.extend(result.warnings)
        outcome.title = article.title
        same = by_hash.get(article.content_hash) or await article_with_hash(store, article.content_hash, article.id)
        if same is not None and same != article.id:
            outcome.status, outcome.article_id, outcome.detail = "duplicate", same, f"same text as {same}"
            _remember(pages, task, result, "duplicate", same)
            continue
        if article.id in by_id:  # two links to one canonical page in one batch
            outcome.status, outcome.article_id = "unchanged", article.id
            _remember(pages, task, result, "read", article.id)
            continue
        by_hash[article.content_hash] = article.id
        by_id.add(article.id)
        loaded.append((len(outcomes) - 1, article, task, result))
    if loaded:
        report = await ingest_articles(store, [a for _, a, _, _ in loaded], extractor=extractor)
        status = {a: "added" for a in report.added} | {a: "updated" for a in report.updated}
        status |= {a: "unchanged" for a in report.skipped}
        rejected = {r.path: r.reason for r in report.rejected}
        for index, article, task, result in loaded:
            outcome = outcomes[index]
            outcome.article_id = article.id
            if article.path in rejected:
                outcome.detail = rejected[article.path]
                continue
            outcome.status = status.get(article.id, "failed")
            now = iso(now_utc())
            for url in dict.fromkeys([canonical_url(task.url), article.url or ""]):
                if url:
                    pages.append(WebPage(
                        url=url, article_id=article.id, source_id=task.source_id, entry_stamp=task.stamp,
                        etag=result.etag, last_modified=result.last_modified, outcome="read", fetched_at=now,
                    ))
    await put_pages(store, pages)
    return outcomes
