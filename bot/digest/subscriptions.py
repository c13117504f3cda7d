"""Subscriptions in SQLite: the only source of truth for who gets a digest, when and where."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, tzinfo
from typing import Literal

import aiosqlite
from pydantic import BaseModel, ConfigDict

from bot.digest.clock import iso_utc, parse_utc
from bot.digest.timeparse import DigestTime, load_zone
from bot.digest.txn import fetch_one, write
from bot.store.db import Store

log = logging.getLogger(__name__)

FIRST_DIGEST_LOOKBACK = timedelta(days=7)


class Subscription(BaseModel):
    """One row of `subscriptions`."""

    model_config = ConfigDict(frozen=True)

    chat_id: int
    chat_type: str
    thread_id: int | None
    at: str
    tz: str
    status: Literal["active", "paused"]
    paused_reason: str | None
    subscribed_at: datetime
    active_since: datetime
    last_sent_at: datetime | None
    created_by: str | None

    @property
    def schedule(self) -> DigestTime:
        return DigestTime(self.at, self.tz)

    def zone(self) -> tzinfo:
        return load_zone(self.tz)

    def window_start(self) -> datetime:
        """Where the next digest's "new articles" begin: the end of the last one, or 7 days before
        subscribing."""
        return self.last_sent_at or (self.subscribed_at - FIRST_DIGEST_LOOKBACK)

    def __str__(self) -> str:
        where = f" topic {self.thread_id}" if self.thread_id is not None else ""
        state = self.status if self.status == "active" else f"paused ({self.paused_reason or 'no reason'})"
        last = iso_utc(self.last_sent_at) if self.last_sent_at else "never"
        return f"{self.chat_id} {self.chat_type}{where} at {self.at} {self.tz} · {state} · last sent {last}"


_COLUMNS = (
    "chat_id, chat_type, thread_id, at, tz, status, paused_reason, subscribed_at, active_since, "
    "last_sent_at, created_by"
)


def _row(row: aiosqlite.Row) -> Subscription:
    data = dict(row)
    for key in ("subscribed_at", "active_since", "last_sent_at"):
        if data[key] is not None:
            data[key] = parse_utc(data[key])
    return Subscription.model_validate(data)


async def get_subscription(conn: aiosqlite.Connection, chat_id: int) -> Subscription | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ?", (chat_id,))
    return _row(row) if row else None


async def list_subscriptions(conn: aiosqlite.Connection, status: str | None = None) -> list[Subscription]:
    sql = f"SELECT {_COLUMNS} FROM subscriptions"
    params: tuple[str, ...] = ()
    if status is not None:
        sql += " WHERE status = ?"
        params = (status,)
    rows = await conn.execute_fetchall(sql + " ORDER BY chat_id", params)
    return [_row(r) for r in rows]


async def upsert_subscription(
    store: Store,
    chat_id: int,
    when: DigestTime,
    now: datetime,
    *,
    chat_type: str = "unknown",
    thread_id: int | None = None,
    created_by: str | None = None,
) -> tuple[Subscription, Literal["new", "resumed", "updated"]]:
    """Subscribe, resume a paused subscription, or change its time, zone or topic.

    A resumed subscription keeps `last_sent_at`, so its next digest starts where the last one ended.
    """
    async with write(store) as conn:
        old = await get_subscription(conn, chat_id)
        stamp = iso_utc(now)
        if old is None:
            await conn.execute(
                f"INSERT INTO subscriptions ({_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, 'active', NULL, ?, ?, NULL, ?)",
                (chat_id, chat_type, thread_id, when.at, when.tz, stamp, stamp, created_by),
            )
            change: Literal["new", "resumed", "updated"] = "new"
        else:
            change = "resumed" if old.status == "paused" else "updated"
            await conn.execute(
                "UPDATE subscriptions SET at = ?, tz = ?, thread_id = ?, status = 'active',"
                " paused_reason = NULL,"
                " chat_type = CASE WHEN ? = 'unknown' THEN chat_type ELSE ? END,"
                " active_since = CASE WHEN status = 'paused' THEN ? ELSE active_since END"
                " WHERE chat_id = ?",
                (when.at, when.tz, thread_id, chat_type, chat_type, stamp, chat_id),
            )
        sub = await get_subscription(conn, chat_id)
    assert sub is not None
    log.info("digest: chat %s %s at %s %s", chat_id, change, when.at, when.tz)
    return sub, change


async def delete_subscription(store: Store, chat_id: int) -> bool:
    async with write(store) as conn:
        cur = await conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        removed = cur.rowcount > 0
    if removed:
        log.info("digest: chat %s unsubscribed", chat_id)
    return removed


async def pause_subscription(store: Store, chat_id: int, reason: str) -> bool:
    """Stop sending until someone subscribes again (bot removed or blocked, chat gone)."""
    async with write(store) as conn:
        cur = await conn.execute(
            "UPDATE subscriptions SET status = 'paused', paused_reason = ?"
            " WHERE chat_id = ? AND status = 'active'",
            (reason[:200], chat_id),
        )
        paused = cur.rowcount > 0
    if paused:
        log.warning("digest: chat %s paused: %s", chat_id, reason[:200])
    return paused


async def move_subscription(store: Store, old_id: int, new_id: int) -> bool:
    """A group upgraded to a supergroup: its subscription and delivery record follow the new id."""
    async with write(store) as conn:
        cur = await conn.execute(
            "UPDATE OR REPLACE subscriptions SET chat_id = ?, chat_type = 'supergroup' WHERE chat_id = ?",
            (new_id, old_id),
        )
        moved = cur.rowcount > 0
        await conn.execute(
            "UPDATE OR IGNORE digest_deliveries SET chat_id = ? WHERE chat_id = ?", (new_id, old_id)
        )
    if moved:
        log.info("digest: chat %s moved to %s", old_id, new_id)
    return moved
