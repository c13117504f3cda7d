"""Finds runs of capitalised name words by their shape, never by a list of names.

A name word is capitalised, not an acronym, not a lexicon word (country, title, organisation,
month ...); runs may hold particles ("de", "al-", "bin") and initials ("J."). Whether a run is a
person is decided later from its context (titles, verbs, repetition).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.extract.lexicon import Lexicon
from bot.extract.tagger import Tag
from bot.extract.tokens import Token


@cache
def particles() -> frozenset[str]:
    text = resources.files("bot").joinpath("data", "name_particles.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@dataclass
class NameRun:
    start: int  # first token of the name (after any honorific)
    end: int  # token index after the name
    words: list[str]  # as written: "Dana", "K.", "Orlova"
    honorific: str = ""  # "Sheikh", "Mr."
    hon_start: int = -1  # token index of the honorific, -1 if none

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def core(self) -> list[str]:
        """Name words without initials and particles: what counts towards "two words"."""
        ps = particles()
        return [w for w in self.words if not is_initial(w) and w.lower() not in ps]


def _hyphen_parts_generic(key: str, lex: Lexicon) -> bool:
    parts = [p for p in key.split("-") if p]
    return len(parts) > 1 and all(p in lex.strong or p in lex.common or p.isdigit() for p in parts)


_DIGRAPH_INITIALS = frozenset({"kh", "sh", "zh", "ch", "ts", "yu", "ya", "ye", "yo"})


def is_initial(word: str) -> bool:
    """ "S", "S.", "V." or "Kh.": an initial stands for a name but is no key of it."""
    if len(word) == 1 and word.isupper():
        return True
    if len(word) == 2 and word.endswith(".") and word[0].isupper():
        return True
    return len(word) == 3 and word.endswith(".") and word[:2].lower() in _DIGRAPH_INITIALS


def _initials(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, list[str]]:
    """Initials that open a name: "S Jaishankar"-like "X Surname", "S.V. Surname", "K. B. Surname",
    "A.D.Surname". Returns where the name word after them stands and the initials as written."""
    out: list[str] = []
    j, n = i, len(tokens)
    if j >= n or (tokens[j].kind != "abbr" and (tokens[j].kind != "word" or len(tokens[j].text) > 2)):
        return i, []  # the loop below would stop at once: no initial here (most tokens)
    while j < n:
        t = tokens[j]
        if t.kind == "abbr" and re.fullmatch(r"(?:[A-Z]\.){1,3}", t.text):
            out.extend(f"{c}." for c in t.text.split(".") if c)  # "S.V." -> "S.", "V."
            j += 1
            continue
        digraph = (  # "Kh.", "Sh.", "Zh.": one Cyrillic letter written with two Latin ones
            len(t.text) == 2
            and t.text[0].isupper()
            and t.text[1].islower()
            and t.text.lower() in _DIGRAPH_INITIALS
            and j + 1 < n
            and tokens[j + 1].text == "."
        )
        shortened = (  # "Secretary Ma. Ingrid Surname": a given name written short, right after a title
            j == i
            and i > 0
            and tokens[i - 1].is_cap
            and tokens[i - 1].key in lex.title_heads
            and re.fullmatch(r"[A-Z][a-z]{1,3}", t.text) is not None
            and j + 1 < n
            and tokens[j + 1].text == "."
            and t.key not in lex.strong
        )
        if t.kind != "word" or not (digraph or shortened or (len(t.text) == 1 and t.text.isupper())):
            break
        dotted = j + 1 < n and tokens[j + 1].text == "."
        out.append(t.text + ("." if dotted else ""))
        j += 2 if dotted else 1
    if not out or j >= n or len(out) > 3:
        return i, []
    if out[0] in ("A", "I") and len(out) == 1:
        return i, []  # the article and the pronoun
    after_h = i >= 2 and tokens[i - 2].text == "H" and tokens[i - 1].text == "."
    if "".join(c[0] for c in out).startswith("HE") or (after_h and out[0].startswith("E")):
        return i, []  # "H. E.", His Excellency: an honorific
    nxt = tokens[j]
    if not name_word(nxt, None, lex, allow_common=False) or nxt.key in lex.title_heads:
        return i, []
    return j, out


def name_word(tok: Token, tag: Tag | None, lex: Lexicon, *, allow_common: bool) -> bool:
    """Could this token be part of a person's name?"""
    if tag is not None or tok.kind != "word" or not tok.text[:1].isupper() or tok.is_upper:
        return False
    if len(tok.text) < 2:
        return False
    key = tok.key
    if key in lex.strong or key in lex.honorifics or _hyphen_parts_generic(key, lex):
        return False
    # "Đỗ" folds to "do": a word written with letters English does not use is no English common word
    return allow_common or key not in lex.common or not tok.text.isascii()


def _lower_prefixed(tok: Token) -> bool:
    """al-Khalid, el-Sisi, bin-Rashid: a lowercase particle joined to a capitalised word."""
    if tok.kind != "word" or "-" not in tok.text or not tok.text[:1].islower():
        return False
    head, _, rest = tok.text.partition("-")
    return head.lower() in particles() and rest[:1].isupper()


def _particle(tok: Token, tag: Tag | None, ps: frozenset[str]) -> bool:
    """ "de", "van der", "bin", and capitalised "Al"/"El" inside a name."""
    if tag is not None or tok.kind != "word":
        return False
    return tok.text in ps or tok.text in (
        "Al",
        "El",
        "Bin",
        "Ibn",
        "Van",
        "Von",
        "De",
        "Da",
        "Di",
        "Abu",
        "Bint",
    )


def _honorific_before(tokens: list[Token], i: int, lex: Lexicon) -> tuple[str, int]:
    """The honorific ("Sheikh", "Mr.", "H.E.", "His Excellency") ending right before token i."""
    for n in (3, 2, 1):
        j = i - n
        if j < 0:
            continue
        words = [t for t in tokens[j:i] if t.text != "."]
        key = " ".join(t.key for t in words)
        if key and (key in lex.honorifics or key.rstrip(".") in lex.honorifics) and tokens[j].text[:1].isupper():
            return " ".join(t.text for t in tokens[j:i]).replace(" .", "."), j
    return "", -1


_AFTER_NAME = {",", ".", ";", ":", ")", "(", "and", "who", "whose", "said", "noted", "stressed", "also"}


def _demonym_surname(tokens: list[Token], tags: list[Tag | None], j: int, lex: Lexicon) -> bool:
    """ "Karl Türk, ...": a one-word demonym right after a given name, closing the name (followed by
    punctuation, a verb or a clause word), is a surname; "Sarsenov Kazakh delegation" is not."""
    tg = tags[j]
    t = tokens[j]
    if tg is None or tg.kind != "demonym" or tg.end != j + 1 or t.kind != "word" or t.is_upper:
        return False
    if j + 1 >= len(tokens):
        return True
    nxt = tokens[j + 1]
    return nxt.key in _AFTER_NAME or nxt.key in lex.verbs


def _word_as_given_name(tokens: list[Token], tags: list[Tag | None], i: int, lex: Lexicon) -> bool:
    """ "President Islam Surname.", "Minister Easter Surname,": a word that is usually no name (a faith, a
    feast) is a given name between a title and one surname that closes the name."""
    tok = tokens[i]
    if tags[i] is not None or tok.kind != "word" or not tok.is_cap or tok.is_upper or tok.key not in lex.not_names:
        return False
    if tok.key in lex.title_heads or tok.key in lex.title_words or tok.key in lex.domains or tok.key in lex.phrases:
        return False
    if i == 0 or i + 1 >= len(tokens) or not tokens[i - 1].is_cap:
        return False
    before = tags[i - 1]
    if tokens[i - 1].key not in lex.title_heads and (before is None or before.kind not in ("country", "org")):
        return False  # after a title: "President Islam Surname", "President of Uzbekistan Islam Surname"
    if not name_word(tokens[i + 1], tags[i + 1], lex, allow_common=False):
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return after is None or after.kind == "punct" or after.key in _AFTER_NAME or after.key in lex.verbs


def _demonym_inside(tokens: list[Token], tags: list[Tag | None], j: int, lex: Lexicon) -> bool:
    """ "Tran Thai Van Minh": a one-word demonym between name words is one of the name's words."""
    tg = tags[j]
    t = tokens[j]
    if tg is None or tg.kind != "demonym" or tg.end != j + 1 or t.kind != "word" or t.is_upper or j + 1 >= len(tokens):
        return False
    return name_word(tokens[j + 1], tags[j + 1], lex, allow_common=False)


def _closing_honorific(tokens: list[Token], tags: list[Tag | None], j: int, lex: Lexicon) -> bool:
    """ "Foreign Minister Jane Bishop to lead": a word that is an honorific but honours no name after it
    closes the name it follows (a surname)."""
    t = tokens[j]
    if tags[j] is not None or t.kind != "word" or not t.is_cap or t.is_upper or t.key not in lex.honorifics:
        return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is None or not nxt.is_cap


def _lower_surname(tokens: list[Token], start: int, j: int, lex: Lexicon) -> bool:
    """ "Spokesperson Anna kolberg said", "Minister Anna Karin zeb,": a name's last word printed in lower case by a
    slip: an unknown lower-case word between a titled given name and a verb or a comma."""
    t = tokens[j]
    if t.kind != "word" or not t.text.isalpha() or not t.text.islower() or len(t.text) < 3:
        return False
    if t.key.endswith(("ly", "ed", "ing", "s")) or t.key in lex.event_words:
        return False
    known = (lex.common, lex.small_words, lex.verbs, lex.strong, lex.title_words, lex.domains)
    if any(t.key in words for words in known):
        return False
    before = tokens[start - 1] if start > 0 else None
    if before is None or not before.is_cap or not (
        before.key in lex.title_heads or before.key in lex.domains or before.key in lex.title_words
    ):
        return False  # after a title: "Minister of State for Information Anna Karin zeb,"
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is not None and (nxt.text in (",", ";") or nxt.key in _SPEECH)


_SPEECH = frozenset({"said", "says", "told", "noted", "added", "stated", "stressed", "explained", "wrote"})


def find_runs(tokens: list[Token], tags: list[Tag | None], lex: Lexicon) -> list[NameRun]:
    """All maximal name runs of a sentence, in order."""
    runs: list[NameRun] = []
    ps = particles()
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        after_initials, initials = _initials(tokens, i, lex)
        if initials:
            start, words, j = i, [*initials, tokens[after_initials].text], after_initials + 1
        elif not (
            name_word(tok, tags[i], lex, allow_common=False)
            or _lower_prefixed(tok)
            or _word_as_given_name(tokens, tags, i, lex)
        ):
            i += 1
            continue
        else:
            start = i
            words = [tok.text]
            j = i + 1
        while j < n and len(words) < 7:
            t = tokens[j]
            if name_word(t, tags[j], lex, allow_common=True) or _lower_prefixed(t):
                # a capitalised common word may continue a name only at its end ("Samantha Power")
                if t.key in lex.common and j + 1 < n and tokens[j + 1].is_cap:
                    break
                words.append(t.text)
                j += 1
                continue
            if _particle(t, tags[j], ps):
                k = j
                while k < n and _particle(tokens[k], tags[k], ps) and k - j < 3:
                    k += 1
                if k < n and (name_word(tokens[k], tags[k], lex, allow_common=True) or _lower_prefixed(tokens[k])):
                    words.extend(tok2.text for tok2 in tokens[j:k])
                    j = k
                    continue
            if (
                _demonym_surname(tokens, tags, j, lex)
                or _demonym_inside(tokens, tags, j, lex)
                or _closing_honorific(tokens, tags, j, lex)
                or (j - start <= 2 and _lower_surname(tokens, start, j, lex))
            ):
                words.append(t.text)
                j += 1
                continue
            if (
                t.kind == "word"
                and len(t.text) == 1
                and t.text.isupper()
                and j + 2 < n
                and tokens[j + 1].text == "."
                and name_word(tokens[j + 2], tags[j + 2], lex, allow_common=True)
            ):
                words.append(t.text + ".")
                j += 2
                continue
            break
        hon, hs = _honorific_before(tokens, start, lex)
        runs.append(NameRun(start, j, words, hon, hs))
        i = j
    return runs
