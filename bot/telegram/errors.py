"""Telegram's errors, handled: retries for the transient ones, one log line for the rest.

- 429: AIORateLimiter waits the time Telegram asks and retries (`max_retries`).
- Timeouts and network errors: retried here with exponential backoff.
- A handler that fails: one log line with the update id, one short apology to the user.
- Conflict (another instance polling the same token) and polling network errors: one line,
  repeated at most every few minutes, never a traceback loop.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import AIORateLimiter, ContextTypes

from bot.telegram.handlers import APOLOGY

log = logging.getLogger(__name__)

Ctx = ContextTypes.DEFAULT_TYPE
REPEAT_EVERY = 300.0  # seconds between repeats of the same polling complaint


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter (30/s overall, 20/min per group, waits on 429) that also retries timeouts and
    network errors with backoff. getUpdates does not come through here: the updater retries it."""

    def __init__(self, *, network_retries: int = 3, backoff: float = 0.5, **kwargs: Any) -> None:
        kwargs.setdefault("max_retries", 3)
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as exc:  # TimedOut included
                if attempt >= self.network_retries:
                    log.warning("telegram %s failed after %d retries: %s", endpoint, attempt, _describe(exc))
                    raise
                delay = self.backoff * (2**attempt) * (1 + random.random() / 4)
                attempt += 1
                log.warning(
                    "telegram %s: %s; retry %d/%d in %.1f s",
                    endpoint,
                    _describe(exc),
                    attempt,
                    self.network_retries,
                    delay,
                )
                await asyncio.sleep(delay)


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


class Throttled:
    """Log a given complaint once, then at most once every `every` seconds, with a repeat count."""

    def __init__(self, every: float = REPEAT_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self._last: dict[str, float] = {}
        self._count: dict[str, int] = {}

    def reset(self) -> None:
        self._last.clear()
        self._count.clear()

    def __call__(self, key: str, level: int, message: str) -> bool:
        now = self.clock()
        self._count[key] = self._count.get(key, 0) + 1
        last = self._last.get(key)
        if last is not None and now - last < self.every:
            return False
        self._last[key] = now
        repeats = self._count.pop(key) - 1
        log.log(level, "%s%s", message, f" (and {repeats} more times)" if repeats > 0 else "")
        return True


throttled = Throttled()

CONFLICT_LINE = (
    "another instance is getting updates with this bot token (Telegram says Conflict); "
    "stop it, or this one gets no updates"
)


def polling_error(exc: TelegramError) -> None:
    """The updater's error_callback: never raises, never a traceback."""
    if isinstance(exc, Conflict):
        throttled("conflict", logging.ERROR, CONFLICT_LINE)
    elif isinstance(exc, InvalidToken):
        throttled("token", logging.ERROR, "Telegram refused the bot token while polling")
    elif isinstance(exc, RetryAfter):
        throttled("retry", logging.WARNING, f"polling: Telegram asks to wait ({_describe(exc)})")
    else:
        throttled(f"poll:{type(exc).__name__}", logging.WARNING, f"polling: {_describe(exc)}; retrying")


async def on_error(update: object, context: Ctx) -> None:
    """The application's error handler: one line with the update id, one apology, no traceback."""
    error = context.error
    if error is None:
        return
    if update is None:
        if isinstance(error, TelegramError):
            polling_error(error)
        else:
            log.error("error outside any update: %s", _describe(error))
        return
    update_id = update.update_id if isinstance(update, Update) else "?"
    log.error("update %s: handler failed: %s", update_id, _describe(error))
    log.debug("update %s: traceback", update_id, exc_info=error)
    if not isinstance(update, Update) or isinstance(error, Forbidden | RetryAfter):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(APOLOGY[:200])
        elif update.effective_chat is not None and update.inline_query is None:
            message = update.effective_message
            thread = message.message_thread_id if message is not None and message.is_topic_message else None
            await context.bot.send_message(
                update.effective_chat.id, APOLOGY, parse_mode=None, message_thread_id=thread
            )
    except TelegramError as exc:
        log.warning("update %s: could not apologise: %s", update_id, _describe(exc))
