"""Write transactions and one-step reads for the digest.

Writers share `Store.transaction()`, which serialises the writers of one process and retries BEGIN when
a stale read snapshot makes SQLite answer "database is locked" at once.  Reads here fetch all rows in a
single step, so no statement stays open across awaits and holds such a snapshot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from bot.store.db import Store


@asynccontextmanager
async def write(store: Store) -> AsyncIterator[aiosqlite.Connection]:
    """A write transaction: `Store.transaction()`, which serialises this process's writers and retries BEGIN."""
    async with store.transaction() as conn:
        yield conn


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...] | list[object] = ()
) -> aiosqlite.Row | None:
    """One row, read in a single step so no statement stays open across awaits (see the module note)."""
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)
