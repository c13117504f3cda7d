"""The store's connection: one SQLite file through aiosqlite, WAL, foreign keys, migrations on open."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TypeVar, cast

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


class StoreError(Exception):
    """The store cannot be opened or written: the message is one line naming the file and what is wrong."""


def _read_only_problem(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _say(exc: sqlite3.Error) -> str:
    """SQLite's words, with what they mean for a store."""
    text = str(exc)
    low = text.lower()
    if "not a database" in low or "malformed" in low:
        return f"{text} (not an SQLite store, or a damaged one)"
    if "unable to open" in low or "readonly" in low:
        return f"{text} (check that the file and its folder can be written)"
    return text


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
        self.read_only = False

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        """Open (and migrate) the store at `path`; StoreError with one line naming the file when it can't.

        A store whose file or folder is read-only is opened read-only (when it needs no migration):
        read commands answer, writes raise StoreError. The connection is closed on every failure, so a
        bad file never leaves the process waiting on aiosqlite's thread.
        """
        path = str(path)
        if path != ":memory:":
            where = Path(path)
            if where.is_dir():
                raise StoreError(f"store {path}: is a folder, not an SQLite file")
            try:
                where.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"store {path}: cannot create its folder ({exc.strerror or exc})") from None
        try:
            return await cls._open(path)
        except sqlite3.Error as exc:
            if path != ":memory:" and _read_only_problem(exc) and Path(path).is_file():
                # A read-only file opens with mode=ro; in a read-only folder, where SQLite cannot make the
                # WAL's shared-memory file, only as immutable (nobody here can write it anyway).
                for params in ("mode=ro", "mode=ro&immutable=1"):
                    try:
                        store = await cls._open(path, read_only=params)
                    except sqlite3.Error:
                        continue
                    log.warning("store %s is read-only: it answers, but nothing can be written to it", path)
                    return store
            raise StoreError(f"store {path}: {_say(exc)}") from None

    @classmethod
    async def _open(cls, path: str, *, read_only: str = "") -> Store:
        """Connect, set the PRAGMAs and migrate; `read_only` holds URI parameters for a read-only open."""
        if read_only:
            uri = f"{Path(path).resolve().as_uri()}?{read_only}"
            conn = await aiosqlite.connect(uri, uri=True, isolation_level=None)
        else:
            conn = await aiosqlite.connect(path, isolation_level=None)  # we issue BEGIN/COMMIT ourselves
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA busy_timeout=5000")  # first: another process may be creating the file
            if not read_only:
                await _set_wal(conn)
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")
            store = cls(conn, path)
            store.read_only = bool(read_only)
            if read_only:
                if await store.user_version() < migration_scripts()[-1][0]:
                    raise sqlite3.OperationalError("attempt to write a readonly database (it needs migrating)")
                await conn.execute("SELECT count(*) FROM sqlite_master")  # a file that is no database fails here
            else:
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
            async with self.transaction():
                # Another process may have migrated between our read and our BEGIN IMMEDIATE (two commands
                # started together on a new file): read the version again under the write lock.
                current = await self.user_version()
                if version <= current:
                    continue
                log.info("store: applying migration %04d", version)
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
        if self.read_only:
            raise StoreError(f"store {self.path}: is read-only, nothing can be written to it")
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


async def _set_wal(conn: aiosqlite.Connection) -> None:
    """PRAGMA journal_mode=WAL; SQLite answers "locked" at once, not after busy_timeout, while another
    process turns a new file to WAL, so it is tried again shortly after (as BEGIN is)."""
    for attempt in range(Store.BEGIN_ATTEMPTS):
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or attempt == Store.BEGIN_ATTEMPTS - 1:
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


T = TypeVar("T")


async def in_db_thread(conn: aiosqlite.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """`fn(the sqlite3 connection)` run in aiosqlite's own thread, in one hop: for a burst of statements
    (an article's whole write) that would otherwise each hop there and back. aiosqlite has no public call
    for this; `_execute` is what each of its own methods uses."""
    raw = conn._conn
    result = await conn._execute(fn, raw)  # type: ignore[no-untyped-call]  # aiosqlite leaves it untyped
    return cast(T, result)
