"""Operator commands behind `python -m bot subscribe|unsubscribe|subscriptions`.

A running worker picks changes up within a minute (its sweep re-reads subscriptions from SQLite).
Bad input raises ScheduleInputError (a ValueError) whose message says what is accepted.
"""

from __future__ import annotations

from bot.digest.clock import Clock, utcnow
from bot.digest.schedule import next_fire
from bot.digest.subscriptions import Subscription, delete_subscription, upsert_subscription
from bot.digest.subscriptions import list_subscriptions as _list
from bot.digest.timeparse import DigestTime, ScheduleInputError, parse_time, parse_zone
from bot.store.db import Store

__all__ = ["ScheduleInputError", "list_subscriptions", "subscribe", "unsubscribe"]


def _chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "channel" if str(chat_id).startswith("-100") else "group"


async def subscribe(store: Store, chat_id: int, at: str, tz: str, clock: Clock = utcnow) -> str:
    when = DigestTime(parse_time(at), parse_zone(tz))
    sub, change = await upsert_subscription(
        store, chat_id, when, clock(), chat_type=_chat_type(chat_id), created_by="cli"
    )
    upcoming = next_fire(when, clock())
    shown = upcoming.strftime("%Y-%m-%d %H:%M %Z") if upcoming else "never"
    verb = {"new": "subscribed", "resumed": "resumed", "updated": "updated"}[change]
    return f"{verb} {sub.chat_id}: daily at {sub.at} {sub.tz}; next digest {shown}"


async def unsubscribe(store: Store, chat_id: int) -> str:
    if await delete_subscription(store, chat_id):
        return f"unsubscribed {chat_id}"
    return f"{chat_id} was not subscribed"


async def list_subscriptions(store: Store) -> list[Subscription]:
    """Every subscription; str(row) is one line for the terminal."""
    return await _list(store.conn)
