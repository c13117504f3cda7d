"""Dates and ranges as users type them become half-open ISO ranges; other text is left alone."""

from __future__ import annotations

import pytest

from bot.answers.fmt import human_date
from bot.answers.ranges import find_range, parse_range


@pytest.mark.parametrize(
    ("typed", "lo", "hi", "label"),
    [
        ("2018", "2018", "2019", "2018"),
        ("2018-01", "2018-01", "2018-02", "January 2018"),
        ("January 2018", "2018-01", "2018-02", "January 2018"),
        ("Jan 2018", "2018-01", "2018-02", "January 2018"),
        ("18 January 2018", "2018-01-18", "2018-01-19", "18 January 2018"),
        ("January 18, 2018", "2018-01-18", "2018-01-19", "18 January 2018"),
        ("2018-12", "2018-12", "2019-01", "December 2018"),
        ("2018-01..2018-06", "2018-01", "2018-07", "January 2018 to June 2018"),
        ("2018-01 to 2018-06", "2018-01", "2018-07", "January 2018 to June 2018"),
        ("from January to June 2018", "2018-01", "2018-07", "January 2018 to June 2018"),
        ("between 2016 and 2018", "2016", "2019", "2016 to 2018"),
        ("2018-06..2018-01", "2018-01", "2018-07", "January 2018 to June 2018"),
        ("since 2017", "2017", None, "since 2017"),
        ("2017..", "2017", None, "since 2017"),
        ("before 2019", None, "2019", "before 2019"),
        ("..2019", None, "2020", "until 2019"),
        ("2018-12-31", "2018-12-31", "2019-01-01", "31 December 2018"),
    ],
)
def test_ranges(typed: str, lo: str | None, hi: str | None, label: str) -> None:
    rng = parse_range(typed)
    assert rng is not None
    assert (rng.lo, rng.hi, rng.label) == (lo, hi, label)
    again = parse_range(rng.norm())
    assert again is not None and (again.lo, again.hi) == (lo, hi)


@pytest.mark.parametrize("typed", ["2018-13", "May", "12345", "abc2018", "Smith", "", "2018-02-30"])
def test_not_ranges(typed: str) -> None:
    assert parse_range(typed) is None


def test_range_inside_other_words() -> None:
    rng, rest = find_range("meetings of Smith in January 2018 please")
    assert rng is not None and rng.lo == "2018-01"
    assert rest == "meetings of Smith please"


def test_human_dates_keep_their_precision() -> None:
    assert human_date("2018-06", "late") == "late June 2018"
    assert human_date("2018-01") == "January 2018"
    assert human_date("2018-01-18") == "18 January 2018"
    assert human_date("2018") == "2018"
    assert human_date(None) == "undated"
