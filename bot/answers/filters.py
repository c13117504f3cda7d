"""FILTER of /meetings and /timeline: people, countries, a date range and (for /timeline) plain words.

'Orlov', 'Orlov and Wang 2018', 'Russian', 'January 2018', '#12, 2018-01..2018-06' all read here.
The normalised form (`Filter.norm()`) is what the reply's command carries, and reads back the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answers import countries, fmt
from bot.answers.countries import CountryMatch
from bot.answers.name_index import NameIndex
from bot.answers.ranges import DateRange, find_range
from bot.answers.reply import Reply
from bot.answers.who import CONFIDENT, MATCH, Resolution, choose_reply, not_found_reply, resolve
from bot.store.db import Store
from bot.store.records import PersonSummary
from bot.textnorm import fold

MAX_FILTER = 200
_SEP = re.compile(r"\s*(?:[,;&+/]|\band\b|\bwith\b|\bvs\b\.?|\bversus\b)\s*", re.IGNORECASE)
_FILLER = {
    "of",
    "by",
    "for",
    "the",
    "in",
    "on",
    "at",
    "between",
    "about",
    "from",
    "meetings",
    "meeting",
    "met",
    "meet",
    "timeline",
    "events",
    "event",
    "all",
    "any",
    "did",
    "has",
    "have",
    "who",
    "when",
    "what",
    "happened",
    "with",
    "and",
    "to",
    "a",
    "an",
}


@dataclass
class Filter:
    people: list[PersonSummary] = field(default_factory=list)
    countries: list[CountryMatch] = field(default_factory=list)
    range: DateRange | None = None
    words: list[str] = field(default_factory=list)

    def norm(self) -> str:
        parts = [f"#{p.id}" for p in self.people] + [c.label for c in self.countries]
        parts += self.words
        if self.range is not None:
            parts.append(self.range.norm())
        return ", ".join(parts)

    def label(self) -> str:
        bits: list[str] = []
        if self.people:
            bits.append(" and ".join(p.name for p in self.people))
        if self.countries:
            bits.append(" or ".join(c.label for c in self.countries))
        if self.words:
            bits.append("“" + " ".join(self.words) + "”")
        if self.range is not None:
            bits.append(self.range.label)
        return fmt.clip(" — ".join(bits), 150)

    @property
    def empty(self) -> bool:
        return not (self.people or self.countries or self.range or self.words)


def _strip_filler(text: str) -> str:
    words = text.split()
    while words and fold(words[0]) in _FILLER:
        words.pop(0)
    while words and fold(words[-1]) in _FILLER:
        words.pop()
    return " ".join(words)


async def parse_filter(store: Store, idx: NameIndex, text: str, command: str, *, words_ok: bool) -> Filter | Reply:
    """Read FILTER; a Reply when it needs the user (several people fit, or nobody does)."""
    text = " ".join(text.split())[:MAX_FILTER]
    rng, rest = find_range(text)
    f = Filter(range=rng)
    threshold = CONFIDENT if words_ok else MATCH
    for raw in _SEP.split(rest):
        part = _strip_filler(raw.strip(" .?!\"'“”«»()[]{}"))
        if not fold(part) and not part.startswith("#"):
            continue
        country = None if part.startswith("#") else countries.lookup(part, idx.countries)
        if country is not None:
            f.countries.append(country)
            continue
        res = resolve(idx, part, threshold)
        if res.person is not None:
            if res.person not in f.people:
                f.people.append(res.person)
            continue
        if res.ambiguous:
            rest_norm = _norm_without(f, rng)
            action = "/" + command + " #{id}" + (", " + rest_norm if rest_norm else "")
            if len(action.encode()) > 50:
                action = "/" + command + " #{id}"
            return await choose_reply(store, res, f"/{command} {text}", action)
        split = _each_word(idx, part, threshold)
        if split:
            f.people += [p for p in split if p not in f.people]
            continue
        if words_ok and not part.startswith("#"):
            f.words += [w for w in part.split() if fold(w)][:6]
            continue
        return await _nobody(store, idx, res, command, text)
    return f


def _norm_without(f: Filter, rng: DateRange | None) -> str:
    g = Filter(people=list(f.people), countries=list(f.countries), range=rng, words=list(f.words))
    return g.norm()


def _each_word(idx: NameIndex, part: str, threshold: float) -> list[PersonSummary]:
    """'Orlov Wang' without 'and': each word names one person confidently, or this is not that."""
    words = part.split()
    if len(words) < 2 or len(words) > 4:
        return []
    found: list[PersonSummary] = []
    for w in words:
        r = resolve(idx, w, max(threshold, CONFIDENT))
        if r.person is None:
            return []
        found.append(r.person)
    return found if len({p.id for p in found}) == len(found) else []


async def _nobody(store: Store, idx: NameIndex, res: Resolution, command: str, text: str) -> Reply:
    reply = await not_found_reply(store, res, f"/{command} {text}", "/" + command + " #{id}", idx)
    q = fmt.clip(res.query, 60)
    if idx.people:
        reply.title = f"No person or country called “{q}”"
        first = reply.pages[0].lines[0]
        first.spans[0].text = (
            f"“{q}” is neither a person I know nor a country, and not a date "
            f"(dates look like 2018, 2018-01, January 2018 or 2018-01..2018-06)."
        )
    return reply
