"""/subscribe [HH:MM] [TIME_ZONE]: what a user may type and what a bad input is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.timeparse import ScheduleInputError, load_zone, parse_subscribe_args

DEFAULTS = ("09:00", "Asia/Almaty")


@pytest.mark.parametrize(
    ("args", "at", "tz"),
    [
        ([], "09:00", "Asia/Almaty"),
        (["7:05"], "07:05", "Asia/Almaty"),
        (["18:30", "Europe/Berlin"], "18:30", "Europe/Berlin"),
        (["europe/berlin", "06:00"], "06:00", "Europe/Berlin"),
        (["America/New_York"], "09:00", "America/New_York"),
        (["08:00", "UTC+5"], "08:00", "UTC+05:00"),
        (["08:00", "UTC-03:30"], "08:00", "UTC-03:30"),
        (["GMT+2"], "09:00", "UTC+02:00"),
        (["+0530"], "09:00", "UTC+05:30"),
        (["UTC"], "09:00", "UTC"),
        (["utc+0"], "09:00", "UTC"),
        (["23.59", "Etc/GMT+5"], "23:59", "Etc/GMT+5"),
        (["00:00", "Asia/Kolkata"], "00:00", "Asia/Kolkata"),
    ],
)
def test_accepted_forms(args: list[str], at: str, tz: str) -> None:
    when = parse_subscribe_args(args, *DEFAULTS)
    assert (when.at, when.tz) == (at, tz)


def test_offsets_become_fixed_zones() -> None:
    moment = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert moment.astimezone(load_zone("UTC+05:30")).utcoffset() == timedelta(hours=5, minutes=30)
    assert moment.astimezone(load_zone("UTC-03:30")).utcoffset() == timedelta(hours=-3, minutes=-30)
    assert moment.astimezone(load_zone(parse_subscribe_args(["GMT+2"], *DEFAULTS).tz)).hour == 14


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["25:00"], "can't read “25:00” as a time"),
        (["9:7"], "can't read “9:7” as a time"),
        (["Mars/Olympus"], "don't know the time zone “Mars/Olympus”"),
        (["UTC+15"], "between -12 and +14"),
        (["08:00", "09:00"], "Two times"),
        (["Europe/Berlin", "Asia/Almaty"], "Two time zones"),
        (["<b>now</b>"], "don't know the time zone “<b>now</b>”"),
        (["x" * 500], "…"),
    ],
)
def test_bad_input_says_what_is_accepted(args: list[str], says: str) -> None:
    with pytest.raises(ScheduleInputError) as info:
        parse_subscribe_args(args, *DEFAULTS)
    message = str(info.value)
    assert says in message
    assert "24-hour time like 08:30" in message and "Europe/Berlin" in message and "UTC+5" in message
    assert len(message) < 400
