"""Meetings read from a clause's structure (bot/extract/clause_meetings.py), on invented sentences.

Each test is a way news prose reports a meeting that no fixed wording covers: the subject is a pronoun,
the counterpart stands after a description, a list of counterparts, a call, a credentials ceremony.
"""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import MeetingRecord, PersonRecord

PUB = PartialDate(2024, 3, 6)


def meetings(body: str) -> list[MeetingRecord]:
    return extract(body, PUB).meetings


def groups(body: str) -> set[frozenset[str]]:
    return {frozenset(m.participants) for m in meetings(body)}


def person(body: str, name: str) -> PersonRecord:
    return next(p for p in extract(body, PUB).people if p.name == name)


def test_counterpart_after_a_description() -> None:
    body = (
        "On March 4, Foreign Minister of Norway Tomas Verhoeven met with his colleague from Romania "
        "Anders Kolberg in Vellmar."
    )
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg"})}


def test_a_call_is_a_meeting_of_kind_call_without_a_place() -> None:
    body = (
        "VELLMAR – Foreign Minister Tomas Verhoeven conducted a phone call on Wednesday, March 6, 2024, "
        "with the Secretary-General of the United Nations, Anders Kolberg."
    )
    [m] = meetings(body)
    assert set(m.participants) == {"Tomas Verhoeven", "Anders Kolberg"}
    assert m.kind == "call"
    assert m.place is None


def test_talks_between_two_people() -> None:
    body = (
        "On March 1, a telephone conversation took place between President of Norway Tomas Verhoeven "
        "and the President of Romania Anders Kolberg."
    )
    [m] = meetings(body)
    assert set(m.participants) == {"Tomas Verhoeven", "Anders Kolberg"}
    assert m.kind == "call"
    assert m.date is not None and m.date.iso() == "2024-03-01"


def test_possessive_pronoun_names_the_passage_subject() -> None:
    body = (
        "Secretary-General Anders Kolberg arrived in Vellmar on Monday. "
        "His first meeting was with Tomas Verhoeven, the Interior Minister of Norway."
    )
    assert frozenset({"Anders Kolberg", "Tomas Verhoeven"}) in groups(body)


def test_list_of_ministers_of_different_states_is_one_meeting_each() -> None:
    body = (
        "Norway's Foreign Minister Tomas Verhoeven met with Romanian Foreign Minister Anders Kolberg, "
        "Finnish Foreign Minister Pia Lindqvist and Slovak Foreign Minister Otto Brenner."
    )
    assert groups(body) == {
        frozenset({"Tomas Verhoeven", "Anders Kolberg"}),
        frozenset({"Tomas Verhoeven", "Pia Lindqvist"}),
        frozenset({"Tomas Verhoeven", "Otto Brenner"}),
    }


def test_trilateral_meeting_is_one_meeting() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven held a trilateral meeting with the foreign ministers of Romania "
        "and Finland, Anders Kolberg and Pia Lindqvist, respectively."
    )
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg", "Pia Lindqvist"})}


def test_respectively_gives_each_name_its_state() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven met with the foreign ministers of Romania, Finland and "
        "Slovakia, Anders Kolberg, Pia Lindqvist and Otto Brenner, respectively."
    )
    assert person(body, "Pia Lindqvist").country == "Finland"
    assert person(body, "Otto Brenner").country == "Slovakia"
    assert len(groups(body)) == 3


def test_demonyms_before_a_plural_title_align_with_the_names() -> None:
    body = (
        "Furthermore, Foreign Minister Tomas Verhoeven met with Polish, Czech and Slovak foreign "
        "ministers, Anders Kolberg, Pia Lindqvist, and Otto Brenner, respectively."
    )
    assert person(body, "Anders Kolberg").country == "Poland"
    assert person(body, "Otto Brenner").country == "Slovakia"
    assert len(groups(body)) == 3


def test_an_aside_does_not_break_the_list() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven continued with the meetings, which he described as useful, "
        "with the foreign ministers of Romania and Finland, Anders Kolberg and Pia Lindqvist, respectively."
    )
    assert groups(body) == {
        frozenset({"Tomas Verhoeven", "Anders Kolberg"}),
        frozenset({"Tomas Verhoeven", "Pia Lindqvist"}),
    }


def test_same_organisation_list_is_one_meeting() -> None:
    body = (
        "Prime Minister Tomas Verhoeven praised the partnership during a meeting with UN Under-Secretary-General "
        "Anders Kolberg and UN Assistant Secretary-General Pia Lindqvist in New York."
    )
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg", "Pia Lindqvist"})}


def test_ambassadors_presenting_credentials_meet_the_president_one_by_one() -> None:
    body = (
        "On March 4, President Tomas Verhoeven accepted credentials from new ambassadors. "
        "Ambassadors of Romania Anders Kolberg, Finland Pia Lindqvist and Slovakia Otto Brenner "
        "presented credentials to President Tomas Verhoeven."
    )
    assert groups(body) == {
        frozenset({"Tomas Verhoeven", "Anders Kolberg"}),
        frozenset({"Tomas Verhoeven", "Pia Lindqvist"}),
        frozenset({"Tomas Verhoeven", "Otto Brenner"}),
    }


def test_spoke_on_the_phone_after_a_pronoun_subject() -> None:
    body = "Foreign Minister Tomas Verhoeven says he has spoken with President Anders Kolberg on the phone for an hour."
    [m] = meetings(body)
    assert set(m.participants) == {"Tomas Verhoeven", "Anders Kolberg"}
    assert m.kind == "call"


def test_refused_meetings_are_not_meetings() -> None:
    assert meetings("Foreign Minister Tomas Verhoeven declined to meet President Anders Kolberg.") == []


def test_a_letter_received_from_someone_is_no_meeting() -> None:
    assert meetings("President Tomas Verhoeven received a letter from President Anders Kolberg.") == []


def test_a_possessive_object_is_no_participant() -> None:
    assert meetings("President Tomas Verhoeven welcomed President Anders Kolberg's proposal on water.") == []


def test_initials_open_a_name_in_every_printed_form() -> None:
    body = (
        "External Affairs Minister R Tavendra met Foreign Minister S.V. Petrovsky and Deputy Minister "
        "K. B. Omarbekov in Oslo. Tavendra said the talks were useful."
    )
    people = {p.name: p for p in extract(body, PUB).people}
    assert {"R Tavendra", "S. V. Petrovsky", "K. B. Omarbekov"} <= set(people)
    assert people["R Tavendra"].roles[0].title == "External Affairs Minister"
    assert people["R Tavendra"].mentions == 2  # the surname alone is the same person


def test_his_excellency_initials_are_no_name() -> None:
    names = [p.name for p in extract("H. E. Arman Kuanyshev met President Anders Kolberg.", PUB).people]
    assert "Arman Kuanyshev" in names


def test_semicolon_list_of_counterparts_is_one_meeting_each() -> None:
    body = (
        "Secretary-General Anders Kolberg also spoke with Tomas Verhoeven, the Foreign Minister of Norway; "
        "Pia Lindqvist, the Foreign Minister of Finland; and Otto Brenner, the Foreign Minister of Slovakia."
    )
    assert groups(body) == {
        frozenset({"Anders Kolberg", "Tomas Verhoeven"}),
        frozenset({"Anders Kolberg", "Pia Lindqvist"}),
        frozenset({"Anders Kolberg", "Otto Brenner"}),
    }


def test_attended_by_makes_one_meeting_of_everyone_listed() -> None:
    body = (
        "The council of foreign ministers met in Oslo on March 4.\n\n"
        "It was attended by the Minister of Foreign Affairs of Norway K. B. Verhoeven, the Minister of Foreign "
        "Affairs of Finland Kh. Lindqvist and the Minister of Foreign Affairs of Slovakia S.V. Brenner."
    )
    assert groups(body) == {frozenset({"K. B. Verhoeven", "Kh. Lindqvist", "S. V. Brenner"})}


def test_present_during_the_meeting_joins_it_but_a_briefing_does_not() -> None:
    body = (
        "President Tomas Verhoeven received Foreign Minister Anders Kolberg on March 4.\n\n"
        "Ambassador Pia Lindqvist and Adviser Otto Brenner were also present during the meeting."
    )
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg", "Pia Lindqvist", "Otto Brenner"})}
    body = (
        "President Tomas Verhoeven received Foreign Minister Anders Kolberg on March 4.\n\n"
        "Ambassador Pia Lindqvist and Adviser Otto Brenner also took part in the briefing."
    )
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg"})}


def test_a_name_with_its_acronym_is_a_body_not_a_person() -> None:
    body = "Director of the Regional Coordination Structure (RCS) Anders Kolberg met President Tomas Verhoeven."
    names = {p.name for p in extract(body, PUB).people}
    assert "Coordination Structure" not in names and "Regional Coordination Structure" not in names
    assert "Anders Kolberg" in names


def test_a_particle_hyphen_broken_by_a_line_end_is_mended() -> None:
    body = "Secretary General Abdul Rahim bin Khalid Al- Mansour met Foreign Minister Tomas Verhoeven."
    names = {p.name for p in extract(body, PUB).people}
    assert "Abdul Rahim bin Khalid Al-Mansour" in names


def test_an_undated_meeting_later_in_the_story_takes_the_story_day() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven met numerous diplomats on March 2 at the Oslo forum.\n\n"
        "He then held talks with Romanian Foreign Minister Anders Kolberg.\n\n"
        "The two discussed preparations for the summit scheduled for March 20."
    )
    [m] = meetings(body)
    assert m.date is not None and m.date.iso() == "2024-03-02"


def test_state_written_after_a_name_is_the_state_served() -> None:
    body = (
        "In a joint statement, the ministers — Tomas Verhoeven of Norway, Anders Kolberg of Romania and "
        "Pia Lindqvist from Finland — noted the significance of the river."
    )
    people = {p.name: p.country for p in extract(body, PUB).people}
    assert people == {"Tomas Verhoeven": "Norway", "Anders Kolberg": "Romania", "Pia Lindqvist": "Finland"}


def test_the_host_of_a_guest_of_the_articles_state_serves_the_other_state() -> None:
    body = (
        "OSLO – Norwegian Foreign Minister Tomas Verhoeven called on Prime Minister Anders Kolberg in "
        "Bucharest on Sunday.\n\n"
        "Kolberg said Romania and Norway were close partners. Romania welcomed the visit. Norway, Norway "
        "and Norway were named again."
    )
    people = {p.name: p.country for p in extract(body, PUB).people}
    assert people["Tomas Verhoeven"] == "Norway"
    assert people["Anders Kolberg"] == "Romania"


def test_a_sentence_set_in_a_state_speaks_of_its_officials() -> None:
    body = (
        "VIENNA – Secretary General Anders Kolberg toured the region.\n\n"
        "In Norway, Secretary General Kolberg met with the Prime Minister of Norway, Tomas Verhoeven, and the "
        "Foreign Minister, Pia Lindqvist. In Finland, he met with Foreign Minister Otto Brenner."
    )
    people = {p.name: p.country for p in extract(body, PUB).people}
    assert people["Pia Lindqvist"] == "Norway"
    assert people["Otto Brenner"] == "Finland"


def test_a_headline_in_headline_case_does_not_lengthen_names() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven Converses with Romanian Foreign Minister Anders Kolberg\n\n"
        "On March 4, Foreign Minister of Norway Tomas Verhoeven held talks with Foreign Minister of Romania "
        "Anders Kolberg in Vellmar."
    )
    names = {p.name for p in extract(body, PUB).people}
    assert names == {"Tomas Verhoeven", "Anders Kolberg"}
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg"})}


def test_a_short_opening_phrase_leaves_the_subject_to_whom_a_later_he_refers() -> None:
    body = (
        "Secretary-General Tomas Verhoeven arrived in Vellmar on 4 March 2024. "
        "Later, he held a working dinner with Foreign Minister Anders Kolberg. "
        "Then, the Secretary-General went to the Chancellery where he met Chancellor Ilse Brandvik."
    )
    assert frozenset({"Tomas Verhoeven", "Ilse Brandvik"}) in groups(body)
    assert frozenset({"Anders Kolberg", "Ilse Brandvik"}) not in groups(body)


def test_a_journey_made_to_meet_someone_is_a_meeting_but_a_plan_is_not() -> None:
    made = "On 4 March 2024, Foreign Minister Tomas Verhoeven headed to Vellmar to meet with President Anders Kolberg."
    assert groups(made) == {frozenset({"Tomas Verhoeven", "Anders Kolberg"})}
    planned = "On 4 March 2024, Foreign Minister Tomas Verhoeven said he plans to meet with President Anders Kolberg."
    assert groups(planned) == set()


def test_a_list_of_titled_names_each_after_a_comma_is_read_whole() -> None:
    body = (
        "In Norway, Secretary General Tomas Verhoeven met with the Prime Minister of Norway, Anders Kolberg, "
        "and the Foreign Minister, Ilse Brandvik, on 4 March 2024."
    )
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg", "Ilse Brandvik"})}
    people = {p.name: p for p in extract(body, PUB).people}
    assert "Norway" not in " ".join(r.title for r in people["Tomas Verhoeven"].roles)
    assert [r.title for r in people["Anders Kolberg"].roles] == ["Prime Minister of Norway"]


def test_an_undated_meeting_takes_the_day_the_story_has_reached() -> None:
    body = (
        "Secretary-General Tomas Verhoeven arrived in Vellmar on Monday afternoon, 4 March. "
        "He stopped at the old bridge on the way. "
        "Later, he held a working dinner with Foreign Minister Anders Kolberg."
    )
    (m,) = meetings(body)
    assert str(m.date) == "2024-03-04"


def test_the_host_met_in_a_city_serves_the_state_of_that_city() -> None:
    body = (
        "On 4 March 2024, Russian Foreign Minister Tomas Verhoeven travelled to Helsinki to meet with "
        "President Anders Kolberg."
    )
    assert person(body, "Anders Kolberg").country == "Finland"
    assert person(body, "Tomas Verhoeven").country == "Russia"


def test_the_one_person_of_a_state_is_who_a_demonym_title_refers_to() -> None:
    body = (
        "Officials of many states praised the plan while meeting with Foreign Minister of Vietnam Tran Van Hoa "
        "in Vellmar on 4 March 2024. The Vietnamese official chaired a working lunch with UN Secretary-General "
        "Anders Kolberg."
    )
    assert frozenset({"Tran Van Hoa", "Anders Kolberg"}) in groups(body)


def test_capitalised_words_glued_by_a_lost_line_break_are_read_apart() -> None:
    body = "On 4 March 2024, ForeignMinister Tomas Verhoeven met with Executive Director of UN WomenAnders Kolberg."
    names = {p.name for p in extract(body, PUB).people}
    assert names == {"Tomas Verhoeven", "Anders Kolberg"}


def test_a_meeting_being_held_is_a_meeting_and_a_group_arriving_for_talks_is_another() -> None:
    body = (
        "VELLMAR, 4 March (AGO – AGT) - Norway's Foreign Minister Tomas Verhoeven and Swedish Foreign "
        "Minister Anders Kolberg are holding a bilateral meeting on the margins of a four-party round.\n\n"
        "Ministers Tomas Verhoeven, Olaf Brandvik, Anders Kolberg and Ruth Lindqvist came to Vellmar to take "
        "part in the consultations."
    )
    found = groups(body)
    assert frozenset({"Tomas Verhoeven", "Anders Kolberg"}) in found
    assert frozenset({"Tomas Verhoeven", "Olaf Brandvik", "Anders Kolberg", "Ruth Lindqvist"}) in found
    assert person(body, "Tomas Verhoeven").roles[0].title == "Norway's Foreign Minister"


def test_a_monitor_is_a_title() -> None:
    body = "On 4 March 2024, Chief Monitor Tomas Verhoeven met with Foreign Minister Anders Kolberg."
    assert person(body, "Tomas Verhoeven").roles[0].title == "Chief Monitor"


def test_who_reports_a_meeting_after_the_list_is_not_in_it() -> None:
    body = (
        "Foreign Minister Tomas Verhoeven later briefed allies on his talks with Swedish Foreign Minister "
        "Anders Kolberg, ministry spokesperson Olaf Brandvik told reporters on 5 March 2024."
    )
    found = groups(body)
    assert frozenset({"Tomas Verhoeven", "Anders Kolberg"}) in found
    assert not any("Olaf Brandvik" in g for g in found)


def test_a_video_conference_with_several_is_one_meeting() -> None:
    body = (
        "On 4 March 2024, Foreign Minister Tomas Verhoeven joined a video conference with the foreign "
        "ministers of Sweden, Anders Kolberg; Finland, Olaf Brandvik; and Denmark, Ruth Lindqvist."
    )
    assert groups(body) == {frozenset({"Tomas Verhoeven", "Anders Kolberg", "Olaf Brandvik", "Ruth Lindqvist"})}


def test_she_stands_for_the_woman_just_named_not_the_last_speaker() -> None:
    body = (
        "Norwegian Foreign Minister Ingrid Solberg held talks in Vellmar on 4 March 2024 with Foreign Minister "
        "Anders Kolberg.\n\n"
        '"It was useful," Dr Tomas Verhoeven, a lecturer, said.\n\n'
        "This was Ms Solberg's third visit abroad this year. Earlier, in February, she held talks with Swedish "
        "Prime Minister Olaf Brandvik in Stockholm."
    )
    found = groups(body)
    assert frozenset({"Ingrid Solberg", "Olaf Brandvik"}) in found
    assert not any("Tomas Verhoeven" in g for g in found)
