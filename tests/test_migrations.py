"""The store's schema on a real file: latest version when fresh, forward migrations on open that keep
rows, WAL and foreign keys on, and a failed migration that changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from bot.store import db
from bot.store.db import Store, StoreError, migration_scripts

LATEST = migration_scripts()[-1][0]


def test_migrations_are_numbered_in_order() -> None:
    versions = [v for v, _ in migration_scripts()]
    assert versions[0] == 1
    assert versions == sorted(set(versions))


async def test_fresh_store_is_at_the_latest_version(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sub" / "fresh.sqlite3")
    try:
        assert await store.user_version() == LATEST
        rows = await store.conn.execute_fetchall("PRAGMA journal_mode")
        assert next(iter(rows))[0] == "wal"
        rows = await store.conn.execute_fetchall("PRAGMA foreign_keys")
        assert next(iter(rows))[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            await store.conn.execute(
                "INSERT INTO mentions(person_id, article_id, count) VALUES (999, 'nope', 1)"
            )
    finally:
        await store.close()


def _apply_first_migration(path: Path) -> None:
    """A store as version 1 of the program left it, with some rows in it."""
    version, sql = migration_scripts()[0]
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.execute(f"PRAGMA user_version = {version}")
    con.execute(
        "INSERT INTO articles(id, title, date, content_hash, body, ingested_at) "
        "VALUES ('old1', 'Old Title', '2019-01', 'h', 'Old body about Vellmar.', '2020-01-01T00:00:00+00:00')"
    )
    con.execute(
        "INSERT INTO articles_fts(rowid, article_id, title, body) VALUES (1, 'old1', 'Old Title', "
        "'Old body about Vellmar.')"
    )
    con.execute(
        "INSERT INTO people(id, name, key, country) VALUES (1, 'Ilse Marwick', 'ilse marwick', 'Norland')"
    )
    con.execute("INSERT INTO mentions(person_id, article_id, count) VALUES (1, 'old1', 2)")
    con.commit()
    con.close()


async def test_version_1_store_migrates_forward_keeping_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _apply_first_migration(path)
    store = await Store.open(path)
    try:
        assert await store.user_version() == LATEST
        assert list(map(tuple, await store.conn.execute_fetchall("SELECT id, title FROM articles"))) == [
            ("old1", "Old Title")
        ]
        assert list(map(tuple, await store.conn.execute_fetchall("SELECT name, country FROM people"))) == [
            ("Ilse Marwick", "Norland")
        ]
        hits = await store.conn.execute_fetchall(
            "SELECT article_id FROM articles_fts WHERE articles_fts MATCH 'vellmar'"
        )
        assert [tuple(r) for r in hits] == [("old1",)]
    finally:
        await store.close()
    # opening again applies nothing and keeps everything
    store = await Store.open(path)
    try:
        assert await store.user_version() == LATEST
        assert next(iter(await store.conn.execute_fetchall("SELECT COUNT(*) FROM mentions")))[0] == 1
    finally:
        await store.close()


async def test_version_0_file_gets_the_whole_schema(tmp_path: Path) -> None:
    path = tmp_path / "zero.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes(text TEXT)")
    con.execute("INSERT INTO notes VALUES ('kept')")
    con.commit()
    con.close()
    store = await Store.open(path)
    try:
        assert await store.user_version() == LATEST
        assert [tuple(r) for r in await store.conn.execute_fetchall("SELECT text FROM notes")] == [("kept",)]
        tables = {
            r[0]
            for r in await store.conn.execute_fetchall("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert {"articles", "people", "aliases", "mentions", "roles", "meetings", "events", "meta"} <= tables
    finally:
        await store.close()


async def test_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v1.sqlite3"
    _apply_first_migration(path)
    first = migration_scripts()[0]
    broken = (
        LATEST + 1,
        "CREATE TABLE half_done(x INTEGER);\nALTER TABLE no_such_table ADD COLUMN y TEXT;\n",
    )
    monkeypatch.setattr(db, "migration_scripts", lambda: [first, broken])
    with pytest.raises(StoreError, match="no_such_table"):  # one line naming the file, not a traceback
        await Store.open(path)
    async with aiosqlite.connect(path) as con:
        rows = await con.execute_fetchall("PRAGMA user_version")
        assert next(iter(rows))[0] == 1
        names = {r[0] for r in await con.execute_fetchall("SELECT name FROM sqlite_master")}
        assert "half_done" not in names
        assert next(iter(await con.execute_fetchall("SELECT COUNT(*) FROM articles")))[0] == 1


async def _person_keys(store: Store) -> list[tuple[object, ...]]:
    return [tuple(r) for r in await store.conn.execute_fetchall("SELECT * FROM person_keys ORDER BY 1, 2")]


async def test_person_keys_are_backfilled_and_follow_aliases(tmp_path: Path) -> None:
    """Version 4 lists each person's distinct forms once (what identity lookups read instead of a row per
    article); an older store gets them from its aliases, and inserts, merges and deletes keep them equal."""
    path = tmp_path / "v3.sqlite3"
    con = sqlite3.connect(path)
    for version, sql in migration_scripts():
        if version <= 3:
            con.executescript(sql)
    con.execute("PRAGMA user_version = 3")
    con.executescript(
        "INSERT INTO articles(id, content_hash, body, ingested_at) VALUES ('a1', 'h', 'b', 't'), ('a2', 'h', 'b', 't');"
        "INSERT INTO people(id, name, key) VALUES (1, 'Ilse Marwick', 'ilse marwick'), (2, 'Al-Tarun', 'al tarun');"
        "INSERT INTO aliases VALUES (1, 'a1', 'Ilse Marwick', 'ilse marwick'), (1, 'a1', 'Marwick', 'marwick'),"
        " (1, 'a2', 'Marwick', 'marwick'), (2, 'a2', 'Al-Tarun', 'al tarun');"
    )
    con.commit()
    con.close()
    store = await Store.open(path)
    try:
        assert await _person_keys(store) == [
            (1, "ilse marwick", 1), (1, "marwick", 0), (2, "al tarun", 0)  # 'Al-Tarun' is one written word
        ]
        conn = store.conn
        await conn.execute("INSERT INTO aliases VALUES (2, 'a1', 'Al Tarun', 'al tarun')")
        assert (2, "al tarun", 1) in await _person_keys(store)
        await conn.execute("DELETE FROM articles WHERE id = 'a1'")  # cascades to its aliases
        assert await _person_keys(store) == [(1, "marwick", 0), (2, "al tarun", 0)]
        await conn.execute("DELETE FROM people WHERE id = 2")
        assert await _person_keys(store) == [(1, "marwick", 0)]
    finally:
        await store.close()
