"""What a URL given as a source is: a feed, a news sitemap, or a site whose feed or sitemap is found
in its page's `<link rel="alternate">`, in robots.txt's `Sitemap:` lines or at the usual paths."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree, html  # type: ignore[import-untyped]

from bot.ingest.web.feeds import Feed, NotAFeed, read_feed
from bot.ingest.web.fetch import Fetcher, FetchResult

log = logging.getLogger(__name__)

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
USUAL_PATHS = (
    "/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml", "/feeds/all.rss",
    "/news-sitemap.xml", "/sitemap_news.xml", "/sitemap-news.xml",
)  # fmt: skip


class NoSource(ValueError):
    """A URL that is neither a feed, a sitemap nor a site with one; the message says which it is."""


@dataclass
class Found:
    url: str  # the feed or sitemap to poll
    feed: Feed
    result: FetchResult  # the response it was read from (for its ETag and Last-Modified)


def feed_links(page: str, base_url: str) -> list[str]:
    """`<link rel="alternate" type="application/rss+xml" href=...>` (and Atom) of an HTML page."""
    try:
        root = html.fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            found.append(urljoin(base_url, href))
    return list(dict.fromkeys(found))


def _is_html(result: FetchResult) -> bool:
    return "html" in result.content_type or result.body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


async def _try(fetcher: Fetcher, url: str, allow_private: bool | None) -> Found | None:
    result = await fetcher.get(url, allow_private=allow_private)
    if not result.ok or _is_html(result):
        return None
    try:
        feed = read_feed(result.body, result.final_url)
    except NotAFeed:
        return None
    if feed.sitemaps:  # a sitemap index: its first child that reads
        for child in feed.sitemaps[:5]:
            found = await _try(fetcher, child, allow_private)
            if found is not None:
                return found
        return None
    return Found(result.final_url, feed, result)


async def _robots_sitemaps(fetcher: Fetcher, origin: str, allow_private: bool | None) -> list[str]:
    result = await fetcher.get(origin + "/robots.txt", allow_private=allow_private)
    if not result.ok:
        return []
    out = []
    for line in result.text().splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            out.append(value.strip())
    return [u for u in out if "news" in u.lower()] + [u for u in out if "news" not in u.lower()]


async def discover(fetcher: Fetcher, url: str, *, allow_private: bool | None = None) -> Found:
    """The feed or sitemap behind `url`; NoSource says clearly when there is none."""
    result = await fetcher.get(url, allow_private=allow_private)
    if not result.ok:
        raise NoSource(f"{url}: {result.error or 'HTTP ' + str(result.status)}")
    if not _is_html(result):
        try:
            feed = read_feed(result.body, result.final_url)
        except NotAFeed as exc:
            raise NoSource(f"{url}: {exc} ({result.content_type or 'no content type'})") from exc
        if feed.sitemaps:
            found = await _try(fetcher, result.final_url, allow_private)
            if found is None:
                raise NoSource(f"{url}: a sitemap index whose sitemaps could not be read")
            return found
        return Found(result.final_url, feed, result)
    candidates = feed_links(result.text(), result.final_url)
    parts = urlsplit(result.final_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    candidates += [urljoin(origin, p) for p in USUAL_PATHS]
    candidates += await _robots_sitemaps(fetcher, origin, allow_private)
    for candidate in dict.fromkeys(candidates):
        found = await _try(fetcher, candidate, allow_private)
        if found is not None:
            return found
    raise NoSource(
        f"{url}: a web page with no feed (no <link rel=\"alternate\"> feed, none at the usual paths) "
        "and no news sitemap; to read this one page use `read`"
    )
