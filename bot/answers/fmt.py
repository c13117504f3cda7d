"""Small formatting pieces shared by every answer: dates as people say them, clipping, sources, pages."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.answers.reply import Line, Page, Span
from bot.dates import PartialDate
from bot.store.records import ArticleRef

T = TypeVar("T")

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z“\"(]|$)")
PAGE_CHARS = 3000  # rendered characters per page: well under Telegram's 4096 after HTML escaping
PAGE_ITEMS = 12  # items per page, at most
FULL_LIMIT = 40  # lists longer than this are built one page at a time (Reply.complete = False)
LAZY_ITEMS = 8  # items per page when built one page at a time; each item is clipped so 8 always fit
LAZY_WIDTH = 130  # characters of a line's text in such pages
LAZY_URL = 100  # longer links are left out of such pages (the source title still shows)


def human_date(iso: str | None, qualifier: str | None = None) -> str:
    """'18 January 2018', 'late June 2018', 'January 2018', '2018'; 'undated' when unknown."""
    d = PartialDate.parse(iso)
    if d is None:
        return clip(iso, 20) if iso else "undated"
    if d.month is None:
        text = f"{d.year}"
    elif d.day is None:
        text = f"{calendar.month_name[d.month]} {d.year}"
    else:
        text = f"{d.day} {calendar.month_name[d.month]} {d.year}"
    q = (qualifier or "").strip()
    return f"{q} {text}" if q and d.day is None else text


def human_time(iso: str | None, zone: str | None = None) -> str:
    """'5 Dec 2026, 08:39 UTC' (or in `zone`, an IANA name, when given and known); 'never' when unknown."""
    if not iso:
        return "never"
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return clip(iso, 40)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    label = "UTC"
    if zone:
        try:
            when = when.astimezone(ZoneInfo(zone))
            label = zone
        except (ZoneInfoNotFoundError, ValueError):
            pass
    else:
        when = when.astimezone(dt.UTC)
    return f"{when.day} {calendar.month_abbr[when.month]} {when.year}, {when:%H:%M} {label}"


def first_sentence(text: str | None) -> str:
    """The first sentence of a text (an untitled article is shown by it)."""
    flat = " ".join((text or "").split())
    m = _SENTENCE_END.search(flat)
    return flat[: m.start() + 1] if m else flat


def clip(text: str | None, limit: int) -> str:
    """At most `limit` characters, one line, with an ellipsis when shortened."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(1, limit - 1)].rstrip() + "…"


def source_span(article: ArticleRef, limit: int = 80, max_url: int | None = None) -> Span:
    """The article's title (or id) linking to its URL when it has one (and it is not over `max_url`)."""
    label = clip(article.title, limit) or clip(first_sentence(article.lead), limit) or clip(article.id, limit)
    url = article.url or None
    if url and max_url is not None and len(url) > max_url:
        url = None
    return Span(label, url=url)


def line_len(line: Line) -> int:
    """Characters a line weighs in a page. Evidence quotes weigh half: Telegram shows them folded, and the
    page budget (PAGE_CHARS) leaves a thousand characters under the message limit for them."""
    size = sum(len(s.text) + (len(s.url) + 3 if s.url else 0) for s in line.spans) + 1
    return size // 2 if line.quote else size


def clip_line(line: Line, limit: int) -> Line:
    """Shorten a line's spans (links keep their target) so the line's text fits `limit`."""
    out: list[Span] = []
    left = limit
    for s in line.spans:
        if left <= 0:
            break
        text = s.text if len(s.text) <= left else s.text[: max(1, left - 1)] + "…"
        out.append(Span(text, bold=s.bold, italic=s.italic, url=s.url))
        left -= len(text)
    return Line(out, quote=line.quote)


def pack_indices(
    sizes: Sequence[int], max_items: int = PAGE_ITEMS, max_chars: int = PAGE_CHARS, head: int = 0
) -> list[list[int]]:
    """Greedy pages of item indices by rendered size; `head` characters open the first page."""
    pages: list[list[int]] = []
    cur: list[int] = []
    size = head
    for i, bsize in enumerate(sizes):
        if cur and (len(cur) >= max_items or size + bsize > max_chars):
            pages.append(cur)
            cur, size = [], 0
        cur.append(i)
        size += bsize
    if cur or not pages:
        pages.append(cur)
    return pages


def block_len(block: Sequence[Line]) -> int:
    return sum(line_len(x) for x in block)


def pack(
    blocks: Sequence[Sequence[Line]],
    max_items: int = PAGE_ITEMS,
    max_chars: int = PAGE_CHARS,
    head: Sequence[Line] = (),
) -> list[Page]:
    """Greedy pages of whole blocks (a block stays on one page); `head` opens the first page."""
    groups = pack_indices([block_len(b) for b in blocks], max_items, max_chars, block_len(head))
    pages: list[Page] = []
    for n, idx in enumerate(groups):
        lines: list[Line] = list(head) if n == 0 else []
        for i in idx:
            lines.extend(blocks[i])
        pages.append(Page(lines))
    return pages


def grouped(
    rows: Sequence[T], key: Callable[[T], str], header: Callable[[T], Line], item: Callable[[T], list[Line]]
) -> list[Line]:
    """Lines for one page of rows: a header line opens each run of rows sharing a key."""
    out: list[Line] = []
    last: str | None = None
    for row in rows:
        k = key(row)
        if k != last:
            out.append(header(row))
            last = k
        out.extend(item(row))
    return out
