"""Chats the bot can't reach (blocked, kicked, not found, migrated), remembered in `chat_status`.

Each is logged once, when first recorded; the digest reads the table to pause deliveries. A chat that
writes to the bot again, or adds it back, is reachable again and leaves the table.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Literal, TypeVar

from bot.digest.txn import write
from bot.store.db import Store
from bot.telegram import digest_handlers

log = logging.getLogger(__name__)

Status = Literal["blocked", "kicked", "not_found", "migrated"]
A = TypeVar("A")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def classify(description: str, forbidden: bool) -> Status | None:
    """The status a Telegram error means for its chat, or None when it says nothing about the chat."""
    text = description.lower()
    if forbidden:
        if "blocked" in text or "deactivated" in text:
            return "blocked"
        return "kicked"
    if "chat not found" in text or "user not found" in text or "peer_id_invalid" in text:
        return "not_found"
    return None


class ChatStatusBook:
    """The in-memory view of `chat_status`, kept in step with the table."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.unreachable: dict[int, str] = {}
        self._loaded = False

    async def load(self) -> None:
        if self._loaded:
            return
        async with self.store.conn.execute("SELECT chat_id, status FROM chat_status") as cur:
            rows = await cur.fetchall()
        self.unreachable = {int(r[0]): str(r[1]) for r in rows}
        self._loaded = True

    async def mark(self, chat_id: int, status: Status, reason: str, migrated_to: int | None = None) -> bool:
        """Record that `chat_id` is unreachable; True (and one log line) when this is news."""
        await self.load()
        if self.unreachable.get(chat_id) == status:
            return False
        now = _now()
        async with write(self.store) as conn:
            await conn.execute(
                "INSERT INTO chat_status (chat_id, status, reason, migrated_to, since, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(chat_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,"
                " migrated_to = excluded.migrated_to, since = excluded.since,"
                " updated_at = excluded.updated_at",
                (chat_id, status, reason[:200], migrated_to, now, now),
            )
        self.unreachable[chat_id] = status
        log.warning("chat %s is %s: %s", chat_id, status.replace("_", " "), reason[:200])
        if status != "migrated":
            await _digest_hook(digest_handlers.on_chat_unreachable, self.store, chat_id, reason[:200])
        return True

    async def reachable(self, chat_id: int) -> None:
        """The chat talks to us again: forget it was unreachable (cheap when it never was)."""
        await self.load()
        if chat_id not in self.unreachable or self.unreachable[chat_id] == "migrated":
            return
        async with write(self.store) as conn:
            await conn.execute("DELETE FROM chat_status WHERE chat_id = ?", (chat_id,))
        del self.unreachable[chat_id]
        log.info("chat %s is reachable again", chat_id)

    async def migrated(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: remember it and let the digest move the chat's settings."""
        if self.unreachable.get(old_id) == "migrated":
            return
        await self.mark(old_id, "migrated", f"group upgraded to supergroup {new_id}", migrated_to=new_id)
        await _digest_hook(digest_handlers.on_chat_migrated, self.store, old_id, new_id)


async def _digest_hook(hook: Callable[[Store, int, A], Awaitable[None]], store: Store, chat_id: int, arg: A) -> None:
    """Tell the digest about a chat (pause its subscription, follow a migration); a failure is one log line."""
    try:
        await hook(store, chat_id, arg)
    except Exception as exc:  # a failing hook must not take the front end down
        log.error("digest hook %s failed: %s: %s", hook.__name__, type(exc).__name__, exc)
