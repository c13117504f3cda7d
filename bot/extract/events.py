"""Dated events for the timeline: speeches, debates, presentations, ceremonies, visits, signings,
launches, briefings, forums, inaugurations and planned events, one per date a sentence names.

An event takes the date written next to it; with none, the article's date (or no date for a
plan the text does not date). The summary is the event's clause with people by their surnames.
"""

from __future__ import annotations

import re

from bot.dates import PartialDate
from bot.extract.dates import DateMention, is_future
from bot.extract.people import Person, SentenceInfo
from bot.extract.summary import TAIL as _TAIL
from bot.extract.summary import summary as _summary
from bot.extract.types import EventRecord

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "planned",
        re.compile(
            r"\b(?:will be held|to be held|will take place|is scheduled|are scheduled|scheduled for|"
            r"expected to(?: be)?|plans to|planned|will host|would repeat|will visit|is to visit|"
            r"will travel)\b",
            re.I,
        ),
    ),
    ("signing", re.compile(r"\b(?:signed|signing)\b", re.I)),
    ("ceremony", re.compile(r"\b(?:ceremony|celebrat\w+|commemorat\w+)\b", re.I)),
    ("inauguration", re.compile(r"\b(?:inaugurat\w+|officially opened)\b", re.I)),
    ("launch", re.compile(r"\b(?:launch(?:ed|es|ing)?|began|kicked off|opened)\b", re.I)),
    ("presentation", re.compile(r"\b(?:present(?:ed|ing|ation)|unveil\w*)\b", re.I)),
    ("briefing", re.compile(r"\b(?:briefing|briefed|press conference)\b", re.I)),
    ("debate", re.compile(r"\bdebates?\b", re.I)),
    ("speech", re.compile(r"\b(?:spoke|speech|addressed|remarks|lecture)\b", re.I)),
    ("visit", re.compile(r"\b(?:visit(?:ed|s|ing)?|trip|tour|arrived|travel(?:led|ed|s)?)\b", re.I)),
    (
        "forum",
        re.compile(r"\b(?:forum|summit|conference|congress|session|assembly|exhibition|festival)\b", re.I),
    ),
    ("meeting", re.compile(r"\b(?:meeting|met|talks|consultations|negotiations|received|hosted)\b", re.I)),
    (
        "review",
        re.compile(r"\b(?:review|finali[sz]ed|adopted|adoption|approved|ratified|ratification)\b", re.I),
    ),
    ("election", re.compile(r"\b(?:elected|election|appointed|took office|sworn in)\b", re.I)),
]
_ALL = re.compile("|".join(f"(?P<{kind}>{rx.pattern})" for kind, rx in _KINDS), re.I)


def find_events(
    infos: list[SentenceInfo], people: list[Person], dates: list[list[DateMention]], pub: PartialDate | None
) -> list[EventRecord]:
    """Events of the article, in text order."""
    out: list[EventRecord] = []
    prev_subject = -1
    for info in infos:
        text = info.text
        subject = -1
        if info.mentions and info.mentions[0].start <= 4:
            subject = info.mentions[0].person
        elif re.match(r"(?:He|She)\b", text) and prev_subject >= 0:
            subject = prev_subject
        if subject >= 0:
            prev_subject = subject
        hits = [(m.start(), m.lastgroup or "event") for m in _ALL.finditer(text)]
        if not hits:
            continue
        hits.sort()
        who = [m.person for m in info.mentions]
        if subject >= 0 and subject not in who:
            who.insert(0, subject)
        names = list(dict.fromkeys(people[p].name for p in who))
        tail = _TAIL.search(text)
        cut = tail.start() if tail else len(text)
        ds = [
            d
            for d in dates[info.index]
            if not d.text.lower().startswith(("by ", "since ", "until ")) and d.start < cut
        ]
        if not ds:
            future = is_future(text)
            date = None if future and any(k == "planned" for _, k in hits) else pub
            start, kind = hits[0]
            kind = "planned" if any(k == "planned" for _, k in hits) else kind
            out.append(
                EventRecord(_summary(info, people, None, start, subject), date, names, None, kind, text)
            )
            continue
        for d in ds:
            start, kind = min(hits, key=lambda h: abs(h[0] - d.start))
            near = [k for s, k in hits if abs(s - d.start) < 60]
            if "planned" in near:
                kind = "planned"
            out.append(
                EventRecord(_summary(info, people, d, start, subject), d.date, names, None, kind, text)
            )
    return out
