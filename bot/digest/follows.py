"""What chats follow (people, states and organisations, keyword phrases), kept in SQLite.

The `follows` rows are the only source of truth: the Telegram front end, the console and the CLI write
them, the alert scan (bot/digest/alerts.py) and the digest filter read them.  Resolving what a user typed
into a `Target` is the answers layer's job (bot/answers/follow.py); this module only stores targets.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.digest.clock import iso_utc
from bot.digest.txn import fetch_one, write
from bot.store.db import Store

log = logging.getLogger(__name__)

Kind = Literal["person", "country", "phrase"]
DigestFilter = Literal["all", "followed"]
MAX_FOLLOWS = 50  # per chat: a long list is a feed, not a watch list
KIND_LABEL = {"person": "person", "country": "state or organisation", "phrase": "words"}


@dataclass(frozen=True)
class Target:
    """Something to follow: `ref` identifies it (person id, canonical country, folded phrase); `terms`
    are the folded spellings looked for in article texts (evidence sentences, the search index)."""

    kind: Kind
    ref: str
    label: str
    terms: tuple[str, ...] = field(default=())


class Follow(BaseModel):
    """One row of `follows`."""

    model_config = ConfigDict(frozen=True)

    id: int
    chat_id: int
    kind: Kind
    ref: str
    label: str
    terms: list[str]
    since_rowid: int

    def shown(self) -> str:
        return f"“{self.label}”" if self.kind == "phrase" else self.label


class ChatPrefs(BaseModel):
    model_config = ConfigDict(frozen=True)

    chat_id: int
    chat_type: str = "unknown"
    thread_id: int | None = None
    digest_filter: DigestFilter = "all"
    status: Literal["active", "paused"] = "active"
    paused_reason: str | None = None


_COLUMNS = "id, chat_id, kind, ref, label, terms, since_rowid"


def _follow(row: aiosqlite.Row) -> Follow:
    data = dict(row)
    data["terms"] = [str(t) for t in json.loads(data["terms"] or "[]")]
    return Follow.model_validate(data)


async def list_follows(conn: aiosqlite.Connection, chat_id: int) -> list[Follow]:
    rows = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM follows WHERE chat_id = ? ORDER BY id", (chat_id,)
    )
    return [_follow(r) for r in rows]


async def all_follows(conn: aiosqlite.Connection) -> list[Follow]:
    rows = await conn.execute_fetchall(f"SELECT {_COLUMNS} FROM follows ORDER BY id")
    return [_follow(r) for r in rows]


async def get_prefs(conn: aiosqlite.Connection, chat_id: int) -> ChatPrefs:
    row = await fetch_one(
        conn,
        "SELECT chat_id, chat_type, thread_id, digest_filter, status, paused_reason FROM follow_chats"
        " WHERE chat_id = ?",
        (chat_id,),
    )
    return ChatPrefs.model_validate(dict(row)) if row else ChatPrefs(chat_id=chat_id)


async def _ensure_chat(
    conn: aiosqlite.Connection, chat_id: int, chat_type: str, thread_id: int | None
) -> None:
    await conn.execute(
        "INSERT INTO follow_chats(chat_id, chat_type, thread_id) VALUES (?, ?, ?)"
        " ON CONFLICT(chat_id) DO UPDATE SET thread_id = excluded.thread_id,"
        " chat_type = CASE WHEN excluded.chat_type = 'unknown' THEN chat_type ELSE excluded.chat_type END,"
        " status = 'active', paused_reason = NULL",
        (chat_id, chat_type, thread_id),
    )


async def add_follow(
    store: Store,
    chat_id: int,
    target: Target,
    now: datetime,
    *,
    chat_type: str = "unknown",
    thread_id: int | None = None,
    created_by: str | None = None,
) -> tuple[Follow | None, Literal["new", "already", "full"]]:
    """Follow `target` in `chat_id` from now on: articles already read never alert for it.

    Following (or any follow command) also resumes a chat whose alerts were paused.
    """
    async with write(store) as conn:
        await _ensure_chat(conn, chat_id, chat_type, thread_id)
        old = await fetch_one(
            conn, f"SELECT {_COLUMNS} FROM follows WHERE chat_id = ? AND kind = ? AND ref = ?",
            (chat_id, target.kind, target.ref),
        )
        if old is not None:
            return _follow(old), "already"
        count = await fetch_one(conn, "SELECT count(*) FROM follows WHERE chat_id = ?", (chat_id,))
        if count is not None and int(count[0]) >= MAX_FOLLOWS:
            return None, "full"
        top = await fetch_one(conn, "SELECT coalesce(max(rowid), 0) FROM articles")
        since = int(top[0]) if top else 0
        cur = await conn.execute(
            "INSERT INTO follows(chat_id, kind, ref, label, terms, since_rowid, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (chat_id, target.kind, target.ref, target.label[:200],
             json.dumps(list(target.terms), ensure_ascii=False), since, iso_utc(now), created_by),
        )
        row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM follows WHERE id = ?", (cur.lastrowid,))
    assert row is not None
    log.info("follow: chat %s follows %s %s", chat_id, target.kind, target.ref)
    return _follow(row), "new"


async def remove_follow(store: Store, chat_id: int, follow_id: int) -> Follow | None:
    """Stop following one thing; pending alerts that only it matched are dropped."""
    async with write(store) as conn:
        row = await fetch_one(
            conn, f"SELECT {_COLUMNS} FROM follows WHERE id = ? AND chat_id = ?", (follow_id, chat_id)
        )
        if row is None:
            return None
        await conn.execute("DELETE FROM follows WHERE id = ?", (follow_id,))
        await _drop_orphan_alerts(conn, chat_id)
    log.info("follow: chat %s unfollowed %s", chat_id, follow_id)
    return _follow(row)


async def _drop_orphan_alerts(conn: aiosqlite.Connection, chat_id: int) -> None:
    """Pending alerts of `chat_id` none of whose matched follows is still followed: nobody wants them."""
    rows = await conn.execute_fetchall(
        "SELECT article_id, matched FROM alerts WHERE chat_id = ? AND status = 'pending'", (chat_id,)
    )
    if not rows:
        return
    live = {int(r[0]) for r in await conn.execute_fetchall(
        "SELECT id FROM follows WHERE chat_id = ?", (chat_id,))}
    gone = [(chat_id, r["article_id"]) for r in rows
            if not live.intersection(int(x) for x in json.loads(r["matched"] or "[]"))]
    await conn.executemany(
        "DELETE FROM alerts WHERE chat_id = ? AND article_id = ? AND status = 'pending'", gone
    )


async def set_digest_filter(store: Store, chat_id: int, value: DigestFilter, *, chat_type: str = "unknown",
                            thread_id: int | None = None) -> None:
    async with write(store) as conn:
        await _ensure_chat(conn, chat_id, chat_type, thread_id)
        await conn.execute("UPDATE follow_chats SET digest_filter = ? WHERE chat_id = ?", (value, chat_id))


async def pause_alerts(store: Store, chat_id: int, reason: str) -> bool:
    """The chat can't be reached: alerts wait (nothing is dropped) until it follows, or adds us, again."""
    async with write(store) as conn:
        cur = await conn.execute(
            "UPDATE follow_chats SET status = 'paused', paused_reason = ? WHERE chat_id = ? AND status = 'active'",
            (reason[:200], chat_id),
        )
        paused = cur.rowcount > 0
    if paused:
        log.warning("follow: alerts to chat %s paused: %s", chat_id, reason[:200])
    return paused


async def resume_alerts(store: Store, chat_id: int) -> bool:
    async with write(store) as conn:
        cur = await conn.execute(
            "UPDATE follow_chats SET status = 'active', paused_reason = NULL WHERE chat_id = ? AND status = 'paused'",
            (chat_id,),
        )
        resumed = cur.rowcount > 0
    if resumed:
        log.info("follow: alerts to chat %s resumed", chat_id)
    return resumed


async def move_chat(store: Store, old_id: int, new_id: int) -> None:
    """A group became a supergroup: its follows, preferences and alerts go with it."""
    async with write(store) as conn:
        await conn.execute("UPDATE OR IGNORE follows SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
        await conn.execute("UPDATE OR IGNORE follow_chats SET chat_id = ?, chat_type = 'supergroup'"
                           " WHERE chat_id = ?", (new_id, old_id))
        await conn.execute("UPDATE OR IGNORE alerts SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
