"""Fan-out to hundreds of chats over HTTP against the fake Bot API server, through python-telegram-bot and
the digest's Telegram sender: injected 429s, 403s and 502s; every reachable chat gets its digest once."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI, RateLimits
from telegram import Bot
from telegram.request import HTTPXRequest
from test_digest_support import FakeClock, add_article, settings

from bot.digest.deliver import Deliverer, Outcome
from bot.digest.limiter import RateLimiter
from bot.digest.stats import digest_stats_lines
from bot.digest.subscriptions import list_subscriptions, upsert_subscription
from bot.digest.timeparse import DigestTime
from bot.store.db import Store
from bot.telegram.digest_handlers import telegram_sender

# PTB 22 warns about RetryAfter.retry_after's future type each time it builds one from a 429
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

NINE_ALMATY = DigestTime("09:00", "Asia/Almaty")
FIRE = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    request = HTTPXRequest(connection_pool_size=32, read_timeout=5.0, connect_timeout=5.0)
    async with Bot(api.token, base_url=api.base_url, request=request) as b:
        yield b


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    yield s
    await s.close()


async def test_three_hundred_chats_with_429_403_and_502(api: FakeBotAPI, bot: Bot, store: Store) -> None:
    private = list(range(10_001, 10_151))
    groups = [-1_000_000_000_000 - n for n in range(150)]
    chats = private + groups
    clock = FakeClock(FIRE - timedelta(days=1))
    for chat in chats:
        await upsert_subscription(store, chat, NINE_ALMATY, clock())
        api.chat(chat)
    await add_article(store, ingested_at=clock(), title="Invented envoys agree on a <roadmap> & more",
                      url="https://news.example.org/roadmap?x=1&y=2",
                      events=[("2026-11-27", "An invented summit opens")])
    blocked = set(private[::25]) | set(groups[::30])  # 6 + 5 chats that blocked or removed the bot
    for chat in blocked:
        if chat > 0:
            api.fail_blocked(chat)
        else:
            api.fail_kicked(chat)
    throttled = [c for c in private[1:40:4] + groups[1:40:4] if c not in blocked]
    for chat in throttled:
        api.fail_retry_after(chat_id=chat, times=2, retry_after=3)
    flaky = private[2:30:7] + groups[2:30:7]
    for chat in flaky:
        api.fail_server_error(chat_id=chat, times=1)

    clock.now = FIRE
    deliverer = Deliverer(store, settings(), telegram_sender(bot), clock=clock, sleep=clock.sleep,
                          limiter=clock.limiter())
    outcomes = await deliverer.catch_up()

    assert len(outcomes) == 300
    assert {c for c, o in outcomes.items() if o == Outcome.PAUSED} == blocked
    assert {c for c, o in outcomes.items() if o == Outcome.SENT} == set(chats) - blocked
    delivered = Counter(int(c.chat_id) for c in api.calls_to("sendMessage") if c.ok and c.chat_id is not None)
    assert set(delivered) == set(chats) - blocked and set(delivered.values()) == {1}  # once each
    text = api.sent_texts(private[3])[0]
    assert "Invented envoys agree on a <roadmap> & more" in text and "An invented summit opens" in text
    assert api.rejected() == []
    assert clock.slept.count(3.0) == 2 * len(throttled)  # each 429 waited the time Telegram asked
    paused = [s for s in await list_subscriptions(store.conn) if s.status == "paused"]
    assert {s.chat_id for s in paused} == blocked
    assert await digest_stats_lines(store, clock) == [
        "Digest subscriptions: 289 active, 11 paused",
        "Digests today (UTC): 289 sent, 11 failed",
    ]
    again = await deliverer.catch_up()  # a restart or the next sweep: nothing twice
    assert again == {}
    assert sum(1 for c in api.calls_to("sendMessage") if c.ok) == 289


async def test_pacing_keeps_the_servers_rate_limits(api: FakeBotAPI, bot: Bot, store: Store) -> None:
    """Real clock: the server answers 429 to anything over 30 messages a second or 20 a minute per group."""
    limits = api.enforce_rate_limits(RateLimits(per_group_per_minute=20, global_per_second=30))
    clock = FakeClock(FIRE - timedelta(days=1))
    chats = [*range(20_001, 20_046), -1_000_000_000_777]
    for chat in chats:
        await upsert_subscription(store, chat, NINE_ALMATY, clock())
        api.chat(chat)
    await add_article(store, ingested_at=clock(), title="An invented conference closes")
    clock.now = FIRE
    deliverer = Deliverer(store, settings(), telegram_sender(bot), clock=clock, limiter=RateLimiter())
    outcomes = await deliverer.deliver_many((c, None) for c in chats)
    assert set(outcomes.values()) == {Outcome.SENT}
    delivered = Counter(int(c.chat_id) for c in api.calls_to("sendMessage") if c.ok and c.chat_id is not None)
    assert set(delivered) == set(chats) and set(delivered.values()) == {1}
    # Unpaced, 46 messages at once would draw 16 or more 429s.  The server counts arrivals, however late
    # they travel; the limiter counts each send until a second after its answer, so none is over.
    assert limits.violations == 0
