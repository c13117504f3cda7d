"""Logging for the worker: one line per event, and the bot token never written anywhere.

httpx logs every request URL at INFO, and Bot API URLs contain the token, so httpx is kept at
WARNING; on top of that every log record is redacted when it is created (message, arguments and
exception text), whichever handler later writes it.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any
from urllib.parse import quote

REDACTED = "<redacted>"

_secrets: set[str] = set()
_installed = False
_previous_factory = logging.getLogRecordFactory()


def _forms(secret: str) -> set[str]:
    """The secret as it may appear in text: as is, URL-quoted, and its private part after the colon."""
    forms = {secret, quote(secret, safe=""), quote(secret)}
    _, sep, tail = secret.partition(":")
    if sep and len(tail) >= 16:
        forms.add(tail)
    return {f for f in forms if len(f) >= 8}


def redact(text: str) -> str:
    for form in sorted((f for s in _secrets for f in _forms(s)), key=len, reverse=True):
        if form in text:
            text = text.replace(form, REDACTED)
    return text


def _record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _previous_factory(*args, **kwargs)
    if not _secrets:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: leave it to the handler's own error reporting
        return record
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[0] is not None:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redact(text)
    return record


class RedactingFilter(logging.Filter):
    """For handlers set up elsewhere (records made before `protect_secret` are cleaned here too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            clean = redact(message)
            if clean != message:
                record.msg, record.args = clean, None
            if record.exc_text:
                record.exc_text = redact(record.exc_text)
        return True


def protect_secret(secret: str | None) -> None:
    """Redact `secret` from every log record from now on."""
    global _installed
    if not secret:
        return
    _secrets.add(secret)
    if not _installed:
        logging.setLogRecordFactory(_record_factory)
        _installed = True
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def quiet_noisy_loggers(level: str) -> None:
    """The worker logs at `level`; libraries that log URLs or chatter per request stay at WARNING."""
    logging.getLogger("bot").setLevel(getattr(logging, level, logging.INFO))
    for name in ("httpx", "httpcore", "aiosqlite", "apscheduler.executors.default", "apscheduler.scheduler", "hpack"):
        logging.getLogger(name).setLevel(logging.WARNING)
