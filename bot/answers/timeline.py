"""/timeline [FILTER]: dated events oldest first, grouped by date at the precision the text gave."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers import fmt, views
from bot.answers.countries import stored_forms
from bot.answers.filters import parse_filter
from bot.answers.name_index import get_index
from bot.answers.reply import Line, Reply
from bot.store import queries
from bot.store.db import Store
from bot.store.queries import EventFilter
from bot.store.records import EventRow


async def timeline(store: Store, arg: str, page: int = 0) -> Reply:
    idx = await get_index(store)
    parsed = await parse_filter(store, idx, arg, "timeline", words_ok=True)
    if isinstance(parsed, Reply):
        return parsed
    f = parsed
    command = ("/timeline " + f.norm()).strip()
    ef = EventFilter(
        people=[p.id for p in f.people],
        lo=f.range.lo if f.range else None,
        hi=f.range.hi if f.range else None,
        words=[w[:60] for w in f.words],
        countries=stored_forms(f.countries, idx.countries),
    )
    count = await queries.count_events(store, ef)
    label = f.label()
    title = "Timeline" + (f": {label}" if label else "")
    if count == 0:
        hint = (
            "Try /search with these words, or a wider date range."
            if not f.empty
            else "No dated events have been read from the articles yet."
        )
        return views.message(
            title,
            "No dated events found" + (f" for {label}." if label else "."),
            hint,
            command=command,
            ok=False,
        )

    async def fetch(offset: int, limit: int) -> list[EventRow]:
        return await queries.find_events(store, ef, offset, limit)

    def render(rows: Sequence[EventRow], compact: bool) -> list[Line]:
        return fmt.grouped(rows, views.event_key, views.event_header, lambda e: views.event_lines(e, compact=compact))

    head = [Line.of(f"{count} event{'s' if count != 1 else ''}, oldest first.")]
    pages, page, complete = await views.build_pages(count, page, fetch, render, head)
    return Reply(title=f"{title} ({count})", pages=pages, page=page, command=command, complete=complete)
