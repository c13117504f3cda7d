"""Write transactions for the digest: serialised inside this process, retried when SQLite says busy.

`Store.transaction()` issues BEGIN IMMEDIATE on the store's single connection; two tasks of one process
opening it at once would nest BEGINs, so every digest write first takes a per-store asyncio lock.  Between
processes SQLite's lock and busy_timeout do the same job, except in one case: while another task of this
process has a SELECT half-read on the shared connection, the connection is inside a read snapshot, and
if another process wrote since, BEGIN IMMEDIATE fails at once with "database is locked" (WAL refuses to
upgrade a stale snapshot, without calling the busy handler).  Nothing has been written at that point, so
BEGIN is simply tried again shortly after, when that SELECT has finished.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

from bot.store.db import Store

_locks: weakref.WeakKeyDictionary[Store, asyncio.Lock] = weakref.WeakKeyDictionary()
BEGIN_ATTEMPTS = 60
BEGIN_PAUSE = 0.05  # seconds, growing to 0.5


@asynccontextmanager
async def write(store: Store) -> AsyncIterator[aiosqlite.Connection]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error), like Store.transaction(), safe for concurrent tasks."""
    lock = _locks.get(store)
    if lock is None:
        lock = _locks[store] = asyncio.Lock()
    async with lock:
        conn = store.conn
        await _begin(conn)
        try:
            yield conn
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        else:
            await conn.execute("COMMIT")


async def _begin(conn: aiosqlite.Connection) -> None:
    for attempt in range(BEGIN_ATTEMPTS):
        try:
            await conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or attempt == BEGIN_ATTEMPTS - 1:
                raise
        await asyncio.sleep(min(BEGIN_PAUSE * (attempt + 1), 0.5))


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: tuple[object, ...] | list[object] = ()
) -> aiosqlite.Row | None:
    """One row, read in a single step so no statement stays open across awaits (see the module note)."""
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)
