"""Tokens with their offsets: every later step (names, titles, dates) reads the same token stream."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.textnorm import strip_accents

_TOKEN = re.compile(
    r"(?P<abbr>(?:[^\W\d_]\.){2,})"  # U.S., U.N., H.E.
    r"|(?P<word>[^\W\d_](?:[^\W_]|['’\-](?=[^\W\d_]))*)"  # words, hyphenated words, d'Ivoire
    r"|(?P<num>\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?)"
    r"|(?P<punct>\S)"
)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "word", "abbr", "num", "punct"
    key: str  # lowercase, accents stripped, curly apostrophes straightened

    @property
    def is_cap(self) -> bool:
        return self.kind in ("word", "abbr") and self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        """All capitals (acronyms, datelines): never part of a name."""
        if self.text.isascii():  # the same test: no lower-case letter, and at least two letters
            return self.text.isupper() and sum(c.isalpha() for c in self.text) > 1
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)


def norm(text: str) -> str:
    """The lookup key of a token or phrase word."""
    if text.isascii():
        return text.lower()
    return strip_accents(text).lower().replace("’", "'")


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; a possessive `'s` becomes its own token."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        s, e = m.span()
        word = m.group()
        if kind == "word" and len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            out.append(Token(word[:-2], s, e - 2, kind, norm(word[:-2])))
            out.append(Token(word[-2:], e - 2, e, "poss", "'s"))
            continue
        out.append(Token(word, s, e, kind, word.lower() if word.isascii() else norm(word)))  # norm, inlined
    return out
