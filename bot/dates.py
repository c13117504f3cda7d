"""Partial dates: a year, a month or a day, as precise as a text allows, never more."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day.

    `qualifier` keeps words like "late" or "early" from "late June" so answers can say them;
    it never changes the ISO form.
    """

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None

    def iso(self) -> str:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precision(self) -> str:
        """"year", "month" or "day"."""
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    @classmethod
    def parse(cls, text: str | None, qualifier: str | None = None) -> PartialDate | None:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else (or an impossible date) is None."""
        if not text:
            return None
        m = _ISO.match(text.strip())
        if not m:
            return None
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None:
            import calendar

            assert month is not None
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                return None
        return cls(year, month, day, qualifier)

    def __str__(self) -> str:
        return self.iso()
