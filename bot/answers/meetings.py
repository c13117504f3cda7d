"""/meetings [FILTER]: meetings newest first, each with its date, participants and their roles, place,
topics and source."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers import views
from bot.answers.countries import Known, stored_forms
from bot.answers.filters import Filter, parse_filter
from bot.answers.name_index import get_index
from bot.answers.reply import Line, Reply
from bot.store import queries
from bot.store.db import Store
from bot.store.queries import MeetingFilter
from bot.store.records import MeetingRow


def store_filter(f: Filter, known: Known) -> MeetingFilter:
    return MeetingFilter(
        people=[p.id for p in f.people],
        countries=stored_forms(f.countries, known),
        lo=f.range.lo if f.range else None,
        hi=f.range.hi if f.range else None,
    )


async def meetings(store: Store, arg: str, page: int = 0) -> Reply:
    idx = await get_index(store)
    parsed = await parse_filter(store, idx, arg, "meetings", words_ok=False)
    if isinstance(parsed, Reply):
        return parsed
    f = parsed
    command = ("/meetings " + f.norm()).strip()
    mf = store_filter(f, idx.countries)
    count = await queries.count_meetings(store, mf)
    label = f.label()
    title = "Meetings" + (f": {label}" if label else "")
    if count == 0:
        hint = (
            "Try a wider filter, or /meetings alone for the newest."
            if not f.empty
            else "No meetings have been read from the articles yet."
        )
        return views.message(
            title, "No meetings found" + (f" for {label}." if label else "."), hint, command=command, ok=False
        )

    async def fetch(offset: int, limit: int) -> list[MeetingRow]:
        return await queries.find_meetings(store, mf, offset, limit)

    def render(rows: Sequence[MeetingRow], compact: bool) -> list[Line]:
        return [x for m in rows for x in views.meeting_lines(m, compact=compact)]

    head = [Line.of(f"{count} meeting{'s' if count != 1 else ''}, newest first.")]
    pages, page, complete = await views.build_pages(count, page, fetch, render, head)
    choices = views.buttons([(f"Card of {p.name}", f"/who #{p.id}") for p in f.people])
    return Reply(
        title=f"{title} ({count})",
        pages=pages,
        page=page,
        command=command,
        buttons=choices,
        complete=complete,
    )
