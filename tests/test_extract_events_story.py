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
        "Following the negotiations, the ministers signed a cooperation plan for two years."
    )
    assert dated(events(body, PartialDate(2021, 3, 4)), "cooperation plan") == ["2021-03-03"]


def test_the_story_day_moves_forward_but_not_to_the_end_of_a_range() -> None:
    body = (
        "Programme of the Envoy in Ruritania, 10 May–12 May\n\n"
        "Special Envoy Arvid Pell arrived in Strelsau on Monday, 10 May.\n\n"
        "His first stop was a wreath ceremony at the old bridge.\n\n"
        "The talks continued on Tuesday, 11 May, at the ministry.\n\n"
        "That evening, the envoy gave a joint news conference with Minister Maren Toll."
    )
    evs = events(body, PartialDate(2021))
    assert dated(evs, "wreath") == ["2021-05-10"]
    assert dated(evs, "news conference") == ["2021-05-11"]


def test_a_background_date_does_not_become_the_story_day() -> None:
    body = (
        "Minister Arvid Pell met Minister Maren Toll in Strelsau on 8 June.\n\n"
        "The two countries held a summit in 2015.\n\n"
        "The ministers also held a joint press conference."
    )
    assert dated(events(body, PartialDate(2022, 6, 9)), "press conference") == ["2022-06-08"]


def test_a_day_weeks_after_the_article_in_a_past_sentence_is_last_year() -> None:
    body = (
        "Minister Arvid Pell met Minister Maren Toll on February 20.\n\n"
        "The two countries were active in 2020. A landmark was the state visit of President Hugo Brandt "
        "to Ruritania on 4-5 April."
    )
    assert dated(events(body, PartialDate(2021, 2, 21)), "state visit") == ["2020-04-04"]


def test_a_past_event_named_before_does_not_date_a_later_mention() -> None:
    body = (
        "Minister Arvid Pell met Minister Maren Toll on February 20.\n\n"
        "A landmark was the state visit of President Hugo Brandt on 4-5 April and his negotiations "
        "with the king.\n\n"
        "The sides also discussed regional security.\n\n"
        "Following the negotiations, the ministers signed a plan."
    )
    assert dated(events(body, PartialDate(2021, 2, 21)), "signed a plan") == ["2021-02-20"]


def test_a_month_followed_by_this_year_is_one_month_of_that_year() -> None:
    body = "Minister Arvid Pell agreed to hold a meeting of the regional ministers in New York in September this year."
    got = dated(events(body, PartialDate(2010, 7, 6)), "regional ministers")
    assert got == ["2010-09"]


def test_a_date_before_a_noun_dates_that_noun() -> None:
    body = (
        "Minister Arvid Pell said the crisis could have been avoided had the rebels accepted the "
        "king's April 2 proposal to pull back from the line set in the October 9, 2019 Ostrava protocol."
    )
    evs = events(body, PartialDate(2020, 4, 20))
    dates = {e.date.iso() for e in evs if e.date}
    assert {"2020-04-02", "2019-10-09"} <= dates


def test_a_year_before_a_noun_dates_that_noun() -> None:
    body = "Minister Arvid Pell said both capitals share views on the 2016 grain deal with the coastal states."
    assert "2016" in [e.date.iso() for e in events(body, PartialDate(2020, 7, 22)) if e.date]


def test_a_future_year_before_a_noun_is_not_an_event() -> None:
    body = "Minister Arvid Pell spoke about the 2040 water targets of the region."
    assert all(e.date is None or e.date.year != 2040 for e in events(body, PartialDate(2020, 7, 22)))


def test_an_undated_article_reads_its_days_in_the_year_it_writes_out() -> None:
    body = (
        "Officials praised Ruritania while meeting Minister Arvid Pell in Geneva on January 9.\n\n"
        "Ruritania chairs the regional council in 2020.\n\n"
        "Minister Arvid Pell chaired a working luncheon of the council."
    )
    evs = events(body, None)
    assert dated(evs, "meeting Pell") == ["2020-01-09"] or dated(evs, "Geneva") == ["2020-01-09"]
    assert dated(evs, "luncheon") == ["2020-01-09"]


def test_during_the_meeting_keeps_the_day_the_meeting_was_given() -> None:
    body = (
        "A day earlier, Prime Minister Arvid Pell held talks with Premier Maren Toll in Strelsau.\n\n"
        "The meeting focused on trade. During the meeting, both sides agreed to sign several memoranda."
    )
    assert dated(events(body, PartialDate(2019, 10, 9)), "memoranda") == ["2019-10-08"]


def test_a_phone_call_is_an_event_of_its_own_kind() -> None:
    body = "Minister Arvid Pell conducted a phone call on Wednesday, August 18, 2021, with Minister Maren Toll."
    (ev,) = events(body, PartialDate(2021, 8, 18))
    assert ev.kind == "call" and ev.date == PartialDate(2021, 8, 18)


def test_a_weekday_told_by_a_past_verb_is_past_even_before_a_plan() -> None:
    body = "Director Arvid Pell confirmed on Monday that he will travel to Ruritania for high-level talks."
    pub = PartialDate(2021, 11, 24)  # a Wednesday
    assert dated(events(body, pub), "travel") == ["2021-11-22"]


def test_a_weekday_in_a_plan_stays_ahead() -> None:
    body = "Director Arvid Pell will travel to Ruritania on Monday for high-level talks."
    assert dated(events(body, PartialDate(2021, 11, 24)), "travel") == ["2021-11-29"]


def test_a_quoted_year_dates_its_noun_and_the_speech_keeps_the_story_day() -> None:
    body = '"Our presidency next year will bring new ideas," Minister Arvid Pell said at a news conference.'
    evs = events(body, PartialDate(2022, 7, 29))
    assert "2023" in dated(evs, "presidency")
    speech = [e for e in evs if "news conference" in e.summary]
    assert speech and speech[0].date == PartialDate(2022, 7, 29)


def test_office_changes_and_releases_are_events() -> None:
    body = (
        "Maren Toll had replaced Hugo Brandt as foreign minister in December last year.\n\n"
        "Some outlets last month released a secret report on the talks of Minister Arvid Pell."
    )
    evs = events(body, PartialDate(2023, 7, 15))
    assert dated(evs, "replaced") == ["2022-12"]
    assert dated(evs, "released") == ["2023-06"]


def test_a_stamp_before_the_day_its_lead_narrates_counts_only_for_its_year() -> None:
    body = (
        "Special Envoy Arvid Pell arrived in Strelsau on Wednesday afternoon, 29 January.\n\n"
        "His first meeting was with Minister Maren Toll.\n\n"
        "On the way he stopped at the old bridge."
    )
    evs = events(body, PartialDate(2014, 1, 1))  # a year kept as its first day
    assert dated(evs, "arrived") == ["2014-01-29"]
    assert dated(evs, "old bridge") == ["2014-01-29"]


def test_a_day_after_the_article_without_a_written_year_before_it_keeps_its_year() -> None:
    body = "Minister Arvid Pell visited Strelsau on 29 January."
    assert dated(events(body, PartialDate(2014, 1, 1)), "visited") == ["2014-01-29"]


def test_a_weekday_lead_sets_the_story_day() -> None:
    body = (
        "Vice Premier Arvid Pell Sunday called on Prime Minister Maren Toll in Strelsau.\n\n"
        "Both leaders agreed to promote trade.\n\n"
        "After the meeting, the two leaders witnessed the inauguration ceremony of a new bridge."
    )
    assert dated(events(body, PartialDate(2017, 8, 15)), "inauguration") == ["2017-08-13"]


def test_weekdays_counted_from_a_first_of_month_stamp_do_not_set_the_story_day() -> None:
    body = (
        "The ministers of Ruritania and Borduria met in Strelsau on Wednesday with Minister Arvid Pell.\n\n"
        "Both sides agreed to continue.\n\n"
        "Minister Maren Toll later gave a news conference."
    )
    assert dated(events(body, PartialDate(2019, 11, 1)), "news conference") == ["2019-11-01"]
