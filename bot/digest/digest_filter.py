"""A chat's daily digest limited to what it follows (`/digest only followed`), or everything (the default).

Articles are kept when they match one of the chat's follows as alerts match (bot/digest/matching.py,
whenever the follow was made); "on this day" and "coming up" events when their text names something it
follows.  Nothing left means an empty digest, which follows the `digest_when_empty` setting.
"""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.digest.follows import get_prefs, list_follows
from bot.digest.matching import FollowSet, articles_by_ids, match
from bot.digest.queries import DatedEvent, DigestData, load_digest_data, new_articles
from bot.textnorm import fold

ALL_ARTICLES = 100_000  # the whole window is matched before the digest's own limit applies
MAX_ARTICLES = 25


async def load_chat_digest_data(
    conn: aiosqlite.Connection, chat_id: int, since: datetime, until: datetime, local_date: date
) -> DigestData:
    """What `chat_id`'s digest for `local_date` holds, after its filter."""
    data = await load_digest_data(conn, since, until, local_date)
    prefs = await get_prefs(conn, chat_id)
    if prefs.digest_filter != "followed":
        return data
    follows = await list_follows(conn, chat_id)
    fs = FollowSet.build(follows)
    items, _ = await new_articles(conn, since, until, limit=ALL_ARTICLES)
    refs = await articles_by_ids(conn, [a.id for a in items])
    matched = await match(conn, fs, refs, respect_since=False)
    kept = [a for a in items if a.id in matched]
    terms = [f" {t} " for f in follows for t in (*f.terms, fold(f.label)) if t]

    def named(events: list[DatedEvent]) -> list[DatedEvent]:
        return [e for e in events if any(t in f" {fold(e.summary)} " for t in terms)]

    return DigestData(
        local_date=local_date,
        new_articles=kept[-MAX_ARTICLES:],
        more_articles=max(len(kept) - MAX_ARTICLES, 0),
        on_this_day=named(data.on_this_day),
        coming_up=named(data.coming_up),
    )
