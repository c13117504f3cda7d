"""/meetings [FILTER]: meetings newest first, each with its date, participants and their roles, place,
topics, source and the sentence it was read from.

Filters combine: every person, every country and the place must take part ('Kazakhstan and Kuwait' are
meetings between the two). A day ('18 January 2018') also shows, marked as less precise, the meetings
known only to its month.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers import fmt, views
from bot.answers.countries import Known, stored_forms
from bot.answers.filters import Filter, parse_filter
from bot.answers.name_index import get_index
from bot.answers.reply import Line, Reply, Span
from bot.answers.timeline import timeline_for
from bot.store import queries
from bot.store.db import Store
from bot.store.queries import MeetingFilter
from bot.store.records import MeetingRow


def store_filter(f: Filter, known: Known) -> MeetingFilter:
    day = f.day
    groups = [stored_forms([c], known) for c in f.countries]
    return MeetingFilter(
        people=[p.id for p in f.people if p.id not in f.alike],
        any_people=[[p.id, *f.alike[p.id]] for p in f.people if p.id in f.alike],
        # one country is `countries` (counted on the participants' index); several must each take part
        countries=groups[0] if len(groups) == 1 else [],
        each_country=groups if len(groups) > 1 else [],
        lo=f.range.lo if f.range else None,
        hi=f.range.hi if f.range else None,
        places=list(f.places),
        kind="call" if f.calls else None,
        also_dates=[day[:7]] if day else [],
    )


def count_text(count: int) -> str:
    if count > queries.COUNT_CAP:
        return f"More than {queries.COUNT_CAP:,} meetings"
    return f"{count} meeting{'s' if count != 1 else ''}"


async def meetings(store: Store, arg: str, page: int = 0) -> Reply:
    idx = await get_index(store)
    parsed = await parse_filter(store, idx, arg, "meetings", words_ok=False)
    if isinstance(parsed, Reply):
        return parsed
    return await meetings_for(store, parsed, page)


TOPICS_WIDTH = 700  # characters of topics shown when a question asks what was discussed
STATEMENTS = 3  # sentences about a meeting shown besides its own when a question asks what was discussed


async def meetings_for(
    store: Store, f: Filter, page: int = 0, *, note: str = "", topics: bool = False
) -> Reply:
    """The /meetings reply for a filter already read (commands and plain questions share it).

    With `topics` (a question asking what was discussed) each meeting shows every topic, and the
    sentences of its article dated that day that name one of its participants (what was said about it)."""
    idx = await get_index(store)
    command = ("/meetings " + f.norm()).strip()
    mf = store_filter(f, idx.countries)
    count = await queries.count_meetings(store, mf)
    label = f.label()
    title = "Calls" if f.calls else "Meetings"
    title += f": {label}" if label else ""
    if count == 0 and not note and not f.places and (f.people or f.countries):
        # no meeting was read: the dated events naming every person and a person of every country
        g = Filter(people=list(f.people), countries=list(f.countries), range=f.range)
        what = "calls" if f.calls else "meetings"
        instead = await timeline_for(
            store, g, page, note=f"No {what} found for {label}; dated events naming them instead:", each_country=True
        )
        if instead.ok:
            instead.buttons = views.buttons([(f"Card of {p.name}", f"/who #{p.id}") for p in f.people])
            return instead
    if count == 0:
        hint = (
            "Try a wider filter, or /meetings alone for the newest."
            if not f.empty
            else "No meetings have been read from the articles yet."
        )
        what = "No calls found" if f.calls else "No meetings found"
        return views.message(
            title, what + (f" for {label}." if label else "."), hint, command=command, ok=False
        )
    day = f.day

    said: dict[int, list[str]] = {}

    async def fetch(offset: int, limit: int) -> list[MeetingRow]:
        rows = await queries.find_meetings(store, mf, offset, limit)
        if topics:
            for m in rows[: fmt.PAGE_ITEMS]:
                found = await queries.statements_about(
                    store, m.article.id, m.date, [p.id for p in m.participants], STATEMENTS + 1
                )
                said[m.id] = [s for s in found if s != m.evidence][:STATEMENTS]
        return rows

    def render(rows: Sequence[MeetingRow], compact: bool) -> list[Line]:
        out: list[Line] = []
        for m in rows:
            lines = views.meeting_lines(
                m,
                compact=compact,
                evidence=views.EVIDENCE_FEW if count <= 3 else None,
                topics=TOPICS_WIDTH if topics else None,
            )
            if day and (m.date or "") != day and len(m.date or "") < len(day):
                lines[0].spans.append(Span(" (dated only to the month: less precise)", italic=True))
            out += lines
            for text in said.get(m.id, []):
                quote = views.evidence_line(text, compact, views.EVIDENCE_FEW if count <= 3 else None)
                if quote is not None:
                    out.append(quote)
        return out

    head = [Line.of(f"{count_text(count)}, newest first.")]
    if note:
        head.insert(0, Line.of(note))
    pages, page, complete = await views.build_pages(min(count, queries.COUNT_CAP), page, fetch, render, head)
    choices = views.buttons([(f"Card of {p.name}", f"/who #{p.id}") for p in f.people])
    shown = count if count <= queries.COUNT_CAP else f"{queries.COUNT_CAP:,}+"
    return Reply(
        title=f"{title} ({shown})",
        pages=pages,
        page=page,
        command=command,
        buttons=choices,
        complete=complete,
    )
