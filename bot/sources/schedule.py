"""Each source polled on its own APScheduler interval trigger, as the digests are scheduled.

The jobs follow the sources table: rebuilt at start and re-synced by a sweep (sources added or removed
by the CLI from another process). A job whose source is backing off after failures skips until the
source's `next_due`. Jobs go through the digest's JobSink, so this module needs no telegram.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]

from bot.digest.schedule import JobSink
from bot.ingest.web.fetch import Fetcher
from bot.sources.poll import PollResult, poll_source
from bot.store.db import Store
from bot.store.sources import Source, get_source, list_sources, now_utc

log = logging.getLogger(__name__)

JOB_PREFIX = "source:"
SWEEP_JOB = "source-sweep"

OnPolled = Callable[[PollResult], Awaitable[None]]


class SourceScheduler:
    def __init__(
        self,
        jobs: JobSink,
        store: Store,
        fetcher: Fetcher,
        *,
        allow_private: bool,
        sweep_seconds: float = 60.0,
        on_polled: OnPolled | None = None,
    ) -> None:
        self.jobs = jobs
        self.store = store
        self.fetcher = fetcher
        self.allow_private = allow_private
        self.sweep_seconds = sweep_seconds
        self.on_polled = on_polled
        self._jobs: dict[int, int] = {}  # source id -> interval scheduled

    def private_ok(self, source: Source) -> bool:
        """Sources the operator added (CLI) may be anywhere; those added from Telegram follow the setting."""
        return self.allow_private or (source.added_by or "cli") == "cli"

    def add(self, source: Source) -> None:
        job_id = JOB_PREFIX + str(source.id)
        if self._jobs.get(source.id) == source.interval_seconds and self.jobs.has(job_id):
            return
        source_id = source.id

        async def fire() -> None:
            await self.poll(source_id)

        due = datetime.fromisoformat(source.next_due)
        now = now_utc()
        self.jobs.add(
            job_id,
            f"source {source.id} every {source.interval_seconds} s",
            IntervalTrigger(seconds=max(1, source.interval_seconds), timezone=UTC),
            fire,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            next_run_time=max(due, now),
        )
        self._jobs[source.id] = source.interval_seconds

    def remove(self, source_id: int) -> None:
        self._jobs.pop(source_id, None)
        self.jobs.remove(JOB_PREFIX + str(source_id))

    async def rebuild(self) -> int:
        sources = await list_sources(self.store)
        wanted = {s.id for s in sources}
        for source_id in list(self._jobs):
            if source_id not in wanted:
                self.remove(source_id)
        for source in sources:
            self.add(source)
        return len(sources)

    async def start(self) -> None:
        count = await self.rebuild()
        log.info("sources: %d source(s) scheduled", count)
        self.jobs.add(
            SWEEP_JOB, "source sweep", IntervalTrigger(seconds=self.sweep_seconds), self.sweep,
            coalesce=True, max_instances=1,
        )

    async def sweep(self) -> None:
        try:
            await self.rebuild()
        except Exception:
            log.exception("sources: sweep failed; will try again")

    async def poll(self, source_id: int) -> PollResult | None:
        """One scheduled poll: skipped while the source backs off, or when it was removed."""
        source = await get_source(self.store, source_id)
        if source is None:
            self.remove(source_id)
            return None
        ahead = (datetime.fromisoformat(source.next_due) - now_utc()).total_seconds()
        if ahead > source.interval_seconds / 2:  # backing off (a poll due at the next fire is not skipped)
            return None
        result = await poll_source(self.store, self.fetcher, source, allow_private=self.private_ok(source))
        level = logging.WARNING if result.status == "failed" else logging.INFO
        log.log(level, "source %s", result.line())
        if self.on_polled is not None:
            try:
                await self.on_polled(result)
            except Exception:
                log.exception("sources: after-poll hook failed")
        return result
