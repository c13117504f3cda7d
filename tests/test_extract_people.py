"""People, titles and affiliations read from sentences written for these tests (invented names)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import PersonRecord

PUB = PartialDate(2024, 3, 6)


def people(body: str) -> dict[str, PersonRecord]:
    return {p.name: p for p in extract(body, PUB).people}


def test_title_before_name_gives_role_and_country() -> None:
    got = people("ASTANA – Kazakh Deputy Foreign Minister Yerzhan Temirkhanov opened the session.")
    assert list(got) == ["Yerzhan Temirkhanov"]
    p = got["Yerzhan Temirkhanov"]
    assert p.country == "Kazakhstan"
    assert [r.title for r in p.roles] == ["Kazakh Deputy Foreign Minister"]
    assert "Temirkhanov" in p.aliases


def test_dateline_and_demonyms_are_not_people() -> None:
    got = people(
        "ALMATY. KAZINFORM - The Tajik and Kyrgyz delegations arrived. Images of the Kazakh diplomat "
        "were shown by Jusan."
    )
    assert got == {}


def test_apposition_title_after_name_with_un_body() -> None:
    got = people(
        "Talks were held with Oksana Verbytska, Executive Director of the UN Counter-Terrorism Committee "
        "Executive Directorate (CTED), in Vienna."
    )
    p = got["Oksana Verbytska"]
    assert p.roles[0].title.startswith("Executive Director of the UN")
    assert p.country == "United Nations"


def test_particles_diacritics_and_surname_alias() -> None:
    got = people(
        "The UN Under-Secretary-General for Legal Affairs, Tomás de la Barrera Cruz, spoke first. "
        "Barrera Cruz later thanked Kazakhstan."
    )
    assert list(got) == ["Tomás de la Barrera Cruz"]
    p = got["Tomás de la Barrera Cruz"]
    assert {"Barrera Cruz", "Cruz", "de la Barrera Cruz", "Tomas de la Barrera Cruz"} <= set(p.aliases)
    assert p.country == "United Nations"
    assert p.mentions == 2


def test_honorific_and_arabic_particles() -> None:
    got = people(
        "Deputy Prime Minister and Minister of Foreign Affairs of the State of Qatar Sheikh Faisal bin "
        "Nasser Al-Marri met the press. Sheikh Faisal said the talks were useful."
    )
    assert list(got) == ["Faisal bin Nasser Al-Marri"]
    p = got["Faisal bin Nasser Al-Marri"]
    assert p.country == "Qatar"
    assert "Sheikh Faisal bin Nasser Al-Marri" in p.aliases
    assert "Al-Marri" in p.aliases
    assert "Faisal" in p.aliases


def test_middle_initial_gives_alias_without_it() -> None:
    got = people("UN Deputy Secretary-General Leila K. Osei visited Almaty. Osei met students.")
    p = got["Leila K. Osei"]
    assert "Leila Osei" in p.aliases and "Osei" in p.aliases


def test_list_under_plural_title_gives_each_country() -> None:
    got = people(
        "The minister met with the foreign ministers of Portugal Rui Albuquerque, Lithuania Dainius "
        "Petrauskas and the Netherlands Joost van der Meulen."
    )
    assert got["Rui Albuquerque"].country == "Portugal"
    assert got["Dainius Petrauskas"].country == "Lithuania"
    assert got["Joost van der Meulen"].country == "Netherlands"
    assert got["Dainius Petrauskas"].roles[0].title == "foreign minister of Lithuania"


def test_possessive_country_and_us_abbreviation() -> None:
    got = people("Spain’s Ambassador Marta Ibarra Olmedo and U.S. Ambassador Jonathan Pellegrino attended.")
    assert got["Marta Ibarra Olmedo"].country == "Spain"
    assert got["Jonathan Pellegrino"].country == "United States"


def test_posting_is_not_the_state_served() -> None:
    got = people("Russian Permanent Representative to the United Nations Pavel Zhuravlyov said the text was ready.")
    assert got["Pavel Zhuravlyov"].country == "Russia"


def test_organisations_places_and_media_are_not_people() -> None:
    got = people(
        "Reporters from Associated Press, Huffington Post and Tokyo Shimbun visited New York, Equatorial "
        "Guinea and Cote d'Ivoire for the Global Counter-Terrorism Strategy review of the Security "
        "Council."
    )
    assert got == {}


def test_single_surname_after_title_is_a_person() -> None:
    got = people("The reforms initiated by President Zhaksylykov were praised.")
    assert list(got) == ["Zhaksylykov"]
    assert got["Zhaksylykov"].roles[0].title == "President"


def test_unknown_capitalised_pair_without_context_is_not_a_person() -> None:
    assert people("The Khorgos Gateway handled more cargo this year.") == {}


def test_surname_shape_is_enough_without_a_title() -> None:
    got = people("The forum brought together Dariga Sultanbekova and Arman Zhetpisbayev.")
    assert set(got) == {"Dariga Sultanbekova", "Arman Zhetpisbayev"}


def test_company_before_a_name_is_not_part_of_it() -> None:
    got = people("The minister met the Chairman of the Board of Orbita Systems Lee Jae-min.")
    assert list(got) == ["Lee Jae-min"]
    assert got["Lee Jae-min"].roles[0].title.startswith("Chairman of the Board")


def test_an_honorific_that_honours_no_name_after_it_closes_a_name() -> None:
    x = extract("The government named Foreign Minister Ingrid Bishop as its envoy.", PartialDate(2024, 3, 4))
    assert [p.name for p in x.people] == ["Ingrid Bishop"]


def test_a_surname_printed_in_lower_case_by_a_slip_stays_in_the_name() -> None:
    x = extract(
        "State Department Spokesperson Tomas kolbergh said on Tuesday that talks went well.", PartialDate(2024, 3, 6)
    )
    assert [p.name for p in x.people] == ["Tomas kolbergh"]
    x = extract("Foreign Minister Tomas Verhoeven also said the talks went well.", PartialDate(2024, 3, 6))
    assert [p.name for p in x.people] == ["Tomas Verhoeven"]


def test_a_given_name_written_short_after_a_title_is_part_of_the_name() -> None:
    x = extract("Trade Secretary Ma. Ingrid L. Solberg met them on Thursday.", PartialDate(2024, 3, 8))
    assert [p.name for p in x.people] == ["Ma. Ingrid L. Solberg"]
    x = extract("He met Foreign Minister Tomas Li. Ingrid Solberg said it went well.", PartialDate(2024, 3, 8))
    assert {p.name for p in x.people} == {"Tomas Li", "Ingrid Solberg"}


def test_a_title_before_and_honorific_name_is_the_other_persons() -> None:
    body = (
        "Under-Secretary-General Ingrid Solberg received Anna Kovac, Minister of Health of Croatia, on Monday. "
        "The Under-Secretary-General and Ms. Kovac talked about hospitals."
    )
    got = {p.name: [r.title for r in p.roles] for p in extract(body, PartialDate(2024, 3, 8)).people}
    assert got["Anna Kovac"] == ["Minister of Health of Croatia"]


def test_a_body_the_lexicon_lacks_after_of_the_closes_a_title_and_is_no_person() -> None:
    body = (
        "Ms Kowalska later called on the Chairman of the Upper House of the Vellmar Sejm, T.K. Ostrovsky. "
        "They spoke about elections."
    )
    x = extract(body, PartialDate(2024, 3, 8))
    got = {p.name: [r.title for r in p.roles] for p in x.people}
    assert "Vellmar Sejm" not in got
    assert got["T. K. Ostrovsky"] == ["Chairman of the Upper House of the Vellmar Sejm"]


def test_a_chiefly_style_and_the_given_name_alone_are_the_same_person() -> None:
    body = (
        "Talks were held in Suva with Foreign Minister Ratu Tevita Qaranivalu. Ratu Tevita said the talks "
        "went well."
    )
    x = extract(body, PartialDate(2024, 3, 8))
    assert [p.name for p in x.people] == ["Tevita Qaranivalu"]


def test_a_body_after_of_the_is_no_person_and_colours_open_no_name() -> None:
    body = (
        "Talks took place between the Chairman of the Vellmar Khural of Mongolia Tomas Verhoeven and Anders "
        "Kolberg on 4 March 2024. The Chairman of the Vellmar Khural later thanked the hosts. The dam "
        "stands on Norway's White Vell."
    )
    names = {p.name for p in extract(body, PartialDate(2024, 3, 8)).people}
    assert "Vellmar Khural" not in names
    assert "White Vell" not in names
    assert "Tomas Verhoeven" in names
