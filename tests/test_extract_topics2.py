"""Meeting topics read the way news writes what was discussed: the object of a discussion verb or noun, the
sentences after the meeting that speak of it, and the article's lead occasion (invented sentences)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.occasion import clean, occasions, tidy

PUB = PartialDate(2024, 3, 6)
MEET = "Foreign Minister Tomas Verhoeven met with Norlandian Foreign Minister Pia Lindqvist in Oslo on March 4."


def topics(body: str) -> list[list[str]]:
    return [m.topics for m in extract(body, PUB).meetings]


def only(body: str) -> list[str]:
    got = topics(body)
    assert len(got) == 1, got
    return got[0]


def test_talks_with_someone_on_a_subject() -> None:
    got = only(
        "Foreign Minister Tomas Verhoeven held extensive talks with Norlandian Foreign Minister Pia Lindqvist "
        "on fisheries cooperation as well as Arctic shipping."
    )
    assert "fisheries cooperation" in got and "Arctic shipping" in got


def test_talks_on_a_day_or_an_occasion_are_not_a_subject() -> None:
    got = only(
        "Foreign Minister Tomas Verhoeven held talks with Norlandian Foreign Minister Pia Lindqvist on Tuesday."
    )
    assert not any("Tuesday" in t for t in got)


def test_the_talks_without_a_comma_then_the_sides() -> None:
    got = only(MEET + " During the talks the sides discussed the fishing quotas in the north.")
    assert "fishing quotas in the north" in got


def test_what_the_talks_revolved_around() -> None:
    got = only(MEET + " The talks revolved largely around the modernisation of the border crossings.")
    assert "modernisation of the border crossings" in got
    got = only(MEET + " The talks centred on salmon farming.")
    assert "salmon farming" in got


def test_unnamed_passive_sentence_after_the_meeting() -> None:
    got = only(
        MEET
        + " They also discussed grain exports. Much attention was paid to rail freight."
        " An exchange of views also took place on the regional water situation."
    )
    assert "grain exports" in got
    assert "rail freight" in got
    assert "regional water situation" in got


def test_a_sentence_about_the_parties_alone_keeps_the_meeting_going() -> None:
    got = only(
        MEET + " Verhoeven congratulated Lindqvist on her election as party chair, adding that trade is growing."
        " They reviewed the ferry link between the two countries."
    )
    assert "election as party chair" in got
    assert "ferry link between the two countries" in got
    assert not any("adding" in t or "growing" in t for t in got)


def test_another_person_ends_the_meeting() -> None:
    got = only(MEET + " Lindqvist later thanked Chancellor Marek Dvorsky. They reviewed the ferry link.")
    assert "ferry link" not in got


def test_agreed_after_a_clause_names_what_was_agreed_as_a_noun_phrase() -> None:
    got = only(MEET + " During the talks, Oslo and Helsinki agreed to expand the railway link.")
    assert "railway link" in got


def test_a_delivered_message_is_a_topic() -> None:
    got = only(
        "Foreign Minister Tomas Verhoeven met with Norlandian President Pia Lindqvist in Oslo on March 4. "
        "Verhoeven handed over a message from Prime Minister Ivo Sander to Lindqvist."
    )
    assert any("message" in t for t in got)


def test_mentioned_and_raised() -> None:
    got = only(MEET + " Verhoeven mentioned questions related to shipping and raised the issue of visa fees.")
    assert "questions related to shipping" in got
    assert "visa fees" in got


def test_the_meetings_took_place_on_the_sidelines_of() -> None:
    got = only(
        "Ministers from the north gathered this week. The weather was cold. Trains were late. "
        + MEET
        + " The meetings were held on the sidelines of the Baltic Water Forum."
    )
    assert "Baltic Water Forum" in got


def test_lead_occasion_skips_a_dateline_and_a_title_line() -> None:
    body = (
        "Tuesday, 5 March 2024\n\n"
        "Ministers meet in Oslo\n\n"
        "Energy on the table\n\n"
        "Dozens of ministers, among them Foreign Minister Tomas Verhoeven, came to Oslo on March 4 and met "
        "on the margins of the Nordic Energy Summit to talk about power lines.\n\n"
        "Verhoeven also spoke with Pia Lindqvist, the Foreign Minister of Finland."
    )
    assert any("Nordic Energy Summit" in t for t in topics(body)[-1])


def test_the_meeting_itself_is_no_occasion() -> None:
    assert occasions("During the meeting, they discussed trade.") == []
    assert occasions("X met Y during the Nordic Energy Summit.") == ["Nordic Energy Summit"]


def test_how_they_spoke_is_no_topic_and_verbs_are_trimmed() -> None:
    assert not clean("over the phone for half an hour", [])
    assert tidy("to further strengthen the energy partnership") == "energy partnership"
    assert tidy("hold a joint seminar on water") == "joint seminar on water"


def test_what_figured_in_the_talks_and_what_they_took_stock_of() -> None:
    got = only(MEET + " Verhoeven said fisheries and ferry links figured prominently in their talks.")
    assert any("ferry links" in t for t in got)
    got = only(MEET + " The sides took stock of the joint hydropower project.")
    assert "joint hydropower project" in got


def test_what_the_council_reaffirmed_split_from_what_it_expressed() -> None:
    got = only(
        MEET + " During the meeting, the ministers reiterated their wish for open sea lanes and welcomed "
        "the reforms announced by Prime Minister Ivo Sander."
    )
    assert "wish for open sea lanes" in got
    assert not any("welcomed" in t for t in got)


def test_in_their_talks_reaches_back_to_the_meeting_however_far() -> None:
    filler = " ".join(f"The weather on day {n} was mild." for n in range(1, 11))
    got = only(MEET + " " + filler + " In their talks, Verhoeven and Lindqvist examined the salmon quotas.")
    assert "salmon quotas" in got


def test_the_person_spoken_with_is_cut_from_the_topic() -> None:
    got = only(
        "Foreign Minister Tomas Verhoeven held a long conversation on grain prices with "
        "FM Pia Lindqvist of Finland in Oslo on March 4."
    )
    assert "grain prices" in got


def test_an_occasion_named_only_by_a_common_noun_keeps_its_complement() -> None:
    assert occasions("X met Y on the sidelines of meetings with the Nordic group of states.") == [
        "meetings with the Nordic group of states"
    ]


def test_names_of_other_people_or_a_that_clause_are_no_topic() -> None:
    assert not clean("Borg and Sander", ["Anna Borg", "Ivo Sander"])
    assert not clean("that the trip went well", [])


def test_the_talks_a_meeting_came_before_are_its_occasion() -> None:
    assert occasions("X met Y shortly before the start of the Baltic fisheries talks in Riga.") == [
        "Baltic fisheries talks"
    ]
    assert occasions("X met Y ahead of the Nordic Energy Summit.") == ["Nordic Energy Summit"]


def test_when_and_where_phrases_are_no_topic() -> None:
    assert not clean("scheduled for May 2-3", [])
    assert not clean("On Sunday the envoy saw Sander again", [])
    assert not clean("Then, the envoy drove to the harbour", [])
    assert not clean("on the sidelines of the Nordic Energy Summit", [])  # the summit itself is the topic


def test_a_sidelines_clause_gives_the_occasion_not_the_clause() -> None:
    got = only(
        "Foreign Minister Tomas Verhoeven also met Norlandian Foreign Minister Pia Lindqvist on the sidelines "
        "of the Nordic foreign ministers' meeting."
    )
    assert "Nordic foreign ministers' meeting" in got
    assert not any(t.startswith("on the sidelines") for t in got)
