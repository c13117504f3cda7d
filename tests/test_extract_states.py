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
        "Chinese State Councillor Tomas Verhoeven paid a courtesy call on President Anders Kolberg on Monday. "
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
        "On 4 March 2024, the envoy was received in Vellmar by Norway's Prime Minister Tomas Verhoeven and "
        "Foreign Minister Anders Kolberg."
    )
    assert person(body, "Anders Kolberg").country == "Norway"
    body = "Norwegian President Tomas Verhoeven and Foreign Minister Anders Kolberg arrived in Vellmar on 4 March 2024."
    assert person(body, "Anders Kolberg").country == "Norway"


def test_a_title_with_a_state_of_its_own_keeps_it() -> None:
    body = "Norwegian President Tomas Verhoeven and Swedish Foreign Minister Anders Kolberg arrived on 4 March 2024."
    assert person(body, "Anders Kolberg").country == "Sweden"


def test_the_names_a_side_was_led_by_serve_that_side() -> None:
    body = (
        "At the consultations in Vellmar on 4 March 2024 the Norwegian delegation was headed by State Secretary "
        "Tomas Verhoeven and Deputy Minister Anders Kolberg, while Sweden was represented by Ambassador Olaf "
        "Brandvik and Director Ruth Lindqvist."
    )
    assert person(body, "Tomas Verhoeven").country == "Norway"
    assert person(body, "Anders Kolberg").country == "Norway"
    assert person(body, "Olaf Brandvik").country == "Sweden"
    assert person(body, "Ruth Lindqvist").country == "Sweden"


def test_a_word_that_is_usually_no_name_is_a_given_name_between_a_title_and_a_surname() -> None:
    body = "On 4 March 2024 the guests were received by the President of the Republic of Norway Islam Verhoeven."
    assert person(body, "Islam Verhoeven").country == "Norway"
    assert not extract("Scholars of Islam and Christianity met in Vellmar on 4 March 2024.", PUB).people


def test_a_body_named_with_its_acronym_stays_inside_the_title() -> None:
    body = (
        "The meeting was also attended by Director of the Executive Committee of the Regional Maritime "
        "Structure (RMS) SCO D.M.Verhoevenov."
    )
    (p,) = extract(body, PUB).people
    assert p.country == "Shanghai Cooperation Organization"
    assert "Regional Maritime Structure (RMS)" in p.roles[0].title


def test_an_attendance_list_takes_the_day_of_the_meeting_named_before_it() -> None:
    body = (
        "On May 22, 2023 Vellmar hosted a meeting of the Council of Foreign Ministers\n\n"
        "It was attended by Foreign Minister of Norway Tomas Verhoeven, Foreign Minister of Sweden Anders "
        "Kolberg and Foreign Minister of Finland Olaf Brandvik.\n\n"
        "The next council, due in Vellmar on June 10, 2024, was prepared."
    )
    (m,) = extract(body, PUB).meetings
    assert str(m.date) == "2023-05-22"
    assert len(m.participants) == 3


def test_a_state_written_by_a_formal_name_the_lexicon_lacks_still_opens_a_list_item() -> None:
    body = (
        "On 4 March 2024, Ambassadors of Norway Tomas Verhoeven, Confederation of Sweden Anders Kolberg, "
        "Finland Olaf Brandvik presented credentials to President Ruth Lindqvist."
    )
    assert person(body, "Anders Kolberg").country == "Sweden"


def test_a_demonym_between_name_words_is_part_of_the_name() -> None:
    body = (
        "On 4 March 2024, Ambassador of Vietnam Ms. Tran Thai Van Minh presented credentials to "
        "President Anders Kolberg."
    )
    assert person(body, "Tran Thai Van Minh").country == "Vietnam"


def test_a_dateline_below_page_clutter_is_the_dateline_and_not_part_of_a_title() -> None:
    body = (
        "Home | World\n\nNews in brief\n\n"
        "OSLO — Foreign Minister Tomas Verhoeven travelled to Vellmar on 4 March 2024 for talks with "
        "Russia's Foreign Minister Anders Kolberg and Russian officials.\n\n"
        "The Russian side was pleased."
    )
    p = person(body, "Tomas Verhoeven")
    assert p.country == "Norway"
    assert [r.title for r in p.roles] == ["Foreign Minister"]


def test_general_secretary_is_a_title_and_its_body_is_whom_it_serves() -> None:
    body = (
        "On 4 March 2024, Foreign Minister Tomas Verhoeven met separately with Anders Kolberg, "
        "General-Secretary of the Organization for Economic Cooperation and Development (OECD), and Kenyan "
        "Foreign Minister Ruth Wanjiku."
    )
    x = extract(body, PUB)
    assert {frozenset(m.participants) for m in x.meetings} >= {
        frozenset({"Tomas Verhoeven", "Anders Kolberg"}),
        frozenset({"Tomas Verhoeven", "Ruth Wanjiku"}),
    }
    assert person(body, "Anders Kolberg").country == "Organisation for Economic Co-operation and Development"


def test_sides_named_in_one_sentence_met_each_other() -> None:
    body = (
        "In Vellmar on 4 March 2024 the Norwegian delegation was headed by State Secretary Tomas Verhoeven and "
        "Deputy Minister Anders Kolberg, while Sweden was represented by Ambassador Olaf Brandvik."
    )
    groups = {frozenset(m.participants) for m in extract(body, PUB).meetings}
    assert frozenset({"Tomas Verhoeven", "Anders Kolberg", "Olaf Brandvik"}) in groups


def test_a_list_item_introduced_by_its_state_alone_is_a_person() -> None:
    body = (
        "Among those present on 4 March 2024 were Swedish Foreign Minister Tomas Verhoeven, "
        "Finnish Foreign Minister Anders Kolberg and Norway's Olaf Brandvik."
    )
    assert person(body, "Olaf Brandvik").country == "Norway"


def test_a_capital_opening_the_sentence_stands_for_its_government() -> None:
    body = "Oslo has tasked Foreign Minister Ingrid Solberg with the negotiations with Sweden on 4 March 2024."
    assert person(body, "Ingrid Solberg").country == "Norway"


def test_people_in_a_relative_clause_are_not_of_the_scenes_state() -> None:
    body = (
        "In Finland, Norway's Foreign Minister Tomas Verhoeven called on President Anders Kolberg on 4 March "
        "2024, who asked him to pass his regards to the speaker of the Swedish parliament, Olaf Brandvik, and "
        "President Ruth Lindqvist."
    )
    x = extract(body, PUB)
    assert person(body, "Ruth Lindqvist").country != "Finland"
    assert {frozenset(m.participants) for m in x.meetings} == {frozenset({"Tomas Verhoeven", "Anders Kolberg"})}
    assert person(body, "Anders Kolberg").country == "Finland"


def test_a_semicolon_list_of_state_comma_name_items_gives_each_their_state() -> None:
    body = (
        "On 4 March 2024, Foreign Minister Tomas Verhoeven had bilateral meetings with the foreign ministers "
        "of Sweden, Prince Anders Kolberg; Finland, Olaf Brandvik; and Denmark, Ruth Lindqvist."
    )
    x = extract(body, PUB)
    got = {p.name: (p.country, [r.title for r in p.roles]) for p in x.people}
    assert got["Anders Kolberg"] == ("Sweden", ["foreign minister of Sweden"])
    assert got["Olaf Brandvik"][0] == "Finland"
    assert got["Ruth Lindqvist"][0] == "Denmark"
    assert {frozenset(m.participants) for m in x.meetings} == {
        frozenset({"Tomas Verhoeven", n}) for n in ("Anders Kolberg", "Olaf Brandvik", "Ruth Lindqvist")
    }


def test_a_second_side_written_without_its_verb_still_met_the_first() -> None:
    body = (
        "On 4 March 2024 consultations took place in Vellmar. Norway was represented by State Secretary "
        "Tomas Verhoeven, the Swedish delegation by Director-General Anders Kolberg."
    )
    groups = {frozenset(m.participants) for m in extract(body, PUB).meetings}
    assert frozenset({"Tomas Verhoeven", "Anders Kolberg"}) in groups


def test_a_wire_from_a_city_state_and_a_demonym_subject_acting_on_someone() -> None:
    body = (
        "SINGAPORE, Jan 17 (SNA) -- Singapore's Deputy Foreign Minister Tomas Verhoeven hosted on Monday\n"
        "the visiting Malaysian Deputy Foreign Minister Anders Kolberg for a round of consultations on\n"
        "water supply, the causeway and trade between the two neighbouring states in the coming years.\n\n"
        "On Tuesday, Kolberg called on Senior Minister Olaf Brandvik.\n\n"
        "The Malaysian deputy minister gave Mr Brandvik a letter from his government."
    )
    assert person(body, "Tomas Verhoeven").country == "Singapore"
    assert person(body, "Olaf Brandvik").country == "Singapore"


def test_a_place_and_a_date_on_a_line_of_their_own_are_the_dateline() -> None:
    body = (
        "Talks held\n\nNairobi, April 3, 2020.\n\nForeign Minister Tomas Verhoeven spoke with Swedish Foreign "
        "Minister Anders Kolberg about Sweden's exports and Swedish investment."
    )
    assert person(body, "Tomas Verhoeven").country == "Kenya"


def test_a_national_outlet_leaves_its_own_officials_unmarked() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven and his Japanese counterpart, Anders Kolberg, held talks in Lisbon "
        "on 4 March 2024. Japan and Japanese officials said the talks on Japan's ties went well."
    )
    x = extract(body, PUB, None, "The Norway Herald")
    assert next(p for p in x.people if p.name == "Tomas Verhoeven").country == "Norway"
    x = extract(body, PUB, None, "Embassy of Sweden in Japan")
    assert next(p for p in x.people if p.name == "Tomas Verhoeven").country == "Sweden"
