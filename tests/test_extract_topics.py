"""Meeting topics: the occasion, the meeting's own name, and what is never a topic (invented sentences)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.occasion import clean, kind_phrases, occasions

PUB = PartialDate(2024, 3, 6)


def topics(body: str) -> list[list[str]]:
    return [m.topics for m in extract(body, PUB).meetings]


def test_occasion_after_sidelines_or_occasion_of() -> None:
    assert occasions("X met Y on the sidelines of the Oslo Energy Forum in Norway.") == ["Oslo Energy Forum"]
    assert occasions("They met on the occasion of the Nordic Diplomacy Forum (NDF) in Bergen.") == [
        "Nordic Diplomacy Forum (NDF)"
    ]
    assert occasions("They met at the presidential palace.") == []  # a place, not an occasion


def test_the_meeting_names_itself() -> None:
    assert kind_phrases("Later, the minister held a working dinner with X.") == ["working dinner"]
    assert "credentials" in kind_phrases("Ambassadors presented their credentials to the President.")


def test_never_a_list_of_names_a_clause_or_a_place() -> None:
    assert not clean("Kolberg and Lindqvist", ["Anders Kolberg", "Pia Lindqvist"])
    assert not clean("’s busy day continued with the meetings", [])
    assert not clean("at his official residence", [])
    assert not clean("of the People in Beijing", [])
    assert clean("OSCE", [])
    assert clean("energy cooperation", [])


def test_each_meeting_of_a_forum_day_carries_the_forum() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven met numerous diplomats on March 2 on the occasion of the Oslo "
        "Energy Forum.\n\n"
        "He met with Romanian Foreign Minister Anders Kolberg, Finnish Foreign Minister Pia Lindqvist and "
        "Slovak Foreign Minister Otto Brenner, respectively."
    )
    got = topics(body)
    assert len(got) == 3
    assert all("Oslo Energy Forum" in t for t in got)
    assert not any("respectively" in x for t in got for x in t)
