"""An article page read into a LoadedArticle: main text, title, date, source and canonical URL.

trafilatura finds the main text (navigation, cookie banners, share buttons, related stories and footers
stay out) and the title, site name and canonical link; htmldate finds the page's own publication date in
`article:published_time`, `og:` tags, JSON-LD or `<time>`. The body then goes through the same clean-up
a file does (bot/ingest/loader.py). The date: the page's, else the feed's, else the URL's; never the
day of fetching.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import htmldate
import trafilatura

from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.ingest.boilerplate import drop_boilerplate
from bot.ingest.loader import date_from_url, normalise_lines, paragraphs, parse_date_text
from bot.ingest.types import ArticleError
from bot.ingest.web.urls import article_id_for, canonical_url

log = logging.getLogger(__name__)

MIN_WORDS = 20  # less main text than this is not an article (an index page, a video, a login wall)


@dataclass(frozen=True)
class Hints:
    """What a feed entry or sitemap says about a page, used where the page itself is silent."""

    title: str | None = None
    date: PartialDate | None = None
    summary: str | None = None
    source: str | None = None


def _page_date(html: str) -> PartialDate | None:
    """The publication date the page itself states (metadata, JSON-LD, <time>), not its URL's."""
    try:
        found = htmldate.find_date(html, extensive_search=False, original_date=True, url=None)
    except Exception:  # htmldate on a broken page: no date rather than no article
        log.debug("htmldate failed", exc_info=True)
        return None
    if found:
        return parse_date_text(found)
    partial = _PARTIAL_DATE.search(html)  # htmldate returns whole days only; a year or month is said so
    return parse_date_text(partial.group(1)) if partial else None


# A year or a month as the page's own publication date: JSON-LD's datePublished or a <time> element's datetime.
_PARTIAL_DATE = re.compile(r'(?:"datePublished"\s*:\s*"|<time[^>]{0,80}?\bdatetime=")(\d{4}(?:-\d{2})?)"')


def _body(text: str, title: str | None) -> str:
    lines = normalise_lines(text)
    if title:
        first = next((i for i, line in enumerate(lines) if line), None)
        if first is not None and lines[first].casefold() == title.strip().casefold():
            lines = lines[first + 1 :]
    return paragraphs(drop_boilerplate(lines))


def read_page(html: str, url: str, hints: Hints | None = None) -> LoadedArticle:
    """Read one HTML page fetched from `url`; ArticleError says in one line why it is not an article."""
    hints = hints or Hints()
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        raise ArticleError(f"the page could not be parsed ({type(exc).__name__})") from exc
    if doc is None:
        raise ArticleError("no article text on the page")
    title = (getattr(doc, "title", None) or hints.title or "").strip() or None
    body = _body(str(getattr(doc, "text", None) or ""), title)
    if len(body.split()) < MIN_WORDS:
        summary = _body(hints.summary or "", title) if hints.summary else ""
        if len(summary.split()) >= MIN_WORDS:
            body = summary
        else:
            raise ArticleError("no article text on the page (too little main text)")
    page_url = canonical_url(str(getattr(doc, "url", None) or url))
    if urlsplit(page_url).hostname != urlsplit(canonical_url(url)).hostname:
        page_url = canonical_url(url)  # a canonical link to another site is not trusted
    url_date = date_from_url(page_url) or date_from_url(url)
    date = _page_date(html)
    if date is not None and date == url_date and hints.date is not None:
        date = hints.date  # the page said no more than its URL (htmldate reads canonical links too)
    date = date or hints.date or url_date
    source = (getattr(doc, "sitename", None) or hints.source or urlsplit(page_url).hostname or "").strip()
    return LoadedArticle(
        id=article_id_for(page_url),
        body=body,
        title=title,
        date=date,
        source=source or None,
        url=page_url,
        path=page_url,
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )
