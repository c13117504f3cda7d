"""Whom a person serves when the title alone does not say: rules about how news prose places people, on
invented sentences (bot/extract/engine.py, bot/extract/people.py)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import PersonRecord

PUB = PartialDate(2024, 3, 6)


def person(body: str, name: str) -> PersonRecord:
    return next(p for p in extract(body, PUB).people if p.name == name)


def test_a_report_filed_from_a_capital_gives_unmarked_officials_that_state() -> None:
    body = (
        "Nairobi\n\n"
        "Vice Premier of China Tomas Verhoeven on Monday called on President Anders Kolberg. "
        "The Chinese guest spoke of China and of Chinese support for the port of China's partners. "
        "Chinese Ambassador Olaf Brandvik joined them. Interior Minister Ruth Wanjiku was also present."
    )
    assert person(body, "Ruth Wanjiku").country == "Kenya"
    assert person(body, "Anders Kolberg").country == "Kenya"
    assert person(body, "Olaf Brandvik").country == "China"
    assert person(body, "Tomas Verhoeven").country == "China"


def test_a_report_filed_from_a_city_that_is_no_capital_is_no_evidence() -> None:
    body = (
        "NEW YORK\n\n"
        "Kazakh Foreign Minister Tomas Verhoeven met with Permanent Representative Anders Kolberg. "
        "Kazakhstan and the Kazakh delegation spoke of Kazakhstan's plans."
    )
    assert person(body, "Anders Kolberg").country != "United States"


def test_a_state_at_the_head_of_a_list_holds_for_the_next_titled_name() -> None:
    body = (
        "On 4 March 2024, the minister held talks with Norway's Prime Minister Tomas Verhoeven and "
        "Foreign Minister Anders Kolberg in Vellmar."
    )
    assert person(body, "Anders Kolberg").country == "Norway"
    body = "Norwegian President Tomas Verhoeven and Foreign Minister Anders Kolberg arrived in Vellmar on 4 March 2024."
    assert person(body, "Anders Kolberg").country == "Norway"


def test_a_title_with_a_state_of_its_own_keeps_it() -> None:
    body = "Norwegian President Tomas Verhoeven and Swedish Foreign Minister Anders Kolberg arrived on 4 March 2024."
    assert person(body, "Anders Kolberg").country == "Sweden"


def test_the_names_a_side_was_led_by_serve_that_side() -> None:
    body = (
        "The Norwegian side to the talks was led by Foreign Secretary Tomas Verhoeven and Defence Secretary "
        "Anders Kolberg, while Sweden was represented by Deputy Minister Olaf Brandvik and Vice-Minister "
        "Ruth Lindqvist. The talks were held in Vellmar on 4 March 2024."
    )
    assert person(body, "Tomas Verhoeven").country == "Norway"
    assert person(body, "Anders Kolberg").country == "Norway"
    assert person(body, "Olaf Brandvik").country == "Sweden"
    assert person(body, "Ruth Lindqvist").country == "Sweden"
