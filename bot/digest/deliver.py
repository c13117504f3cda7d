"""Delivering digests exactly once per chat and local day.

The rule, in order:
1. Claim.  Inside one BEGIN IMMEDIATE transaction the worker reads the subscription, checks it is still
   active, and INSERT OR IGNOREs the row (chat_id, local_date).  Only the worker whose insert took sends; a
   second worker, a second process, or the cron trigger firing twice on a daylight-saving night finds the
   row and does nothing.  The row fixes the window of "new articles" ([window_from, window_to) in UTC).
2. Compose after the claim (no transaction is held over the network), store the messages in the row
   (`parts`) and send them one by one; after each accepted message `parts_sent` and the heartbeat
   `claimed_at` are committed.
3. Finish: 'sent' (or 'empty' when there was nothing to say) and the subscription's `last_sent_at`
   becomes `window_to`, so the next digest starts where this one ended.  A chat that is gone (403,
   chat not found) is paused and the day 'failed'; any other lasting failure is 'failed' for that day,
   with `last_sent_at` unchanged so its articles come in the next digest.

A crash mid-send leaves a 'claimed' row whose heartbeat stops.  A claim older than `stale_after` for
today's local date (or yesterday's, if `digest_send_missed_yesterday`) is taken over once, by an UPDATE
that only one worker can win, and the stored messages are sent from `parts_sent` on: nothing sent is sent
again and nothing is lost, except the one message that was on the wire when the process died — Telegram's
sendMessage is not idempotent and whether it arrived is unknowable, so it is sent again (at least once for
that single message rather than maybe never).  A claim that was already taken over once, or is from an
earlier day, is marked 'failed' ("interrupted") and not sent late.  Progress is only recorded by the worker
that holds the claim: a worker that stalled past `stale_after` and lost its claim stops at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.config import Settings
from bot.digest.clock import Clock, floor_second, iso_utc, parse_utc, utcnow
from bot.digest.compose import compose, empty_note
from bot.digest.digest_filter import load_chat_digest_data
from bot.digest.errors import ChatGone, ChatMoved, DigestRetryAfter, DigestSendError, TransientSendError
from bot.digest.limiter import RateLimiter, Sleep
from bot.digest.subscriptions import (
    FIRST_DIGEST_LOOKBACK,
    Subscription,
    get_subscription,
    list_subscriptions,
    move_subscription,
    pause_subscription,
)
from bot.digest.timeparse import load_zone
from bot.digest.txn import fetch_one, write
from bot.store.db import Store

log = logging.getLogger(__name__)

Sender = Callable[[int, int | None, str], Awaitable[None]]
"""send(chat_id, thread_id, html_text): raises the exceptions of bot.digest.errors."""


class Outcome(StrEnum):
    SENT = "sent"
    EMPTY = "empty"  # nothing to say and digest_when_empty = "skip"
    SKIPPED = "skipped"  # not ours to send: claimed elsewhere, already done, not subscribed
    FAILED = "failed"
    PAUSED = "paused"  # the chat is gone; the subscription was paused


@dataclass(frozen=True)
class Claim:
    chat_id: int
    local_date: date
    window_from: datetime
    window_to: datetime
    parts: list[str] | None
    parts_sent: int
    takeover: bool


@dataclass(frozen=True)
class RetryPolicy:
    transient_delays: tuple[float, ...] = (1.0, 2.0, 4.0)  # backoff between attempts after timeouts/5xx
    max_retry_after: int = 5  # 429s in a row for one message before giving up for the day
    max_retry_after_seconds: float = 300.0  # a longer wait than this is capped and counted


@dataclass(frozen=True)
class Attempt:
    """What a send with retries needs: the sender, the shared rate limiter, the retry policy, a sleep."""

    send: Sender
    limiter: RateLimiter
    retry: RetryPolicy
    sleep: Sleep
    what: str  # "digest" or "follow": the log lines' prefix


async def send_with_retries(
    attempt: Attempt,
    chat_id: int,
    thread_id: int | None,
    text: str,
    *,
    heartbeat: Callable[[int], Awaitable[None]],
    move: Callable[[int, int], Awaitable[object]],
) -> int:
    """Send one message, waiting out 429s and transient errors within the policy and following a chat's
    migration (at most twice); `heartbeat` keeps the caller's claim fresh before every wait. Returns the
    chat id the message went to; raises DigestSendError when the policy is spent."""
    transient = retry_after = moves = 0
    while True:
        try:
            # the limiter counts the send until its answer is in (and a second after): not longer,
            # so a wait for a retry below holds no place of the other chats' sends
            async with attempt.limiter.slot(chat_id):
                await attempt.send(chat_id, thread_id, text)
            return chat_id
        except DigestRetryAfter as exc:
            retry_after += 1
            if retry_after > attempt.retry.max_retry_after:
                raise DigestSendError(f"still rate limited after {retry_after - 1} waits") from exc
            wait = min(exc.seconds, attempt.retry.max_retry_after_seconds)
            log.info("%s: chat %s: 429, waiting %.1f s", attempt.what, chat_id, wait)
            await heartbeat(chat_id)
            await attempt.sleep(wait)
        except TransientSendError as exc:
            if transient >= len(attempt.retry.transient_delays):
                raise DigestSendError(f"{exc} (after {transient + 1} attempts)") from exc
            delay = attempt.retry.transient_delays[transient]
            transient += 1
            log.info("%s: chat %s: %s, retrying in %.0f s", attempt.what, chat_id, exc, delay)
            await heartbeat(chat_id)
            await attempt.sleep(delay)
        except ChatMoved as exc:
            moves += 1
            if moves > 2:
                raise DigestSendError("chat keeps migrating") from exc
            await move(chat_id, exc.new_chat_id)
            chat_id = exc.new_chat_id


def fire_instant(sub: Subscription, local_date: date) -> datetime:
    """When `sub`'s digest for `local_date` is due, as the cron trigger computes it: a local time that does
    not exist (spring forward) falls after the gap, an ambiguous one (fall back) is its first occurrence."""
    zone = sub.zone()
    at = time(int(sub.at[:2]), int(sub.at[3:5]))
    # normalised to UTC: PEP 495 makes a gap or fold time compare unequal to every other zone's times
    return datetime.combine(local_date, at, tzinfo=zone).astimezone(UTC)


class Deliverer:
    """Sends digests.  One per process; `send` is the transport (Telegram in production, fakes in tests)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        send: Sender,
        *,
        limiter: RateLimiter | None = None,
        clock: Clock = utcnow,
        sleep: Sleep = asyncio.sleep,
        stale_after: timedelta = timedelta(minutes=10),
        max_concurrent: int = 64,
        retry: RetryPolicy = RetryPolicy(),
        worker: str | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.send = send
        self.sleep = sleep
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.clock = clock
        self.stale_after = stale_after
        self.retry = retry
        self.worker = worker or f"{os.getpid()}-{secrets.token_hex(3)}"
        # chats in progress at once: a private chat takes one message a second, so with P-part digests
        # n chats give at most n*P/(P-1) messages a second; 64 keeps that well above the 30/s allowed
        self._slots = asyncio.Semaphore(max_concurrent)

    # ---- public -------------------------------------------------------------------------------------

    async def deliver(self, chat_id: int, local_date: date | None = None) -> Outcome:
        """The digest of `chat_id` for `local_date` (default: the chat's today), if no one has sent it."""
        async with self._slots:
            claim = await self._claim(chat_id, local_date)
            if claim is None:
                return Outcome.SKIPPED
            try:
                return await self._run(claim)
            except Exception:  # a bug must cost one chat one day, never the fan-out
                log.exception("digest: chat %s %s failed unexpectedly", chat_id, claim.local_date)
                await self._finish(claim.chat_id, claim.local_date, "failed", error="internal error")
                return Outcome.FAILED

    async def deliver_many(self, jobs: Iterable[tuple[int, date | None]]) -> dict[int, Outcome]:
        """Fan out; each chat is independent (one failing does not stop the others)."""
        items = list(jobs)
        results = await asyncio.gather(*(self.deliver(chat, day) for chat, day in items))
        return {chat: outcome for (chat, _), outcome in zip(items, results, strict=True)}

    async def catch_up(self) -> dict[int, Outcome]:
        """Send what is due and not sent: run at start and periodically.

        Due means: today's local fire time has passed, the subscription was active before it, and there is
        no row for today; or a stale claim (a crashed sender) to take over.  Yesterday's only with
        `digest_send_missed_yesterday`, and only until today's is due (which then covers its articles).
        """
        jobs = await self.due()
        if not jobs:
            return {}
        log.info("digest: catching up %d digest(s)", len(jobs))
        return await self.deliver_many(jobs)

    async def due(self) -> list[tuple[int, date | None]]:
        now = self.clock()
        conn = self.store.conn
        subs = await list_subscriptions(conn, "active")
        rows = {(r["chat_id"], r["local_date"]): r for r in await conn.execute_fetchall(
            "SELECT chat_id, local_date, status, claimed_at, attempts FROM digest_deliveries"
            " WHERE local_date >= ? OR status = 'claimed'",
            ((now - timedelta(days=3)).date().isoformat(),),
        )}
        jobs: list[tuple[int, date | None]] = []
        for sub in subs:
            today = now.astimezone(sub.zone()).date()
            days = [today]
            if self.settings.digest_send_missed_yesterday and fire_instant(sub, today) > now:
                days.append(today - timedelta(days=1))  # once today's is due, it supersedes yesterday's
            for day in days:
                row = rows.get((sub.chat_id, day.isoformat()))
                if row is None:
                    if sub.active_since <= fire_instant(sub, day) <= now:
                        jobs.append((sub.chat_id, day))
                elif (row["status"] == "claimed" and row["attempts"] < 2
                      and parse_utc(row["claimed_at"]) <= now - self.stale_after):
                    jobs.append((sub.chat_id, day))
        # stale claims no one will take over (older days, retried already, unsubscribed or paused chats)
        wanted = {(c, d.isoformat()) for c, d in jobs if d is not None}
        cutoff = iso_utc(now - self.stale_after)
        interrupted = [
            key for key, row in rows.items()
            if row["status"] == "claimed" and row["claimed_at"] <= cutoff and key not in wanted
        ]
        for chat, day_text in interrupted:
            await self._finish(chat, date.fromisoformat(day_text), "failed",
                               error="interrupted; not sent late", only_if_claimed_before=cutoff)
        return jobs

    async def preview(self, chat_id: int, default_tz: str | None = None) -> list[str] | None:
        """What `chat_id` would get now, changing nothing (the /digest command)."""
        now = self.clock()
        sub = await get_subscription(self.store.conn, chat_id)
        if sub is not None:
            since, zone = sub.window_start(), sub.zone()
        else:
            since = now - FIRST_DIGEST_LOOKBACK
            zone = load_zone(default_tz or self.settings.digest_default_tz)
        data = await load_chat_digest_data(self.store.conn, chat_id, since,
                                           floor_second(now) + timedelta(seconds=1), now.astimezone(zone).date())
        return compose(data)

    # ---- the claim ----------------------------------------------------------------------------------

    async def _claim(self, chat_id: int, local_date: date | None) -> Claim | None:
        now = self.clock()
        async with write(self.store) as conn:
            sub = await get_subscription(conn, chat_id)
            if sub is None or sub.status != "active":
                return None
            day = local_date or now.astimezone(sub.zone()).date()
            window_from = sub.window_start()
            window_to = max(floor_second(now), window_from)
            cur = await conn.execute(
                "INSERT OR IGNORE INTO digest_deliveries"
                " (chat_id, local_date, status, claimed_at, attempts, worker, window_from, window_to)"
                " VALUES (?, ?, 'claimed', ?, 1, ?, ?, ?)",
                (chat_id, day.isoformat(), iso_utc(now), self.worker,
                 iso_utc(window_from), iso_utc(window_to)),
            )
            if cur.rowcount == 1:
                return Claim(chat_id, day, window_from, window_to, None, 0, takeover=False)
            # someone holds it: take over only a stale claim, once, and only one worker can win this UPDATE
            cur = await conn.execute(
                "UPDATE digest_deliveries SET claimed_at = ?, attempts = attempts + 1, worker = ?"
                " WHERE chat_id = ? AND local_date = ? AND status = 'claimed'"
                " AND claimed_at <= ? AND attempts < 2",
                (iso_utc(now), self.worker, chat_id, day.isoformat(), iso_utc(now - self.stale_after)),
            )
            if cur.rowcount != 1:
                return None
            row = await fetch_one(
                conn,
                "SELECT window_from, window_to, parts, parts_sent FROM digest_deliveries"
                " WHERE chat_id = ? AND local_date = ?",
                (chat_id, day.isoformat()),
            )
        assert row is not None
        parts = [str(p) for p in json.loads(row["parts"])] if row["parts"] else None
        log.warning("digest: chat %s %s: taking over an interrupted send at part %d",
                    chat_id, day, row["parts_sent"])
        return Claim(chat_id, day, parse_utc(row["window_from"]), parse_utc(row["window_to"]), parts,
                     int(row["parts_sent"]), takeover=True)

    # ---- sending ------------------------------------------------------------------------------------

    async def _run(self, claim: Claim) -> Outcome:
        parts = claim.parts
        if parts is None:
            data = await load_chat_digest_data(
                self.store.conn, claim.chat_id, claim.window_from, claim.window_to, claim.local_date
            )
            composed = compose(data)
            if composed is None and self.settings.digest_when_empty == "note":
                composed = [empty_note(claim.local_date)]
            if composed is None:
                await self._finish(claim.chat_id, claim.local_date, "empty", window_to=claim.window_to)
                return Outcome.EMPTY
            parts = composed
            async with write(self.store) as conn:
                await conn.execute(
                    "UPDATE digest_deliveries SET parts = ?, parts_total = ?"
                    " WHERE chat_id = ? AND local_date = ?",
                    (json.dumps(parts, ensure_ascii=False), len(parts), claim.chat_id,
                     claim.local_date.isoformat()),
                )
        chat_id = claim.chat_id
        for index in range(claim.parts_sent, len(parts)):
            sub = await get_subscription(self.store.conn, chat_id)
            if sub is None or sub.status != "active":  # unsubscribed or paused meanwhile: stop here
                await self._finish(chat_id, claim.local_date, "failed", error="unsubscribed while sending")
                return Outcome.SKIPPED
            try:
                chat_id = await self._send_one(chat_id, sub.thread_id, parts[index], claim.local_date)
            except ChatGone as exc:
                await pause_subscription(self.store, chat_id, f"send failed: {exc}")
                await self._finish(chat_id, claim.local_date, "failed", error=f"chat gone: {exc}")
                return Outcome.PAUSED
            except DigestSendError as exc:
                log.warning("digest: chat %s %s failed for the day: %s", chat_id, claim.local_date, exc)
                await self._finish(chat_id, claim.local_date, "failed", error=str(exc))
                return Outcome.FAILED
            async with write(self.store) as conn:
                cur = await conn.execute(
                    "UPDATE digest_deliveries SET parts_sent = ?, claimed_at = ?"
                    " WHERE chat_id = ? AND local_date = ? AND status = 'claimed' AND worker = ?",
                    (index + 1, iso_utc(self.clock()), chat_id, claim.local_date.isoformat(), self.worker),
                )
                mine = cur.rowcount == 1
            if not mine:  # we stalled so long that another worker took the claim over: it goes on
                log.warning("digest: chat %s %s: claim taken over by another worker; stopping here",
                            chat_id, claim.local_date)
                return Outcome.SKIPPED
        await self._finish(chat_id, claim.local_date, "sent", window_to=claim.window_to)
        log.info("digest: chat %s %s sent (%d message(s))", chat_id, claim.local_date, len(parts))
        return Outcome.SENT

    async def _send_one(self, chat_id: int, thread_id: int | None, text: str, day: date) -> int:
        """Send one message with retries; returns the chat id it went to (it changes on migration)."""
        return await send_with_retries(
            Attempt(self.send, self.limiter, self.retry, self.sleep, "digest"),
            chat_id,
            thread_id,
            text,
            heartbeat=lambda chat: self._heartbeat(chat, day),
            move=lambda old, new: move_subscription(self.store, old, new),
        )

    async def _heartbeat(self, chat_id: int, day: date) -> None:
        async with write(self.store) as conn:
            await conn.execute(
                "UPDATE digest_deliveries SET claimed_at = ?"
                " WHERE chat_id = ? AND local_date = ? AND status = 'claimed' AND worker = ?",
                (iso_utc(self.clock()), chat_id, day.isoformat(), self.worker),
            )

    async def _finish(
        self,
        chat_id: int,
        day: date,
        status: str,
        *,
        error: str | None = None,
        window_to: datetime | None = None,
        only_if_claimed_before: str | None = None,
    ) -> None:
        now = iso_utc(self.clock())
        guard = ""
        params: tuple[str, ...] = ()
        if only_if_claimed_before is not None:
            guard, params = " AND status = 'claimed' AND claimed_at <= ?", (only_if_claimed_before,)
        async with write(self.store) as conn:
            await conn.execute(
                "UPDATE digest_deliveries SET status = ?,"
                " sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END,"
                " error = ?, parts = NULL"
                f" WHERE chat_id = ? AND local_date = ?{guard}",
                (status, status, now, error, chat_id, day.isoformat(), *params),
            )
            if window_to is not None:
                await conn.execute(
                    "UPDATE subscriptions SET last_sent_at = ? WHERE chat_id = ?"
                    " AND (last_sent_at IS NULL OR last_sent_at < ?)",
                    (iso_utc(window_to), chat_id, iso_utc(window_to)),
                )
