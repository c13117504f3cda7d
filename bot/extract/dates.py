"""Date expressions in a sentence, resolved against the publication date with their precision.

"Jan. 18" in an article of 2018-01 is 2018-01-18; "late June" is a month flagged "late";
"in June of last year" is the previous year's June; "on the same day" is the last day the text
named; a day-month without a year takes the year that puts it nearest the publication date,
leaning to the past for past-tense sentences and to the future for plans.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.dates import PartialDate

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_M = (
    r"(?P<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_Q = (
    r"(?P<q>early|mid|late|the end of|end of|the beginning of|beginning of|the middle of|middle of|"
    r"the first half of|the second half of)"
)
_MD = re.compile(
    rf"\b{_M}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}|\s+and\s+\d{{1,2}})?"
    rf"(?:,?\s+(?P<y>\d{{4}}))?\b"
)
_DM = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?\s+(?:of\s+)?{_M}"
    rf"(?:,?\s+(?P<y>\d{{4}}))?\b"
)
_MONTH = re.compile(
    rf"(?:\b{_Q}[\s-]+|\b(?P<prep>[Ii]n|since|by|until|till|during|from|through|throughout|for|"
    rf"before|after|[Ll]ast|[Nn]ext|[Tt]his|of)\s+)?\b{_M}(?!\.?\s*\d{{1,2}}\b)"
    rf"(?:\s+of\s+(?P<rel>last|next|this)\s+year|,?\s+(?P<y>\d{{4}}))?\b"
)
_YEAR_REL = re.compile(
    rf"(?:\b{_Q}[\s-]+)?\b(?P<rel>last|next|this|the current|the previous|the following|"
    rf"the coming|the past) year\b",
    re.I,
)
_YEAR = re.compile(
    rf"\b(?P<prep>[Ii]n|since|by|until|during|from|of|for|[Ee]arly|[Ll]ate|[Mm]id)[\s-]+(?:the\s+)?"
    rf"(?:{_Q}\s+)?(?P<y>(?:19|20)\d\d)\b(?!\s*(?:Agenda|Strategy|Vision|Goals|Olympic|-))"
)
_DAYREL = re.compile(
    r"\b(?:on\s+)?(?P<w>(?:that\s+|the\s+)?same\s+day|(?:earlier|later)\s+(?:in\s+)?(?:the|that)\s+day|"
    r"that\s+day|the\s+(?:next|following)\s+day|(?:at\s+|by\s+|towards?\s+)?the\s+end\s+of\s+(?:the|this)\s+month|"
    r"the\s+(?:day\s+before|previous\s+day)|a\s+day\s+(?:earlier|before|later|after)|yesterday|today|tomorrow|"
    r"(?:earlier\s+|later\s+)?(?:this|last|next)\s+(?:week|month))\b",
    re.I,
)
_WEEKDAY = re.compile(
    r"\b(?:(?P<rel>[Oo]n|[Ll]ast|[Tt]his|[Nn]ext)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?!,?\s+(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|\d))"
)
_WORKDAY = re.compile(r"\b(?:on\s+)?the\s+first\s+(?:working|business)\s+day\s+of\s+(?:the|this)\s+year\b", re.I)
_FUTURE = re.compile(
    r"\b(will|shall|to be held|is to|are to|scheduled|expected|plans?|planned|planning|"
    r"intends?|upcoming|forthcoming|next|would|due to|is set to|are set to)\b",
    re.I,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the sentence
    end: int
    date: PartialDate
    text: str
    relative: bool = False  # "on the same day", "yesterday": read from another date


@lru_cache(maxsize=4096)  # asked of one sentence by dates, meetings and events alike
def is_future(sentence: str) -> bool:
    return bool(_FUTURE.search(sentence))


def _anchor(pub: PartialDate) -> dt.date:
    return dt.date(pub.year, pub.month or 7, pub.day or (15 if pub.month else 1))


def _pick_year(month: int, day: int | None, pub: PartialDate, future: bool) -> int:
    if day is None and pub.month is not None:
        # a month alone: the latest such month so far, or for plans the next one
        if future:
            return pub.year if month >= pub.month else pub.year + 1
        return pub.year if month <= pub.month else pub.year - 1
    ref = _anchor(pub)
    best_y, best = pub.year, 10**9
    for y in (pub.year - 1, pub.year, pub.year + 1):
        d = (dt.date(y, month, min(day or 15, calendar.monthrange(y, month)[1])) - ref).days
        score = abs(d)
        if future and d < -20:
            score += 120
        if not future and d > 20:
            score += 120
        if score < best:
            best_y, best = y, score
    return best_y


_WEEKDAY_BEFORE = re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[\w\s]{0,12},?\s*$")


def _weekday_year(before: str, month: int, day: int, pub: PartialDate) -> int | None:
    """ "Wednesday, 29 January" with no year: the one year near publication whose 29 January is a Wednesday."""
    m = _WEEKDAY_BEFORE.search(before)
    if m is None:
        return None
    want = _WEEKDAYS.index(m.group("wd").lower())
    fits = [
        y
        for y in (pub.year - 1, pub.year, pub.year + 1)
        if day <= calendar.monthrange(y, month)[1] and dt.date(y, month, day).weekday() == want
    ]
    return fits[0] if len(fits) == 1 else None


def _qual(q: str | None) -> str | None:
    if not q:
        return None
    q = q.lower().replace("the ", "")
    return {
        "end of": "late",
        "beginning of": "early",
        "middle of": "mid",
        "first half of": "early",
        "second half of": "late",
    }.get(q, q)


def _rel_year(rel: str, pub: PartialDate) -> int:
    rel = rel.lower()
    if rel in ("last", "the previous", "the past"):
        return pub.year - 1
    if rel in ("next", "the following", "the coming"):
        return pub.year + 1
    return pub.year


def _make(y: int, m: int | None, d: int | None, q: str | None = None) -> PartialDate | None:
    if m is not None and d is not None and not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return PartialDate(y, m, d, q)


def _first_working_day(year: int) -> PartialDate:
    d = dt.date(year, 1, 2)
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return PartialDate(d.year, d.month, d.day)


_ANY = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|year|day|week|month|[Yy]esterday|"
    r"[Tt]oday|[Tt]omorrow"
)


def find_dates(sentence: str, pub: PartialDate | None, previous: list[PartialDate]) -> list[DateMention]:
    """Date expressions of one sentence, resolved; `previous` holds the days named before it."""
    if not _ANY.search(sentence):
        return []
    future = is_future(sentence)
    found: list[DateMention] = []

    def add(m: re.Match[str], date: PartialDate | None, relative: bool = False) -> None:
        if date is not None:
            found.append(DateMention(m.start(), m.end(), date, m.group(), relative))

    for rx in (_MD, _DM):
        for m in rx.finditer(sentence):
            mon = _MONTHS[m.group("m")[:3].lower()]
            day = int(m.group("d"))
            if m.group("y"):
                year = int(m.group("y"))
            elif pub is not None:
                year = _weekday_year(sentence[max(0, m.start() - 30) : m.start()], mon, day, pub) or _pick_year(
                    mon, day, pub, future
                )
            else:
                continue
            add(m, _make(year, mon, day))
    for m in _MONTH.finditer(sentence):
        q, prep, rel, y = m.group("q"), m.group("prep"), m.group("rel"), m.group("y")
        word = m.group("m")
        if not (q or prep or rel or y):
            continue
        if word == "May" and not (
            q
            or y
            or rel
            or (prep and prep.lower() in ("in", "since", "by", "until", "during", "last", "next", "this", "of"))
        ):
            continue
        mon = _MONTHS[word[:3].lower()]
        if y:
            year = int(y)
        elif pub is None:
            continue
        elif rel:
            year = _rel_year(rel, pub)
        elif prep and prep.lower() == "last":
            year = pub.year if mon < (pub.month or 13) else pub.year - 1
        elif prep and prep.lower() == "next":
            year = pub.year if mon > (pub.month or 0) else pub.year + 1
        else:
            year = _pick_year(mon, None, pub, future)
        add(m, _make(year, mon, None, _qual(q)))
    if pub is not None:
        for m in _YEAR_REL.finditer(sentence):
            add(m, PartialDate(_rel_year(m.group("rel"), pub), None, None, _qual(m.group("q"))))
        for m in _WORKDAY.finditer(sentence):
            year = pub.year + (1 if future and (pub.month or 1) > 1 else 0)
            add(m, _first_working_day(year))
    for m in _YEAR.finditer(sentence):
        prep = m.group("prep").lower()
        q = m.group("q") or (prep if prep in ("early", "late", "mid") else None)
        add(m, PartialDate(int(m.group("y")), None, None, _qual(q)))
    for m in _DAYREL.finditer(sentence):
        w = " ".join(m.group("w").lower().split())
        base: PartialDate | None = None
        if "end of" in w:  # "at the end of the month": the month, late
            if pub is not None and pub.month is not None:
                add(m, PartialDate(pub.year, pub.month, None, "late"), relative=True)
            continue
        if "same day" in w or w.endswith(("that day", "the day")):
            cands = [d for d in previous if d.day is not None]
            if pub is not None and not future and pub.precision == "day":
                past = [d for d in cands if d <= PartialDate(pub.year, pub.month, pub.day)]
                cands = past or cands
            base = cands[-1] if cands else None
            add(m, base, relative=True)
            continue
        if pub is None or pub.day is None:
            if pub is not None and pub.month is not None and ("month" in w or "week" in w or w in ("today",)):
                add(m, PartialDate(pub.year, pub.month), relative=True)
            continue
        ref = dt.date(pub.year, pub.month or 1, pub.day)
        said = " ".join(w.split())
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "a day earlier": -1, "a day before": -1}.get(said)
        if said in ("a day later", "a day after"):
            shift = 1
        last = previous[-1] if previous else None
        if said.startswith("a day ") and last is not None and last.day is not None and last.month is not None:
            ref = dt.date(last.year, last.month, last.day)  # "A day earlier": than the day the story is at
        if shift is None and ("next day" in w or "following day" in w) and previous:
            p = previous[-1]
            if p.day is not None and p.month is not None:
                d = dt.date(p.year, p.month, p.day) + dt.timedelta(days=1)
                add(m, PartialDate(d.year, d.month, d.day), relative=True)
            continue
        if shift is None and ("day before" in w or "previous day" in w) and previous:
            p = previous[-1]
            if p.day is not None and p.month is not None:
                d = dt.date(p.year, p.month, p.day) - dt.timedelta(days=1)
                add(m, PartialDate(d.year, d.month, d.day), relative=True)
            continue
        if shift is not None:
            d = ref + dt.timedelta(days=shift)
            add(m, PartialDate(d.year, d.month, d.day), relative=True)
        elif "week" in w:
            d = ref + dt.timedelta(days=-7 if "last" in w else 7 if "next" in w else 0)
            add(m, PartialDate(d.year, d.month), relative=True)
        elif "month" in w:
            mon = (pub.month or 1) + (-1 if "last" in w else 1 if "next" in w else 0)
            year = pub.year + (-1 if mon < 1 else 1 if mon > 12 else 0)
            add(m, PartialDate(year, (mon - 1) % 12 + 1), relative=True)
    if pub is not None and pub.day is not None:
        for m in _WEEKDAY.finditer(sentence):
            if any(0 <= f.start - m.end() <= 20 and not f.relative for f in found):
                continue  # "on Wednesday afternoon, 29 January": the weekday names the date that follows
            ref = dt.date(pub.year, pub.month or 1, pub.day)
            want = _WEEKDAYS.index(m.group("wd").lower())
            delta = (ref.weekday() - want) % 7
            rel = (m.group("rel") or "on").lower()
            ahead = rel == "next" or (future and rel != "last")
            d = (
                ref + dt.timedelta(days=(7 - delta) % 7 or (7 if rel == "next" else 0))
                if ahead
                else ref - dt.timedelta(days=delta)
            )
            add(m, PartialDate(d.year, d.month, d.day), relative=True)
    # keep the longest of overlapping matches
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[DateMention] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out
