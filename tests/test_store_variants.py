"""Spelling variants: transliteration slips merge, different people (or genders) never do."""

from __future__ import annotations

import pytest

from bot.store.identity import best_name
from bot.store.variants import same_person_name, spelling_variant


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


@pytest.mark.parametrize(("a", "b"), [
    ("S. V. Lavrov", "Sergey Lavrov"),              # initials that open the given names
    ("S.V. Lavrov", "Sergey Viktorovich Lavrov"),
    ("Sergei Lavrov", "Sergey Lavrov"),             # given names spelt two ways
    ("Josep Borrell", "Joseph Borrell"),            # an h transliteration adds
    ("Kh. Tursunov", "Khamid Tursunov"),            # a two-letter initial for one Cyrillic letter
    ("Kh. Tursunov", "Hamid Tursunov"),             # ... which is also romanised with one letter
    ("Zh. Tursunov", "Jamshid Tursunov"),
])
def test_one_person_written_two_ways(a: str, b: str) -> None:
    assert same_person_name(a, b)
    assert same_person_name(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("S. Lavrov", "V. Lavrov"),                     # two initialled forms never join
    ("A. Lavrov", "Sergey Lavrov"),                 # initial that does not fit
    ("Sergey Lavrov", "Sergey Ivanov"),             # another surname
    ("Maria Lopez", "Mario Lopez"),                 # given names that differ in a consonant-bearing way
    ("Kh. Tursunov", "Sardor Tursunov"),            # a two-letter initial that does not fit
    ("Sh. Tursunov", "Hamid Tursunov"),
])
def test_other_people_are_not_joined(a: str, b: str) -> None:
    assert not same_person_name(a, b)


def test_shown_name_prefers_written_out_given_name() -> None:
    assert best_name(["S. V. Lavrov", "Sergey Lavrov"]) == "Sergey Lavrov"
    assert best_name(["Sergey Lavrov", "Sergey Viktorovich Lavrov"]) == "Sergey Viktorovich Lavrov"
