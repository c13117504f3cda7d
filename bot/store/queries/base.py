"""Helpers every query module shares: rows in one hop, placeholders, article references."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiosqlite

from bot.store.db import Store
from bot.store.records import (
    ArticleRef,
)

# Markers snippet() puts around matched words; private-use characters never found in articles.
# The start of an untitled article's body (it is shown by its first sentence), as column a_lead.
LEAD = "CASE WHEN coalesce(a.title, '') = '' THEN substr(a.body, 1, 300) END AS a_lead"

HIT_START = "\ue000"
HIT_END = "\ue001"


async def _all(store: Store, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
    """All rows in one hop to the connection's thread (execute + fetchall + close together)."""
    return list(await store.conn.execute_fetchall(sql, tuple(params)))


async def _one(store: Store, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
    rows = await _all(store, sql, params)
    return rows[0] if rows else None


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _ref(row: aiosqlite.Row, prefix: str = "a_") -> ArticleRef:
    lead = row[f"{prefix}lead"] if f"{prefix}lead" in row.keys() else None  # noqa: SIM118 (sqlite Row)
    return ArticleRef(
        id=row[f"{prefix}id"],
        title=row[f"{prefix}title"],
        date=row[f"{prefix}date"],
        url=row[f"{prefix}url"],
        lead=lead,
    )

