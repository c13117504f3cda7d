"""Date ranges as users type them: '2018', '2018-01', 'January 2018', 'Jan 2018', '18 January 2018',
'2018-01..2018-06', '2018-01 to 2018-06', 'from January to June 2018', 'since 2017', 'before 2019'.

A range is half-open on ISO text (`lo <= date < hi`), which is how the store compares its partial dates:
a month range holds the month and its days, not an event known only to the year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from bot.dates import PartialDate

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    r"(?<![\w])(?:"
    r"(?P<iso>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?!\d)"
    rf"|(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<mon>{_MONTH_RE})\.?(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)?"
    r"(?:\s+(?P<year>\d{4}))?"
    r")(?![\w])"
)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
_JOIN_RE = re.compile(r"^\s*(?:\.\.\.?|to|until|till|through|thru|and|-|–|—)\s*$", re.IGNORECASE)
_BEFORE_RE = re.compile(r"(?:\b(from|between|since|after|before|until|in|on|during|of)\s*)$", re.IGNORECASE)


@dataclass(frozen=True)
class DateRange:
    lo: str | None  # inclusive ISO text, None = open
    hi: str | None  # exclusive ISO text, None = open
    label: str  # how answers say it: "January 2018", "2018-01 to 2018-06", "since 2017"

    def norm(self) -> str:
        """A compact form that find_range reads back: '2018-01', '2018-01..2018-06', '2017..', '..2019'."""
        lo = PartialDate.parse(self.lo)
        if lo is not None and self.hi is not None and _next(lo) == self.hi:
            return lo.iso()
        return f"{self.lo or ''}..{_last(self.hi) or ''}"


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    date: PartialDate | None  # None when a month has no year (yet)
    month: int | None


def _hits(text: str) -> list[_Hit]:
    out: list[_Hit] = []
    for m in _DATE_RE.finditer(text):
        if m.group("iso"):
            parts = m.group("iso").split("-")
            iso = "-".join([parts[0], *(p.zfill(2) for p in parts[1:])])
            d = PartialDate.parse(iso)
            if d is None or not 1000 <= d.year <= 2999:
                continue
            out.append(_Hit(m.start(), m.end(), d, d.month))
            continue
        month = _MONTHS[m.group("mon").lower().rstrip(".")]
        day_s = m.group("d1") or m.group("d2")
        year_s = m.group("year")
        if year_s is None:
            if m.group("mon").lower() in {"may", "march", "mar"} and not day_s:
                continue  # too often an ordinary word
            out.append(_Hit(m.start(), m.end(), None, month))
            continue
        iso = f"{int(year_s):04d}-{month:02d}" + (f"-{int(day_s):02d}" if day_s else "")
        d = PartialDate.parse(iso)
        if d is not None and 1000 <= d.year <= 2999:  # the years an ISO date is read in, so norm() reads back
            out.append(_Hit(m.start(), m.end(), d, month))
    return out


def _next(d: PartialDate) -> str:
    """The exclusive upper bound of a partial date."""
    if d.month is None:
        return f"{d.year + 1:04d}"
    if d.day is None:
        return f"{d.year + 1:04d}-01" if d.month == 12 else f"{d.year:04d}-{d.month + 1:02d}"
    return (dt.date(d.year, d.month, d.day) + dt.timedelta(days=1)).isoformat()


def _last(hi: str | None) -> str | None:
    """The inclusive form of an exclusive bound made by _next (for labels and norm())."""
    if hi is None:
        return None
    d = PartialDate.parse(hi)
    if d is None:
        return hi
    if d.month is None:
        return f"{d.year - 1:04d}"
    if d.day is None:
        return f"{d.year - 1:04d}-12" if d.month == 1 else f"{d.year:04d}-{d.month - 1:02d}"
    return (dt.date(d.year, d.month, d.day) - dt.timedelta(days=1)).isoformat()


def _say(d: PartialDate) -> str:
    if d.month is None:
        return str(d.year)
    if d.day is None:
        return f"{calendar.month_name[d.month]} {d.year}"
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def find_range(text: str) -> tuple[DateRange | None, str]:
    """The first date or range in `text`, and the text without it (and its 'in', 'from', 'to' words)."""
    hits = _hits(text)
    if not hits:
        return None, text
    first = hits[0]
    if (
        text[first.end : first.end + 2] == ".."
        and first.date is not None
        and (len(hits) == 1 or text[first.end : hits[1].start].strip() != "..")
    ):
        return DateRange(first.date.iso(), None, f"since {_say(first.date)}"), _cut(text, first.start, first.end + 2)
    if first.start >= 2 and text[first.start - 2 : first.start] == ".." and first.date is not None:
        d = first.date
        return DateRange(None, _next(d), f"until {_say(d)}"), _cut(text, first.start - 2, first.end)
    for i, h in enumerate(hits):
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if nxt is not None and _JOIN_RE.match(text[h.end : nxt.start]):
            a, b = h.date, nxt.date
            if a is None and b is not None and h.month is not None:
                a = PartialDate(b.year, h.month)
            if b is None and a is not None and nxt.month is not None:
                b = PartialDate(a.year, nxt.month)
            if a is None or b is None:
                continue
            if _next(b) <= a.iso():  # wholly reversed ("2018-06..2018-01"); ends may differ in precision
                a, b = b, a
            rng = DateRange(a.iso(), _next(b), f"{_say(a)} to {_say(b)}")
            return rng, _cut(text, h.start, nxt.end)
        if h.date is None:
            continue
        before = _BEFORE_RE.search(text[: h.start])
        word = before.group(1).lower() if before else ""
        d = h.date
        if word in {"since", "after"}:
            lo = d.iso() if word == "since" else _next(d)
            rng = DateRange(lo, None, f"{word} {_say(d)}")
        elif word in {"before", "until"}:
            rng = DateRange(None, d.iso() if word == "before" else _next(d), f"{word} {_say(d)}")
        else:
            rng = DateRange(d.iso(), _next(d), _say(d))
        return rng, _cut(text, h.start, h.end)
    return None, text


def _cut(text: str, start: int, end: int) -> str:
    head = _BEFORE_RE.sub("", text[:start])
    return " ".join((head + " " + text[end:]).split())


def parse_range(text: str) -> DateRange | None:
    """A range when `text` is a date or range and nothing else."""
    rng, rest = find_range(text)
    return rng if rng is not None and not rest.strip(" ,.;?!") else None
