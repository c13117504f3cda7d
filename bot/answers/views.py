"""How records read as lines (meetings, events, roles) and how long lists become pages."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from bot.answers import fmt
from bot.answers.reply import Button, Line, Page, Reply, Span
from bot.store.records import EventRow, MeetingRow, Participant, PersonSummary, RoleRow

T = TypeVar("T")

MAX_ACTION_BYTES = 60
EVIDENCE_FULL = 160  # characters of quoted evidence under a fact (in full on the article)
EVIDENCE_FEW = 700  # the same when a reply lists only a few facts
EVIDENCE_COMPACT = 110  # the same in pages built one at a time (eight items must fit)


def button(label: str, action: str) -> Button | None:
    """A button whose action fits callback data (60 bytes); None when it would not."""
    if len(action.encode("utf-8")) > MAX_ACTION_BYTES:
        return None
    return Button(fmt.clip(label, 60), action)


def buttons(pairs: Sequence[tuple[str, str]], limit: int = 10) -> list[Button]:
    out = [b for b in (button(label, action) for label, action in pairs) if b is not None]
    return out[:limit]


def message(
    title: str, *lines: str | Line, command: str = "", ok: bool = True, choices: Sequence[Button] = ()
) -> Reply:
    """A one-page reply."""
    body = [x if isinstance(x, Line) else Line.of(x) for x in lines]
    return Reply(title=fmt.clip(title, 200), pages=[Page(body)], command=command, ok=ok, buttons=list(choices))


def participant_text(p: Participant) -> str:
    """'Name (Title, Country)'; the country is left out when the title already names it."""
    bits = [p.title] if p.title else []
    if p.country and not (p.title and p.country.lower() in p.title.lower()):
        bits.append(p.country)
    return f"{p.name} ({', '.join(bits)})" if bits else p.name


def meeting_lines(
    m: MeetingRow,
    *,
    exclude: int | None = None,
    compact: bool = False,
    evidence: int | None = None,
    topics: int | None = None,
) -> list[Line]:
    """'• 18 January 2018 — A (Minister, X), B' and a second line with place, topics and source.

    `topics`: characters of the topics shown (when the question asks what was discussed)."""
    width = fmt.LAZY_WIDTH if compact else 500
    people = [p for p in m.participants if p.id != exclude]
    who = ", ".join(participant_text(p) for p in people) or "(participants not named)"
    first = Line(
        [
            Span("• "),
            Span(fmt.human_date(m.date, m.date_qualifier), bold=True),
            Span(" — " + ("with " if exclude is not None else "") + who),
        ]
    )
    detail: list[Span] = [Span("   ")]
    if m.place:
        detail.append(Span(f"in {fmt.clip(m.place, 60)} · "))
    if m.topics:
        width_topics = topics or (60 if compact else 200)
        detail.append(Span("on " + fmt.clip("; ".join(m.topics), width_topics) + " · "))
    if m.kind == "call":
        detail.append(Span("phone call · "))
    detail.append(Span("source: "))
    detail.append(fmt.source_span(m.article, 50 if compact else 80, fmt.LAZY_URL if compact else None))
    out = [fmt.clip_line(first, width), fmt.clip_line(Line(detail), max(width, (topics or 0) + 200))]
    quote = evidence_line(m.evidence, compact, evidence)
    return [*out, quote] if quote is not None else out


def evidence_line(evidence: str, compact: bool = False, limit: int | None = None) -> Line | None:
    """The sentence(s) a fact was read from, as a quote line (None when there is none)."""
    text = fmt.clip(evidence, limit or (EVIDENCE_COMPACT if compact else EVIDENCE_FULL))
    return Line([Span(text)], quote=True) if text else None


def event_header(e: EventRow) -> Line:
    return Line([Span(fmt.human_date(e.date, e.date_qualifier), bold=True)])


def event_key(e: EventRow) -> str:
    return f"{e.date}|{e.date_qualifier or ''}"


def event_lines(e: EventRow, *, compact: bool = False) -> list[Line]:
    width = fmt.LAZY_WIDTH if compact else 500
    text = fmt.clip(e.summary, 100 if compact else 300)
    spans = [Span("• " + text)]
    if e.people:
        spans.append(Span(" — " + ", ".join(p.name for p in e.people[:6])))
    if e.place:
        spans.append(Span(f" — in {fmt.clip(e.place, 50)}"))
    src = Line(
        [Span("   source: "), fmt.source_span(e.article, 50 if compact else 80, fmt.LAZY_URL if compact else None)]
    )
    return [fmt.clip_line(Line(spans), width), fmt.clip_line(src, width)]


def role_line(r: RoleRow) -> Line:
    title = r.title if not r.country or r.country.lower() in r.title.lower() else f"{r.title}, {r.country}"
    return fmt.clip_line(
        Line(
            [
                Span("• "),
                Span(fmt.clip(title, 200), bold=True),
                Span(f" — {fmt.human_date(r.date)} — source: "),
                fmt.source_span(r.article),
            ]
        ),
        500,
    )


def person_line(n: int, p: PersonSummary, detail: str = "") -> Line:
    bits = [x for x in (p.country, detail) if x]
    if p.mentions:
        bits.append(
            f"{p.mentions} mention{'s' if p.mentions != 1 else ''} in {p.articles} "
            f"article{'s' if p.articles != 1 else ''}"
        )
    return fmt.clip_line(
        Line(
            [
                Span(f"{n}. "),
                Span(p.name, bold=True),
                Span(" — " + " — ".join(bits) if bits else ""),
                Span(f"  (/who #{p.id})"),
            ]
        ),
        300,
    )


async def build_pages(
    count: int,
    page: int,
    fetch: Callable[[int, int], Awaitable[list[T]]],
    render: Callable[[Sequence[T], bool], list[Line]],
    head: Sequence[Line] = (),
) -> tuple[list[Page], int, bool]:
    """Pages of a list of `count` rows: all of them when the list is short, else only page `page`.

    Returns (pages, the page index clamped, complete).
    """
    if count <= fmt.FULL_LIMIT:
        rows = await fetch(0, count) if count else []
        sizes = [fmt.block_len(render([r], False)) for r in rows]
        groups = fmt.pack_indices(sizes, head=fmt.block_len(head))
        pages = [Page([*(head if n == 0 else ()), *render([rows[i] for i in g], False)]) for n, g in enumerate(groups)]
        return pages, max(0, min(page, len(pages) - 1)), True
    total = math.ceil(count / fmt.LAZY_ITEMS)
    page = max(0, min(page, total - 1))
    rows = await fetch(page * fmt.LAZY_ITEMS, fmt.LAZY_ITEMS)
    pages = [Page() for _ in range(total)]
    pages[page] = Page([*(head if page == 0 else ()), *render(rows, True)])
    return pages, page, False
