"""Reading `/subscribe [HH:MM] [TIME_ZONE]`: a local time and a zone, or a clear note on what is accepted.

Zones are IANA names (any case: `europe/berlin` works) or fixed offsets (`UTC+5`, `UTC-03:30`, `GMT+2`,
`+0530`). They are stored in one canonical spelling so the scheduler can rebuild them from SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ACCEPTED = (
    "Use a 24-hour time like 08:30 and a time zone like Europe/Berlin, Asia/Almaty or UTC+5 "
    "(both optional), e.g. /subscribe 08:30 Europe/Berlin"
)

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
_OFFSET = re.compile(r"^(?:(?:UTC|GMT|Z)\s*)?([+-−])\s*(\d{1,2})(?::?([0-5]\d))?$", re.IGNORECASE)
_UTC_WORDS = {"utc", "gmt", "z", "zulu", "utc+0", "utc-0", "gmt+0", "gmt-0"}


class ScheduleInputError(ValueError):
    """Bad time or zone; `str(exc)` is a sentence to show the user as is."""


@dataclass(frozen=True)
class DigestTime:
    """A daily local time in a zone, canonical: `at` is 'HH:MM', `tz` an IANA name or 'UTC+05:30'."""

    at: str
    tz: str

    @property
    def hour(self) -> int:
        return int(self.at[:2])

    @property
    def minute(self) -> int:
        return int(self.at[3:5])

    def local_time(self) -> time:
        return time(self.hour, self.minute)

    def zone(self) -> tzinfo:
        return load_zone(self.tz)


def parse_time(text: str) -> str:
    """'8:05', '08:05', '08.05' or '08h05' → '08:05'."""
    m = _TIME.match(text.strip())
    if not m:
        raise ScheduleInputError(f"I can't read “{_clip(text)}” as a time. {ACCEPTED}")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def parse_zone(text: str) -> str:
    """An IANA name (case-insensitive) or an offset from UTC → canonical spelling."""
    raw = text.strip()
    if raw.lower() in _UTC_WORDS:
        return "UTC"
    m = _OFFSET.match(raw)
    if m:
        sign = -1 if m.group(1) in "-−" else 1
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        total = sign * (hours * 60 + minutes)
        if not -12 * 60 <= total <= 14 * 60:
            raise ScheduleInputError(
                f"“{_clip(text)}” is not an offset from UTC between -12 and +14. {ACCEPTED}"
            )
        return _offset_name(total)
    name = _zone_names().get(raw.lower())
    if name is None:
        raise ScheduleInputError(f"I don't know the time zone “{_clip(text)}”. {ACCEPTED}")
    return name


def parse_subscribe_args(args: list[str], default_at: str, default_tz: str) -> DigestTime:
    """Arguments after /subscribe in any order: at most one time and one zone; defaults fill the rest."""
    at: str | None = None
    tz: str | None = None
    for arg in args:
        if not arg.strip():
            continue
        if _TIME.match(arg.strip()) or re.fullmatch(r"\d{1,2}[:.h]\d+", arg.strip()):
            if at is not None:
                raise ScheduleInputError(f"Two times given. {ACCEPTED}")
            at = parse_time(arg)
            continue
        if tz is not None:
            raise ScheduleInputError(
                f"Two time zones given (or a word I can't read: “{_clip(arg)}”). {ACCEPTED}"
            )
        tz = parse_zone(arg)
    return DigestTime(at or parse_time(default_at), tz or parse_zone(default_tz))


def load_zone(name: str) -> tzinfo:
    """The tzinfo for a canonical zone name from the store (see `parse_zone`)."""
    if name == "UTC":
        return UTC
    if name.startswith("UTC") and len(name) == 9:  # UTC+05:30
        sign = -1 if name[3] == "-" else 1
        minutes = sign * (int(name[4:6]) * 60 + int(name[7:9]))
        return timezone(timedelta(minutes=minutes), name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleInputError(f"I don't know the time zone “{_clip(name)}”. {ACCEPTED}") from exc


def _offset_name(total_minutes: int) -> str:
    if total_minutes == 0:
        return "UTC"
    sign = "-" if total_minutes < 0 else "+"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    names = {n.lower(): n for n in available_timezones()}
    names.pop("localtime", None)
    return names


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
