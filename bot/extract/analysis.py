"""Per-sentence reading shared by every later step: tokens, lexicon tags, name runs, dates."""

from __future__ import annotations

import re
from collections import Counter

from bot.dates import PartialDate
from bot.extract.dates import DateMention, find_dates
from bot.extract.lexicon import Lexicon
from bot.extract.names import find_runs
from bot.extract.people import SentenceInfo
from bot.extract.sentences import Sentence
from bot.extract.tagger import tag
from bot.extract.tokens import tokenize


def analyse(sents: list[Sentence], lex: Lexicon) -> list[SentenceInfo]:
    out = []
    for s in sents:
        toks = tokenize(s.text)
        tags = tag(toks, lex)
        out.append(SentenceInfo(s.index, s.para, s.text, toks, tags, find_runs(toks, tags, lex)))
    return out


def dominant_country(infos: list[SentenceInfo], dateline: str | None = None) -> str | None:
    """The state the article is mostly about (most named, by name, demonym or city; the state of the
    dateline's city counts twice more: "ASTANA –" says whose news it is)."""
    counts: Counter[str] = Counter()
    if dateline:
        counts[dateline] += 2
    for info in infos:
        seen: set[int] = set()
        for t in info.tags:
            if t is not None and id(t) not in seen and t.kind in ("country", "demonym", "place") and t.value:
                seen.add(id(t))
                counts[t.value] += 1
    top = counts.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


_REPORTED = re.compile(r"\b(?:said|says|told|announced|reported|stated|added)\s+(?:on\s+)?$")


def resolve_dates(infos: list[SentenceInfo], pub: PartialDate | None) -> list[list[DateMention]]:
    """Date mentions of every sentence, each resolved against what came before."""
    previous: list[PartialDate] = []
    out: list[list[DateMention]] = []
    for info in infos:
        found = find_dates(info.text, pub, previous)
        out.append(found)
        for d in found:
            if d.date.day is not None and not _REPORTED.search(info.text[max(0, d.start - 30) : d.start]):
                previous.append(d.date)  # "the ministry said Friday": when it was said, not what the story is at
    return out
