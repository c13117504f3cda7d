"""UTC timestamps as the store keeps them, and the injectable clock that lets tests control time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """'YYYY-MM-DDTHH:MM:SS+00:00': whole seconds, so string order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the store keeps aware UTC times only")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat(timespec="seconds")


def parse_utc(text: str) -> datetime:
    """Read a stored UTC time (a naive one is taken as UTC)."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def floor_second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)
