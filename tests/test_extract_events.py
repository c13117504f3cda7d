"""Dated events for the timeline (invented names)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import EventRecord


def events(body: str, pub: PartialDate) -> list[EventRecord]:
    return extract(body, pub).events


def test_presentation_with_abbreviated_date() -> None:
    got = events(
        "ASTANA – Kazakh Foreign Minister Daulet Amanov presented Jan. 18 at UN headquarters a code of "
        "conduct for a world free of terrorism.",
        PartialDate(2018, 1),
    )
    assert len(got) == 1
    e = got[0]
    assert e.date is not None and e.date.iso() == "2018-01-18"
    assert e.kind == "presentation"
    assert e.people == ["Daulet Amanov"]
    assert e.summary.startswith("Amanov presented")
    assert "Jan. 18" not in e.summary


def test_same_day_ceremony_uses_the_earlier_past_date() -> None:
    body = (
        "The country began its Security Council presidency Jan. 1 presenting the programme.\n\n"
        "The Russian diplomat announced a briefing on Jan. 18.\n\n"
        "On the same day, the UN held a solemn ceremony to raise the flags of the new members."
    )
    got = events(body, PartialDate(2018, 1, 3))
    ceremony = [e for e in got if e.kind == "ceremony"]
    assert [e.date.iso() for e in ceremony if e.date] == ["2018-01-01"]


def test_planned_event_in_the_future() -> None:
    got = events(
        "The summit of the heads of state will be held in Astana on July 3-4.", PartialDate(2024, 5, 22)
    )
    assert [(e.kind, e.date.iso() if e.date else None) for e in got] == [("planned", "2024-07-03")]


def test_undated_speech_takes_the_article_date() -> None:
    got = events(
        "Deputy Minister Askar Zhumagaliev spoke at the open debate of the UN Security Council.",
        PartialDate(2023, 5, 14),
    )
    assert [(e.date.iso() if e.date else None, e.people) for e in got] == [
        ("2023-05-14", ["Askar Zhumagaliev"])
    ]


def test_inauguration_in_month_and_year() -> None:
    got = events(
        "The building was officially inaugurated in May 2019 with the participation of President Serik "
        "Abenov.",
        PartialDate(2023, 2, 24),
    )
    assert [(e.kind, e.date.iso() if e.date else None) for e in got] == [("inauguration", "2019-05")]
    assert got[0].people == ["Serik Abenov"]


def test_target_year_is_not_an_event_date() -> None:
    got = events(
        "The minister presented a plan for a world free of nuclear weapons by 2045.", PartialDate(2016, 7, 20)
    )
    assert [e.date.iso() if e.date else None for e in got] == ["2016-07-20"]
