"""Feeds (RSS 0.9x/1.0/2.0, Atom: feedparser) and news sitemaps (lxml) read into a list of entries.

An entry is a link to an article page with what the feed says about it: title, date, summary, and a
stamp (its updated or published text) that tells a changed entry from one already read.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

from bot.dates import PartialDate
from bot.ingest.loader import parse_date_text

log = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class NotAFeed(ValueError):
    """Bytes that are neither a feed nor a sitemap; the message says what they are."""


@dataclass(frozen=True)
class Entry:
    link: str
    title: str | None = None
    date: PartialDate | None = None
    summary: str | None = None
    stamp: str = ""


@dataclass
class Feed:
    kind: str  # 'rss', 'atom' or 'sitemap'
    title: str | None
    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # a sitemap index's children


def _struct_date(value: Any) -> PartialDate | None:
    if not value:
        return None
    try:
        when = datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return PartialDate(when.year, when.month, when.day)


def parse_feed(body: bytes, base_url: str) -> Feed:
    """RSS or Atom; NotAFeed when feedparser finds neither (an HTML page, a PDF, junk)."""
    parsed = feedparser.parse(
        body, response_headers={"content-location": base_url, "content-type": "application/xml"}
    )
    version = str(parsed.get("version") or "")
    if not version:
        reason = parsed.get("bozo_exception")
        detail = f" ({type(reason).__name__})" if reason is not None else ""
        raise NotAFeed(f"not an RSS or Atom feed{detail}")
    feed = Feed(kind="atom" if version.startswith("atom") else "rss", title=parsed.feed.get("title") or None)
    if parsed.get("bozo"):
        problem = type(parsed.get("bozo_exception")).__name__
        feed.warnings.append(f"feed is not well-formed ({problem}); read what could be")
    for item in parsed.entries:
        link = item.get("link") or ""
        if not link:
            links = [x.get("href") for x in item.get("links", []) if x.get("href")]
            link = links[0] if links else ""
        if not link:
            continue
        keys = set(item.keys())  # item.get("updated") would fall back to "published" with a warning
        updated = _struct_date(item["updated_parsed"]) if "updated_parsed" in keys else None
        date = _struct_date(item.get("published_parsed")) or updated
        stamp = str(item["updated"] if "updated" in keys else item.get("published") or "")
        feed.entries.append(
            Entry(
                link=urljoin(base_url, link.strip()),
                title=(item.get("title") or "").strip() or None,
                date=date,
                summary=_plain(item.get("summary") or ""),
                stamp=stamp,
            )
        )
    return feed


def _plain(html: str) -> str | None:
    """A summary's text without markup (summaries are often HTML)."""
    if not html.strip():
        return None
    try:
        root = etree.fromstring(f"<div>{html}</div>", etree.HTMLParser())
    except (etree.ParserError, ValueError):
        return html.strip()
    if root is None:
        return None
    return " ".join("".join(root.itertext()).split()) or None


def looks_like_sitemap(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(body: bytes, base_url: str) -> Feed:
    """A (news) sitemap: `<url><loc>` with `news:title`/`news:publication_date` or `lastmod`; a sitemap
    index lists its children in `sitemaps`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise NotAFeed(f"malformed sitemap XML ({exc.msg})") from exc
    name = etree.QName(root).localname
    feed = Feed(kind="sitemap", title=None)
    if name == "sitemapindex":
        feed.sitemaps = [urljoin(base_url, t.strip()) for t in root.xpath("//*[local-name()='loc']/text()")]
        return feed
    if name != "urlset":
        raise NotAFeed("not a sitemap")
    for url in root.iterfind(f"{{{SITEMAP_NS}}}url"):
        loc = (url.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
        if not loc:
            continue
        title = url.findtext(f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}title")
        published = url.findtext(f"{{{NEWS_NS}}}news/{{{NEWS_NS}}}publication_date")
        lastmod = url.findtext(f"{{{SITEMAP_NS}}}lastmod")
        stamp = (published or lastmod or "").strip()
        feed.entries.append(
            Entry(
                link=urljoin(base_url, loc),
                title=title.strip() if title else None,
                date=parse_date_text(published) if published else None,
                stamp=stamp,
            )
        )
    return feed


def read_feed(body: bytes, base_url: str) -> Feed:
    """A feed or a sitemap, whichever the bytes are."""
    if looks_like_sitemap(body):
        return parse_sitemap(body, base_url)
    return parse_feed(body, base_url)
