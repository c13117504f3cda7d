"""Where an article's publication date is found when its header does not give it.

In order: the URL (`/2019/03/05/`, `/2019/03/`, `/20190305.htm`, `/2019-03-05-…`, a bare `/2019/` segment),
then the text itself: a line that is only a date near the top ("25 August 2021", "29 November 2016, 21:08",
"17/01/2017 11:32" when the day cannot be the month), a place and a date alone on a line ("Nairobi, April 3, 2020."),
a dateline ("Bishkek, March 2, 2021 –"), or a full date in the first sentence ("on Wednesday, August 21,
2024"). A date with another word before it on its line ("Flag Thursday, 25 April 2024", "Hoy April 24")
is page furniture (a menu's clock, a site's "today"), never the publication date.
"""

from __future__ import annotations

import re
from datetime import date

from bot.dates import PartialDate

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for m in names
}
_MONTH = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|" \
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DMY = rf"(?P<d1>\d{{1,2}})\s+{_MONTH},?\s+(?P<y1>(?:19|20)\d\d)"
_MDY = rf"{_MONTH.replace('mon', 'mon2')}\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:19|20)\d\d)"
_ISO = r"(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)"
_ANY = rf"(?:{_DMY}|{_MDY}|{_ISO})"
_NUMERIC = r"(?P<a4>\d{1,2})[/.](?P<b4>\d{1,2})[/.](?P<y4>(?:19|20)\d\d)"  # 17/01/2017: read only when unambiguous
_DATE_LINE = re.compile(
    rf"^{_WEEKDAY}(?:{_ANY}|{_NUMERIC})(?:[,|\s]+\d{{1,2}}:\d\d(?:\s*[ap]\.?m\.?)?.*)?\s*$", re.I
)
_DATELINE = re.compile(rf"^[A-Z][\w\-’' ]{{1,40}},\s+{_WEEKDAY}{_ANY}\s*(?:\([^)]*\)\s*)?[-–—:]", re.I)
# a place and a date alone on a line: "Nairobi, April 3, 2020."
_NO_WEEKDAY_BEFORE_COMMA = r"(?![^,]*\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)"  # "Flag Thursday, 25 April"
_PLACE_DATE_LINE = re.compile(
    rf"^{_NO_WEEKDAY_BEFORE_COMMA}[A-Z][\w\-’' ]{{1,40}},\s+{_WEEKDAY}{_ANY}\.?\s*$", re.I
)
_FIRST_SENTENCE = re.compile(rf"\bon\s+{_WEEKDAY}{_ANY}", re.I)

_URL_YMD = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(?:(\d{1,2})/)?")
_URL_COMPACT = re.compile(r"(?<![\d])((?:19|20)\d{2})(\d{2})(\d{2})(?![\d])")
_URL_DASHED = re.compile(r"(?<![\d])((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?(?![\d])")
_URL_YEAR = re.compile(r"/((?:19|20)\d{2})/(?!\d)")


def _valid(year: int, month: int, day: int | None) -> PartialDate | None:
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def from_url(url: str | None) -> PartialDate | None:
    """A date in a URL's path; the host and the query never count."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url).split("?", 1)[0].split("#", 1)[0]
    m = _URL_YMD.search(path)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None  # "/2018/13/": not a date at all
        return _valid(year, month, int(m.group(3)) if m.group(3) else None) or _valid(year, month, None)
    for rx in (_URL_COMPACT, _URL_DASHED):
        for m in rx.finditer(path):
            found = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
            if found:
                return found
    m = _URL_YEAR.search(path)
    return PartialDate(int(m.group(1))) if m else None


def _from_match(m: re.Match[str]) -> PartialDate | None:
    g = m.groupdict()
    if g.get("y1"):
        return _valid(int(g["y1"]), _MONTHS[g["mon"].lower().rstrip(".")], int(g["d1"]))
    if g.get("y2"):
        return _valid(int(g["y2"]), _MONTHS[g["mon2"].lower().rstrip(".")], int(g["d2"]))
    if g.get("y3"):
        return _valid(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    if g.get("y4"):
        a, b = int(g["a4"]), int(g["b4"])
        if a > 12 >= b or a == b:
            return _valid(int(g["y4"]), b, a)  # day first (17/01/2017)
        if b > 12 >= a:
            return _valid(int(g["y4"]), a, b)  # month first (01/17/2017)
    return None  # 05/03/2019: the fifth of March or the third of May, the text does not say


def from_text(lines: list[str], title: str | None = None) -> PartialDate | None:
    """The publication date the text states near its top, if any (see the module's docstring)."""
    top = [line.strip() for line in lines if line.strip()][:10]
    start = 0
    if title:  # a date line after the headline is the article's; one before it may be the site's
        start = next((i for i, line in enumerate(top) if line == title.strip()), -1) + 1
    for line in top[start:] + top[:start]:
        m = _DATE_LINE.match(line) or _PLACE_DATE_LINE.match(line)
        if m:
            return _from_match(m)
    for line in top:
        if len(line) < 80:
            continue  # the first paragraph of text, not a menu or a headline
        m = _DATELINE.match(line)
        if m:
            return _from_match(m)
        m = _FIRST_SENTENCE.search(line[:250])  # the opening sentence (abbreviations make splitting unsure)
        return _from_match(m) if m else None
    return None
