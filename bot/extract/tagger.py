"""Marks lexicon phrases (countries, demonyms, places, organisations) in a token stream.

Longest match wins, so "Equatorial Guinea" is one country and "UN Security Council" one body;
the tokens covered are then known not to be parts of a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.extract.lexicon import Entry, Lexicon
from bot.extract.tokens import Token


@dataclass(slots=True, eq=False)
class Tag:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    kind: str  # "country", "demonym", "place", "org"
    value: str
    parent: str | None


def _word_ok(written: str, tok: Token, key: str) -> bool:
    if tok.key != key:
        return False
    if not written[:1].isalpha():
        return True  # "'s" in "People's Republic of China"
    letters = [c for c in written if c.isalpha()]
    if "." in written or (len(letters) > 1 and all(c.isupper() for c in letters)):
        return tok.text == written  # acronyms match as written: "US" but not "us"
    if written[:1].islower():
        return True
    return tok.text[:1].isupper()


def _match(tokens: list[Token], i: int, e: Entry, window: dict[int, tuple[str, ...]]) -> bool:
    n = len(e.keys)
    if i + n > len(tokens):
        return False
    keys = window.get(n)
    if keys is None:
        keys = window[n] = tuple(t.key for t in tokens[i : i + n])
    if keys != e.keys:
        return False
    return all(_word_ok(w, tokens[i + j], k) for j, (w, k) in enumerate(zip(e.words, e.keys, strict=True)))


def tag(tokens: list[Token], lex: Lexicon) -> list[Tag | None]:
    """One entry per token: the lexicon phrase covering it, or None."""
    out: list[Tag | None] = [None] * len(tokens)
    i = 0
    while i < len(tokens):
        hit = None
        first = tokens[i].key
        if first in lex.phrases:
            window: dict[int, tuple[str, ...]] = {}
            second = tokens[i + 1].key if i + 1 < len(tokens) else ""
            for pair in ((first, second), (first, "")):
                for e in lex.by_pair.get(pair, ()):
                    if _match(tokens, i, e, window):
                        hit = e
                        break
                if hit is not None:
                    break
        if hit is None:
            i += 1
            continue
        t = Tag(i, i + len(hit.keys), hit.kind, hit.value, hit.parent)
        for j in range(t.start, t.end):
            out[j] = t
        i = t.end
    return out
