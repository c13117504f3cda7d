"""The date of a meeting read from its sentence: the date mention of the meeting's own clause, never one that
belongs to a plan ("is scheduled for"), to an act named beside it ("the treaty signed in May"), or to a later
visit in a relative clause; and the day a story has reached, which undated meetings take."""

from __future__ import annotations

import re

from bot.dates import PartialDate
from bot.extract.dates import DateMention, is_future
from bot.extract.people import SentenceInfo

FUTURE_CLAUSE = re.compile(
    r"(?:to be held|will be held|will take place|is scheduled|are scheduled|scheduled for|"
    r"due to be held|due\s+(?:in|at|on)|planned for)[^,.;]{0,40}$"
)
WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
# a past participle naming another act, whose date follows it: "the agreement signed in X earlier this month"
_PARTICIPLE_DATE = re.compile(
    r"\b(?:signed|adopted|concluded|ratified|launched|approved|established|reached|agreed|announced|"
    r"inaugurated|unveiled|published)\b(?:\s+(?:in|at)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?\s*(?:on\s+)?$"
)


def moves_story_on(day: PartialDate, story: PartialDate | None, pub: PartialDate | None) -> bool:
    """The day someone arrived moves the story there when it is later than where the story is and of the
    publication's year (a date in an aside about the past does not)."""
    if pub is not None and day.year != pub.year:
        return False
    return story is None or (day.year, day.month or 0, day.day or 0) > (story.year, story.month or 0, story.day or 0)


def after_publication(d: PartialDate, pub: PartialDate | None) -> bool:
    """Is d later than the publication date (compared at the coarser of the two precisions)?"""
    if pub is None:
        return False
    a = (d.year, d.month or 0, d.day or 0)
    b = (pub.year, pub.month or 0, pub.day or 0)
    n = 1 + (d.month is not None and pub.month is not None) + (d.day is not None and pub.day is not None)
    return a[:n] > b[:n]


DATELINE_DATE = re.compile(r"^[A-Z][\w\- ]{1,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+(?:\d{4}\s*)?[-–—]")
_RELATIVE = re.compile(r",\s+(?:who|which|whose)\b")
PAST_VERB = re.compile(r"^(?:met|held|had|discussed|received|hosted|talked|spoke|conferred|negotiated|exchanged)$")


def date_for(
    dates: list[DateMention],
    pos: int,
    lo: int,
    hi: int,
    info: SentenceInfo,
    pub: PartialDate | None = None,
    past: bool = False,
) -> PartialDate | None:
    best: DateMention | None = None
    for d in dates:
        if FUTURE_CLAUSE.search(info.text[max(0, d.start - 60) : d.start]):
            continue
        if past and after_publication(d.date, pub):
            continue  # "held a meeting with X, who is to visit Astana next month": not the meeting's date
        if d.start > pos and _PARTICIPLE_DATE.search(info.text[max(pos, d.start - 50) : d.start]):
            continue  # "discussed the agreement signed in Manila earlier this month": the signing's date
        rel = [r for r in _RELATIVE.finditer(info.text, pos, d.start)]
        if rel and is_future(info.text[rel[-1].start() : d.end]):
            continue
        same_clause = hi < d.start <= hi + 160 and not re.search(r"[;]|\.\s", info.text[hi : d.start])
        if not (lo - 60 <= d.start <= hi + 60 or d.start < 20 or same_clause):
            continue  # "X conversed with Y on the sidelines of ... in Oslo on November 1": still its clause
        if (
            d.date.precision == "year"
            and not d.relative
            and d.date.qualifier is None
            and (hi - lo) > 0
            and not (lo <= d.start <= hi)
        ):
            continue
        if best is None or abs(d.start - pos) < abs(best.start - pos):
            best = d
    return best.date if best else None
