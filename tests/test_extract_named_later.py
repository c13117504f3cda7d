"""A meeting with a group the sentence does not name, whose members a later sentence lists
(bot/extract/named_later.py); invented sentences."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract

PUB = PartialDate(2024, 3, 8)  # a Friday

BODY = (
    "On Wednesday President Anders Kolberg welcomed four incoming ambassadors to the palace for the handing over "
    "of credentials. The ceremony was brief. According to spokesman Olaf Brandvik, the incoming envoys are Tomas "
    "Verhoeven from Norway, Ruth Lindqvist from Sweden, Piet de Vries from The Netherlands and Ana Costa from "
    "Portugal."
)


def test_each_listed_member_met_the_host_on_the_group_meetings_day() -> None:
    x = extract(BODY, PUB)
    pairs = {frozenset(m.participants): m for m in x.meetings}
    for guest in ("Tomas Verhoeven", "Ruth Lindqvist", "Piet de Vries", "Ana Costa"):
        m = pairs[frozenset({"Anders Kolberg", guest})]
        assert str(m.date) == "2024-03-06"
        assert "credentials" in m.topics
    assert frozenset({"Anders Kolberg", "Olaf Brandvik"}) not in pairs


def test_the_listed_members_are_what_the_list_calls_them_and_from_where_it_says() -> None:
    people = {p.name: p for p in extract(BODY, PUB).people}
    assert people["Piet de Vries"].country == "Netherlands"
    assert [r.title for r in people["Ana Costa"].roles] == ["envoy"]
    assert people["Ana Costa"].roles[0].evidence.startswith("According to spokesman Olaf Brandvik")


def test_a_group_never_named_gives_no_meeting() -> None:
    body = "On Wednesday President Anders Kolberg welcomed four incoming ambassadors. The ceremony was brief."
    assert extract(body, PUB).meetings == []


def test_they_are_right_after_the_ceremony_names_the_group() -> None:
    body = (
        "President Anders Kolberg accepted the letters of credence of three newly accredited ambassadors at "
        "the palace on Wednesday. They were Tomas Verhoeven of Norway, Ruth Lindqvist of Sweden and Olaf "
        "Brandvik of Finland."
    )
    pairs = {frozenset(m.participants) for m in extract(body, PUB).meetings}
    for guest in ("Tomas Verhoeven", "Ruth Lindqvist", "Olaf Brandvik"):
        assert frozenset({"Anders Kolberg", guest}) in pairs
