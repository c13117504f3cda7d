"""Scheduling on a controlled clock: real CronTriggers in several zones, daylight-saving nights, midnight,
the schedule rebuilt from SQLite, and catching up after downtime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from test_digest_support import FakeClock, Recorder, add_article, settings

from bot.digest.deliver import Deliverer, Outcome, fire_instant
from bot.digest.schedule import JOB_PREFIX, SWEEP_JOB, DigestScheduler, next_fire, trigger_for
from bot.digest.subscriptions import get_subscription, upsert_subscription
from bot.digest.timeparse import DigestTime
from bot.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    yield s
    await s.close()


def fires(when: DigestTime, start: datetime, count: int) -> list[datetime]:
    trigger = trigger_for(when)
    out: list[datetime] = []
    prev = None
    now = start
    for _ in range(count):
        nxt = trigger.get_next_fire_time(prev, now)
        out.append(nxt.astimezone(UTC))
        prev = now = nxt
    return out


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_each_zone_fires_at_its_own_local_time() -> None:
    start = utc(2026, 11, 25, 0, 0)
    assert fires(DigestTime("09:00", "Asia/Almaty"), start, 2) == [utc(2026, 11, 25, 4), utc(2026, 11, 26, 4)]
    assert fires(DigestTime("09:00", "Europe/Berlin"), start, 1) == [utc(2026, 11, 25, 8)]
    assert fires(DigestTime("09:00", "America/New_York"), start, 1) == [utc(2026, 11, 25, 14)]
    assert fires(DigestTime("07:15", "UTC+05:30"), start, 1) == [utc(2026, 11, 25, 1, 45)]
    assert fires(DigestTime("09:00", "Pacific/Auckland"), start, 1) == [utc(2026, 11, 25, 20)]


def test_berlin_spring_forward_keeps_local_nine() -> None:
    # Last Sunday of March 2026 is the 29th: CET (+1) becomes CEST (+2).
    got = fires(DigestTime("09:00", "Europe/Berlin"), utc(2026, 3, 27, 12), 3)
    assert got == [utc(2026, 3, 28, 8), utc(2026, 3, 29, 7), utc(2026, 3, 30, 7)]
    assert all(g.astimezone(ZoneInfo("Europe/Berlin")).hour == 9 for g in got)


def test_berlin_fall_back_and_new_york_fall_back_keep_local_nine() -> None:
    berlin = fires(DigestTime("09:00", "Europe/Berlin"), utc(2026, 10, 24, 0), 2)
    assert berlin == [utc(2026, 10, 24, 7), utc(2026, 10, 25, 8)]
    # First Sunday of November 2026 (1 Nov): EDT (-4) becomes EST (-5).
    new_york = fires(DigestTime("09:00", "America/New_York"), utc(2026, 10, 31, 0), 2)
    assert new_york == [utc(2026, 10, 31, 13), utc(2026, 11, 1, 14)]


def test_midnight_belongs_to_the_new_local_day() -> None:
    when = DigestTime("00:00", "Asia/Tokyo")
    got = fires(when, datetime(2026, 12, 31, 23, 59, tzinfo=ZoneInfo("Asia/Tokyo")), 2)
    assert got == [utc(2026, 12, 31, 15), utc(2027, 1, 1, 15)]
    assert got[0].astimezone(ZoneInfo("Asia/Tokyo")).date() == date(2027, 1, 1)
    shown = next_fire(when, utc(2026, 12, 31, 14, 59))
    assert shown is not None and shown.isoformat() == "2027-01-01T00:00:00+09:00"


async def test_time_that_does_not_exist_fires_after_the_gap_once(store: Store) -> None:
    when = DigestTime("02:30", "Europe/Berlin")
    got = fires(when, utc(2026, 3, 28, 12), 2)
    assert got == [utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 0, 30)]  # 03:30 CEST, then 02:30 CEST
    sub, _ = await upsert_subscription(store, 5, when, utc(2026, 3, 1))
    assert fire_instant(sub, date(2026, 3, 29)) == got[0]  # catch-up agrees with the trigger


async def test_wall_time_that_happens_twice_sends_one_digest(store: Store) -> None:
    when = DigestTime("02:30", "Europe/Berlin")
    got = fires(when, utc(2026, 10, 24, 12), 2)
    assert got == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)]  # 02:30 CEST and 02:30 CET
    clock = FakeClock(utc(2026, 10, 1))
    await upsert_subscription(store, 7, when, clock())
    await add_article(store, ingested_at=utc(2026, 10, 20, 10), title="Envoys of Ruritania meet")
    sender = Recorder()
    deliverer = Deliverer(store, settings(), sender, clock=clock, sleep=clock.sleep, limiter=clock.limiter())
    outcomes = []
    for moment in got:
        clock.now = moment
        outcomes.append(await deliverer.deliver(7))
    assert outcomes == [Outcome.SENT, Outcome.SKIPPED]
    assert len(sender.texts(7)) == 1 and "Envoys of Ruritania meet" in sender.texts(7)[0]


async def test_schedule_is_rebuilt_from_sqlite_and_follows_changes(store: Store) -> None:
    clock = FakeClock(utc(2026, 11, 25, 12))
    await upsert_subscription(store, 1, DigestTime("09:00", "Asia/Almaty"), clock())
    await upsert_subscription(store, -1001, DigestTime("08:00", "Europe/Berlin"), clock(), thread_id=4)
    await upsert_subscription(store, 2, DigestTime("07:00", "UTC"), clock())
    from bot.digest.subscriptions import delete_subscription, pause_subscription

    await pause_subscription(store, 2, "blocked")
    scheduler = AsyncIOScheduler(timezone=UTC)
    deliverer = Deliverer(store, settings(), Recorder(), clock=clock, sleep=clock.sleep)
    digests = DigestScheduler(scheduler, deliverer)
    assert await digests.rebuild() == 2
    assert digests.scheduled() == {1: ("09:00", "Asia/Almaty"), -1001: ("08:00", "Europe/Berlin")}
    job = scheduler.get_job(f"{JOB_PREFIX}-1001")
    assert job.trigger.get_next_fire_time(None, clock()) == utc(2026, 11, 26, 7)
    assert scheduler.get_job(f"{JOB_PREFIX}2") is None  # paused: no job

    # another process (the CLI) changes the store; the next sweep follows it
    await upsert_subscription(store, 1, DigestTime("06:45", "America/New_York"), clock())
    await delete_subscription(store, -1001)
    await digests.rebuild()
    assert digests.scheduled() == {1: ("06:45", "America/New_York")}
    job = scheduler.get_job(f"{JOB_PREFIX}1")
    assert job.trigger.get_next_fire_time(None, clock()) == utc(2026, 11, 26, 11, 45)
    assert scheduler.get_job(f"{JOB_PREFIX}-1001") is None


async def test_start_sends_what_was_missed_earlier_today_but_not_yesterday(store: Store) -> None:
    # Almaty is UTC+5.  Subscriptions at 09:00 local made on 20 Nov; the worker was down.
    clock = FakeClock(utc(2026, 11, 20, 0))
    await upsert_subscription(store, 1, DigestTime("09:00", "Asia/Almaty"), clock())
    await upsert_subscription(store, 2, DigestTime("23:00", "Asia/Almaty"), clock())
    await add_article(store, ingested_at=utc(2026, 11, 19, 12), title="Talks in an invented capital")
    clock.now = utc(2026, 11, 25, 7)  # 12:00 in Almaty: 09:00 passed today, 23:00 not yet (missed yesterday)
    sender = Recorder()
    scheduler = AsyncIOScheduler(timezone=UTC)
    deliverer = Deliverer(store, settings(), sender, clock=clock, sleep=clock.sleep, limiter=clock.limiter())
    digests = DigestScheduler(scheduler, deliverer)
    await digests.start()
    assert [c for c, _, _ in sender.sent] == [1]
    assert scheduler.get_job(SWEEP_JOB) is not None
    async with store.conn.execute("SELECT chat_id, local_date, status FROM digest_deliveries") as cur:
        assert [tuple(r) for r in await cur.fetchall()] == [(1, "2026-11-25", "sent")]
    await digests.sweep()  # a second pass sends nothing again
    assert len(sender.sent) == 1

    late = Recorder()
    late_deliverer = Deliverer(
        store, settings(digest_send_missed_yesterday=True), late, clock=clock, sleep=clock.sleep,
        limiter=clock.limiter(),
    )
    assert await late_deliverer.catch_up() == {2: Outcome.SENT}  # yesterday's 23:00, when configured
    async with store.conn.execute(
        "SELECT local_date FROM digest_deliveries WHERE chat_id = 2"
    ) as cur:
        assert [r[0] for r in await cur.fetchall()] == ["2026-11-24"]


async def test_no_catch_up_for_a_fire_time_before_the_subscription(store: Store) -> None:
    clock = FakeClock(utc(2026, 11, 25, 6))  # 11:00 in Almaty, after today's 09:00
    await upsert_subscription(store, 3, DigestTime("09:00", "Asia/Almaty"), clock())
    await add_article(store, ingested_at=utc(2026, 11, 24), title="An invented summit")
    deliverer = Deliverer(store, settings(), Recorder(), clock=clock, sleep=clock.sleep)
    assert await deliverer.due() == []
    clock.now = utc(2026, 11, 26, 4, 1)  # tomorrow 09:01
    assert await deliverer.due() == [(3, date(2026, 11, 26))]


async def test_a_fired_job_delivers_through_the_scheduler_callback(store: Store) -> None:
    clock = FakeClock(utc(2026, 11, 25, 4))
    await upsert_subscription(store, 9, DigestTime("09:00", "Asia/Almaty"), clock() - timedelta(days=1))
    await add_article(store, ingested_at=utc(2026, 11, 24, 20), title="A fictional accord is signed")
    sender = Recorder()
    scheduler = AsyncIOScheduler(timezone=UTC)
    digests = DigestScheduler(scheduler, Deliverer(store, settings(), sender, clock=clock, sleep=clock.sleep))
    await digests.rebuild()
    job = scheduler.get_job(f"{JOB_PREFIX}9")
    await job.func(*job.args)  # what the AsyncIOExecutor runs at 09:00
    assert "A fictional accord is signed" in sender.texts(9)[0]
    sub = await get_subscription(store.conn, 9)
    assert sub is not None and sub.last_sent_at == utc(2026, 11, 25, 4)
