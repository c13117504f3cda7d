"""Meeting patterns, each on sentences written for these tests (invented names)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import MeetingRecord

PUB = PartialDate(2024, 3, 6)


def meetings(body: str, pub: PartialDate | None = PUB) -> list[MeetingRecord]:
    return extract(body, pub).meetings


def pairs(body: str, pub: PartialDate | None = PUB) -> list[tuple[frozenset[str], str | None]]:
    return [(frozenset(m.participants), m.date.iso() if m.date else None) for m in meetings(body, pub)]


def test_met_with_and_date_in_the_sentence() -> None:
    got = meetings(
        "ASTANA – First Deputy Foreign Minister of Kazakhstan Daniyar Sarsenov met with UN Assistant "
        "Secretary-General Ingrid Halvorsen on March 4 in Geneva. The sides discussed water security "
        "and the Aral Sea."
    )
    assert len(got) == 1
    m = got[0]
    assert set(m.participants) == {"Daniyar Sarsenov", "Ingrid Halvorsen"}
    assert m.date is not None and m.date.iso() == "2024-03-04"
    assert m.place == "Geneva"
    assert any("water security" in t for t in m.topics)
    assert "met with UN Assistant" in m.evidence


def test_meeting_without_a_date_takes_the_article_date_at_its_precision() -> None:
    body = "Foreign Minister Arman Kuanyshev held talks with Latvian Foreign Minister Ilze Ozolina."
    assert pairs(body, PartialDate(2024, 3)) == [(frozenset({"Arman Kuanyshev", "Ilze Ozolina"}), "2024-03")]


def test_x_and_y_discussed() -> None:
    body = (
        "Kazakh Foreign Minister Arman Kuanyshev and Hungarian Foreign Minister Gábor Szentesi discussed "
        "transit and energy."
    )
    assert pairs(body) == [(frozenset({"Arman Kuanyshev", "Gábor Szentesi"}), "2024-03-06")]


def test_received() -> None:
    body = (
        "President of Kazakhstan Serik Abenov received the Minister of Foreign Affairs of Oman Salim bin "
        "Hamad Al-Busaidi on March 5."
    )
    assert pairs(body) == [(frozenset({"Serik Abenov", "Salim bin Hamad Al-Busaidi"}), "2024-03-05")]


def test_foreign_ministers_list_gives_one_meeting_each() -> None:
    body = (
        "The Kazakh Foreign Minister Arman Kuanyshev met with the foreign ministers of Portugal Rui "
        "Albuquerque, Lithuania Dainius Petrauskas and Estonia Kaarel Tamm."
    )
    got = {p for p, _ in pairs(body)}
    assert got == {
        frozenset({"Arman Kuanyshev", "Rui Albuquerque"}),
        frozenset({"Arman Kuanyshev", "Dainius Petrauskas"}),
        frozenset({"Arman Kuanyshev", "Kaarel Tamm"}),
    }


def test_counterparts_from_countries_resolve_to_named_people() -> None:
    body = (
        "On the sidelines of the forum, Foreign Minister Arman Kuanyshev met with his counterparts from "
        "Mongolia, Georgia and the OSCE Secretary General.\n\n"
        "Mongolian Foreign Minister Batbold Ganzorig praised the initiative. Georgian President Nino "
        "Beridze and Georgian Foreign Minister Levan Kobakhidze attended the dinner. OSCE Secretary "
        "General Ruth Castellanos spoke last."
    )
    got = {p for p, _ in pairs(body)}
    assert got == {
        frozenset({"Arman Kuanyshev", "Batbold Ganzorig"}),
        frozenset({"Arman Kuanyshev", "Levan Kobakhidze"}),
        frozenset({"Arman Kuanyshev", "Ruth Castellanos"}),
    }


def test_at_the_meeting_with_after_a_round_of_meetings() -> None:
    body = (
        "During his visit to Geneva, Deputy Foreign Minister Askar Zhumagaliev held a number of meetings "
        "with UN officials.\n\n"
        "At a meeting with UN High Commissioner for Refugees Paolo Benedetti, the latter praised the "
        "country's support.\n\n"
        "The UN Under-Secretary-General for Humanitarian Affairs, Amara Diallo, expressed gratitude for "
        "the humanitarian aid to Afghanistan."
    )
    got = {p for p, _ in pairs(body)}
    assert got == {
        frozenset({"Askar Zhumagaliev", "Paolo Benedetti"}),
        frozenset({"Askar Zhumagaliev", "Amara Diallo"}),
    }


def test_took_part_in_the_meeting_joins_the_last_meeting() -> None:
    body = (
        "Foreign Minister Arman Kuanyshev held talks on March 2 with UN Under-Secretary-General Ivan "
        "Petrenko.\n\nDorota Zielińska, Executive Director of UNODC, also took part in the meeting."
    )
    assert pairs(body) == [(frozenset({"Arman Kuanyshev", "Ivan Petrenko", "Dorota Zielińska"}), "2024-03-02")]


def test_meeting_of_title_with_person() -> None:
    body = (
        "UN Secretary-General Henrik Dahlberg confirmed his participation in the summit to be held on "
        "July 3-4, the ministry said following a meeting of the UN secretary general in New York with "
        "Kazakhstan's First Deputy Foreign Minister Nurlan Sadykov."
    )
    assert pairs(body, PartialDate(2024, 5, 22)) == [(frozenset({"Henrik Dahlberg", "Nurlan Sadykov"}), "2024-05-22")]


def test_pronoun_subject_met_with_in_a_past_month() -> None:
    body = (
        "UN Deputy Secretary-General Leila K. Osei first visited Kazakhstan in June of last year "
        "when she met with Kazakh President Serik Abenov."
    )
    assert pairs(body, PartialDate(2023, 1, 24)) == [(frozenset({"Leila K. Osei", "Serik Abenov"}), "2022-06")]


def test_co_hosts_of_a_meeting_with_unnamed_officials_are_not_a_meeting() -> None:
    body = (
        "Foreign Minister Arman Kuanyshev and Almaty city mayor Bauyrzhan Omarov held a meeting with the "
        "heads of the UN bodies."
    )
    assert meetings(body) == []


def test_unnamed_counterpart_is_not_a_meeting() -> None:
    body = "Foreign Minister Arman Kuanyshev met with the Ambassador of Brazil to discuss trade."
    assert meetings(body) == []


def test_the_kazakh_diplomat_is_the_person_spoken_of() -> None:
    body = (
        "Kazakhstan's Permanent Representative to the UN Ambassador Kanysh Bekturov addressed the "
        "Assembly.\n\nThe Kazakh diplomat met with U.S. Ambassador to the UN Sarah Whitcombe."
    )
    assert {p for p, _ in pairs(body)} == {frozenset({"Kanysh Bekturov", "Sarah Whitcombe"})}


def test_will_hold_talks_with_his_counterpart() -> None:
    body = (
        "MOSCOW, October 12. /TASS/. Russian Foreign Minister Oleg Pankratov and his Kazakh counterpart "
        "Yerbol Sagintayev will hold talks in Moscow on October 17, the ministry said on Wednesday."
    )
    ex = extract(body, PartialDate(2022, 10, 12))
    assert [(frozenset(m.participants), m.date.iso() if m.date else None) for m in ex.meetings] == [
        (frozenset({"Oleg Pankratov", "Yerbol Sagintayev"}), "2022-10-17")
    ]
    sagintayev = next(p for p in ex.people if p.name == "Yerbol Sagintayev")
    assert sagintayev.roles[0].title == "Kazakh Foreign Minister"
    assert sagintayev.country == "Kazakhstan"


def test_meeting_attended_by_joins_the_meeting() -> None:
    body = (
        "Ambassador Askar Tolendiyev met with OSCE Secretary General Greta Lindholm in Vienna on June 23. "
        "The meeting was also attended by Ambassador Ulrike Brandl, Head of the OSCE Programme Office."
    )
    assert pairs(body, PartialDate(2021, 6, 25)) == [
        (frozenset({"Askar Tolendiyev", "Greta Lindholm", "Ulrike Brandl"}), "2021-06-23")
    ]


def test_the_head_of_state_is_the_president_spoken_of() -> None:
    body = (
        "Kazakh President Serik Abenov held a telephone conversation with Russian President Ivan Sokolin. "
        "The Head of State also met with the Chairman of the Board of Orbita Telecom Lee Jae-min."
    )
    got = {p for p, _ in pairs(body)}
    assert got == {
        frozenset({"Serik Abenov", "Ivan Sokolin"}),
        frozenset({"Serik Abenov", "Lee Jae-min"}),
    }


def test_a_bare_title_does_not_name_someone_else() -> None:
    body = (
        "Foreign Minister Arman Kuanyshev met with the Ambassador of the People's Republic of China. "
        "Ambassador Yerlan Baudarov presented his credentials."
    )
    assert meetings(body) == []
