"""Meeting places in queries: 'New York', 'Berlin' -> the places stored for meetings that name them.

A query names a stored place when its folded words are the place's, or a run of them ("new york" names
"UN headquarters in New York"); the places come from the store, never from a list in code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.textnorm import fold

MAX_PLACES = 200  # stored forms one query may stand for


@dataclass
class PlaceIndex:
    """folded place -> stored forms, and word -> folded places holding it."""

    forms: dict[str, list[str]] = field(default_factory=dict)
    by_word: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, stored: Iterable[str]) -> PlaceIndex:
        idx = cls()
        for place in stored:
            key = fold(place)
            if not key:
                continue
            if key not in idx.forms:
                for w in set(key.split()):
                    idx.by_word.setdefault(w, []).append(key)
            idx.forms.setdefault(key, []).append(place)
        return idx

    def lookup(self, text: str) -> list[str]:
        """The stored places `text` names (exactly, or as a run of their words); [] when none."""
        q = fold(text[:100])
        if not q:
            return []
        if q in self.forms:
            return list(self.forms[q])
        words = q.split()
        pool = min((self.by_word.get(w, []) for w in words), key=len)
        padded = f" {q} "
        keys = [k for k in pool if padded in f" {k} "][:MAX_PLACES]
        return sorted({form for k in keys for form in self.forms[k]})
