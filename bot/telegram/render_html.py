"""Reply → Telegram HTML and an inline keyboard.

Every piece of text is escaped here, so nothing stored or typed by a user can break the markup or
inject a link; only http(s) URLs become links. A page never exceeds Telegram's 4096 characters
(counted in UTF-16 units, as Telegram does) after entity parsing: over-long lines are clipped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.answers.reply import Line, Page, Reply, Span
from bot.telegram.callbacks import CallbackCodec

MESSAGE_LIMIT = 4096
SAFE_LIMIT = 4000  # leaves room for the title and the page footer
BUTTON_LABEL_CHARS = 60
PREV, NEXT = "◀", "▶"


@dataclass(frozen=True)
class Rendered:
    """What one sendMessage / editMessageText carries."""

    text: str
    markup: InlineKeyboardMarkup | None


def utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL with a host and no control characters, else None."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 32 or ch in ' <>"' for ch in url) or len(url) > 2048:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


def render_span(span: Span) -> str:
    text = html.escape(span.text, quote=False)
    if not text:
        return ""
    if span.bold:
        text = f"<b>{text}</b>"
    if span.italic:
        text = f"<i>{text}</i>"
    url = safe_url(span.url)
    if url is not None:
        text = f'<a href="{html.escape(url, quote=True)}">{text}</a>'
    return text


def _clip_spans(spans: list[Span], limit: int) -> list[Span]:
    """Spans whose text totals at most `limit` UTF-16 units, the last shortened with an ellipsis."""
    out: list[Span] = []
    left = limit
    for span in spans:
        size = utf16_len(span.text)
        if size <= left:
            out.append(span)
            left -= size
            continue
        out.append(
            Span(_cut_utf16(span.text, left - 1) + "…", bold=span.bold, italic=span.italic, url=span.url)
        )
        break
    return out


def _cut_utf16(text: str, units: int) -> str:
    """The longest prefix of `text` within `units` UTF-16 units."""
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


def page_lines(page: Page, budget: int) -> list[Line]:
    """The page's lines, cut so their plain text (with newlines) fits `budget`."""
    out: list[Line] = []
    used = 0
    for line in page.lines:
        size = utf16_len(line.plain()) + (1 if out else 0)
        if used + size <= budget:
            out.append(line)
            used += size
            continue
        room = budget - used - (1 if out else 0)
        if room > 20:
            out.append(Line(_clip_spans(list(line.spans), room), quote=line.quote))
        elif out and used + 2 <= budget:
            out.append(Line([Span("…")]))
        break
    return out


def _html_lines(lines: list[Line]) -> list[str]:
    """Lines as HTML; each run of quote lines is one expandable blockquote (evidence under a fact)."""
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        text = "".join(render_span(s) for s in line.spans)
        if line.quote:
            if text:
                run.append(text)
            continue
        if run:
            out.append("<blockquote expandable>" + "\n".join(run) + "</blockquote>")
            run = []
        out.append(text)
    if run:
        out.append("<blockquote expandable>" + "\n".join(run) + "</blockquote>")
    return out


def footer(reply: Reply) -> str | None:
    total = len(reply.pages)
    if total <= 1:
        return None
    return f"page {current_index(reply) + 1} of {total}"


def current_index(reply: Reply) -> int:
    return max(0, min(reply.page, len(reply.pages) - 1)) if reply.pages else 0


def render_text(reply: Reply, limit: int = SAFE_LIMIT) -> str:
    """The HTML text of the reply's current page: bold title, the lines, an italic page footer;
    at most `limit` characters of visible text."""
    page = reply.pages[current_index(reply)] if reply.pages else Page()
    title = " ".join(reply.title.split())
    first = page.lines[0].plain().strip() if page.lines else ""
    show_title = bool(title) and first != title
    head = utf16_len(title) + 2 if show_title else 0
    foot = footer(reply)
    tail = utf16_len(foot) + 2 if foot else 0
    budget = min(limit, SAFE_LIMIT) - head - tail
    lines = page_lines(page, budget)
    parts: list[str] = []
    if show_title:
        parts.append(f"<b>{html.escape(_clip_plain(title, 300), quote=False)}</b>")
        if lines:
            parts.append("")
    parts.extend(_html_lines(lines))
    if foot:
        parts.extend(["", f"<i>{html.escape(foot, quote=False)}</i>"])
    text = "\n".join(parts).strip()
    return text or html.escape(title or "Nothing to show.", quote=False) or "Nothing to show."


def _clip_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def keyboard(reply: Reply, codec: CallbackCodec) -> InlineKeyboardMarkup | None:
    """Choice buttons (one per row), then ◀ ▶ when there are several pages."""
    rows: list[list[InlineKeyboardButton]] = []
    for button in reply.buttons[:20]:
        label = _clip_plain(" ".join(button.label.split()) or button.action, BUTTON_LABEL_CHARS)
        rows.append([InlineKeyboardButton(label, callback_data=codec.encode_action(button.action))])
    total = len(reply.pages)
    if total > 1 and reply.command:
        index = current_index(reply)
        nav: list[InlineKeyboardButton] = []
        if index > 0:
            nav.append(InlineKeyboardButton(PREV, callback_data=codec.encode_page(reply.command, index - 1)))
        if index < total - 1:
            nav.append(InlineKeyboardButton(NEXT, callback_data=codec.encode_page(reply.command, index + 1)))
        if nav:
            rows.append(nav)
    return InlineKeyboardMarkup(rows) if rows else None


def render(reply: Reply, codec: CallbackCodec) -> Rendered:
    return Rendered(render_text(reply), keyboard(reply, codec))


def render_plain_line(line: Line) -> str:
    """One line as escaped HTML (for inline result descriptions and the like)."""
    return "".join(render_span(s) for s in line.spans)
