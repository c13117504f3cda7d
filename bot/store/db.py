"""The store's connection: one SQLite file through aiosqlite, WAL, foreign keys, migrations on open."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)


def migration_scripts() -> list[tuple[int, str]]:
    """(version, sql) for every `NNNN_name.sql` shipped in bot/store/migrations, in order."""
    folder = resources.files("bot.store") / "migrations"
    found: list[tuple[int, str]] = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """An open store. Use `await Store.open(path)`; `conn` is the aiosqlite connection.

    Writes go through `transaction()`, so each is all or nothing.
    """

    BEGIN_ATTEMPTS = 60

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        # One connection serves every task of this process: writers take turns, so BEGINs never nest.
        self.write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)  # we issue BEGIN/COMMIT ourselves
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        await conn.execute("PRAGMA synchronous=NORMAL")
        store = cls(conn, path)
        try:
            await store.migrate()
        except BaseException:
            await conn.close()
            raise
        return store

    async def close(self) -> None:
        await self.conn.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def user_version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> None:
        """Apply every migration newer than `PRAGMA user_version`, each in its own transaction."""
        current = await self.user_version()
        for version, sql in migration_scripts():
            if version <= current:
                continue
            log.info("store: applying migration %04d", version)
            async with self.transaction():
                await _exec_script(self.conn, sql)
                await self.conn.execute(f"PRAGMA user_version = {int(version)}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: a write is whole or absent.

        Writers of this process take turns on a lock. Between processes SQLite's lock and busy_timeout
        serialise them, except when this connection holds a stale read snapshot (another task's SELECT
        half-read while another process wrote): then BEGIN fails at once with "database is locked" before
        anything is written, so it is simply tried again shortly after.
        """
        async with self.write_lock:
            await self._begin()
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def _begin(self) -> None:
        for attempt in range(self.BEGIN_ATTEMPTS):
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if ("locked" not in text and "busy" not in text) or attempt == self.BEGIN_ATTEMPTS - 1:
                    raise
            await asyncio.sleep(min(0.05 * (attempt + 1), 0.5))


async def _exec_script(conn: aiosqlite.Connection, sql: str) -> None:
    """Run a script statement by statement (executescript would COMMIT our open transaction)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            stmt = buf.strip()
            buf = ""
            if stmt.strip(";").strip():
                await conn.execute(stmt)
    if buf.strip() and not all(part.strip().startswith("--") for part in buf.strip().splitlines()):
        await conn.execute(buf)
