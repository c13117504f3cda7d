"""Dated events for the timeline: speeches, debates, presentations, ceremonies, visits, signings,
launches, briefings, forums, inaugurations and planned events, one per date a sentence names.

An event takes the date written next to it; with none, the day the story has reached (the last day
a past-tense sentence named, near the article's date), else the article's date (or no date for a plan
the text does not date). A date placed before a noun ("the March 3 proposal", "Smith's 2015 deal")
dates that noun as an event. The summary is the event's clause with people by their surnames.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.dates import PartialDate
from bot.extract.dates import DateMention, find_dates, is_future
from bot.extract.lexicon import Lexicon
from bot.extract.people import Person, SentenceInfo
from bot.extract.summary import TAIL as _TAIL
from bot.extract.summary import summary as _summary
from bot.extract.types import EventRecord

_ANAPHORA = re.compile(
    r"^(?:(?:During|At|After|Following|In the course of|Upon|On)\s+)?(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]heir|[Hh]is|[Hh]er)"
    r"\s+(?:meeting|talks|visit|event|ceremony|conversation|signing|negotiations|consultations)\b"
)
_GOES_ON = re.compile(r",\s+(?:recalling|noting|adding|stressing|emphasi[sz]ing|pointing out|reminding|saying)\b")


_RECALL = re.compile(r",?\s+(?:recalling|reminding|recalled|noting)\s+(?:that\s+)?\b")
_QUOTE = re.compile(r"[\"“«][^\"“”«»]{3,}?[\"”»]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quotations of a sentence (an unclosed opening quote runs to the end)."""
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    if not spans and text[:1] in "\"“«":
        spans = [(0, len(text))]
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


_NOUNISH = re.compile(r"[\w-]+")


def _word_at(text: str, pos: int) -> str:
    m = _NOUNISH.match(text, pos)
    return m.group().lower() if m else ""


def _named_before(text: str, hits: list[tuple[int, str]], dated: dict[str, PartialDate]) -> PartialDate | None:
    """The day of an event named earlier and referred to here with "the" ("attended the reception")."""
    for pos, _k in hits:
        noun = _word_at(text, pos)
        if noun in dated and re.search(r"\bthe\s+(?:[\w-]+\s+){0,2}$", text[max(0, pos - 40) : pos]):
            return dated[noun]
    return None


def _hits(info: SentenceInfo, lex: Lexicon) -> list[tuple[int, str]]:
    """(character offset, kind) of every event word of the sentence, in order."""
    out: list[tuple[int, str]] = []
    toks = info.tokens
    prefixes = tuple(pre for pre, _ in lex.event_prefixes)  # one test in C for the words that start none
    for i, t in enumerate(toks):
        if t.kind != "word":
            continue
        key = t.key
        phrases = lex.event_phrases.get(key)
        if phrases:
            hit = next((kind for keys, kind in phrases if tuple(x.key for x in toks[i : i + len(keys)]) == keys), None)
            if hit:
                out.append((t.start, hit))
                continue
        kind = lex.event_words.get(key)
        if kind is None and key.startswith(prefixes):
            kind = next((k for pre, k in lex.event_prefixes if key.startswith(pre)), None)
        if kind is not None:
            out.append((t.start, kind))
    return out


_HAS_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_THIS_YEAR = re.compile(r"^\s+(?:of\s+)?(?:this|last|next|the current|the previous|the following)\s+year\b", re.I)
_BEFORE_NOUN = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|this|that|our)|['’]s)\s+$", re.I)
_BARE_YEAR = re.compile(
    r"(?:\b(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur)|['’]s)\s+(?P<y>(?:19|20)\d\d)(?=\s+[A-Za-z])"
    r"(?!\s+(?:Agenda|Strategy|Vision|Goals|Olympic|and|or|to|[a-z]+s\b))"
)
_NOT_NOUN = frozenset(
    {
        "and", "or", "but", "to", "of", "in", "on", "at", "by", "for", "from", "with", "as", "when", "while", "after",
        "before", "during", "until", "since", "that", "which", "who", "was", "were", "is", "are", "has", "have", "had",
        "will", "would", "could", "should", "may", "might", "be", "been", "the", "a", "an", "this", "its", "it", "he",
        "she", "they", "we", "i", "year", "years",
    }
)
_WORD_AFTER = re.compile(r"\s+([A-Za-z][\w-]*)")


def _day(d: PartialDate) -> tuple[int, int, int]:
    """A date's place in time for comparisons (qualifiers such as "late" left aside)."""
    return (d.year, d.month or 0, d.day or 0)


def _explicit(d: DateMention) -> bool:
    """The mention writes its year ("May 3, 2019", "in 2019"), rather than leaving it to be guessed."""
    return bool(_HAS_YEAR.search(d.text))


def _surrogate_year(infos: list[SentenceInfo], dates: list[list[DateMention]]) -> int | None:
    """For an article that does not say when it was published: the latest year its past-tense
    sentences write out ("as chair in 2020") stands for the year of writing."""
    years = [
        d.date.year for info in infos if not is_future(info.text) for d in dates[info.index] if _explicit(d)
    ]
    return max(years) if years else None


_PAST_VERB_BEFORE = re.compile(r"\b(?:[a-z]{3,}ed|said|told|wrote|spoke|met|held|made|gave|took)\s+$")
_WEEKDAY_NAME = re.compile(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _past_weekday(d: DateMention, ref: PartialDate) -> DateMention:
    """A weekday told by a past-tense verb ("announced on Monday that ... will ...") is the last such day,
    even when the sentence goes on about a plan."""
    m = _WEEKDAY_NAME.search(d.text)
    if m is None or ref.month is None or ref.day is None or is_future(d.text):
        return d
    pub = dt.date(ref.year, ref.month, ref.day)
    day = pub - dt.timedelta(days=(pub.weekday() - _WEEKDAYS.index(m.group(1))) % 7)
    return DateMention(d.start, d.end, PartialDate(day.year, day.month, day.day), d.text, d.relative)


def _reread(
    infos: list[SentenceInfo], dates: list[list[DateMention]], pub: PartialDate | None
) -> tuple[list[list[DateMention]], PartialDate | None]:
    """The dates events take, per sentence, and the reference date they were read against:
    - an undated article reads year-less dates in the year it writes out last;
    - "in September this year" is one month of that year, not a September and a year;
    - a year-less day in a past-tense sentence weeks after the article is in the year just written before it;
    - a publication stamp earlier than the first day the text narrates is only good for its year;
    - "the 2015 deal": a year before a noun dates that noun."""
    ref = pub
    if pub is None:
        year = _surrogate_year(infos, dates)
        if year is not None:
            ref = PartialDate(year)
            previous: list[PartialDate] = []
            reread: list[list[DateMention]] = []
            for info in infos:
                found = [
                    d
                    if _explicit(d) or d.date.month is None
                    else DateMention(d.start, d.end, PartialDate(year, d.date.month, d.date.day), d.text, d.relative)
                    for d in find_dates(info.text, ref, previous)
                ]
                reread.append(found)
                previous += [d.date for d in found if d.date.day is not None]
            dates = reread
    lead = next(
        (d.date for info in infos if not is_future(info.text) for d in dates[info.index]
         if d.date.day is not None and not d.relative),
        None,
    )
    if ref is not None and ref.day is not None and lead is not None and (lead.year, _day(lead)) > (ref.year, _day(ref)):
        ref = PartialDate(ref.year)  # a stamp before the day its lead narrates (a year kept as 1 January)
    out: list[list[DateMention]] = []
    written: set[int] = set()  # years the previous sentence wrote out
    for info in infos:
        text = info.text
        future = is_future(text)
        here = {d.date.year for d in dates[info.index] if _explicit(d)}
        context, written = written | here, here
        ds: list[DateMention] = []
        for d in dates[info.index]:
            if ds and ds[-1].date.precision == "month" and not _explicit(ds[-1]) and d.date.precision == "year":
                prev = ds[-1]
                if _THIS_YEAR.match(text[prev.end : d.end]) or (_explicit(d) and not text[prev.end : d.start].strip()):
                    ds[-1] = DateMention(
                        prev.start, d.end, PartialDate(d.date.year, prev.date.month, None, prev.date.qualifier),
                        text[prev.start : d.end], prev.relative,
                    )
                    continue
            if future and d.relative and ref is not None and _PAST_VERB_BEFORE.search(text[: d.start]):
                d = _past_weekday(d, ref)  # "X confirmed on Monday that he will travel": last Monday
            if (
                not future
                and not d.relative
                and not _explicit(d)
                and d.date.day is not None
                and d.date.month is not None
                and ref is not None
                and ref.day is not None
                and ref.month is not None
                and (dt.date(d.date.year, d.date.month, d.date.day) - dt.date(ref.year, ref.month, ref.day)).days > 20
                and not (d.date.month == 2 and d.date.day == 29)
                and d.date.year - 1 in context
            ):  # "active in 2017. The state visit on 4-5 April ...", published in February 2018: April 2017
                d = DateMention(d.start, d.end, PartialDate(d.date.year - 1, d.date.month, d.date.day), d.text)
            ds.append(d)
        for m in _BARE_YEAR.finditer(text):
            year = int(m.group("y"))
            if ref is not None and year > ref.year:
                continue  # "the 2030 targets": a plan's horizon, not an event
            if any(d.start <= m.start("y") < d.end for d in ds):
                continue
            ds.append(DateMention(m.start("y"), m.end("y"), PartialDate(year), m.group("y")))
        ds.sort(key=lambda d: d.start)
        ds = [  # "on Wednesday afternoon, 29 January": the weekday is that written day
            d
            for d in ds
            if not (
                d.relative
                and _WEEKDAY_NAME.search(d.text)
                and any(not o.relative and o.date.day is not None and 0 <= o.start - d.end <= 25 for o in ds)
            )
        ]
        out.append(ds)
    return out, ref


def _dated_nouns(text: str, ds: list[DateMention], lex: Lexicon) -> list[tuple[int, str]]:
    """(offset, kind) of each noun a date stands before: "Smith's March 3 proposal", "the 2015 deal"."""
    out: list[tuple[int, str]] = []
    for d in ds:
        if d.relative or not d.text[:1].isalnum() or not _BEFORE_NOUN.search(text[: d.start]):
            continue
        m = _WORD_AFTER.match(text, d.end)
        if m is None or m.group(1).lower() in _NOT_NOUN:
            continue
        word = m.group(1).lower()
        out.append((m.start(1), lex.event_words.get(word, "event")))
    return out


_RANGE_GAP = re.compile(r"\s*(?:[-–—]|to|through|till|until|and)\s*", re.I)


def _story_days(text: str, ds: list[DateMention], counted_back: bool) -> list[PartialDate]:
    """The days a sentence writes out as days things happened on. The end of a range ("29 January–1 February",
    a title's span of a trip) is not a day the narrative has reached. A day counted back from the article's
    date ("X on Sunday met Y") counts only when that date can be counted from (`counted_back`)."""
    out: list[PartialDate] = []
    prev: DateMention | None = None
    for d in ds:
        if d.date.day is None:
            continue
        if (counted_back or not d.relative) and (prev is None or not _RANGE_GAP.fullmatch(text[prev.end : d.start])):
            out.append(d.date)
        prev = d
    return out


def _in_story(day: PartialDate, ref: PartialDate | None) -> bool:
    """A day the story itself can be on: the article's own period, or up to a week before its day."""
    if ref is None:
        return True
    if ref.day is None or ref.month is None:
        return day.iso().startswith(ref.iso())
    assert day.month is not None and day.day is not None
    gap = (dt.date(ref.year, ref.month, ref.day) - dt.date(day.year, day.month, day.day)).days
    return 0 <= gap <= 7


def find_events(
    infos: list[SentenceInfo],
    people: list[Person],
    dates: list[list[DateMention]],
    pub: PartialDate | None,
    lex: Lexicon,
) -> list[EventRecord]:
    """Events of the article, in text order."""
    out: list[EventRecord] = []
    dates, ref = _reread(infos, dates, pub)
    prev_subject = -1
    prev_day: PartialDate | None = None  # the day the previous sentence named, for "The meeting took place ..."
    story: PartialDate | None = None  # the day the narrative has reached: "That afternoon, X met Y"
    dated_nouns: dict[str, PartialDate] = {}  # event noun -> the day its first dated mention gave
    # a stamp on the first of a month is often a month kept as a day (2019-11 as 2019-11-01): weekdays
    # counted back from it say nothing about the story's day
    counted_back = pub is not None and pub.day is not None and pub.day > 1
    for info in infos:
        text = info.text
        future = is_future(text)
        days = [d.date for d in dates[info.index] if d.date.day is not None]
        last_day, prev_day = prev_day, (days[-1] if days else None)
        now = story if story is not None else pub  # an undated event: the story's day, else the article's
        if not future:
            for named_day in _story_days(text, dates[info.index], counted_back):
                if _in_story(named_day, ref) and (story is None or _day(named_day) >= _day(story)):
                    story = named_day
        subject = -1
        if info.mentions and info.mentions[0].start <= 4:
            subject = info.mentions[0].person
        elif re.match(r"(?:He|She)\b", text) and prev_subject >= 0:
            subject = prev_subject
        if subject >= 0:
            prev_subject = subject
        hits = _hits(info, lex)
        hits += [h for h in _dated_nouns(text, dates[info.index], lex) if h not in hits]
        if not hits:
            continue
        hits.sort()
        who = [m.person for m in info.mentions]
        if subject >= 0 and subject not in who:
            who.insert(0, subject)
        names = list(dict.fromkeys(people[p].name for p in who))
        tail = _TAIL.search(text)
        cut = tail.start() if tail else len(text)
        if tail and _GOES_ON.search(text, tail.start()):
            cut = len(text)  # '"...," the minister said, recalling that Astana hosted the summit in 2010'

        ds = [
            d for d in dates[info.index] if not d.text.lower().startswith(("by ", "since ", "until ")) and d.start < cut
        ]
        if not ds:
            date = None if future and any(k == "planned" for _, k in hits) else now
            if date is now and last_day is not None and _ANAPHORA.match(text):
                date = last_day  # "The meeting took place on the sidelines of ...": the day just named
                prev_day = date  # and "During the meeting, ..." next: still that day
            if date is now:
                named = _named_before(text, hits, dated_nouns)
                date = named or date  # "X also attended the reception": the reception's day
            start, kind = hits[0]
            kind = "planned" if any(k == "planned" for _, k in hits) else kind
            out.append(EventRecord(_summary(info, people, None, start, subject), date, names, None, kind, text))
            continue
        for pos, _k in hits:  # "hosted a reception on 2 March": a later "the reception" is that day
            noun = _word_at(text, pos)
            day = next((d.date for d in ds if d.date.day is not None), None)
            if day is not None and noun not in dated_nouns and _in_story(day, ref):
                dated_nouns[noun] = day
        quotes = _quoted_spans(text)
        recall = _RECALL.search(text)
        if recall is not None and all(d.start > recall.start() for d in ds):
            # "X spoke at the forum, recalling that Astana hosted the summit in 2010": the speech is now
            before = [h for h in hits if h[0] < recall.start()]
            if before:
                start, kind = before[0]
                when = last_day if last_day is not None and _ANAPHORA.match(text) else now
                out.append(EventRecord(_summary(info, people, None, start, subject), when, names, None, kind, text))
            hits = [h for h in hits if h[0] > recall.start()] or hits
        outside = [h for h in hits if not _inside(h[0], quotes)]
        if quotes and outside and len(outside) < len(hits) and all(_inside(d.start, quotes) for d in ds):
            # '"Our presidency in 2010 ...," X said at a press conference': the quote's event has the
            # quote's date, the press conference the day of the story
            start, kind = outside[0]
            when = last_day if last_day is not None and _ANAPHORA.match(text) else now
            out.append(EventRecord(_summary(info, people, None, start, subject), when, names, None, kind, text))
            hits = [h for h in hits if _inside(h[0], quotes)]
        for d in ds:
            start, kind = min(hits, key=lambda h: abs(h[0] - d.start))
            near = [k for s, k in hits if abs(s - d.start) < 60]
            if "planned" in near:
                kind = "planned"
            if _inside(d.start, quotes) and not _inside(start, quotes):
                # '"Our chairmanship in 2010 ...," X said at a press conference': the year is the quote's
                when = last_day if last_day is not None and _ANAPHORA.match(text) else now
                out.append(EventRecord(_summary(info, people, None, start, subject), when, names, None, kind, text))
                continue
            out.append(EventRecord(_summary(info, people, d, start, subject), d.date, names, None, kind, text))
    return out
