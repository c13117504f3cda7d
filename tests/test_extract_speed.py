"""The speed helpers of extraction and `fold`'s shortcuts do exactly what the code they replace did (output
must not change): checked on invented text against `re` and `unicodedata` themselves, including accents,
digits, underscores and punctuation at the edges of a name."""

from __future__ import annotations

import itertools
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extract.meetings import literal_ends
from bot.extract.occasion import blank_word
from bot.extract.tokens import Token
from bot.textnorm import _EXTRA, fold

ALPHABET = "ab éÉ_1-.’'(),\n"
TEXT = st.text(alphabet=ALPHABET, max_size=40)
PART = st.text(alphabet=ALPHABET, min_size=1, max_size=4)


@settings(max_examples=1500, deadline=None)
@given(TEXT, PART)
def test_blank_word_is_the_whole_word_substitution(text: str, part: str) -> None:
    assert blank_word(text, part) == re.sub(rf"\b{re.escape(part)}\b", " ", text)


@settings(max_examples=1500, deadline=None)
@given(TEXT, st.text(alphabet=ALPHABET, max_size=4))
def test_literal_ends_are_the_ends_of_finditer(text: str, form: str) -> None:
    assert literal_ends(form, text) == [m.end() for m in re.finditer(re.escape(form), text)]


def test_blank_word_on_a_sentence() -> None:
    text = "Talks of Orvelle and Dasmirov-Kent on Orvelleville (Orvelle), Orvelle_x"
    assert blank_word(text, "Orvelle") == "Talks of   and Dasmirov-Kent on Orvelleville ( ), Orvelle_x"
    assert blank_word(text, "Kent") == "Talks of Orvelle and Dasmirov-  on Orvelleville (Orvelle), Orvelle_x"
    assert blank_word("Jr. Jr.x Jr.", "Jr.") == re.sub(r"\bJr\.\b", " ", "Jr. Jr.x Jr.")
    assert literal_ends("Vell", "Vell Vell") == [4, 9]


def _reference_fold(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.translate(_EXTRA)) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain.lower()).split())


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="aZ éłØ ß-'.\u0301ﬁ", max_size=30) | st.text(max_size=30))
def test_fold_with_its_shortcuts_is_the_plain_formula(text: str) -> None:
    assert fold(text) == _reference_fold(text)
    assert fold(text * 10) == _reference_fold(text * 10)  # past the cached length too


def test_is_upper_shortcut_for_ascii_is_the_letter_test() -> None:
    def reference(text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)

    for n in range(5):
        for chars in itertools.product("aZ1.-' É", repeat=n):
            text = "".join(chars)
            assert Token(text, 0, len(text), "word", text.lower()).is_upper == reference(text), text
