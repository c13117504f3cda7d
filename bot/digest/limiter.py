"""Send pacing within Telegram's limits: about 30 messages a second overall, 20 a minute per group or
channel, one a second per private chat.  The clock and the sleep are injected so tests check the pacing on
a virtual clock without waiting.

What Telegram counts is when requests arrive, and concurrent requests do not arrive in the order or at
the moment they were let go.  So a send counts from the moment it is let go (`acquire`) until one window
after its answer came back (`release`): the server received it somewhere between those two moments, so
however late a request travels, no window of the server's can hold more sends than the limit.  Every
`acquire` must be paired with one `release` once the answer (or error) is in; `slot()` does both.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]


class RateLimiter:
    def __init__(
        self,
        *,
        per_second: int = 30,
        group_per_minute: int = 20,
        private_per_second: int = 1,
        margin: float = 0.0,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.per_second = per_second
        self.group_per_minute = group_per_minute
        self.private_per_second = private_per_second
        self.stretch = 1.0 + margin  # windows this much longer than Telegram's, if a caller wants slack
        self.clock = clock
        self.sleep = sleep
        self.in_flight = 0  # let go, answer not in yet
        self._answered: deque[float] = deque()  # answer times of the last overall window
        self._chats: dict[int, deque[float]] = {}  # per chat: when each send's answer came (or it left)
        self._released = asyncio.Event()
        self._count = 0
        self.sent_at: list[tuple[int, float]] | None = None  # tests: set to [] to record (chat, time)

    @asynccontextmanager
    async def slot(self, chat_id: int) -> AsyncIterator[None]:
        """`acquire` on entry, `release` on exit (whatever happened to the send)."""
        await self.acquire(chat_id)
        try:
            yield
        finally:
            self.release(chat_id)

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message to `chat_id` keeps every window within its limit, then count it."""
        while True:
            now = self.clock()
            overall = self._overall_wait(now)
            if overall is None:  # every place is taken by a send still in flight: wait for an answer
                self._released.clear()
                await self._released.wait()
                continue
            wait = max(overall, self._chat_wait(chat_id, now))
            if wait <= 0:
                self._count += 1
                if self._count % 1000 == 0:
                    self._forget(now)
                self.in_flight += 1
                self._chats.setdefault(chat_id, deque()).append(now)
                if self.sent_at is not None:
                    self.sent_at.append((chat_id, now))
                return
            await self.sleep(wait)

    def release(self, chat_id: int | None = None) -> None:
        """The answer to one acquired send is in: from now on it counts for one more window."""
        now = self.clock()
        self.in_flight = max(0, self.in_flight - 1)
        self._answered.append(now)
        window = self._chats.get(chat_id) if chat_id is not None else None
        if window:
            window[-1] = max(window[-1], now)
        self._released.set()

    def _overall_wait(self, now: float) -> float | None:
        """Seconds until one more send fits the overall window; None when only an answer can free one."""
        span = self.stretch
        answered = self._answered
        while answered and answered[0] <= now - span:
            answered.popleft()
        if self.in_flight + len(answered) < self.per_second:
            return 0.0
        if not answered:
            return None
        return answered[0] + span - now

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
