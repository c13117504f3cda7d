"""A fast fuzzy index of people's names, built once per store and rebuilt when the store changes.

rapidfuzz over every name costs ~100 ms at 100,000 names; here a query first picks a small candidate set:
each query word finds the name words equal to it, starting with it, or sharing character trigrams with it
(then checked with rapidfuzz's ratio), and only the names holding those words are scored with WRatio.
"""

from __future__ import annotations

import asyncio
import bisect
import gc
import heapq
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from bot.answers.countries import known_map
from bot.answers.places import PlaceIndex
from bot.store import queries
from bot.store.db import Store
from bot.store.records import PersonSummary
from bot.textnorm import fold, transliterate

MAX_QUERY = 200  # characters of a name query that are looked at
MAX_WORDS = 6
SEED_WORDS = 3  # query words that pick candidates
WORD_CANDIDATES = 40  # similar name words kept per query word
NAME_CANDIDATES = 200  # names scored with WRatio per query
WORD_KEYS = 400  # a query word bringing in more names than this only weighs names other words brought in


@dataclass(frozen=True)
class Match:
    person: PersonSummary
    score: float  # 0..100
    spelling: str  # the (folded) spelling that matched best


def _grams(word: str) -> set[str]:
    padded = f" {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass
class NameIndex:
    """Folded spellings -> people, with word and trigram indexes over the spellings' words."""

    signature: tuple[Any, ...] = ()
    people: dict[int, PersonSummary] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)  # distinct folded spellings
    key_pos: dict[str, int] = field(default_factory=dict)  # spelling -> its position in keys
    key_people: list[list[int]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # distinct words of all spellings, sorted
    word_keys: list[list[int]] = field(default_factory=list)
    word_id: dict[str, int] = field(default_factory=dict)
    grams: dict[str, list[int]] = field(default_factory=dict)  # trigram -> word ids
    ranked: list[int] = field(default_factory=list)  # person ids, most mentioned first
    countries: dict[str, list[str]] = field(default_factory=dict)  # folded -> as stored (countries.known_map)
    has_mentions: bool = False  # people's mention counts are loaded (set_mentions)
    places: PlaceIndex = field(default_factory=PlaceIndex)  # meeting places as stored

    @classmethod
    def build(
        cls,
        people: Iterable[PersonSummary],
        names: Iterable[tuple[int, str]],
        countries: list[str],
        signature: tuple[Any, ...] = (),
        places: Iterable[str] = (),
    ) -> NameIndex:
        """`names` are (person id, folded spelling) pairs; `places` the meeting places as stored."""
        idx = cls(signature=signature, countries=known_map(countries), places=PlaceIndex.build(places))
        idx.people = {p.id: p for p in people}
        key_pos = idx.key_pos
        for pid, key in names:
            if pid not in idx.people or not key:
                continue
            pos = key_pos.get(key)
            if pos is None:
                pos = key_pos[key] = len(idx.keys)
                idx.keys.append(key)
                idx.key_people.append([])
            if pid not in idx.key_people[pos]:
                idx.key_people[pos].append(pid)
        word_keys: dict[str, list[int]] = {}
        for pos, key in enumerate(idx.keys):
            for w in set(key.split()):
                word_keys.setdefault(w, []).append(pos)
        idx.words = sorted(word_keys)
        idx.word_keys = [word_keys[w] for w in idx.words]
        idx.word_id = {w: i for i, w in enumerate(idx.words)}
        for i, w in enumerate(idx.words):
            for g in _grams(w):
                idx.grams.setdefault(g, []).append(i)
        return idx

    def set_mentions(self, totals: dict[int, tuple[int, int]]) -> None:
        """Mention counts for everyone, and the ranking by them (most mentioned first)."""
        self.people = {
            pid: p.model_copy(update={"mentions": totals.get(pid, (0, 0))[0], "articles": totals.get(pid, (0, 0))[1]})
            for pid, p in self.people.items()
        }
        self.ranked = [
            p.id for p in sorted(self.people.values(), key=lambda p: (-p.mentions, -p.articles, p.name, p.id))
        ]
        self.has_mentions = True

    # -- lookups ------------------------------------------------------------------------------------------

    def _similar_words(self, word: str) -> dict[int, float]:
        """Name words like `word`: equal (100), starting with it (90), or close by trigrams and ratio."""
        found: dict[int, float] = {}
        exact = self.word_id.get(word)
        if exact is not None:
            found[exact] = 100.0
        if len(word) >= 2:
            start = bisect.bisect_left(self.words, word)
            for i in range(start, min(start + WORD_CANDIDATES, len(self.words))):
                if not self.words[i].startswith(word):
                    break
                found.setdefault(i, 90.0)
        if len(word) >= 3:
            counts: Counter[int] = Counter()
            for g in _grams(word):
                counts.update(self.grams.get(g, ()))
            need = max(2, (len(word) + 2) // 3)
            near = [i for i, n in counts.most_common(WORD_CANDIDATES * 4) if n >= need]
            if near:
                choices = {i: self.words[i] for i in near}
                for _, score, i in process.extract(
                    word, choices, scorer=fuzz.ratio, score_cutoff=72, limit=WORD_CANDIDATES
                ):
                    if score > found.get(i, 0.0):
                        found[i] = float(score)
        return found

    def _candidates(self, words: list[str]) -> list[int]:
        """Names holding words like the query's, most alike first.

        The query word whose similar words hold the fewest names brings its names in first. A word whose
        similar words hold more than WORD_KEYS names (a particle such as "al" or "de", a common given
        name) only adds weight to names already in, unless it is the first: walking thousands of names
        for it cost milliseconds and brought in names that share nothing else with the query.
        """
        sims = sorted(
            ((sum(len(self.word_keys[wid]) for wid in sim), sim) for sim in map(self._similar_words, words)),
            key=lambda t: t[0],
        )
        weight: dict[int, float] = {}
        for n, (size, sim) in enumerate(sims):
            if n > 0 and size > WORD_KEYS and weight:
                for pos in weight:
                    weight[pos] += max(sim.get(self.word_id[w], 0.0) for w in set(self.keys[pos].split()))
                continue
            best: dict[int, float] = {}
            for wid, score in sim.items():
                for pos in self.word_keys[wid]:
                    if score > best.get(pos, 0.0):
                        best[pos] = score
            for pos, score in best.items():
                weight[pos] = weight.get(pos, 0.0) + score
        if len(weight) <= NAME_CANDIDATES:
            return list(weight)
        return heapq.nlargest(NAME_CANDIDATES, weight, key=lambda p: (weight[p], -len(self.keys[p])))

    def lookup(self, query: str, limit: int = 10, cutoff: float = 40.0, exact_first: bool = True) -> list[Match]:
        """People whose name or an alias is like `query`, best first (ties: most mentioned first).

        With `exact_first`, a query that is exactly someone's spelling names only the people spelt so.
        """
        q = fold(transliterate(query[:MAX_QUERY]))
        words = q.split()[:MAX_WORDS]
        if not words:
            return []
        q = " ".join(words)
        if exact_first and (pos := self.key_pos.get(q)) is not None:
            hits = sorted((self.people[pid] for pid in self.key_people[pos]), key=lambda p: (-p.mentions, p.name))
            return [Match(p, 100.0, q) for p in hits[:limit]]
        # candidates come from the longest words: particles and initials add cost, not precision
        seeds = sorted(words, key=len, reverse=True)[:SEED_WORDS]
        cand = self._candidates(seeds)
        if not cand:
            return []
        choices = {pos: self.keys[pos] for pos in cand}
        # the best few keys are enough: each names one or a few people, and `limit` people are returned
        scored = process.extract(q, choices, scorer=fuzz.WRatio, score_cutoff=cutoff, limit=max(limit * 5, 50))
        best: dict[int, tuple[float, str]] = {}
        for _, score, pos in scored:
            for pid in self.key_people[pos]:
                if pid not in best or score > best[pid][0]:
                    best[pid] = (float(score), self.keys[pos])
        order = sorted(best, key=lambda pid: (-best[pid][0], -self.people[pid].mentions, self.people[pid].name))
        return [Match(self.people[pid], best[pid][0], best[pid][1]) for pid in order[:limit]]


# -- one index per open store, rebuilt when the store changed ----------------------------------------------

_cache: weakref.WeakKeyDictionary[Store, NameIndex] = weakref.WeakKeyDictionary()
_locks: weakref.WeakKeyDictionary[Store, asyncio.Lock] = weakref.WeakKeyDictionary()


async def get_index(store: Store) -> NameIndex:
    """The store's name index; a cheap signature query decides whether it must be rebuilt."""
    sig = await queries.signature(store)
    idx = _cache.get(store)
    if idx is not None and idx.signature == sig:
        return idx
    lock = _locks.setdefault(store, asyncio.Lock())
    async with lock:
        idx = _cache.get(store)
        if idx is not None and idx.signature == sig:
            return idx
        people = await queries.all_people(store)
        names = await queries.all_name_keys(store)
        countries = await queries.known_countries(store)
        places = await queries.known_places(store)
        idx = NameIndex.build(people, names, countries, sig, places)
        _cache[store] = idx
        _settle()
        return idx


def _settle() -> None:
    """Move the (large, long-lived, acyclic) index out of the collector's sight.

    At 100,000 articles the index is about a million objects; without this every full collection walks
    them all, and answers pay tens of milliseconds at random. Freed by reference counting when replaced.
    """
    gc.collect()
    gc.freeze()


async def get_ranked_index(store: Store) -> NameIndex:
    """The name index with everyone's mention counts loaded (a full scan of mentions, once per change)."""
    idx = await get_index(store)
    if not idx.has_mentions:
        idx.set_mentions(await queries.mention_totals(store))
    return idx
