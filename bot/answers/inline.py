"""People for Telegram's inline mode: a few names like the query, paged by offset."""

from __future__ import annotations

from bot.answers import clean
from bot.answers.name_index import get_index, get_ranked_index
from bot.store.db import Store
from bot.store.records import PersonSummary

MAX_RESULTS = 200
INLINE_CUTOFF = 60.0


async def inline_people(
    store: Store, query: str, offset: int, limit: int = 50
) -> tuple[list[PersonSummary], int | None]:
    """People like `query` (most mentioned first when empty) from `offset`, and the next offset or None."""
    idx = await get_index(store) if clean(query) else await get_ranked_index(store)
    offset = max(0, offset)
    limit = max(1, min(limit, 50))
    q = clean(query)[:200]
    if q:
        people = [m.person for m in idx.lookup(q, limit=MAX_RESULTS, cutoff=INLINE_CUTOFF, exact_first=False)]
        chunk = people[offset : offset + limit]
        more = offset + limit < len(people)
    else:
        ids = idx.ranked[offset : offset + limit]
        chunk = [idx.people[i] for i in ids]
        more = offset + limit < len(idx.ranked)
    return chunk, (offset + limit if more else None)
