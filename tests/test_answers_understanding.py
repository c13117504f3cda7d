"""Questions understood as asked, over an invented archive: what was discussed shows every topic and what
the article said about the meeting; title words never become a person; a question about a group that is
no one person is answered from the dated events; a meeting not read still shows what the texts dated.

Every person, title, place and sentence here is invented; countries are real names because the bot reads
them from its own data files.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.answers import answer
from bot.answers.render_text import render_plain
from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.store.db import Store
from bot.store.writer import save_article

BREK = "Ulla Brekvik"
TAMM = "Joonas Tammsaar"
PRES = "Oskar Presidentsson"
KALD = "Mirek Kaldoun"
FERRO = "Ines Ferrocal"
ODAL = "Pavo Odalric"


def d(text: str) -> PartialDate:
    parsed = PartialDate.parse(text)
    assert parsed is not None
    return parsed


def art(aid: str, title: str, date: str, body: str) -> LoadedArticle:
    return LoadedArticle(
        id=aid,
        body=body,
        title=title,
        date=d(date),
        source="Invented Courier",
        url=f"https://courier.example.org/{aid}",
        path=f"/tmp/{aid}.txt",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def person(name: str, country: str, title: str, when: str) -> PersonRecord:
    return PersonRecord(
        name=name,
        aliases=[name.split()[-1]],
        country=country,
        roles=[RoleRecord(title=title, country=country, date=d(when))],
        mentions=2,
    )


CALL = "Brekvik held a phone call with Tammsaar on 4 March 2020."
PRAISE = "A spokesman said Brekvik praised the lighthouse compact and the herring quota talks with Tammsaar."
TOPICS = [
    "the ferry schedules across the northern strait",
    "joint patrols of the fishing grounds near the outer islands",
    "customs posts on the eastern causeway and their staffing",
    "the amber road cultural festival to be held in the autumn",
    "a pilot scheme for student exchanges between the two academies",
    "icebreaker support for the winter harbour of Kallavik",
]
TOUR = (
    "Kaldoun and Ferrocal toured the salt mine of Wielgorod on 14 September 2018. Also present was the"
    " Baltic river commissioner Ines Ruvalka, who chairs the delta working group."
)
SUMMIT = "The Amber Five presidents met in Vessengard on 12 June 2017 and agreed on the tide barrier."

ARCHIVE: list[tuple[LoadedArticle, Extraction]] = [
    (
        art("u001", "Brekvik calls Tammsaar", "2020-03-05", f"{CALL} {PRAISE}"),
        Extraction(
            people=[
                person(BREK, "Estonia", "Foreign Minister", "2020-03"),
                person(TAMM, "Finland", "Foreign Minister", "2020-03"),
            ],
            meetings=[MeetingRecord([BREK, TAMM], d("2020-03-04"), None, ["fisheries"], CALL, kind="call")],
            events=[
                EventRecord(summary="Brekvik held a phone call with Tammsaar", date=d("2020-03-04"),
                            people=[BREK, TAMM], evidence=CALL, kind="call"),
                EventRecord(summary="Brekvik praised the compact", date=d("2020-03-04"), people=[BREK],
                            evidence=PRAISE),
            ],
        ),
    ),
    (
        art("u002", "Tammsaar receives Brekvik in the north", "2020-06-02",
            "Tammsaar received Brekvik in Kallavik on 1 June 2020. " + " ".join(TOPICS)),
        Extraction(
            people=[
                person(BREK, "Estonia", "Foreign Minister", "2020-06"),
                person(TAMM, "Finland", "Foreign Minister", "2020-06"),
            ],
            meetings=[
                MeetingRecord([TAMM, BREK], d("2020-06-01"), "Kallavik", TOPICS,
                              "Tammsaar received Brekvik in Kallavik on 1 June 2020.")
            ],
        ),
    ),
    (
        art("u003", "The Amber Five", "2017-06-13", SUMMIT + " Presidentsson, a harbour official, spoke later."),
        Extraction(
            people=[person(PRES, "Sweden", "Harbour Official", "2017-06")],
            events=[EventRecord(summary=SUMMIT, date=d("2017-06-12"), evidence=SUMMIT)],
        ),
    ),
    (
        art("u004", "A tour of the salt mine", "2018-09-15", TOUR),
        Extraction(
            people=[
                person(KALD, "Poland", "Minister of Culture", "2018-09"),
                person(FERRO, "Portugal", "Ambassador", "2018-09"),
            ],
            events=[EventRecord(summary=TOUR, date=d("2018-09-14"), people=[KALD, FERRO], evidence=TOUR)],
        ),
    ),
]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "u.sqlite3")
    for article, extraction in ARCHIVE:
        await save_article(s, article, extraction)
    yield s
    await s.close()


async def first_page(store: Store, question: str) -> str:
    return render_plain(await answer(store, question))


@pytest.mark.parametrize(
    "question",
    ["What did Brekvik and Tammsaar discuss?", "what did Tammsaar talk about with Brekvik?",
     "What topics did Brekvik and Tammsaar cover"],
)
async def test_what_was_discussed_shows_every_topic(store: Store, question: str) -> None:
    text = await first_page(store, question)
    for topic in TOPICS:  # all six, the last one too: nothing clipped away
        assert topic in text
    assert "fisheries" in text


async def test_what_was_discussed_shows_what_the_article_said_about_that_day(store: Store) -> None:
    text = await first_page(store, "What did Brekvik and Tammsaar talk about?")
    assert "herring quota talks" in text  # the spokesman's sentence, read as an event of the call's day
    assert text.count(CALL) == 1  # the meeting's own sentence once


async def test_a_plain_meetings_list_stays_short(store: Store) -> None:
    text = await first_page(store, "/meetings Brekvik")
    assert "herring quota talks" not in text
    assert TOPICS[-1] not in text  # topics clipped as before outside "discuss" questions
    assert "Kallavik" in text


@pytest.mark.parametrize(
    "question",
    ["When did the Amber Five presidents meet in Vessengard?", "when did the Amber Five presidents meet"],
)
async def test_a_group_that_is_no_person_is_answered_from_the_dated_events(store: Store, question: str) -> None:
    text = await first_page(store, question)
    assert "12 June 2017" in text
    assert "Presidentsson" not in text  # 'presidents' is a title word, never the start of a name
    assert "Harbour Official" not in text


async def test_a_name_starting_like_a_title_word_is_still_found(store: Store) -> None:
    text = await first_page(store, "who is Presidentsson?")
    assert "Harbour Official" in text


@pytest.mark.parametrize(
    "question", ["meetings between Poland and Portugal", "/meetings Portugal and Poland", "/meetings Kaldoun"]
)
async def test_no_meeting_read_shows_the_dated_events_naming_them(store: Store, question: str) -> None:
    text = await first_page(store, question)
    assert "No meetings found" in text
    assert "14 September 2018" in text and "salt mine" in text


async def test_two_countries_must_both_be_named_in_the_events_shown(store: Store) -> None:
    text = await first_page(store, "meetings between Poland and Estonia")
    assert "salt mine" not in text  # Estonia's people are not in that event: AND, not OR
    assert "No meetings found" in text


@pytest.mark.parametrize("question", ["/who Ines Ruvalka", "who is Ines Ruvalka?", "/who Ines Ruvalkka"])
async def test_a_name_no_person_has_shows_what_the_articles_say_of_it(store: Store, question: str) -> None:
    text = await first_page(store, question)
    assert "river commissioner" in text  # the sentence naming her, not the card of Ines Ferrocal
    assert "Ambassador" not in text.split("Closest names:")[0]


@pytest.mark.parametrize("question", ["/who Ferocal", "/who Ines Ferrocal", "/who Ambassador Ferrocal"])
async def test_a_misspelt_or_titled_name_still_shows_the_card(store: Store, question: str) -> None:
    text = await first_page(store, question)
    assert "Ambassador" in text and "in the articles" not in text
