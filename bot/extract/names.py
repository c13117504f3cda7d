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
        if t.kind != "word" or not (digraph or (len(t.text) == 1 and t.text.isupper())):
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
    return allow_common or key not in lex.common


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
        elif not (name_word(tok, tags[i], lex, allow_common=False) or _lower_prefixed(tok)):
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
            if _demonym_surname(tokens, tags, j, lex):
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
