"""Dated events for the timeline: speeches, debates, presentations, ceremonies, visits, signings,
launches, briefings, forums, inaugurations and planned events, one per date a sentence names.

An event takes the date written next to it; with none, the article's date (or no date for a
plan the text does not date). The summary is the event's clause with people by their surnames.
"""

from __future__ import annotations

import re

from bot.dates import PartialDate
from bot.extract.dates import DateMention, is_future
from bot.extract.lexicon import Lexicon
from bot.extract.people import Person, SentenceInfo
from bot.extract.summary import TAIL as _TAIL
from bot.extract.summary import summary as _summary
from bot.extract.types import EventRecord

_ANAPHORA = re.compile(r"^(?:The|This|That)\s+(?:meeting|talks|visit|event|ceremony|conversation|signing)\b")
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
        if kind is None:
            kind = next((k for pre, k in lex.event_prefixes if key.startswith(pre)), None)
        if kind is not None:
            out.append((t.start, kind))
    return out


def find_events(
    infos: list[SentenceInfo],
    people: list[Person],
    dates: list[list[DateMention]],
    pub: PartialDate | None,
    lex: Lexicon,
) -> list[EventRecord]:
    """Events of the article, in text order."""
    out: list[EventRecord] = []
    prev_subject = -1
    prev_day: PartialDate | None = None  # the day the previous sentence named, for "The meeting took place ..."
    dated_nouns: dict[str, PartialDate] = {}  # event noun -> the day its first dated mention gave
    for info in infos:
        text = info.text
        days = [d.date for d in dates[info.index] if d.date.day is not None]
        last_day, prev_day = prev_day, (days[-1] if days else None)
        subject = -1
        if info.mentions and info.mentions[0].start <= 4:
            subject = info.mentions[0].person
        elif re.match(r"(?:He|She)\b", text) and prev_subject >= 0:
            subject = prev_subject
        if subject >= 0:
            prev_subject = subject
        hits = _hits(info, lex)
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
            future = is_future(text)
            date = None if future and any(k == "planned" for _, k in hits) else pub
            if date is pub and last_day is not None and _ANAPHORA.match(text):
                date = last_day  # "The meeting took place on the sidelines of ...": the day just named
            if date is pub:
                named = _named_before(text, hits, dated_nouns)
                date = named or date  # "X also attended the reception": the reception's day
            start, kind = hits[0]
            kind = "planned" if any(k == "planned" for _, k in hits) else kind
            out.append(EventRecord(_summary(info, people, None, start, subject), date, names, None, kind, text))
            continue
        for pos, _k in hits:  # "hosted a reception on 2 March": a later "the reception" is that day
            noun = _word_at(text, pos)
            day = next((d.date for d in ds if d.date.day is not None), None)
            if day is not None and noun not in dated_nouns:
                dated_nouns[noun] = day
        quotes = _quoted_spans(text)
        recall = _RECALL.search(text)
        if recall is not None and all(d.start > recall.start() for d in ds):
            # "X spoke at the forum, recalling that Astana hosted the summit in 2010": the speech is now
            before = [h for h in hits if h[0] < recall.start()]
            if before:
                start, kind = before[0]
                when = last_day if last_day is not None and _ANAPHORA.match(text) else pub
                out.append(EventRecord(_summary(info, people, None, start, subject), when, names, None, kind, text))
            hits = [h for h in hits if h[0] > recall.start()] or hits
        for d in ds:
            start, kind = min(hits, key=lambda h: abs(h[0] - d.start))
            near = [k for s, k in hits if abs(s - d.start) < 60]
            if "planned" in near:
                kind = "planned"
            if _inside(d.start, quotes) and not _inside(start, quotes):
                # '"Our chairmanship in 2010 ...," X said at a press conference': the year is the quote's
                when = last_day if last_day is not None and _ANAPHORA.match(text) else pub
                out.append(EventRecord(_summary(info, people, None, start, subject), when, names, None, kind, text))
                continue
            out.append(EventRecord(_summary(info, people, d, start, subject), d.date, names, None, kind, text))
    return out
