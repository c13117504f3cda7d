"""Alerts: a chat hears at once when a newly read article names what it follows, exactly once.

1. Scan.  New articles are found in the store itself (articles.rowid above the 'alerts_watermark' in
   `meta`), whatever wrote them: this worker, `python -m bot ingest` in another process, a feed.  The
   matches are written as 'pending' rows of `alerts`, one per (chat, article) (INSERT OR IGNORE: two
   workers scanning at once, or a scan repeated after a crash, write each row once), then the watermark
   moves on, only if it is still where this scan started.
2. Claim.  Inside one BEGIN IMMEDIATE transaction a sender checks the chat's hourly budget, composes the
   message and marks the row 'claimed' with the message stored; only then does it send.  Over the budget
   (`alerts_per_hour`), everything pending becomes one "and N more" message, once an hour; the rest wait.
3. Finish: 'sent' (or 'rolled').  A crash between claim and send leaves a 'claimed' row whose heartbeat
   stops; after `alerts_stale_seconds` another worker (or this one after a restart) takes it over with an
   UPDATE only one can win, and sends the stored message.  A chat that can't be reached (blocked, removed,
   not found) is paused: its claimed alerts go back to 'pending' and wait, nothing is dropped.

Alerts use the digest's transport and rate limiter, and wait while a digest is being sent (a digest due
now goes before a backlog of alerts, in this process or another on the same store).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import aiosqlite

from bot.config import Settings
from bot.digest.alert_compose import compose_alert, compose_rollup
from bot.digest.clock import Clock, iso_utc, utcnow
from bot.digest.deliver import Attempt, RetryPolicy, Sender, send_with_retries
from bot.digest.errors import ChatGone, DigestSendError
from bot.digest.follows import Follow, all_follows, get_prefs, list_follows, move_chat, pause_alerts
from bot.digest.limiter import RateLimiter, Sleep
from bot.digest.matching import FollowSet, articles_in_range, match
from bot.digest.txn import fetch_one, write
from bot.store.db import Store

log = logging.getLogger(__name__)

WATERMARK = "alerts_watermark"
CONSOLE_CHAT = 0  # the console's one local chat: never sent over Telegram
SCAN_BATCH = 2000  # articles matched per scan step
INSERT_CHUNK = 20_000  # alert rows written per transaction
MAX_ATTEMPTS = 3  # claims of one alert (the first and two take-overs) before it is given up
DIGEST_BUSY_SECONDS = 120  # a digest claim with a heartbeat this recent is being sent: alerts wait
UNREACHABLE = ("blocked", "kicked", "not_found")


@dataclass(frozen=True)
class Job:
    """One claimed message: a single alert ('a-…') or an "and N more" ('r-…'), rows sharing `batch`."""

    chat_id: int
    batch: str
    text: str
    articles: int
    takeover: bool = False

    @property
    def rolled(self) -> bool:
        return self.batch.startswith("r-")


class AlertService:
    """Scans for new articles and sends alerts.  One per process; `send` is the digest's transport."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        send: Sender,
        *,
        limiter: RateLimiter | None = None,
        clock: Clock = utcnow,
        sleep: Sleep = asyncio.sleep,
        retry: RetryPolicy | None = None,
        worker: str | None = None,
        max_concurrent: int = 64,
        local: bool = False,
    ) -> None:
        self.store = store
        self.settings = settings
        self.send = send
        self.sleep = sleep
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.clock = clock
        self.retry = retry or RetryPolicy()
        self.worker = worker or f"{os.getpid()}-{secrets.token_hex(3)}"
        self.local = local  # the console: only CONSOLE_CHAT; otherwise every chat but it
        self._slots = asyncio.Semaphore(max_concurrent)

    @property
    def stale_after(self) -> timedelta:
        return timedelta(seconds=self.settings.alerts_stale_seconds)

    # ---- one tick: scan, then send -------------------------------------------------------------------

    async def tick(self) -> dict[int, int]:
        await self.scan()
        return await self.dispatch()

    async def scan(self) -> int:
        """Write 'pending' alerts for articles read since the watermark; returns how many were written."""
        written = 0
        while True:
            conn = self.store.conn
            row = await fetch_one(conn, "SELECT value FROM meta WHERE key = ?", (WATERMARK,))
            mark_text = str(row[0]) if row else None
            mark = int(mark_text) if mark_text and mark_text.isdigit() else 0
            top_row = await fetch_one(conn, "SELECT coalesce(max(rowid), 0) FROM articles")
            top = int(top_row[0]) if top_row else 0
            if top <= mark:
                return written
            hi = min(top, mark + SCAN_BATCH)
            follows = await all_follows(conn)
            rows: list[tuple[int, str, int, str, str]] = []
            if follows:
                fs = FollowSet.build(follows)
                articles = await articles_in_range(conn, mark, hi)
                found = await match(conn, fs, articles)
                rowid_of = {a.id: a.rowid for a in articles}
                now = iso_utc(self.clock())
                per_chat: dict[tuple[int, str], list[int]] = {}
                for article_id, fids in found.items():
                    for fid in fids:
                        per_chat.setdefault((fs.follows[fid].chat_id, article_id), []).append(fid)
                # key order makes the insert faster; the JSON list of ints is written by hand (1M rows)
                rows = [(chat, aid, rowid_of[aid], "[" + ",".join(map(str, sorted(fids))) + "]", now)
                        for (chat, aid), fids in sorted(per_chat.items())]
            # the rows first, in short transactions (other writers, a digest's claim, are not held up long);
            # they are idempotent, so a crash or a second worker scanning the same batch adds nothing twice
            for start in range(0, len(rows), INSERT_CHUNK):
                async with write(self.store) as wconn:
                    await wconn.executemany(
                        "INSERT OR IGNORE INTO alerts(chat_id, article_id, article_rowid, matched, created_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        rows[start : start + INSERT_CHUNK],
                    )
            async with write(self.store) as wconn:
                if mark_text is None:
                    cur = await wconn.execute(
                        "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (WATERMARK, str(hi))
                    )
                else:
                    cur = await wconn.execute(
                        "UPDATE meta SET value = ? WHERE key = ? AND value = ?", (str(hi), WATERMARK, mark_text)
                    )
                if cur.rowcount != 1:
                    continue  # another worker moved the watermark meanwhile: look again from there
            written += len(rows)
            if rows:
                log.info("follow: %d alert(s) for articles %d..%d", len(rows), mark + 1, hi)

    async def dispatch(self) -> dict[int, int]:
        """Send what is pending (and take over stale claims); returns messages sent per chat."""
        cutoff = iso_utc(self.clock() - self.stale_after)
        rows = await self.store.conn.execute_fetchall(
            "SELECT DISTINCT chat_id FROM alerts WHERE status IN ('pending', 'claimed')"
            " AND (status = 'pending' OR claimed_at <= ?)",
            (cutoff,),
        )
        chats = [int(r[0]) for r in rows if (int(r[0]) == CONSOLE_CHAT) == self.local]
        if not chats:
            return {}
        results = await asyncio.gather(*(self.deliver_chat(c) for c in chats))
        return {c: n for c, n in zip(chats, results, strict=True) if n}

    async def deliver_chat(self, chat_id: int) -> int:
        """Send this chat's alerts while its budget lasts; returns how many messages went out."""
        sent = 0
        async with self._slots:
            while True:
                try:
                    job = await self._claim(chat_id)
                except Exception:
                    log.exception("follow: chat %s: claim failed", chat_id)
                    return sent
                if job is None:
                    return sent
                outcome = await self._run(job)
                if outcome == "sent":
                    sent += 1
                elif outcome == "stop":
                    return sent

    # ---- the claim ----------------------------------------------------------------------------------

    async def _paused(self, conn: aiosqlite.Connection, chat_id: int) -> bool:
        prefs = await get_prefs(conn, chat_id)
        if prefs.status == "paused":
            return True
        row = await fetch_one(conn, "SELECT status FROM chat_status WHERE chat_id = ?", (chat_id,))
        return row is not None and row[0] in UNREACHABLE

    async def _claim(self, chat_id: int) -> Job | None:
        now = self.clock()
        stamp, cutoff = iso_utc(now), iso_utc(now - self.stale_after)
        async with write(self.store) as conn:
            if await self._paused(conn, chat_id):
                return None
            # 1. a claim whose sender stopped (crash, kill): take it over, once more at most
            stale = await fetch_one(
                conn,
                "SELECT batch, text, attempts FROM alerts WHERE chat_id = ? AND status = 'claimed'"
                " AND claimed_at <= ? ORDER BY article_rowid LIMIT 1",
                (chat_id, cutoff),
            )
            if stale is not None:
                batch = str(stale["batch"])
                if int(stale["attempts"]) >= MAX_ATTEMPTS or not stale["text"]:
                    await conn.execute(
                        "UPDATE alerts SET status = 'failed', error = 'interrupted too often', text = NULL"
                        " WHERE chat_id = ? AND batch = ? AND status = 'claimed'",
                        (chat_id, batch),
                    )
                    log.warning("follow: chat %s: alert %s given up after %s attempts", chat_id, batch,
                                stale["attempts"])
                    return await self._claim_in(conn, chat_id, stamp)
                cur = await conn.execute(
                    "UPDATE alerts SET claimed_at = ?, worker = ?, attempts = attempts + 1"
                    " WHERE chat_id = ? AND batch = ? AND status = 'claimed' AND claimed_at <= ?",
                    (stamp, self.worker, chat_id, batch, cutoff),
                )
                log.warning("follow: chat %s: taking over the interrupted alert %s", chat_id, batch)
                return Job(chat_id, batch, str(stale["text"]), cur.rowcount, takeover=True)
            return await self._claim_in(conn, chat_id, stamp)

    async def _claim_in(self, conn: aiosqlite.Connection, chat_id: int, stamp: str) -> Job | None:
        hour_ago = iso_utc(self.clock() - timedelta(hours=1))
        used = {str(r[0])[:2]: int(r[1]) for r in await conn.execute_fetchall(
            "SELECT substr(batch, 1, 2), count(DISTINCT batch) FROM alerts WHERE chat_id = ?"
            " AND ((status IN ('sent', 'rolled') AND sent_at >= ?) OR status = 'claimed') GROUP BY 1",
            (chat_id, hour_ago),
        )}
        pending = list(await conn.execute_fetchall(
            "SELECT article_id, matched FROM alerts WHERE chat_id = ? AND status = 'pending'"
            " ORDER BY article_rowid",
            (chat_id,),
        ))
        if not pending:
            return None
        follows = await _follows_of(conn, chat_id)
        cap = self.settings.alerts_per_hour
        if used.get("a-", 0) < cap:
            article_id = str(pending[0]["article_id"])
            matched = _matched(pending[0]["matched"], follows)
            text = await compose_alert(conn, article_id, matched) if matched else None
            if text is None:  # the article is gone, or every follow it matched was unfollowed
                await conn.execute("DELETE FROM alerts WHERE chat_id = ? AND article_id = ?", (chat_id, article_id))
                return await self._claim_in(conn, chat_id, stamp)
            batch = "a-" + secrets.token_hex(6)
            await conn.execute(
                "UPDATE alerts SET status = 'claimed', batch = ?, text = ?, claimed_at = ?, worker = ?,"
                " attempts = 1 WHERE chat_id = ? AND article_id = ? AND status = 'pending'",
                (batch, text, stamp, self.worker, chat_id, article_id),
            )
            return Job(chat_id, batch, text, 1)
        if used.get("r-", 0) > 0:
            return None  # this hour's "and N more" went out already: the rest waits for the next hour
        items = [(str(r["article_id"]), _matched(r["matched"], follows)) for r in pending]
        items = [(aid, m) for aid, m in items if m]
        if not items:
            return None
        batch = "r-" + secrets.token_hex(6)
        text = await compose_rollup(conn, items, cap)
        await conn.executemany(
            "UPDATE alerts SET status = 'claimed', batch = ?, text = ?, claimed_at = ?, worker = ?,"
            " attempts = 1 WHERE chat_id = ? AND article_id = ? AND status = 'pending'",
            [(batch, text, stamp, self.worker, chat_id, aid) for aid, _ in items],
        )
        return Job(chat_id, batch, text, len(items))

    # ---- sending ------------------------------------------------------------------------------------

    async def _run(self, job: Job) -> str:
        """'sent', 'failed' (this message; go on with the next) or 'stop' (nothing more for this chat)."""
        chat_id = job.chat_id
        prefs = await get_prefs(self.store.conn, chat_id)
        await self._digests_first()
        try:
            chat_id = await self._send_one(chat_id, prefs.thread_id, job)
        except ChatGone as exc:
            await pause_alerts(self.store, chat_id, f"send failed: {exc}")
            await self._release(job, chat_id)
            return "stop"
        except DigestSendError as exc:
            log.warning("follow: chat %s: alert failed: %s", chat_id, exc)
            await self._finish(job, chat_id, "failed", error=str(exc)[:200])
            return "failed"
        except Exception:
            log.exception("follow: chat %s: alert failed unexpectedly", chat_id)
            await self._release(job, chat_id)
            return "stop"
        await self._finish(job, chat_id, "rolled" if job.rolled else "sent")
        log.info("follow: chat %s: %s sent (%d article(s))", chat_id,
                 "roll-up" if job.rolled else "alert", job.articles)
        return "sent"

    async def _digests_first(self) -> None:
        """Wait while a digest is being sent (by any worker on this store): digests due now go first."""
        for _ in range(1200):
            fresh = iso_utc(self.clock() - timedelta(seconds=DIGEST_BUSY_SECONDS))
            row = await fetch_one(
                self.store.conn,
                "SELECT 1 FROM digest_deliveries WHERE status = 'claimed' AND claimed_at >= ? LIMIT 1",
                (fresh,),
            )
            if row is None:
                return
            await self.sleep(0.5)

    async def _send_one(self, chat_id: int, thread_id: int | None, job: Job) -> int:
        return await send_with_retries(
            Attempt(self.send, self.limiter, self.retry, self.sleep, "follow"),
            chat_id,
            thread_id,
            job.text,
            heartbeat=lambda chat: self._heartbeat(job, chat),
            move=lambda old, new: move_chat(self.store, old, new),
        )

    async def _heartbeat(self, job: Job, chat_id: int) -> None:
        async with write(self.store) as conn:
            await conn.execute(
                "UPDATE alerts SET claimed_at = ?"
                " WHERE chat_id = ? AND batch = ? AND status = 'claimed' AND worker = ?",
                (iso_utc(self.clock()), chat_id, job.batch, self.worker),
            )

    async def _finish(self, job: Job, chat_id: int, status: str, *, error: str | None = None) -> None:
        async with write(self.store) as conn:
            await conn.execute(
                "UPDATE alerts SET status = ?, sent_at = ?, error = ?, text = NULL"
                " WHERE chat_id = ? AND batch = ? AND status = 'claimed' AND worker = ?",
                (status, iso_utc(self.clock()), error, chat_id, job.batch, self.worker),
            )

    async def _release(self, job: Job, chat_id: int) -> None:
        """Back to 'pending': sent later, when the chat can be reached again."""
        async with write(self.store) as conn:
            await conn.execute(
                "UPDATE alerts SET status = 'pending', batch = NULL, text = NULL, claimed_at = NULL,"
                " attempts = 0 WHERE chat_id = ? AND batch = ? AND status = 'claimed' AND worker = ?",
                (chat_id, job.batch, self.worker),
            )


async def _follows_of(conn: aiosqlite.Connection, chat_id: int) -> dict[int, Follow]:
    return {f.id: f for f in await list_follows(conn, chat_id)}


def _matched(raw: str | None, follows: dict[int, Follow]) -> Sequence[Follow]:
    """The follows an alert matched that the chat still follows."""
    try:
        ids = [int(x) for x in json.loads(raw or "[]")]
    except (ValueError, TypeError):
        return []
    return [follows[i] for i in ids if i in follows]


async def alert_stats_lines(store: Store) -> list[str]:
    """Plain lines for /stats (admins): follows and alerts."""
    conn = store.conn
    row = await fetch_one(conn, "SELECT count(*), count(DISTINCT chat_id) FROM follows")
    counts = {str(r[0]): int(r[1]) for r in await conn.execute_fetchall(
        "SELECT status, count(*) FROM alerts GROUP BY status")}
    follows, chats = (int(row[0]), int(row[1])) if row else (0, 0)
    return [
        f"Follows: {follows} in {chats} chat(s)",
        f"Alerts: {counts.get('sent', 0)} sent, {counts.get('rolled', 0)} rolled up, "
        f"{counts.get('pending', 0)} pending, {counts.get('failed', 0)} failed",
    ]
