"""Spelling variants: transliteration slips merge, different people (or genders) never do."""

from __future__ import annotations

import pytest

from bot.store.variants import spelling_variant


@pytest.mark.parametrize(("a", "b"), [
    ("Bakhyt Tleumbaev", "Bakhyt Tileumbaev"),      # inserted vowel
    ("Dauren Kassymov", "Dauren Kasymov"),          # doubled consonant written single
    ("Yermek Zhanaliyev", "Yermek Zhanaliev"),      # dropped y
    ("Yergali Sultanbek", "Ergali Sultanbek"),      # given name without the leading y
    ("Nurlan Ospanbekuly", "Nurlan Ospanbekuly"),   # identical
    ("Aigerim Tolegenova", "Aigerim Tölegenova"),   # accents fold away
    ("Marat Seitkaliyev", "Marat Seitkaliiev"),     # vowel swapped
])
def test_variants_merge(a: str, b: str) -> None:
    assert spelling_variant(a, b)
    assert spelling_variant(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Dana Kassymov", "Dana Kassymova"),            # gendered ending
    ("Olga Vernitsky", "Olga Vernitskaya"),
    ("Aruzhan Seitkaliev", "Aruzhan Seitkalieva"),
    ("Arman Dossanuly", "Arman Dossankyzy"),
    ("Bakhyt Tleumbaev", "Serik Tleumbaev"),        # different given name
    ("Bakhyt Tleumbaev", "Bakhyt Tleumbaev Junior"),  # different word count
    ("Bakhyt Tleumbaev", "Bakhyt Tlekbaev"),        # consonant change, two edits
    ("Ivan Moris", "Ivan Boris"),                   # consonant substitution
    ("Ivan Petrov", "Ivan Petrova"),                # short and gendered
    ("Anna Kolev", "Anna Kolevi"),                  # surname too short for an edit
    ("Tleumbaev", "Tileumbaev"),                    # surname alone is not enough
])
def test_different_people_stay_apart(a: str, b: str) -> None:
    assert not spelling_variant(a, b)
    assert not spelling_variant(b, a)
