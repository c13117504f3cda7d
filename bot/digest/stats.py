"""Digest lines for /stats (admins): subscriptions and today's deliveries."""

from __future__ import annotations

from datetime import datetime, time

from bot.digest.clock import Clock, iso_utc, utcnow
from bot.store.db import Store


async def digest_stats_lines(store: Store, clock: Clock = utcnow) -> list[str]:
    """Plain-text lines (no markup); "today" is the UTC day so every chat counts the same way."""
    midnight = iso_utc(datetime.combine(clock().date(), time(0), tzinfo=clock().tzinfo))
    conn = store.conn
    rows = await conn.execute_fetchall("SELECT status, count(*) FROM subscriptions GROUP BY status")
    subs = {r[0]: int(r[1]) for r in rows}
    today = {r[0]: int(r[1]) for r in await conn.execute_fetchall(
        "SELECT status, count(*) FROM digest_deliveries"
        " WHERE (sent_at >= ?) OR (status != 'sent' AND claimed_at >= ?) GROUP BY status",
        (midnight, midnight),
    )}
    lines = [f"Digest subscriptions: {subs.get('active', 0)} active, {subs.get('paused', 0)} paused"]
    line = f"Digests today (UTC): {today.get('sent', 0)} sent, {today.get('failed', 0)} failed"
    labels = (("empty", "empty"), ("claimed", "in progress"))
    extra = [f"{today[k]} {label}" for k, label in labels if today.get(k)]
    lines.append(line + (", " + ", ".join(extra) if extra else ""))
    return lines
