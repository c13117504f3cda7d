"""Relative dates resolved against the publication date, keeping their precision."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract.dates import find_dates


def iso(sentence: str, pub: PartialDate, previous: list[PartialDate] | None = None) -> list[str]:
    return [d.date.iso() for d in find_dates(sentence, pub, previous or [])]


def test_abbreviated_month_day_takes_the_publication_year() -> None:
    assert iso("The minister spoke Jan. 18 at the event.", PartialDate(2018, 1)) == ["2018-01-18"]
    assert iso("It opened on Sept. 25.", PartialDate(2019, 9, 27)) == ["2019-09-25"]


def test_year_rollover_to_the_previous_december() -> None:
    assert iso("The talks were held on Dec. 28 in the capital.", PartialDate(2019, 1, 3)) == ["2018-12-28"]


def test_late_month_is_a_month_with_a_qualifier() -> None:
    found = find_dates("The review is expected in late June.", PartialDate(2018, 1), [])
    assert [(d.date.iso(), d.date.qualifier) for d in found] == [("2018-06", "late")]


def test_past_tense_late_month_leans_to_the_past() -> None:
    assert iso("The summit held in late June was a success.", PartialDate(2018, 1, 10)) == ["2017-06"]


def test_relative_years() -> None:
    assert iso("He visited the city late last year.", PartialDate(2018, 1)) == ["2017"]
    assert iso("The ceremony will be repeated next year.", PartialDate(2018, 1, 3)) == ["2019"]
    assert iso("She first came in June of last year.", PartialDate(2023, 1, 24)) == ["2022-06"]


def test_month_and_year() -> None:
    assert iso("The programme was launched in October 2019.", PartialDate(2023, 1, 24)) == ["2019-10"]


def test_day_range_keeps_its_first_day() -> None:
    assert iso("The summit will be held in the capital on July 3-4.", PartialDate(2024, 5, 22)) == [
        "2024-07-03"
    ]
    assert iso("Talks took place on 12-13 March 2021.", PartialDate(2021, 3, 20)) == ["2021-03-12"]


def test_same_day_is_the_last_past_day_named() -> None:
    previous = [PartialDate(2018, 1, 1), PartialDate(2018, 1, 18)]
    assert iso("On the same day, the flags were raised.", PartialDate(2018, 1, 3), previous) == ["2018-01-01"]


def test_weekday_and_yesterday() -> None:
    assert iso("The delegation arrived on Monday.", PartialDate(2023, 7, 13)) == ["2023-07-10"]
    assert iso("The minister left yesterday.", PartialDate(2023, 7, 13)) == ["2023-07-12"]


def test_first_working_day_of_the_year() -> None:
    assert iso("On the first working day of the year, the mission began.", PartialDate(2018, 1, 3)) == [
        "2018-01-02"
    ]


def test_month_name_used_as_a_word_is_not_a_date() -> None:
    assert iso("The sides may meet again.", PartialDate(2018, 1, 3)) == []


def test_a_bare_weekday_resolves_against_publication_and_a_day_earlier_against_it() -> None:
    from bot.extract import extract as _extract

    pub = PartialDate(2024, 3, 7)  # a Thursday
    ex = _extract(
        "Foreign Minister Tomas Verhoeven and Romanian Foreign Minister Anders Kolberg met Wednesday in Oslo.\n\n"
        "A day earlier, Verhoeven held talks with Finnish Foreign Minister Pia Lindqvist.",
        pub,
    )
    got = {frozenset(m.participants): m.date.iso() if m.date else None for m in ex.meetings}
    assert got[frozenset({"Tomas Verhoeven", "Anders Kolberg"})] == "2024-03-06"
    assert got[frozenset({"Tomas Verhoeven", "Pia Lindqvist"})] == "2024-03-05"  # a day before that Wednesday


def test_a_weekday_picks_the_year_of_a_date_written_without_one() -> None:
    # published on the first day of a year: 29 January is later, yet its weekday says which year it was
    text = "She arrived on Wednesday afternoon, 29 January, after a long flight."
    found = find_dates(text, PartialDate(2014, 1, 1), [])
    assert [str(f.date) for f in found] == ["2014-01-29"]


def test_a_day_earlier_counts_from_the_storys_day_not_from_when_it_was_said() -> None:
    from bot.extract import extract

    body = (
        "OSLO – Foreign Minister Tomas Verhoeven attended a regional conference in Vellmar on Thursday, his "
        "office announced Friday.\n\n"
        "He held talks with Swedish Foreign Minister Anders Kolberg.\n\n"
        "A day earlier, the minister spoke with Finnish Foreign Minister Olaf Brandvik."
    )
    x = extract(body, PartialDate(2024, 7, 26))  # a Friday
    dates = {m.participants[-1]: str(m.date) for m in x.meetings}
    assert dates == {"Anders Kolberg": "2024-07-25", "Olaf Brandvik": "2024-07-24"}


def test_the_date_of_something_signed_is_not_the_meetings() -> None:
    from bot.extract import extract

    body = (
        "Foreign Minister Tomas Verhoeven met counterparts in Vellmar on Thursday.\n\n"
        "He also met Swedish Foreign Minister Anders Kolberg, with whom he reviewed the accord adopted in "
        "Oslo earlier this month."
    )
    (m,) = extract(body, PartialDate(2024, 7, 26)).meetings
    assert str(m.date) == "2024-07-25"
