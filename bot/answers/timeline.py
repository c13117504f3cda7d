"""/timeline [FILTER]: dated events oldest first, grouped by date at the precision the text gave.

A subject ('Syria', 'code of conduct') is looked up in the events' search index (summary, evidence, place:
events_fts of 0009_search.sql), stemmed; a country also brings the events of the people serving it.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers import fmt, views
from bot.answers.countries import stored_forms
from bot.answers.filters import Filter, parse_filter
from bot.answers.name_index import get_index
from bot.answers.reply import Line, Reply, Span
from bot.answers.search import fts_query, fts_words
from bot.store import queries
from bot.store.db import Store
from bot.store.queries import EventFilter
from bot.store.records import EventRow


async def timeline(store: Store, arg: str, page: int = 0) -> Reply:
    idx = await get_index(store)
    parsed = await parse_filter(store, idx, arg, "timeline", words_ok=True)
    if isinstance(parsed, Reply):
        return parsed
    return await timeline_for(store, parsed, page)


def _plain_words(name: str) -> tuple[str, ...] | None:
    """The words FTS5 reads in `name`, when it is plain ASCII letters and digits between spaces (then the
    tokenizer's words are exactly these, lower-cased); None for anything else."""
    low = name.lower()
    if not low.strip() or not all(c == " " or (c.isascii() and c.isalnum()) for c in low):
        return None
    return tuple(low.split())


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def fewest_names(names: list[str]) -> list[str]:
    """The names without those that contain another one's words in a row: an event naming "republic of
    the congo" also names "congo", so the OR finds the same events; the long phrases are what is slow to
    match (their common words). Names written otherwise are all kept."""
    words = {n: _plain_words(n) for n in names}
    kept: list[str] = []
    for n in names:
        w = words[n]
        if w is not None and any(
            (o := words[k]) is not None and k != n and (o != w or names.index(k) < names.index(n)) and _within(o, w)
            for k in names
        ):
            continue
        kept.append(n)
    return kept


def subject_match(f: Filter) -> tuple[str | None, str | None]:
    """FTS expressions for the filter's words (all of them) and its countries (any of their names)."""
    words = fts_words(" ".join(f.words))
    names = fewest_names(sorted({n for c in f.countries for n in (c.label, *c.values) if n}))
    return (fts_query(words) if words else None), (fts_query(names, " OR ") if names else None)


async def timeline_for(
    store: Store, f: Filter, page: int = 0, *, note: str = "", each_country: bool = False
) -> Reply:
    """The /timeline reply for a filter already read (commands and plain questions share it).

    With `each_country` every country must have a person in the event (the events standing in for
    meetings between them), else any of them, or its name in the text, will do."""
    idx = await get_index(store)
    f.country_join = "and" if each_country else "or"
    command = ("/timeline " + f.norm()).strip()
    match, country_match = subject_match(f)
    ef = EventFilter(
        people=[p.id for p in f.people],
        lo=f.range.lo if f.range else None,
        hi=f.range.hi if f.range else None,
        countries=[] if each_country else stored_forms(f.countries, idx.countries),
        match=match,
        country_match=None if each_country else country_match,
        also_dates=[f.day[:7]] if f.day else [],
        each_country=[stored_forms([c], idx.countries) for c in f.countries] if each_country else [],
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
        return fmt.grouped(rows, views.event_key, header, lambda e: views.event_lines(e, compact=compact))

    def header(e: EventRow) -> Line:
        line = views.event_header(e)
        if f.day and len(e.date or "") < len(f.day):
            line.spans.append(Span(" (dated only to the month: less precise)", italic=True))
        return line

    head = [Line.of(f"{count} event{'s' if count != 1 else ''}, oldest first.")]
    if note:
        head.insert(0, Line.of(note))
    pages, page, complete = await views.build_pages(count, page, fetch, render, head)
    return Reply(title=f"{title} ({count})", pages=pages, page=page, command=command, complete=complete)
