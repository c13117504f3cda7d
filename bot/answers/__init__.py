"""The answers layer: a message as a user typed it in, a structured Reply out. Never imports telegram.

`answer(store, "/who Smith")`, `answer(store, "who met Smith in 2018?")`, `answer(store, "code of conduct")`.
Every reply carries `command`, the normalised command that rebuilds it (front ends page with
`answer(store, reply.command, page=n)`), and no input, however hostile, raises.
"""

from __future__ import annotations

import contextvars
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable

from bot.answers import fmt, questions, views
from bot.answers.article import article
from bot.answers.meetings import meetings
from bot.answers.name_index import get_index
from bot.answers.ranges import parse_range
from bot.answers.reply import Button, Line, Page, Reply, Span
from bot.answers.search import search
from bot.answers.timeline import timeline
from bot.answers.who import CONFIDENT, choose_reply, person_card, resolve, who
from bot.store import queries
from bot.store.db import Store
from bot.textnorm import fold

__all__ = ["Button", "Line", "Page", "Reply", "Span", "answer", "clean"]

log = logging.getLogger(__name__)

CHAT_ZONE: contextvars.ContextVar[str | None] = contextvars.ContextVar("chat_zone", default=None)
MAX_INPUT = 2000  # characters of a message that are read at all

Handler = Callable[[Store, str, int], Awaitable[Reply]]

HELP: list[tuple[str, str, str]] = [
    ("/who NAME", "a person's card: state, roles with dates and sources, meetings, articles", "/who Smith"),
    ("/who", "people by number of mentions", "/who"),
    (
        "/meetings FILTER",
        "meetings by person, country or demonym, month, year or range",
        "/meetings Russian 2018",
    ),
    ("/timeline FILTER", "dated events oldest first, by range, person or word", "/timeline 2018-01..2018-06"),
    ("/search TEXT", "full-text search over the articles", "/search code of conduct"),
    ("/article ID", "one article by id or title, with its people, meetings and events", "/article 004_f3"),
    ("/stats", "what the store holds", "/stats"),
    (
        "/follow WHAT",
        "an alert here when a new article names a person, a state or organisation, or quoted words",
        '/follow Temirov, /follow Kazakhstan, /follow UN, /follow "water treaty"',
    ),
    ("/following", "what this chat follows, with buttons to unfollow", "/following"),
    ("/unfollow WHAT", "stop following one thing (no argument: buttons)", "/unfollow Kazakhstan"),
    ("/digest only followed", "the daily digest carries only what this chat follows (/digest all: everything)",
     "/digest only followed"),
    ("/help", "this list", "/help"),
]


async def _help(store: Store, arg: str, page: int = 0) -> Reply:
    lines = [Line.of("Ask me about diplomats and their meetings, as read from news articles.")]
    for cmd, what, example in HELP:
        lines.append(Line([Span(cmd, bold=True), Span(f" — {what}. Example: {example}")]))
    lines.append(
        Line.of(
            "Plain questions work too: “who is Smith?”, “who met Smith in 2018?”, "
            "“when did Smith meet Jones?”, “what happened in January 2018?”; "
            "other text is searched."
        )
    )
    lines.append(
        Line.of(
            "In Telegram chats also: /subscribe 09:00 Asia/Almaty (a daily digest at that time), /settings; "
            "/read URL, or just send a link in a private chat (reads a news page); "
            "for admins /sources, /addsource URL (a feed or news site to poll), /removesource."
        )
    )
    return Reply(
        title="Diplomacy Desk — what I answer",
        pages=[Page(lines)],
        command="/help",
        buttons=views.buttons(
            [("People", "/who"), ("Meetings", "/meetings"), ("Timeline", "/timeline"), ("Stats", "/stats")]
        ),
    )


async def _stats(store: Store, arg: str, page: int = 0) -> Reply:
    s = await queries.stats(store)
    covered = (
        f"{fmt.human_date(s.first_date)} to {fmt.human_date(s.last_date)}" if s.first_date else "no dated articles"
    )
    lines = [
        Line.of(f"Articles: {s.articles}"),
        Line.of(f"People: {s.people}"),
        Line.of(f"Meetings: {s.meetings}"),
        Line.of(f"Events: {s.events}"),
        Line.of(f"Dates covered: {covered}"),
        Line.of(f"Last ingest: {fmt.human_time(s.last_ingest, CHAT_ZONE.get())}"),
    ]
    return Reply(title="What the store holds", pages=[Page(lines)], command="/stats")


COMMANDS: dict[str, Handler] = {
    "who": who,
    "meetings": meetings,
    "timeline": timeline,
    "search": search,
    "article": article,
    "stats": _stats,
    "help": _help,
    "start": _help,
}
ALIASES = {
    "people": "who",
    "person": "who",
    "whois": "who",
    "meeting": "meetings",
    "events": "timeline",
    "find": "search",
    "articles": "search",
    "stat": "stats",
}

_QUESTION_WORD = re.compile(r"^(?:who|whom|whose|when|where|what|which|why|how|did|does|has|have)\b", re.IGNORECASE)
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)\s*(.*)$", re.DOTALL)
_NATURAL: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(p, re.IGNORECASE), cmd, arg)
    for p, cmd, arg in [
        (r"^(?:help|commands|start|menu|\?)$", "help", ""),
        (r"^(?:stats|statistics)$", "stats", ""),
        (
            r"^when\s+did\s+(.+?)\s+(?:meet|see|talk\s+to|speak\s+with|visit)(?:\s+with)?\s+(.+)$",
            "meetings",
            r"\1 and \2",
        ),
        (
            r"^(?:did|has|have|had)\s+(.+?)\s+(?:ever\s+)?(?:meet|met|seen|see)(?:\s+with)?\s+(.+)$",
            "meetings",
            r"\1 and \2",
        ),
        (r"^who\s+did\s+(.+?)\s+meet(?:\s+with)?(.*)$", "meetings", r"\1 \2"),
        (
            r"^who\s+(?:has\s+)?(?:met|meets|meet|talked\s+to|spoke\s+with)(?:\s+with)?\s+(.+)$",
            "meetings",
            r"\1",
        ),
        (
            r"^(?:list\s+|show\s+)?(?:meetings?|talks)(?:\s+(?:of|with|by|for|between|involving))?\b\s*(.*)$",
            "meetings",
            r"\1",
        ),
        (
            r"^what\s+(?:happened|took\s+place|went\s+on)(?:\s+(?:in|on|during|with|to|around|at|since))?\b\s*(.*)$",
            "timeline",
            r"\1",
        ),
        (r"^(?:timeline|events?|chronology)(?:\s+(?:of|for|in|about|with))?\b\s*(.*)$", "timeline", r"\1"),
        (r"^who\s+(?:is|was|are|were)\s+(.+)$", "who", r"\1"),
        (r"^(?:tell\s+me\s+about|about)\s+(.+)$", "about", r"\1"),
        (
            r"^(?:search(?:\s+for)?|find|look\s+(?:up|for)|articles?\s+(?:about|on|mentioning|with))\s+(.+)$",
            "search",
            r"\1",
        ),
    ]
]


def clean(text: str) -> str:
    """One line of visible text: NFC, control and format characters (NUL, RTL marks) as spaces, capped."""
    text = unicodedata.normalize("NFC", (text or "")[:MAX_INPUT])
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn"} else c for c in text)
    return " ".join(text.split())


async def answer(store: Store, text: str, *, page: int = 0, zone: str | None = None) -> Reply:
    """The reply to one message; never raises for anything a user can type. `zone` is the chat's time
    zone (an IANA name) where one is set: times are shown in it."""
    CHAT_ZONE.set(zone)
    page = max(0, page)
    msg = clean(text)
    try:
        reply = await _dispatch(store, msg, page)
    except Exception:
        log.exception("answer failed for a message of %d characters", len(msg))
        reply = views.message(
            "Sorry",
            "Something went wrong while answering that; it has been logged.",
            "Try again, or /help.",
            command="/help",
            ok=False,
        )
    return _finish(reply)


def _finish(reply: Reply) -> Reply:
    if not reply.pages:
        reply.pages = [Page()]
    reply.page = max(0, min(reply.page, len(reply.pages) - 1))
    reply.command = reply.command[:MAX_INPUT]
    return reply


async def _dispatch(store: Store, msg: str, page: int) -> Reply:
    if not msg:
        return await _help(store, "", 0)
    if msg.startswith("/"):
        m = _COMMAND.match(msg)
        name = m.group(1).lower() if m else ""
        name = ALIASES.get(name, name)
        handler = COMMANDS.get(name)
        if m is None or handler is None:
            shown = fmt.clip(msg.split()[0] if msg.split() else msg, 40)
            return views.message(
                "Unknown command",
                f"I do not know {shown}.",
                "Type /help to see every command with an example.",
                command="/help",
                ok=False,
                choices=views.buttons([("Help", "/help")]),
            )
        return await handler(store, m.group(2).strip(), page)
    return await _plain(store, msg, page)


async def _plain(store: Store, msg: str, page: int) -> Reply:
    """Natural questions go to their command; a name to its card; anything else is searched."""
    question = msg.strip().rstrip("?!. ").strip()
    asked = await questions.ask(store, question, page)
    if asked is not None:
        return asked
    for pattern, name, template in _NATURAL:
        m = pattern.match(question)
        if m:
            arg = m.expand(template).strip() if template else ""
            if name == "about":  # a person if it names one, else what the articles say about it
                card = await who(store, arg, page)
                return card if card.ok else await search(store, arg, page)
            return await COMMANDS[name](store, arg, page)
    if parse_range(question) is not None:
        return await timeline(store, question, page)
    words = question.split()
    if 0 < len(words) <= 4 and len(question) <= 80:
        idx = await get_index(store)
        res = resolve(idx, question, CONFIDENT)
        if res.person is not None:
            return await person_card(store, res.person, page)
        exact_words = all(w in idx.word_id for w in fold(question).split())
        if res.ambiguous and exact_words:
            return await choose_reply(store, res, f"/who {res.query}", "/who #{id}")
    found = await search(store, question, page)
    if not found.ok and _QUESTION_WORD.match(question):
        return await questions.not_understood(store, question)
    return found
