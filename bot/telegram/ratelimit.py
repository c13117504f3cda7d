"""A per-user token bucket, so one user sending many commands can't starve the others.

Each user may send `rate_per_minute` requests in a burst, refilled continuously. The first request
over the limit gets one friendly note; the following ones are dropped silently until a token is back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["ok", "note", "silent"]


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    noted: bool = False


class UserRateLimiter:
    def __init__(
        self, rate_per_minute: int, *, clock: Callable[[], float] = time.monotonic, max_users: int = 50_000
    ) -> None:
        self.capacity = float(max(1, rate_per_minute))
        self.refill_per_second = self.capacity / 60.0
        self.clock = clock
        self.max_users = max_users
        self._buckets: dict[int, _Bucket] = {}

    def check(self, user_id: int) -> Verdict:
        """Take one token for `user_id`: "ok", or "note" (tell them once) / "silent" when over the limit."""
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= self.max_users:
                self._forget_full(now)
            bucket = self._buckets[user_id] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.stamp) * self.refill_per_second)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.noted = False
            return "ok"
        if bucket.noted:
            return "silent"
        bucket.noted = True
        return "note"

    def seconds_until_next(self, user_id: int) -> int:
        bucket = self._buckets.get(user_id)
        if bucket is None or bucket.tokens >= 1.0:
            return 0
        return max(1, round((1.0 - bucket.tokens) / self.refill_per_second))

    def _forget_full(self, now: float) -> None:
        """Drop users whose bucket has refilled: they are indistinguishable from new ones."""
        for user_id, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.stamp) * self.refill_per_second >= self.capacity:
                del self._buckets[user_id]
        if len(self._buckets) >= self.max_users:  # still full: drop the oldest half
            for user_id, _ in sorted(self._buckets.items(), key=lambda kv: kv[1].stamp)[
                : self.max_users // 2
            ]:
                del self._buckets[user_id]
