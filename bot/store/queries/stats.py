"""What the store holds, for /stats."""

from __future__ import annotations

from bot.store.db import Store
from bot.store.queries.base import _one
from bot.store.records import (
    StoreStats,
)

# --- stats -----------------------------------------------------------------------------------------------


async def stats(store: Store) -> StoreStats:
    r = await _one(
        store,
        """
        SELECT (SELECT count(*) FROM articles) AS articles,
               (SELECT count(*) FROM people) AS people,
               (SELECT count(*) FROM meetings) AS meetings,
               (SELECT count(*) FROM events) AS events,
               (SELECT min(date) FROM articles WHERE date IS NOT NULL) AS first_date,
               (SELECT max(date) FROM articles) AS last_date,
               coalesce((SELECT value FROM meta WHERE key = 'last_ingest'),
                        (SELECT max(ingested_at) FROM articles)) AS last_ingest""",
    )
    assert r is not None
    return StoreStats(
        articles=r["articles"],
        people=r["people"],
        meetings=r["meetings"],
        events=r["events"],
        first_date=r["first_date"],
        last_date=r["last_date"],
        last_ingest=r["last_ingest"],
    )
