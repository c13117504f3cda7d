"""Send pacing within Telegram's limits: about 30 messages a second overall, 20 a minute per group or
channel, one a second per private chat.  Sliding windows over the last sends; the clock and the sleep are
injected so tests check the pacing on a virtual clock without waiting.  Windows are `margin` (10%) longer
than Telegram's, because what counts there is when requests arrive, and concurrent requests do not arrive
in the order or at the moment they were let go.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


class RateLimiter:
    def __init__(
        self,
        *,
        per_second: int = 30,
        group_per_minute: int = 20,
        private_per_second: int = 1,
        margin: float = 0.1,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.per_second = per_second
        self.group_per_minute = group_per_minute
        self.private_per_second = private_per_second
        self.stretch = 1.0 + margin
        self.clock = clock
        self.sleep = sleep
        self._all: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._count = 0
        self.sent_at: list[tuple[int, float]] | None = None  # tests: set to [] to record (chat, time)

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message to `chat_id` keeps every window within its limit, then count it."""
        while True:
            now = self.clock()
            overall = self._wait(self._all, now, self.per_second, self.stretch)
            wait = max(overall, self._chat_wait(chat_id, now))
            if wait <= 0:
                self._count += 1
                if self._count % 1000 == 0:
                    self._forget(now)
                self._all.append(now)
                self._chats.setdefault(chat_id, deque()).append(now)
                if self.sent_at is not None:
                    self.sent_at.append((chat_id, now))
                return
            await self.sleep(wait)

    def _chat_wait(self, chat_id: int, now: float) -> float:
        window = self._chats.get(chat_id)
        if window is None:
            return 0.0
        if chat_id < 0:  # groups, supergroups and channels have negative ids
            return self._wait(window, now, self.group_per_minute, 60.0 * self.stretch)
        return self._wait(window, now, self.private_per_second, self.stretch)

    def _forget(self, now: float) -> None:
        """Drop chats with nothing in their window, so a long-running worker does not grow."""
        def quiet(chat_id: int, window: deque[float]) -> bool:
            span = 60.0 * self.stretch if chat_id < 0 else self.stretch
            return not window or window[-1] <= now - span

        for chat_id in [c for c, w in self._chats.items() if quiet(c, w)]:
            del self._chats[chat_id]

    @staticmethod
    def _wait(window: deque[float], now: float, limit: int, span: float) -> float:
        while window and window[0] <= now - span:
            window.popleft()
        if len(window) < limit:
            return 0.0
        return window[0] + span - now
