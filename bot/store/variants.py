"""Spelling variants of one person's name across sources (gov.kz vs news-agency transliteration).

Pure and conservative: two names are variants only when every word matches or differs by one
transliteration-style edit (a vowel inserted, dropped or swapped for another vowel, or a doubled
consonant written single), surnames are long enough for one edit to be noise rather than another
family, and the difference is never a gendered ending (Ivanov / Ivanova are two people).
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from bot.textnorm import fold

_VOWELS = frozenset("aeiouy")
# Masculine / feminine ending pairs: a difference that lands on one of these is not a spelling slip.
_GENDERED = (("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("sky", "skaya"), ("ski", "ska"),
             ("uly", "kyzy"), ("ich", "ichna"))
_MIN_SURNAME = 6
_MIN_GIVEN = 5


def _gendered_pair(a: str, b: str) -> bool:
    for male, female in _GENDERED:
        for x, y in ((a, b), (b, a)):
            if x.endswith(male) and y.endswith(female) and x[: -len(male)] == y[: -len(female)]:
                return True
    return False


def _one_soft_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by exactly one vowel or doubled-consonant edit."""
    ops = list(Levenshtein.editops(a, b))
    if len(ops) != 1:
        return False
    op = ops[0]
    if op.tag == "replace":
        return a[op.src_pos] in _VOWELS and b[op.dest_pos] in _VOWELS
    longer, pos = (b, op.dest_pos) if op.tag == "insert" else (a, op.src_pos)
    ch = longer[pos]
    if ch in _VOWELS:
        return True
    if ch == "h" and pos > 0 and longer[pos - 1] in "cdgkpstz":
        return True  # Josep / Joseph, Muhamad / Muhhamad: an "h" that transliteration adds or drops
    doubled = (pos > 0 and longer[pos - 1] == ch) or (pos + 1 < len(longer) and longer[pos + 1] == ch)
    return doubled


def _word_variant(a: str, b: str, minimum: int) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < minimum or _gendered_pair(a, b):
        return False
    return _one_soft_edit(a, b)


def spelling_variant(a: str, b: str) -> bool:
    """Whether two full names are plausibly one person's name spelled two ways.

    Needs at least a given name and a surname on both sides, the same number of words, and each word
    equal or one soft edit apart (given names of 5+ letters, surnames of 6+). Identical folded names
    count as variants (trivially the same spelling).
    """
    wa, wb = fold(a).split(), fold(b).split()
    if len(wa) < 2 or len(wa) != len(wb):
        return False
    if not _word_variant(wa[-1], wb[-1], _MIN_SURNAME):
        return False
    return all(_word_variant(x, y, _MIN_GIVEN) for x, y in zip(wa[:-1], wb[:-1], strict=True))


# One Cyrillic letter written with two Latin ones as an initial ("Kh. Surname"), and the other ways the same
# letter is romanised at the start of a given name (Х: Kh or H; Ж: Zh or J; Ю: Yu or Iu; Я: Ya or Ia ...)
_DIGRAPH_OPENINGS = {
    "kh": ("kh", "h"),
    "zh": ("zh", "j"),
    "sh": ("sh",),
    "ch": ("ch",),
    "ts": ("ts",),
    "yu": ("yu", "iu", "ju"),
    "ya": ("ya", "ia", "ja"),
    "ye": ("ye", "e"),
    "yo": ("yo", "io", "jo"),
}


def _is_initial(word: str) -> bool:
    return len(word) == 1 or word in _DIGRAPH_OPENINGS


def _initials_fit(initials: list[str], given: list[str]) -> bool:
    """ "s v" fits "sergey" (and "sergey viktorovich"): each initial opens the given name in its place; a
    two-letter initial ("kh") fits a given name opening with any romanisation of its letter ("hamid")."""
    return bool(given) and all(
        g.startswith(_DIGRAPH_OPENINGS.get(i, (i[0],))) for i, g in zip(initials, given, strict=False)
    )


def same_person_name(a: str, b: str) -> bool:
    """Two folded full names of one surname that can name one person: initials that fit the given names
    ("s v lavrov" / "sergey lavrov"), or given names that are spelling variants ("sergei" / "sergey")."""
    wa, wb = fold(a).split(), fold(b).split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1] or wa == wb:
        return wa == wb and len(wa) >= 2
    ga, gb = wa[:-1], wb[:-1]
    ia, ib = all(_is_initial(w) for w in ga), all(_is_initial(w) for w in gb)
    if ia and ib:
        return False  # "s lavrov" / "v lavrov": initials alone never join two initialled forms
    if ia or ib:
        return _initials_fit(ga if ia else gb, gb if ia else ga)
    return len(ga) == len(gb) and all(
        _word_variant(x, y, _MIN_GIVEN) and not _other_gender(x, y) for x, y in zip(ga, gb, strict=True)
    )


def _other_gender(x: str, y: str) -> bool:
    """ "maria" / "mario", "ivana" / "ivano": one given name's ending turned into another's, not a spelling."""
    return x[:-1] == y[:-1] and x[-1] != y[-1] and bool({x[-1], y[-1]} & {"a", "o"})
