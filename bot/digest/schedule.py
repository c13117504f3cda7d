"""One cron trigger per active subscription, in the subscription's own time zone.

APScheduler's CronTrigger works in local wall time of its zone, so 09:00 Europe/Berlin stays 09:00 across
daylight-saving changes.  On the night a wall time happens twice the trigger fires twice and the claim
keeps the second from sending; a wall time that does not exist fires just after the gap.

The schedule is rebuilt from SQLite at start and re-synced by a sweep every minute, which also sends what
is due but not sent (downtime earlier today, a subscription made by the CLI from another process, a crashed
send).  Jobs go through a small JobSink: a plain APScheduler scheduler (SchedulerSink) here and in tests,
python-telegram-bot's JobQueue in the bot (bot/telegram/digest_handlers.py), so this module needs no telegram.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol

from apscheduler.schedulers.base import BaseScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from bot.digest.deliver import Deliverer
from bot.digest.subscriptions import Subscription, list_subscriptions
from bot.digest.timeparse import DigestTime

log = logging.getLogger(__name__)

JOB_PREFIX = "digest:"
SWEEP_JOB = "digest-sweep"


def trigger_for(when: DigestTime) -> CronTrigger:
    return CronTrigger(hour=when.hour, minute=when.minute, timezone=when.zone())


def next_fire(when: DigestTime, now: datetime) -> datetime | None:
    """The next post time after `now`, in the subscription's zone (what /settings shows)."""
    moment = trigger_for(when).get_next_fire_time(None, now)
    return moment.astimezone(when.zone()) if moment is not None else None


JobFunc = Callable[[], Awaitable[None]]


class JobSink(Protocol):
    """Where jobs live: add (replacing a job of the same id), remove, look up."""

    def add(self, job_id: str, name: str, trigger: Any, func: JobFunc, **options: Any) -> None: ...

    def remove(self, job_id: str) -> None: ...

    def has(self, job_id: str) -> bool: ...


class SchedulerSink:
    """Jobs on a plain APScheduler 3 scheduler."""

    def __init__(self, scheduler: BaseScheduler) -> None:
        self.scheduler = scheduler

    def add(self, job_id: str, name: str, trigger: Any, func: JobFunc, **options: Any) -> None:
        self.remove(job_id)  # explicit: replace_existing does not reach jobs of a scheduler not started
        self.scheduler.add_job(func, trigger=trigger, id=job_id, name=name, replace_existing=True, **options)

    def remove(self, job_id: str) -> None:
        job = self.scheduler.get_job(job_id)
        if job is not None:
            job.remove()

    def has(self, job_id: str) -> bool:
        return self.scheduler.get_job(job_id) is not None


class DigestScheduler:
    """Keeps the APScheduler jobs equal to the active subscriptions in the store."""

    def __init__(
        self,
        jobs: JobSink | BaseScheduler,
        deliverer: Deliverer,
        *,
        sweep_seconds: float = 60.0,
        misfire_grace_seconds: int = 3600,
    ) -> None:
        self.jobs: JobSink = SchedulerSink(jobs) if isinstance(jobs, BaseScheduler) else jobs
        self.deliverer = deliverer
        self.sweep_seconds = sweep_seconds
        self.misfire_grace_seconds = misfire_grace_seconds
        self._jobs: dict[int, tuple[str, str]] = {}  # chat_id -> (at, tz) currently scheduled

    def add(self, sub: Subscription) -> None:
        """Schedule (or reschedule after a change) one subscription; paused ones are removed."""
        if sub.status != "active":
            self.remove(sub.chat_id)
            return
        key = (sub.at, sub.tz)
        job_id = JOB_PREFIX + str(sub.chat_id)
        if self._jobs.get(sub.chat_id) == key and self.jobs.has(job_id):
            return
        chat_id = sub.chat_id

        async def fire() -> None:
            await self._fire(chat_id)

        self.jobs.add(
            job_id,
            f"digest {sub.chat_id} {sub.at} {sub.tz}",
            trigger_for(sub.schedule),
            fire,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=self.misfire_grace_seconds,
        )
        self._jobs[sub.chat_id] = key

    def remove(self, chat_id: int) -> None:
        self._jobs.pop(chat_id, None)
        self.jobs.remove(JOB_PREFIX + str(chat_id))

    def scheduled(self) -> dict[int, tuple[str, str]]:
        return dict(self._jobs)

    async def rebuild(self) -> int:
        """Make the jobs match the active subscriptions in SQLite; returns how many are scheduled."""
        subs = await list_subscriptions(self.deliverer.store.conn, "active")
        wanted = {s.chat_id for s in subs}
        for chat_id in list(self._jobs):
            if chat_id not in wanted:
                self.remove(chat_id)
        for sub in subs:
            self.add(sub)
        return len(subs)

    async def start(self) -> None:
        """At start: rebuild from SQLite, send what was missed earlier today, then sweep every minute."""
        count = await self.rebuild()
        log.info("digest: %d subscription(s) scheduled", count)
        self.jobs.add(
            SWEEP_JOB, "digest sweep", IntervalTrigger(seconds=self.sweep_seconds), self.sweep,
            coalesce=True, max_instances=1,
        )
        await self.deliverer.catch_up()

    async def sweep(self) -> None:
        try:
            await self.rebuild()
            await self.deliverer.catch_up()
        except Exception:
            log.exception("digest: sweep failed; will try again")

    async def _fire(self, chat_id: int) -> None:
        outcome = await self.deliverer.deliver(chat_id)
        log.debug("digest: chat %s fired: %s", chat_id, outcome)
