"""The digest as Telegram HTML messages: pure, phone-sized, every stored text escaped.

Sections (new articles, on this day, coming up) are made of items; messages are cut between items, never
inside one, and each stays within Telegram's 4096-character limit (measured in UTF-16 units on the HTML
source, which is never shorter than the text Telegram counts).
"""

from __future__ import annotations

import html
from datetime import date
from urllib.parse import urlsplit

from bot.dates import PartialDate
from bot.digest.queries import ArticleItem, DatedEvent, DigestData, EventItem, MeetingItem

MESSAGE_LIMIT = 4096
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TITLE_CHARS, SUMMARY_CHARS, NAME_CHARS, PLACE_CHARS, SOURCE_CHARS = 160, 220, 60, 60, 60
MAX_NAMES = 4


def compose(data: DigestData, *, limit: int = MESSAGE_LIMIT) -> list[str] | None:
    """The messages of one digest, or None when there is nothing to say."""
    sections: list[tuple[str, list[str]]] = []
    if data.new_articles:
        items = [_article(a) for a in data.new_articles]
        if data.more_articles:
            items.append(f"<i>…and {data.more_articles} more: try /search</i>")
        count = len(data.new_articles) + data.more_articles
        sections.append((f"🗞 <b>New articles</b> ({count})", items))
    if data.on_this_day:
        sections.append(("📜 <b>On this day</b>", [_on_this_day(e) for e in data.on_this_day]))
    if data.coming_up:
        sections.append(("🗓 <b>Coming up</b>", [_coming_up(e, data.local_date) for e in data.coming_up]))
    if not sections:
        return None
    return pack(f"<b>Diplomacy digest</b> · {_weekday_date(data.local_date)}", sections, limit)


def empty_note(local_date: date) -> str:
    """The one line posted on a quiet day when settings say `digest_when_empty = "note"`."""
    return f"<b>Diplomacy digest</b> · {_weekday_date(local_date)}\nNothing new today."


def pack(heading: str, sections: list[tuple[str, list[str]]], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Fill messages item by item; a section cut in two repeats its header marked "(cont.)"."""
    messages: list[str] = []
    current = heading
    for header, items in sections:
        block_header = header
        first = True
        for item in items:
            piece = f"\n\n{block_header}\n{item}" if first else f"\n{item}"
            if utf16_len(current + piece) > limit and current:
                messages.append(current)
                block_header = f"{header} (cont.)"
                current = f"{block_header}\n{item}"
            else:
                current += piece
            first = False
    if current:
        messages.append(current)
    return messages


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _article(a: ArticleItem) -> str:
    title = esc(clip(a.title or a.id, TITLE_CHARS))
    link = safe_url(a.url)
    lines = [f"• <a href=\"{html.escape(link)}\">{title}</a>" if link else f"• <b>{title}</b>"]
    meta = [esc(clip(a.source, SOURCE_CHARS)) if a.source else "", _partial(a.date)]
    if any(meta):
        lines.append("   " + " · ".join(m for m in meta if m))
    lines.extend(_meeting(m) for m in a.meetings)
    if a.more_meetings:
        lines.append(f"   <i>+{a.more_meetings} more meetings</i>")
    lines.extend(_event(e) for e in a.events)
    if a.more_events:
        lines.append(f"   <i>+{a.more_events} more events</i>")
    return "\n".join(lines)


def _meeting(m: MeetingItem) -> str:
    names = [esc(clip(n, NAME_CHARS)) for n in m.participants[:MAX_NAMES]]
    if len(m.participants) > MAX_NAMES:
        names.append(f"+{len(m.participants) - MAX_NAMES}")
    who = ", ".join(names) or "a meeting"
    parts = [p for p in (_partial(m.date, m.qualifier), who) if p]
    line = "   🤝 " + ": ".join(parts)
    if m.place:
        line += f" — {esc(clip(m.place, PLACE_CHARS))}"
    if m.topics:
        line += f" ({esc(clip(', '.join(m.topics[:2]), SUMMARY_CHARS // 2))})"
    return line


def _event(e: EventItem) -> str:
    when = _partial(e.date, e.qualifier)
    text = esc(clip(e.summary, SUMMARY_CHARS))
    return f"   📌 {when}: {text}" if when else f"   📌 {text}"


def _source_link(e: DatedEvent) -> str:
    label = esc(clip(e.source or e.title or "source", SOURCE_CHARS))
    link = safe_url(e.url)
    return f" (<a href=\"{html.escape(link)}\">{label}</a>)" if link else f" ({label})"


def _on_this_day(e: DatedEvent) -> str:
    return f"• <b>{e.date[:4]}</b>: {esc(clip(e.summary, SUMMARY_CHARS))}{_source_link(e)}"


def _coming_up(e: DatedEvent, today: date) -> str:
    day = date.fromisoformat(e.date)
    ahead = (day - today).days
    label = "Today" if ahead == 0 else "Tomorrow" if ahead == 1 else _weekday_date(day, year=False)
    return f"• <b>{label}</b>: {esc(clip(e.summary, SUMMARY_CHARS))}{_source_link(e)}"


def _partial(text: str | None, qualifier: str | None = None) -> str:
    parsed = PartialDate.parse(text)
    if parsed is None:
        return ""
    if parsed.precision == "year":
        shown = f"{parsed.year}"
    elif parsed.precision == "month":
        assert parsed.month is not None
        shown = f"{_MONTHS[parsed.month - 1]} {parsed.year}"
    else:
        assert parsed.month is not None
        shown = f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
    return f"{esc(clip(qualifier, 20))} {shown}" if qualifier else shown


def _weekday_date(day: date, *, year: bool = True) -> str:
    text = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def clip(text: str | None, limit: int) -> str:
    """One line, at most `limit` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links with a host become <a href>; anything else is shown as plain text."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or any(c.isspace() for c in url):
        return None
    return url
