"""Text folding shared by every layer: one person is one key however the text spells them."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")

# Letters that NFKD does not decompose but that readers treat as their plain twins.
_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i",
                        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d"})


def strip_accents(text: str) -> str:
    """`João` -> `Joao`, `Wojciech Łęcki` -> `Wojciech Lecki`."""
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str | None) -> str:
    """Lowercase, no accents, punctuation as spaces, single spaces: the key names are compared on."""
    if not text:
        return ""
    return " ".join(_NON_WORD.sub(" ", strip_accents(text).lower()).split())
