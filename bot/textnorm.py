"""Text folding shared by every layer: one person is one key however the text spells them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_NON_WORD = re.compile(r"[^\w]+")

# Letters that NFKD does not decompose but that readers treat as their plain twins.
_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i",
                        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})


def strip_accents(text: str) -> str:
    """`João` -> `Joao`, `Wojciech Łęcki` -> `Wojciech Lecki`."""
    if text.isascii():  # nothing to strip: the common case, without a look at each character
        return text
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.combining(c))


_FOLD_CACHED_CHARS = 80  # names and titles: folded again and again by extraction and the writer


def fold(text: str | None) -> str:
    """Lowercase, no accents, punctuation as spaces, single spaces: the key names are compared on."""
    if not text:
        return ""
    if len(text) <= _FOLD_CACHED_CHARS:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", strip_accents(text).lower()).split())


_fold_short = lru_cache(maxsize=32_768)(_fold)


def transliterate(text: str) -> str:
    """Names in other scripts in Latin letters (`Лавров` -> `Lavrov`), through the anyascii library;
    text already in Latin letters (accents included) is returned as it is."""
    if all(ord(c) < 0x250 or not c.isalpha() for c in text):
        return text
    # a CJK character is a syllable: spaced, so 习近平 reads "Xi Jin Ping", close to "Xi Jinping"
    return "".join(c if ord(c) < 0x250 else anyascii(c) + (" " if ord(c) >= 0x2E80 else "") for c in text)
