"""Delivery: exactly once per chat and local day under concurrent senders and restarts, retries, pauses,
pacing, and what each digest covers."""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_digest_support import FakeClock, Recorder, add_article, settings

from bot.digest import commands
from bot.digest.deliver import Deliverer, Outcome
from bot.digest.errors import ChatGone, ChatMoved, DigestRetryAfter, DigestSendError, TransientSendError
from bot.digest.limiter import RateLimiter
from bot.digest.stats import digest_stats_lines
from bot.digest.subscriptions import get_subscription, upsert_subscription
from bot.digest.timeparse import DigestTime, ScheduleInputError
from bot.store.db import Store

ALMATY_9 = DigestTime("09:00", "Asia/Almaty")  # 04:00 UTC
NOV25_0900 = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    yield s
    await s.close()


def make(store: Store, sender: Recorder, clock: FakeClock, **kw: object) -> Deliverer:
    return Deliverer(store, settings(**kw), sender, clock=clock, sleep=clock.sleep, limiter=clock.limiter())


async def subscribe_many(store: Store, chats: list[int], when: datetime) -> None:
    for chat in chats:
        await upsert_subscription(store, chat, ALMATY_9, when)


async def rows(store: Store, sql: str, *params: object) -> list[tuple[object, ...]]:
    async with store.conn.execute(sql, params) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def test_two_workers_racing_for_one_chat_send_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    first, second = await Store.open(path), await Store.open(path)
    try:
        clock = FakeClock(NOV25_0900 - timedelta(days=1))
        chats = list(range(1, 41))
        await subscribe_many(first, chats, clock())
        await add_article(first, ingested_at=clock() - timedelta(hours=2), title="A fictional treaty")
        clock.now = NOV25_0900
        a, b = Recorder(), Recorder()
        worker_a, worker_b = make(first, a, clock), make(second, b, clock)
        results = await asyncio.gather(
            worker_a.deliver_many((c, None) for c in chats),
            worker_b.deliver_many((c, None) for c in reversed(chats)),
        )
        for chat in chats:
            assert sorted([results[0][chat], results[1][chat]]) == sorted([Outcome.SENT, Outcome.SKIPPED])
            assert len(a.texts(chat)) + len(b.texts(chat)) == 1
        assert await rows(first, "SELECT count(*) FROM digest_deliveries WHERE status = 'sent'") == [(40,)]
    finally:
        await first.close()
        await second.close()


async def test_restart_in_the_middle_of_a_fan_out_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    store = await Store.open(path)
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    chats = list(range(100, 160))
    await subscribe_many(store, chats, clock())
    for n in range(25):  # enough for two messages per digest
        await add_article(
            store, ingested_at=clock() - timedelta(hours=1, minutes=n),
            title=f"Invented ministers hold round {n} of talks on a long and winding agenda",
            url=f"https://news.example.org/round-{n}",
            meetings=[("2026-11-20", ["Alda Veskar", "Boris Quell"], "Capital City")],
            events=[("2026-11-21", f"Round {n} of the invented talks ends with a joint statement")],
        )
    clock.now = NOV25_0900
    received: dict[int, list[str]] = {}
    hanging = 0
    all_stuck = asyncio.Event()

    async def dying_sender(chat_id: int, thread_id: int | None, text: str) -> None:
        nonlocal hanging
        if sum(len(v) for v in received.values()) >= 45:  # the process dies: no send completes any more
            hanging += 1
            if hanging == 8:  # every slot is stuck on the wire; what was accepted before is recorded
                all_stuck.set()
            await asyncio.Event().wait()
        await asyncio.sleep(0)
        received.setdefault(chat_id, []).append(text)

    worker = Deliverer(store, settings(), dying_sender, clock=clock, sleep=clock.sleep,
                       limiter=clock.limiter(), max_concurrent=8)
    fan_out = asyncio.create_task(worker.deliver_many((c, None) for c in chats))
    await asyncio.wait_for(all_stuck.wait(), 10)
    fan_out.cancel()
    with pytest.raises(asyncio.CancelledError):
        await fan_out
    await store.close()
    lengths = {len(texts) for texts in received.values()}
    full = max(lengths)
    interrupted = {c for c, texts in received.items() if len(texts) < full}
    assert full >= 2 and interrupted, "the crash should hit some digests between their messages"

    # the replacement worker starts 11 minutes later, same local day
    clock.advance(11 * 60)
    store = await Store.open(path)
    try:
        restarted = Deliverer(store, settings(), dying_sender, clock=clock, sleep=clock.sleep,
                              limiter=clock.limiter())
        received_before = {c: list(t) for c, t in received.items()}
        received_total = sum(len(v) for v in received.values())
        assert received_total >= 45

        async def sender(chat_id: int, thread_id: int | None, text: str) -> None:
            received.setdefault(chat_id, []).append(text)

        restarted.send = sender
        outcomes = await restarted.catch_up()
        assert set(outcomes.values()) == {Outcome.SENT}
        digests = {tuple(received[chat]) for chat in chats}
        assert len(digests) == 1  # every chat got the same complete digest ...
        parts = digests.pop()
        assert len(parts) == full and len(set(parts)) == full  # ... each message once
        assert parts[0].startswith("<b>Diplomacy digest</b>") and "(cont.)" in parts[1]
        for chat in interrupted:  # resumed where the crash stopped it
            assert received[chat][: len(received_before[chat])] == received_before[chat]
        by_status = await rows(store, "SELECT status, count(*) FROM digest_deliveries GROUP BY status")
        assert by_status == [("sent", 60)]
        assert await restarted.catch_up() == {}  # and a later sweep sends nothing again
    finally:
        await store.close()


async def test_a_claim_is_taken_over_once_then_given_up(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [1], clock())
    await add_article(store, ingested_at=clock(), title="An invented accord")
    clock.now = NOV25_0900
    insert = (
        "INSERT INTO digest_deliveries(chat_id, local_date, status, claimed_at, attempts, window_from,"
        " window_to) VALUES "
    )
    await store.conn.execute(
        insert + "(1, '2026-11-25', 'claimed', ?, 2, '2026-11-17T04:00:00+00:00', ?)",
        ((clock() - timedelta(minutes=30)).isoformat(), clock().isoformat()),
    )
    await store.conn.execute(
        insert + "(1, '2026-11-20', 'claimed', '2026-11-20T04:00:00+00:00', 1, '2026-11-17T04:00:00+00:00',"
        " '2026-11-20T04:00:00+00:00')"
    )
    sender = Recorder()
    assert await make(store, sender, clock).catch_up() == {}
    assert sender.sent == []
    assert await rows(store, "SELECT local_date, status, error FROM digest_deliveries ORDER BY 1") == [
        ("2026-11-20", "failed", "interrupted; not sent late"),
        ("2026-11-25", "failed", "interrupted; not sent late"),
    ]


async def test_fresh_claim_of_a_live_worker_is_left_alone(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [1], clock())
    clock.now = NOV25_0900
    await store.conn.execute(
        "INSERT INTO digest_deliveries(chat_id, local_date, status, claimed_at, window_from, window_to)"
        " VALUES (1, '2026-11-25', 'claimed', ?, ?, ?)",
        ((clock() - timedelta(minutes=2)).isoformat(), clock().isoformat(), clock().isoformat()),
    )
    sender = Recorder()
    worker = make(store, sender, clock)
    assert await worker.deliver(1) == Outcome.SKIPPED
    assert await worker.catch_up() == {}
    assert sender.sent == []


async def test_429_waits_transient_errors_back_off_and_others_go_on(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    chats = [1, 2, 3, -1004, 5, 6]
    await subscribe_many(store, chats, clock())
    await add_article(store, ingested_at=clock(), title="An invented conference opens")
    clock.now = NOV25_0900
    sender = Recorder(fail={
        1: [DigestRetryAfter(7)],
        2: [TransientSendError("timed out"), TransientSendError("502 Bad Gateway")],
        3: [TransientSendError("timed out")] * 4,
        -1004: [ChatGone("Forbidden: bot was kicked from the group chat")],
        5: [DigestSendError("Bad Request: message is too long")],
    })
    outcomes = await make(store, sender, clock).deliver_many((c, None) for c in chats)
    assert outcomes == {1: Outcome.SENT, 2: Outcome.SENT, 3: Outcome.FAILED, -1004: Outcome.PAUSED,
                        5: Outcome.FAILED, 6: Outcome.SENT}
    assert sorted(c for c, _, _ in sender.sent) == [1, 2, 6]
    assert 7.0 in clock.slept and 1.0 in clock.slept and 2.0 in clock.slept and 4.0 in clock.slept
    sub = await get_subscription(store.conn, -1004)
    assert sub is not None and sub.status == "paused" and "kicked" in (sub.paused_reason or "")
    failed = await rows(store, "SELECT chat_id, error FROM digest_deliveries WHERE status = 'failed'")
    assert sorted(c for c, _ in failed) == [-1004, 3, 5]
    # a failed day keeps its articles for the next digest
    sub3 = await get_subscription(store.conn, 3)
    assert sub3 is not None and sub3.last_sent_at is None
    assert await digest_stats_lines(store, clock) == [
        "Digest subscriptions: 5 active, 1 paused",
        "Digests today (UTC): 3 sent, 3 failed",
    ]


async def test_every_answer_frees_the_limiters_place_errors_too(store: Store) -> None:
    """A send counts as in flight until its answer, whatever the answer: 40 chats whose sends all fail at
    first (more than the 30 places) still all get served, and nothing is left in flight."""
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    chats = list(range(1, 41))
    await subscribe_many(store, chats, clock())
    await add_article(store, ingested_at=clock(), title="An invented conference opens")
    clock.now = NOV25_0900
    kinds: list[Exception] = [DigestRetryAfter(1), TransientSendError("timed out"),
                              ChatGone("Forbidden: bot was blocked by the user"), DigestSendError("Bad Request")]
    sender = Recorder(fail={c: [kinds[c % 4]] for c in chats})
    deliverer = make(store, sender, clock)
    outcomes = await asyncio.wait_for(deliverer.deliver_many((c, None) for c in chats), 30)
    assert {c for c, o in outcomes.items() if o == Outcome.SENT} == {c for c in chats if c % 4 in (0, 1)}
    assert deliverer.limiter.in_flight == 0


async def test_migrated_group_gets_its_digest_under_the_new_id(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [-55], clock())
    await add_article(store, ingested_at=clock(), title="An invented envoy arrives")
    clock.now = NOV25_0900
    sender = Recorder(fail={-55: [ChatMoved(-1000000000055)]})
    assert await make(store, sender, clock).deliver(-55) == Outcome.SENT
    assert [c for c, _, _ in sender.sent] == [-1000000000055]
    assert await get_subscription(store.conn, -55) is None
    assert await rows(store, "SELECT chat_id, status FROM digest_deliveries") == [(-1000000000055, "sent")]


class VirtualTime:
    """A virtual monotonic clock whose sleeps wake in time order: when every task is waiting, time jumps
    to the earliest wake-up (concurrent sleeps overlap, as they do in real time, without any waiting)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._seq += 1
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), self._seq, fut))
        await fut

    async def run(self, *coros: Awaitable[None]) -> None:
        """Run `coros` to the end, advancing time whenever all of them wait."""
        tasks = [asyncio.ensure_future(c) for c in coros]
        while not all(t.done() for t in tasks):
            for _ in range(20):
                await asyncio.sleep(0)
            if self._sleepers:
                wake, _, fut = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                fut.set_result(None)
            elif not all(t.done() for t in tasks):
                raise AssertionError("deadlock: every task waits and no one sleeps")
        for t in tasks:
            t.result()

    def limiter(self) -> RateLimiter:
        return RateLimiter(clock=self.monotonic, sleep=self.sleep)


async def send_through(limiter: RateLimiter, vt: VirtualTime, chat: int, latency: float) -> None:
    """One send: let go by the limiter, answered `latency` seconds (virtual) later."""
    async with limiter.slot(chat):
        await vt.sleep(latency)


async def test_limiter_keeps_group_and_global_limits_on_a_virtual_clock() -> None:
    vt = VirtualTime()
    limiter = vt.limiter()
    limiter.sent_at = []

    async def group() -> None:
        for _ in range(45):
            await send_through(limiter, vt, -100777, 0.01)

    await vt.run(group(), *(send_through(limiter, vt, chat, 0.01) for chat in range(1, 301)))
    group_times = [t for c, t in limiter.sent_at if c == -100777]
    assert len(group_times) == 45
    assert all(group_times[i + 20] - group_times[i] >= 60 for i in range(len(group_times) - 20))
    everything = sorted(t for _, t in limiter.sent_at)
    assert all(everything[i + 30] - everything[i] >= 1.0 for i in range(len(everything) - 30))
    private = sorted(t for c, t in limiter.sent_at if c > 0)
    assert private[-1] - private[0] <= 11.0  # 300 chats at 30/s: about 10 s, not more


async def test_limiter_counts_a_send_until_a_second_after_its_answer() -> None:
    """However late requests travel, the server's one-second window never holds more than 30: a send may
    arrive at any moment between being let go and its answer, so every send that could is counted."""
    vt = VirtualTime()
    limiter = vt.limiter()
    spans: list[tuple[float, float]] = []  # (let go, answered)
    peak = 0

    async def one(chat: int) -> None:
        nonlocal peak
        async with limiter.slot(chat):
            start = vt.monotonic()
            peak = max(peak, limiter.in_flight)
            await vt.sleep(0.05 + (chat % 7) * 0.11)  # slow and uneven answers
            spans.append((start, vt.monotonic()))

    await vt.run(*(one(chat) for chat in range(1, 201)))
    assert len(spans) == 200 and peak <= 30
    # The server's window (t - 1, t] can receive only sends let go by t and answered after t - 1.
    for t in sorted({a for _, a in spans} | {s for s, _ in spans}):
        could_arrive = [1 for s, a in spans if s <= t and a > t - 1.0]
        assert len(could_arrive) <= 30
    # and the pace stays near the limit: the answers' time is added once per send's place, not more
    assert max(a for _, a in spans) - min(s for s, _ in spans) < 200 / 30 * 1.5


async def test_limiter_waits_for_answers_when_every_place_is_in_flight() -> None:
    clock = FakeClock(NOV25_0900)
    limiter = clock.limiter()
    for chat in range(1, 31):
        await limiter.acquire(chat)
    blocked = asyncio.create_task(limiter.acquire(31))
    for _ in range(5):
        await asyncio.sleep(0)
    assert not blocked.done()  # 30 sends on the wire, none answered: the 31st waits whatever the clock says
    limiter.release(1)
    for _ in range(5):
        await asyncio.sleep(0)
    assert blocked.done() and clock.monotonic() >= 1000.0 + 1.0  # a second after that first answer


async def test_first_digest_looks_back_seven_days_then_only_new_articles(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 20, 12, tzinfo=UTC))
    await add_article(store, ingested_at=clock() - timedelta(days=8), title="Too old for the first digest")
    await add_article(store, ingested_at=clock() - timedelta(days=6), title="Six days before subscribing")
    await upsert_subscription(store, 1, ALMATY_9, clock())
    clock.now = datetime(2026, 11, 21, 4, tzinfo=UTC)
    sender = Recorder()
    worker = make(store, sender, clock)
    assert await worker.deliver(1) == Outcome.SENT
    first = sender.texts(1)[0]
    assert "Six days before subscribing" in first and "Too old" not in first
    # another process ingests an article; the running worker's next digest has it, and only it
    other = await Store.open(store.path)
    await add_article(other, ingested_at=clock() + timedelta(hours=3), title="Ingested by another process")
    await other.close()
    clock.now += timedelta(days=1)
    assert await worker.deliver(1) == Outcome.SENT
    second = sender.texts(1)[1]
    assert "Ingested by another process" in second and "Six days" not in second
    clock.now += timedelta(days=1)
    assert await worker.deliver(1) == Outcome.EMPTY  # nothing new, no on-this-day, nothing coming
    assert len(sender.texts(1)) == 2


async def test_quiet_day_note_when_configured(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [1], clock())
    clock.now = NOV25_0900
    sender = Recorder()
    assert await make(store, sender, clock, digest_when_empty="note").deliver(1) == Outcome.SENT
    assert sender.texts(1) == ["<b>Diplomacy digest</b> · Wed 25 Nov 2026\nNothing new today."]


async def test_preview_changes_nothing(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [1], clock())
    await add_article(store, ingested_at=clock(), title="An invented visit")
    clock.now = NOV25_0900
    worker = make(store, Recorder(), clock)
    preview = await worker.preview(1)
    assert preview is not None and "An invented visit" in preview[0]
    assert await worker.preview(999) is not None  # not subscribed: the last seven days
    assert await rows(store, "SELECT count(*) FROM digest_deliveries") == [(0,)]
    sub = await get_subscription(store.conn, 1)
    assert sub is not None and sub.last_sent_at is None


async def test_unsubscribed_or_paused_chats_get_nothing(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [1, 2], clock())
    await add_article(store, ingested_at=clock(), title="An invented summit")
    from bot.digest.subscriptions import pause_subscription

    await commands.unsubscribe(store, 1)
    await pause_subscription(store, 2, "bot removed from the chat")
    clock.now = NOV25_0900
    sender = Recorder()
    worker = make(store, sender, clock)
    assert await worker.deliver_many([(1, None), (2, None), (3, None)]) == {
        1: Outcome.SKIPPED, 2: Outcome.SKIPPED, 3: Outcome.SKIPPED}
    assert await worker.catch_up() == {}
    assert sender.sent == []


async def test_operator_commands(store: Store) -> None:
    clock = FakeClock(NOV25_0900)
    said = await commands.subscribe(store, -1001234567890, "7:30", "europe/berlin", clock=clock)
    assert said == "subscribed -1001234567890: daily at 07:30 Europe/Berlin; next digest 2026-11-25 07:30 CET"
    again = await commands.subscribe(store, -1001234567890, "08:00", "UTC+5", clock=clock)
    assert again.startswith("updated")
    listed = await commands.list_subscriptions(store)
    assert [str(s) for s in listed] == [
        "-1001234567890 channel at 08:00 UTC+05:00 · active · last sent never"
    ]
    with pytest.raises(ScheduleInputError, match="24-hour time"):
        await commands.subscribe(store, 5, "8pm", "UTC", clock=clock)
    assert await commands.unsubscribe(store, -1001234567890) == "unsubscribed -1001234567890"
    assert await commands.unsubscribe(store, -1001234567890) == "-1001234567890 was not subscribed"
    assert await commands.list_subscriptions(store) == []


async def test_resubscribing_after_a_pause_resumes_where_it_stopped(store: Store) -> None:
    from bot.digest.subscriptions import pause_subscription

    clock = FakeClock(NOV25_0900 - timedelta(days=2))
    await subscribe_many(store, [1], clock())
    await add_article(store, ingested_at=clock(), title="Before the pause")
    clock.now = NOV25_0900 - timedelta(days=1)
    sender = Recorder()
    worker = make(store, sender, clock)
    assert await worker.deliver(1) == Outcome.SENT
    await pause_subscription(store, 1, "blocked")
    await add_article(store, ingested_at=clock() + timedelta(hours=1), title="During the pause")
    clock.now = NOV25_0900 + timedelta(hours=1)
    sub, change = await upsert_subscription(store, 1, ALMATY_9, clock())
    assert change == "resumed" and sub.status == "active"
    assert await worker.due() == []  # resumed after today's 09:00: next digest tomorrow
    clock.now = NOV25_0900 + timedelta(days=1)
    assert await worker.deliver(1) == Outcome.SENT
    assert "During the pause" in sender.texts(1)[1] and "Before the pause" not in sender.texts(1)[1]
    assert (await worker.due()) == []
    assert date.fromisoformat("2026-11-26") == clock().astimezone(sub.zone()).date()


async def test_a_message_accepted_but_not_recorded_before_a_crash_is_sent_again_once(store: Store) -> None:
    """The documented at-least-once window: Telegram took the message, the process died before committing
    that; the replacement sends that one message again, and nothing else twice."""
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [1], clock())
    await add_article(store, ingested_at=clock(), title="An invented round of talks")
    clock.now = NOV25_0900
    received: list[str] = []
    dead = asyncio.Event()

    async def accept_then_die(chat_id: int, thread_id: int | None, text: str) -> None:
        received.append(text)
        dead.set()
        await asyncio.Event().wait()

    worker = make(store, Recorder(), clock)
    worker.send = accept_then_die
    task = asyncio.create_task(worker.deliver(1))
    await asyncio.wait_for(dead.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    clock.advance(11 * 60)
    sender = Recorder()
    replacement = make(store, sender, clock)
    assert await replacement.catch_up() == {1: Outcome.SENT}
    assert sender.texts(1) == received  # the one message on the wire, once more
    assert await replacement.catch_up() == {}


async def test_a_stalled_worker_whose_claim_was_taken_over_stops(store: Store) -> None:
    clock = FakeClock(NOV25_0900 - timedelta(days=1))
    await subscribe_many(store, [1], clock())
    for n in range(25):
        await add_article(store, ingested_at=clock() - timedelta(minutes=n), url=f"https://e.example/{n}",
                          title=f"Invented headline {n} " + "with padding words " * 6,
                          events=[("2026-11-21", f"Invented event {n} " + "with more words " * 10)])
    clock.now = NOV25_0900
    stalled_sent: list[str] = []
    other = Recorder()
    other_worker = make(store, other, clock)

    async def stalling_sender(chat_id: int, thread_id: int | None, text: str) -> None:
        stalled_sent.append(text)
        if len(stalled_sent) == 1:  # stuck for 11 minutes after its first message; meanwhile ...
            clock.advance(11 * 60)
            assert await other_worker.catch_up() == {1: Outcome.SENT}  # ... a sweep takes over

    stalled = make(store, Recorder(), clock)
    stalled.send = stalling_sender
    assert await stalled.deliver(1) == Outcome.SKIPPED  # it notices and stops
    assert len(stalled_sent) == 1
    # the first message went out twice (the claim was stale while it was on the wire), nothing else did
    assert other.texts(1)[0] == stalled_sent[0] and len(other.texts(1)) >= 2
    assert await rows(store, "SELECT status, attempts FROM digest_deliveries") == [("sent", 2)]


async def test_limiter_forgets_quiet_chats() -> None:
    vt = VirtualTime()
    limiter = vt.limiter()

    async def many() -> None:
        for chat in range(1, 2501):
            await send_through(limiter, vt, chat, 0.01)

    await vt.run(many())
    assert len(limiter._chats) < 1000  # chats idle for over a minute are dropped as it goes
    await vt.run(send_through(limiter, vt, 5, 0.01))  # and a forgotten chat is simply new again
