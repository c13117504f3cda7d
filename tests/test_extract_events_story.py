"""Dates of events as news prose gives them: the day the story has reached, dates before nouns,
years left unwritten, calls and office changes (invented names and sentences)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import EventRecord


def events(body: str, pub: PartialDate | None) -> list[EventRecord]:
    return extract(body, pub).events


def dated(evs: list[EventRecord], word: str) -> list[str | None]:
    """The dates of the events whose summary or evidence holds `word`."""
    return [e.date.iso() if e.date else None for e in evs if word in e.summary or word in e.evidence]


def test_undated_event_after_the_lead_takes_the_lead_day_not_the_article_date() -> None:
    body = (
        "On March 3, Foreign Minister Arvid Pell met his Ruritanian counterpart Maren Toll in Strelsau.\n\n"
        "At the end of the talks, the two ministers signed a fisheries plan."
    )
    assert dated(events(body, PartialDate(2021, 3, 4)), "fisheries plan") == ["2021-03-03"]


def test_the_story_day_moves_forward_but_not_to_the_end_of_a_range() -> None:
    body = (
        "Programme of the Envoy in Ruritania, 10 May–12 May\n\n"
        "Special Envoy Arvid Pell reached Strelsau on Monday, 10 May.\n\n"
        "Soon after, he laid a wreath at the war memorial.\n\n"
        "On Tuesday, 11 May, the envoy visited a refugee camp with aid officials.\n\n"
        "That evening, the envoy and Minister Maren Toll briefed journalists."
    )
    evs = events(body, PartialDate(2021))
    assert dated(evs, "wreath") == ["2021-05-10"]
    assert dated(evs, "briefed") == ["2021-05-11"]


def test_a_background_date_does_not_become_the_story_day() -> None:
    body = (
        "Minister Arvid Pell met Minister Maren Toll in Strelsau on 8 June.\n\n"
        "The two countries held a summit in 2015.\n\n"
        "The ministers also held a joint press conference."
    )
    assert dated(events(body, PartialDate(2022, 6, 9)), "press conference") == ["2022-06-08"]


def test_a_day_weeks_after_the_article_in_a_past_sentence_takes_the_year_just_written() -> None:
    body = (
        "Minister Arvid Pell met Minister Maren Toll on February 20.\n\n"
        "Relations grew busier in 2020. President Hugo Brandt paid a state visit to Ruritania on 4-5 April."
    )
    assert dated(events(body, PartialDate(2021, 2, 21)), "state visit") == ["2020-04-04"]


def test_a_past_event_named_before_does_not_date_a_later_mention() -> None:
    body = (
        "Minister Arvid Pell met Minister Maren Toll on February 20.\n\n"
        "Relations grew busier in 2020. President Hugo Brandt paid a state visit on 4-5 April, holding "
        "negotiations with the king.\n\n"
        "The sides also discussed regional security.\n\n"
        "When the negotiations ended, the ministers signed a plan."
    )
    assert dated(events(body, PartialDate(2021, 2, 21)), "signed a plan") == ["2021-02-20"]


def test_a_month_followed_by_this_year_is_one_month_of_that_year() -> None:
    body = "Minister Arvid Pell proposed a session of the river commission in Strelsau in September this year."
    assert dated(events(body, PartialDate(2010, 7, 6)), "river commission") == ["2010-09"]


def test_a_date_before_a_noun_dates_that_noun() -> None:
    body = (
        "Minister Arvid Pell welcomed the king's April 2 offer of dialogue and praised the "
        "October 9, 2019 Ostrava protocol on fishing quotas."
    )
    dates = {e.date.iso() for e in events(body, PartialDate(2020, 4, 20)) if e.date}
    assert {"2020-04-02", "2019-10-09"} <= dates


def test_a_year_before_a_noun_dates_that_noun() -> None:
    body = "Minister Arvid Pell said both capitals share views on the 2016 grain deal with the coastal states."
    assert "2016" in [e.date.iso() for e in events(body, PartialDate(2020, 7, 22)) if e.date]


def test_a_future_year_before_a_noun_is_not_an_event() -> None:
    body = "Minister Arvid Pell spoke about the 2040 water targets of the region."
    assert all(e.date is None or e.date.year != 2040 for e in events(body, PartialDate(2020, 7, 22)))


def test_an_undated_article_reads_its_days_in_the_year_it_writes_out() -> None:
    body = (
        "Minister Arvid Pell held talks with agency heads in Geneva on January 9.\n\n"
        "Ruritania chairs the regional council in 2020.\n\n"
        "Minister Arvid Pell also hosted a luncheon for the council's members."
    )
    evs = events(body, None)
    assert dated(evs, "agency heads") == ["2020-01-09"]
    assert dated(evs, "luncheon") == ["2020-01-09"]


def test_during_the_meeting_keeps_the_day_the_meeting_was_given() -> None:
    body = (
        "A day earlier, Premier Maren Toll received Prime Minister Arvid Pell at her office.\n\n"
        "The meeting focused on trade. During the meeting, the premiers exchanged memoranda on rail links."
    )
    assert dated(events(body, PartialDate(2019, 10, 9)), "memoranda") == ["2019-10-08"]


def test_a_phone_call_is_an_event_of_its_own_kind() -> None:
    body = "Minister Arvid Pell and Minister Maren Toll spoke in a phone call on August 18, 2021."
    (ev,) = events(body, PartialDate(2021, 8, 19))
    assert ev.kind == "call" and ev.date == PartialDate(2021, 8, 18)


def test_a_weekday_told_by_a_past_verb_is_past_even_before_a_plan() -> None:
    body = "Director Arvid Pell announced on Monday that she will visit Ruritania for a round of consultations."
    pub = PartialDate(2021, 11, 24)  # a Wednesday
    assert dated(events(body, pub), "visit") == ["2021-11-22"]


def test_a_weekday_in_a_plan_stays_ahead() -> None:
    body = "Director Arvid Pell will visit Ruritania on Monday for a round of consultations."
    assert dated(events(body, PartialDate(2021, 11, 24)), "visit") == ["2021-11-29"]


def test_a_quoted_year_dates_its_noun_and_the_speech_keeps_the_story_day() -> None:
    body = '"Ruritania takes over the council presidency next year," Minister Arvid Pell said at a news conference.'
    evs = events(body, PartialDate(2022, 7, 29))
    assert "2023" in dated(evs, "presidency")
    speech = [e for e in evs if "news conference" in e.summary]
    assert speech and speech[0].date == PartialDate(2022, 7, 29)


def test_office_changes_and_releases_are_events() -> None:
    body = (
        "Maren Toll took over the trade portfolio from Hugo Brandt, whom she replaced in December last year.\n\n"
        "A watchdog group released its audit of the border fund last month, naming Minister Arvid Pell."
    )
    evs = events(body, PartialDate(2023, 7, 15))
    assert dated(evs, "replaced") == ["2022-12"]
    assert dated(evs, "released") == ["2023-06"]


def test_a_stamp_before_the_day_its_lead_narrates_counts_only_for_its_year() -> None:
    body = (
        "Special Envoy Arvid Pell reached Strelsau on Wednesday evening, 29 January, and visited the old town.\n\n"
        "He then held talks with Minister Maren Toll.\n\n"
        "Before the dinner he stopped at the harbour museum."
    )
    evs = events(body, PartialDate(2014, 1, 1))  # a year kept as its first day
    assert dated(evs, "old town") == ["2014-01-29"]
    assert dated(evs, "harbour museum") == ["2014-01-29"]


def test_a_day_after_the_article_without_a_written_year_before_it_keeps_its_year() -> None:
    body = "Minister Arvid Pell visited Strelsau on 29 January."
    assert dated(events(body, PartialDate(2014, 1, 1)), "visited") == ["2014-01-29"]


def test_a_weekday_lead_sets_the_story_day() -> None:
    body = (
        "Chancellor Arvid Pell Sunday visited Prime Minister Maren Toll at her residence.\n\n"
        "Both leaders agreed to promote trade.\n\n"
        "Once the talks ended, the two leaders opened a new rail bridge at a ceremony."
    )
    assert dated(events(body, PartialDate(2017, 8, 15)), "rail bridge") == ["2017-08-13"]


def test_weekdays_counted_from_a_first_of_month_stamp_do_not_set_the_story_day() -> None:
    body = (
        "The ministers of Ruritania and Borduria met in Strelsau on Wednesday with Minister Arvid Pell.\n\n"
        "Both sides agreed to continue.\n\n"
        "Minister Maren Toll later gave a news conference."
    )
    assert dated(events(body, PartialDate(2019, 11, 1)), "news conference") == ["2019-11-01"]
