"""Rules that make extraction generalise beyond the texts it was built on (invented names and sentences)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import MeetingRecord, PersonRecord

PUB = PartialDate(2024, 3, 7)  # a Thursday


def people(body: str, pub: PartialDate = PUB) -> dict[str, PersonRecord]:
    return {p.name: p for p in extract(body, pub).people}


def meetings(body: str, pub: PartialDate = PUB) -> list[MeetingRecord]:
    return extract(body, pub).meetings


def test_fathers_name_after_bin_is_another_person() -> None:
    got = people(
        "President Tokhir bin Rashad Al Faran welcomed the guests. Later, Crown Prince Sheikh Omar bin Tokhir "
        "bin Rashad Al Faran met the delegation."
    )
    assert set(got) == {"Tokhir bin Rashad Al Faran", "Omar bin Tokhir bin Rashad Al Faran"}
    son = got["Omar bin Tokhir bin Rashad Al Faran"]
    assert "Tokhir bin Rashad Al Faran" not in son.aliases
    # the family name both share is an alias of neither
    assert not any(a in ("Al Faran", "Faran") for p in got.values() for a in p.aliases)


def test_demonym_shaped_surname_stays_in_the_name() -> None:
    got = people("UN High Commissioner for Human Rights Gerold Turk, who arrived on Monday, met students.")
    assert "Gerold Turk" in got
    assert got["Gerold Turk"].country == "United Nations"


def test_surname_alias_keeps_particles() -> None:
    got = people("European Commissioner Annelie von der Brink spoke. Von der Brink thanked the hosts.")
    p = got["Annelie von der Brink"]
    assert "von der Brink" in p.aliases
    assert "Brink" not in p.aliases


def test_family_name_first_gives_the_short_form() -> None:
    got = people("Chinese Foreign Minister Zhang Weiguo met the press. Zhang said relations were good.")
    p = got["Zhang Weiguo"]
    assert p.aliases == ["Zhang"]
    assert p.mentions == 2


def _pairs(body: str) -> dict[frozenset[str], str | None]:
    return {frozenset(m.participants): (m.date.iso() if m.date else None) for m in meetings(body)}


def test_bare_definite_title_is_the_articles_subject() -> None:
    got = _pairs(
        "ASTANA – Foreign Minister of Kazakhstan Aidar Temirov held a series of meetings in Geneva. "
        "The minister also met with Petra Lindqvist, Special Envoy for the Arctic, and with Jonas Eriksen, "
        "Director of the Nordic Water Bureau."
    )
    assert frozenset({"Aidar Temirov", "Petra Lindqvist"}) in got
    assert frozenset({"Aidar Temirov", "Jonas Eriksen"}) in got


def test_meeting_in_the_second_of_two_joined_predicates() -> None:
    got = _pairs(
        "On Tuesday, Kazakh Foreign Minister Aidar Temirov laid flowers at the monument by the river and held "
        "a meeting with Deputy Foreign Minister of Norway Jonas Eriksen."
    )
    assert got == {frozenset({"Aidar Temirov", "Jonas Eriksen"}): "2024-03-05"}


def test_his_meeting_with_someone_is_a_meeting() -> None:
    got = _pairs(
        "Secretary General of the Organization of Turkic States Bolat Orazov spoke to the press. "
        "Orazov recalled his meeting with UN Under-Secretary-General Maria Castellano in Vienna on Feb. 20."
    )
    assert got == {frozenset({"Bolat Orazov", "Maria Castellano"}): "2024-02-20"}


def test_sentence_initial_weekday_and_month_after_for() -> None:
    from bot.extract.dates import find_dates

    assert [d.date.iso() for d in find_dates("On Tuesday, the envoy spoke.", PUB, [])] == ["2024-03-05"]
    assert [d.date.iso() for d in find_dates("Earlier on Monday, he arrived.", PUB, [])] == ["2024-03-04"]
    assert [d.date.iso() for d in find_dates("He will return next Thursday.", PUB, [])] == ["2024-03-14"]
    got = find_dates("The next session is scheduled for November in Vienna.", PUB, [])
    assert [d.date.iso() for d in got] == ["2024-11"]
    got = find_dates("The meeting is scheduled for Sept. 26.", PUB, [])
    assert [d.date.iso() for d in got] == ["2024-09-26"]


def test_pairwise_meetings_gather_topics_from_later_sentences() -> None:
    got = {
        frozenset(m.participants): m
        for m in meetings(
            "ASTANA – Kazakh Foreign Minister Aidar Temirov met with the foreign ministers of Norway Jonas "
            "Eriksen and Chile Ana Morales on March 5. In talks with Eriksen, the sides reviewed Arctic "
            "research. Temirov and Morales focused on copper mining and lithium supply chains."
        )
    }
    eri = got[frozenset({"Aidar Temirov", "Jonas Eriksen"})]
    mor = got[frozenset({"Aidar Temirov", "Ana Morales"})]
    assert len(got) == 2  # "In talks with Eriksen" is the same meeting, not one on the article's date
    assert eri.date is not None and eri.date.iso() == "2024-03-05"
    assert any("Arctic research" in tp for tp in eri.topics)
    assert any("copper mining" in tp for tp in mor.topics)


def test_topic_naming_another_person_is_kept() -> None:
    got = meetings(
        "Kazakh Foreign Minister Aidar Temirov held talks with Chilean Foreign Minister Ana Morales. "
        "The ministers discussed the state visit of Chilean President Rodrigo Fuentes."
    )
    assert len(got) == 1
    assert any("state visit of Chilean President Rodrigo Fuentes" in tp for tp in got[0].topics)


def test_follow_up_sentence_dates_the_meeting_and_gives_topics() -> None:
    got = meetings(
        "Astana, March 7, 2024 – Deputy Foreign Minister of Kazakhstan Aidar Temirov received Special "
        "Envoy of Norway Jonas Eriksen. During the talks held on March 6, the sides discussed water "
        "management in the Aral Sea basin."
    )
    assert len(got) == 1
    assert got[0].date is not None and got[0].date.iso() == "2024-03-06"
    assert any("water management" in tp for tp in got[0].topics)


def test_future_relative_clause_does_not_date_a_past_meeting() -> None:
    got = _pairs(
        "Kazakh Foreign Minister Aidar Temirov also held a separate meeting with Special Envoy of Norway "
        "Jonas Eriksen, who is preparing to visit Astana next month."
    )
    assert got == {frozenset({"Aidar Temirov", "Jonas Eriksen"}): "2024-03-07"}


def test_place_is_not_read_from_inside_a_topic() -> None:
    got = meetings(
        "OSLO – Kazakh Foreign Minister Aidar Temirov and Norwegian Foreign Minister Jonas Eriksen "
        "discussed the outcomes of the summit in Samarkand."
    )
    assert got[0].place == "Oslo"


def test_organisation_and_document_names_are_not_people() -> None:
    got = people(
        "Senator Aigerim Sadykova, a former deputy chairman of the Zhana Zhol party, spoke about the "
        "Universal Periodic Review and the Baiterek holding."
    )
    assert set(got) == {"Aigerim Sadykova"}


def test_second_title_with_and_for_a_second_person_received() -> None:
    got = people(
        "President Aidar Temirov received Crown Prince Sheikh Omar bin Tokhir Al Faran and Minister of "
        "Culture and Creative Industries Laila Al Saadi, who also chairs the national oil company."
    )
    assert [r.title for r in got["Laila Al Saadi"].roles] == ["Minister of Culture and Creative Industries"]
    ms = meetings(
        "President Aidar Temirov received Crown Prince Sheikh Omar bin Tokhir Al Faran and Minister of "
        "Culture and Creative Industries Laila Al Saadi."
    )
    assert [set(m.participants) for m in ms] == [{"Aidar Temirov", "Omar bin Tokhir Al Faran", "Laila Al Saadi"}]


def test_lowercase_appositive_title_naming_a_company() -> None:
    got = people("Nurlan Abenov, head of Kazakhstan's Samruk holding, and a bank signed an agreement.")
    p = got["Nurlan Abenov"]
    assert [r.title for r in p.roles] == ["head of Kazakhstan's Samruk holding"]
    assert p.country == "Kazakhstan"


def test_un_title_for_a_country_serves_the_un() -> None:
    got = people(
        "The minister met with Roza Amanova, Special Representative of the Secretary-General for Somalia "
        "and Head of UNSOM."
    )
    assert got["Roza Amanova"].country == "United Nations"


def test_title_does_not_end_on_a_modifier() -> None:
    got = people("He met the OSCE High Commissioner on National Minorities Piotr Kowalczyk in Vienna.")
    assert set(got) == {"Piotr Kowalczyk"}
    assert got["Piotr Kowalczyk"].roles[0].title == "OSCE High Commissioner on National Minorities"


def _events(body: str) -> list[tuple[str | None, str]]:
    return [(e.date.iso() if e.date else None, e.evidence) for e in extract(body, PUB).events]


def test_dates_after_a_quotes_attribution_are_kept() -> None:
    got = _events(
        '"Dialogue matters," the Deputy Minister said, recalling that Almaty hosted the regional summit in 2011.'
    )
    assert "2011" in [d for d, _ in got]


def test_parades_wreaths_and_council_meetings_are_events() -> None:
    got = _events(
        "Last week, Kazakh President Aidar Temirov attended the Independence Day parade in Bishkek. "
        "The decision of the Ministerial Council held in Tashkent late last year was welcomed. "
        "The next meeting of the Ministerial Council is scheduled for October in Baku."
    )
    dates = [d for d, _ in got]
    assert "2024-02" in dates or "2024-03" in dates
    assert "2023" in dates
    assert "2024-10" in dates


def test_the_meeting_took_place_takes_the_day_just_named() -> None:
    got = _events(
        "Kazakh Foreign Minister Aidar Temirov and Norwegian Foreign Minister Jonas Eriksen held talks on "
        "March 5. The meeting took place on the sidelines of the Arctic Council session."
    )
    assert ("2024-03-05", "The meeting took place on the sidelines of the Arctic Council session.") in got


def test_summary_names_people_sharing_a_family_name_in_full() -> None:
    ev = extract(
        "President Tokhir bin Rashad Al Faran received the delegation. The same day, Kazakh Foreign "
        "Minister Aidar Temirov received Crown Prince Omar bin Tokhir Al Faran.",
        PUB,
    ).events
    assert any("Omar bin Tokhir Al Faran" in e.summary for e in ev)


def test_spoke_by_phone_and_a_later_dated_meeting_of_the_same_pair() -> None:
    got = sorted(
        (m.date.iso() if m.date else "", tuple(sorted(m.participants)))
        for m in meetings(
            "Kazakh Foreign Minister Aidar Temirov held talks with Norwegian Foreign Minister Jonas Eriksen. "
            "Temirov and Eriksen also spoke by phone on Feb. 2 to discuss the agenda of the visit."
        )
    )
    pair = ("Aidar Temirov", "Jonas Eriksen")
    assert got == [("2024-02-02", pair), ("2024-03-07", pair)]


def test_the_diplomat_is_the_articles_subject() -> None:
    got = _pairs(
        "ASTANA – Kazakh Deputy Foreign Minister Aidar Temirov met with UN Resident Coordinator Petra "
        "Lindqvist. The same day, the diplomat also received Ambassador of Japan Kenji Morita."
    )
    assert frozenset({"Aidar Temirov", "Kenji Morita"}) in got


def test_place_is_not_read_from_a_title() -> None:
    got = meetings(
        "MOSCOW – Russian Foreign Minister Pavel Orlov met with Kazakhstan's Ambassador to Russia Aidar "
        "Temirov on Wednesday."
    )
    assert got[0].place == "Moscow"


def test_dateline_state_and_another_persons_demonym_for_country() -> None:
    got = people(
        "ASTANA – Kazakh Foreign Minister Aidar Temirov held talks with Hungarian Foreign Minister Gabor "
        "Varga. On Wednesday, the Hungarian minister also met with "
        "Chairman of the Mazhilis Yerlan Abenov. President Ruslan Kairatov was mentioned."
    )
    assert got["Yerlan Abenov"].country == "Kazakhstan"
    assert got["Ruslan Kairatov"].country == "Kazakhstan"


def test_unknown_words_naming_a_body_inside_titles() -> None:
    body = (
        "Vienna, April 22, 2024 – First Deputy Foreign Minister of Kazakhstan Aidar Temirov held consultations "
        "with State Secretary of the Austrian Federal Foreign Office Klaus Weber, who is on his first visit "
        "to Central Asia. Temirov also met with Member of the Nationalrat and Chairman of the Austrian-Central "
        "Asian Friendship Group Johann Moser."
    )
    got = people(body)
    assert got["Klaus Weber"].roles[0].title == "State Secretary of the Austrian Federal Foreign Office"
    assert got["Johann Moser"].roles[0].title.startswith("Member of the Nationalrat and Chairman")
    ms = {frozenset(m.participants): m for m in meetings(body)}
    assert frozenset({"Aidar Temirov", "Johann Moser"}) in ms
    assert ms[frozenset({"Aidar Temirov", "Klaus Weber"})].place == "Vienna"


def test_event_summary_says_what_which_stands_for() -> None:
    ev = extract(
        "Kazakh Foreign Minister Aidar Temirov invited the Austrian side to take part in the Astana International "
        "Forum, which will be held on May 30.",
        PUB,
    ).events
    assert [e.summary for e in ev] == ["Temirov: the Astana International Forum, which will be held"]
