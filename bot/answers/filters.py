"""FILTER of /meetings and /timeline: people, countries, a date range and (for /timeline) plain words.

'Orlov', 'Orlov and Wang 2018', 'Russian', 'January 2018', '#12, 2018-01..2018-06' all read here.
The normalised form (`Filter.norm()`) is what the reply's command carries, and reads back the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answers import countries, fmt, words
from bot.answers.countries import CountryMatch
from bot.answers.name_index import NameIndex
from bot.answers.ranges import DateRange, find_range
from bot.answers.reply import Reply
from bot.answers.who import CONFIDENT, MATCH, Resolution, choose_reply, not_found_reply, resolve
from bot.store.db import Store
from bot.store.records import PersonSummary
from bot.textnorm import fold

MAX_FILTER = 200
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?\b", re.IGNORECASE)
_SEP = re.compile(r"\s*(?:[,;&+/]|\band\b|\bwith\b|\bvs\b\.?|\bversus\b)\s*", re.IGNORECASE)
_FILLER_EXTRA = {"meetings", "meeting", "timeline", "events", "event", "happened"}


def _filler() -> frozenset[str]:
    return words.filler() | _FILLER_EXTRA


@dataclass
class Filter:
    people: list[PersonSummary] = field(default_factory=list)
    countries: list[CountryMatch] = field(default_factory=list)
    range: DateRange | None = None
    words: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # as stored
    place_labels: list[str] = field(default_factory=list)  # as the user named them
    calls: bool = False  # phone or video calls only
    # a name several people fit equally (plain questions): person id -> the others it may be
    alike: dict[int, list[int]] = field(default_factory=dict)

    def norm(self) -> str:
        parts = [f"#{p.id}" for p in self.people] + [c.label for c in self.countries]
        parts += self.place_labels
        parts += self.words
        if self.calls:
            parts.append("calls")
        if self.range is not None:
            parts.append(self.range.norm())
        return ", ".join(parts)

    def label(self) -> str:
        bits: list[str] = []
        if self.people:
            bits.append(" and ".join(p.name for p in self.people))
        if self.countries:
            bits.append(f" {self.country_join} ".join(c.label for c in self.countries))
        if self.place_labels:
            bits.append("in " + " or ".join(self.place_labels))
        if self.calls:
            bits.append("calls")
        if self.words:
            bits.append("“" + " ".join(self.words) + "”")
        if self.range is not None:
            bits.append(self.range.label)
        return fmt.clip(" — ".join(bits), 150)

    country_join: str = "and"  # meetings: every country takes part; timeline: any of them

    @property
    def empty(self) -> bool:
        return not (self.people or self.countries or self.range or self.words or self.places or self.calls)

    @property
    def day(self) -> str | None:
        """The day when the range is exactly one day ('2018-01-18'), else None."""
        r = self.range
        if r is None or r.lo is None or r.hi is None or len(r.lo) != 10:
            return None
        return r.lo if r.norm() == r.lo else None


def _strip_filler(text: str) -> str:
    skip = _filler()
    ws = text.split()
    while ws and fold(ws[0]) in skip:
        ws.pop(0)
    while ws and fold(ws[-1]) in skip:
        ws.pop()
    return " ".join(ws)


def _take_calls(part: str, f: Filter) -> str:
    """The part without words asking for calls ('phone calls', 'calls'), noting them on `f`."""
    calls = words.call_words()
    kept = [w for w in part.split() if fold(w) not in calls]
    if len(kept) != len(part.split()):
        f.calls = True
    return " ".join(kept)


async def parse_filter(
    store: Store, idx: NameIndex, text: str, command: str, *, words_ok: bool, best_guess: bool = False
) -> Filter | Reply:
    """Read FILTER; a Reply when it needs the user (several people fit, or nobody does).

    With `best_guess` (plain questions), a name several people fit is read as the most named of them."""
    text = " ".join(text.split())[:MAX_FILTER]
    rng, rest = find_range(text)
    f = Filter(range=rng)
    threshold = CONFIDENT if words_ok else MATCH
    for raw in _SEP.split(rest):
        part = _strip_filler(_take_calls(_strip_filler(raw.strip(" .?!\"'“”«»()[]{}")), f))
        part = _POSSESSIVE.sub("", part)
        if not fold(part) and not part.startswith("#"):
            continue
        country = None if part.startswith("#") else countries.lookup(part, idx.countries)
        if country is not None:
            if country not in f.countries:
                f.countries.append(country)
            continue
        res = resolve(idx, part, threshold) if part.startswith("#") else _resolve_name(idx, part.split(), threshold)
        if res.person is not None and res.score >= 99.0:
            if res.person not in f.people:
                f.people.append(res.person)
            continue
        stored_places = [] if part.startswith("#") else idx.places.lookup(part)
        if stored_places:
            f.places += [x for x in stored_places if x not in f.places]
            f.place_labels.append(part)
            continue
        split = _each_word(idx, part, threshold)
        if split:
            f.people += [p for p in split if p not in f.people]
            continue
        if not part.startswith("#") and len(part.split()) > 1 and _tag(idx, part, f, words_ok):
            continue
        if res.person is not None:
            if res.person not in f.people:
                f.people.append(res.person)
            continue
        if res.ambiguous and best_guess:
            _add_best(f, idx, res)
            continue
        if res.ambiguous:
            rest_norm = _norm_without(f, rng)
            action = "/" + command + " #{id}" + (", " + rest_norm if rest_norm else "")
            if len(action.encode()) > 50:
                action = "/" + command + " #{id}"
            return await choose_reply(store, res, f"/{command} {text}", action)
        if words_ok and not part.startswith("#"):
            f.words += [w for w in part.split() if fold(w)][:6]
            continue
        return await _nobody(store, idx, res, command, text)
    return f


def _most_named(idx: NameIndex, res: Resolution) -> PersonSummary:
    """Of people a name fits equally well, the one named in most articles (mention counts when loaded)."""
    return max(res.choices, key=lambda m: (m.person.mentions, m.person.articles, -m.person.id)).person


def _add_best(f: Filter, idx: NameIndex, res: Resolution) -> None:
    """The most named of the people a name fits, the others kept as what it may also mean."""
    best = _most_named(idx, res)
    if best not in f.people:
        f.people.append(best)
        f.alike[best.id] = [m.person.id for m in res.choices if m.person.id != best.id]


def _resolve_name(
    idx: NameIndex, tokens: list[str], threshold: float, common: frozenset[str] | None = None
) -> Resolution:
    """The people `tokens` name. Words such as 'presidents' or 'talks' never make a match by themselves
    ('presidents' is not 'Residents'): when the words without them name nobody, neither do the words."""
    common = _common() if common is None else common
    text = " ".join(tokens)
    res = resolve(idx, text, threshold)
    core = [t for t in tokens if fold(t) not in common]
    if len(core) != len(tokens) and (res.person is not None or res.ambiguous) and res.score < 99.0:
        alone = resolve(idx, " ".join(core), threshold) if core else Resolution(text)
        if alone.person is None and not alone.ambiguous:
            return Resolution(text, closest=res.choices or alone.closest)
    return res


def _common() -> frozenset[str]:
    return words.section("not_a_name") | _filler()


def _tag(idx: NameIndex, part: str, f: Filter, words_ok: bool) -> bool:
    """Read a run of words with no separators ('Umarov in New York', 'Lavrov Finland 2018') as the people,
    countries and places it names, longest runs first; True when it named at least one of them (the
    words left over are kept as words where words are allowed, else dropped)."""
    skip = _filler()
    common = _common()
    tokens = [t.strip(" .?!,;:\"'“”«»()[]{}") for t in part.split()]
    tokens = [_POSSESSIVE.sub("", t) for t in tokens if t]
    found = False
    left: list[str] = []
    i = 0
    while i < len(tokens):
        if fold(tokens[i]) in skip or not fold(tokens[i]):
            i += 1
            continue
        for j in range(min(len(tokens), i + 4), i, -1):
            span = tokens[i:j]
            if any(fold(t) in skip for t in span[1:]):
                continue
            text = " ".join(span)
            country = countries.lookup(text, idx.countries)
            if country is not None:
                if country not in f.countries:
                    f.countries.append(country)
                break
            stored = idx.places.lookup(text) if (j - i > 1 or fold(text) in idx.places.forms) else []
            if stored:
                f.places += [x for x in stored if x not in f.places]
                f.place_labels.append(text)
                break
            if j - i == 1 and (len(fold(text)) < 3 or fold(text) in common):
                continue
            if all(fold(t) in common for t in span):
                continue
            res = _resolve_name(idx, span, CONFIDENT, common)
            if res.ambiguous:
                _add_best(f, idx, res)
                break
            if res.person is not None:
                if res.person not in f.people:
                    f.people.append(res.person)
                break
        else:
            left.append(tokens[i])
            i += 1
            continue
        found = True
        i = j
    if found and words_ok:
        f.words += [w for w in left if fold(w)][:6]
    return found


def _norm_without(f: Filter, rng: DateRange | None) -> str:
    g = Filter(
        people=list(f.people),
        countries=list(f.countries),
        range=rng,
        words=list(f.words),
        place_labels=list(f.place_labels),
        calls=f.calls,
    )
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
