"""Plain questions, combined filters, one fact once and search that forgives, over an invented archive.

Every person, title, place and sentence here is invented; countries and organisations are real names
because the bot reads them from its own data files.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.answers import answer
from bot.answers.render_text import render_plain
from bot.answers.reply import Reply
from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.store.db import Store
from bot.store.writer import save_article
from bot.telegram.render_html import render_text

QUILLON = "Marta Quillon"
VARGA = "Tomas Varga-Lindt"
DRAVIN = "Anton Dravin"
SOBEL = "Kirill Sobel"
ZHEM = "Ilya Zhemchugov"
SOLVIK = "Hanne Solvik"


def d(text: str) -> PartialDate:
    parsed = PartialDate.parse(text)
    assert parsed is not None
    return parsed


def art(aid: str, title: str | None, date: str, body: str) -> LoadedArticle:
    return LoadedArticle(
        id=aid,
        body=body,
        title=title,
        date=d(date),
        source="Invented Wire",
        url=f"https://wire.example.org/{aid}",
        path=f"/tmp/{aid}.txt",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def person(name: str, country: str, title: str, when: str, evidence: str = "") -> PersonRecord:
    return PersonRecord(
        name=name,
        aliases=[name.split()[-1]],
        country=country,
        roles=[RoleRecord(title=title, country=country, date=d(when), evidence=evidence)],
        mentions=2,
    )


GENEVA = "Quillon met Varga-Lindt in Geneva on 9 March to discuss the water treaty."

ARCHIVE: list[tuple[LoadedArticle, Extraction]] = [
    (
        art("q001", "Water treaty talks in Geneva", "2019-03-10", GENEVA + " Both ministers praised the corridors."),
        Extraction(
            people=[
                person(QUILLON, "France", "French Foreign Minister", "2019-03", "French Foreign Minister Quillon."),
                person(VARGA, "Hungary", "Foreign Minister", "2019-03"),
            ],
            meetings=[
                MeetingRecord([QUILLON, VARGA], d("2019-03-09"), "Geneva", ["water treaty"], GENEVA),
                MeetingRecord([QUILLON, VARGA], d("2019-03"), None, ["river basins"], "They met in March."),
            ],
        ),
    ),
    (
        art("q002", "Spring contacts in Moscow", "2019-04-03",
            "Dravin spoke by phone with Quillon on 2 April. Dravin met Zhemchugov in Moscow on 2 April."),
        Extraction(
            people=[
                person(DRAVIN, "Russia", "Foreign Minister", "2019-04"),
                person(SOBEL, "Russia", "Deputy Foreign Minister", "2019-04"),
                person(ZHEM, "Russia", "Permanent Representative of Russia to the United Nations", "2019-04"),
                person(QUILLON, "France", "Foreign Minister, France", "2019-04", "Foreign Minister Quillon, France."),
                person(SOLVIK, "United Nations", "Secretary-General", "2019-04"),
            ],
            meetings=[
                MeetingRecord([DRAVIN, QUILLON], d("2019-04-02"), None, ["grain"], "Dravin spoke by phone.",
                              kind="call"),
                MeetingRecord([DRAVIN, ZHEM], d("2019-04-02"), "Moscow", [], "Dravin met Zhemchugov in Moscow."),
                MeetingRecord([DRAVIN, SOLVIK], d("2019-04"), "New York", ["mandates"], "Dravin met Solvik."),
            ],
        ),
    ),
    (
        art("q003", None, "2019-05-02",
            "Ministers gathered for the spring review of grain corridors. Solvik opened the review on Syria."),
        Extraction(
            people=[person(SOLVIK, "United Nations", "Secretary-General", "2019-05")],
            events=[
                EventRecord(summary="Review of the ceasefire opened", date=d("2019-05-01"), people=[SOLVIK],
                            evidence="Solvik opened the review on Syria.")
            ],
        ),
    ),
]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "q.sqlite3")
    for article, extraction in ARCHIVE:
        await save_article(s, article, extraction)
    yield s
    await s.close()


async def text_of(store: Store, question: str) -> tuple[Reply, str]:
    reply = await answer(store, question)
    return reply, render_plain(reply)


# --- questions in plain words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "holder", "not_them"),
    [
        ("Who is Russia's foreign minister?", DRAVIN, [SOBEL, ZHEM]),
        ("who is the foreign minister of Russia", DRAVIN, [SOBEL, ZHEM]),
        ("Who is Russia's ambassador to the UN?", ZHEM, [DRAVIN]),
        ("who is the UN chief?", SOLVIK, [DRAVIN]),
        ("Who was France's foreign minister in 2019?", QUILLON, [VARGA]),
    ],
)
async def test_who_holds_an_office(store: Store, question: str, holder: str, not_them: list[str]) -> None:
    reply, text = await text_of(store, question)
    assert reply.ok and holder in text
    assert not any(n in text for n in not_them)


@pytest.mark.parametrize("question", ["what is Quillon's role?", "whom does Quillon serve?", "who is Quillon"])
async def test_questions_about_a_person_show_the_card(store: Store, question: str) -> None:
    reply, text = await text_of(store, question)
    assert reply.title == QUILLON and "France" in text


async def test_whom_did_x_meet_in_a_place(store: Store) -> None:
    reply, text = await text_of(store, "Whom did Quillon meet in Geneva?")
    assert reply.ok and VARGA in text and DRAVIN not in text


async def test_what_did_x_and_y_discuss_shows_topics_and_evidence(store: Store) -> None:
    for q in ("What did Quillon and Varga-Lindt discuss?", "what did Quillon talk about with Varga-Lindt?"):
        _, text = await text_of(store, q)
        assert "water treaty" in text and GENEVA in text
        assert "grain" not in text  # the call with Dravin is another meeting


async def test_where_and_when_did_x_meet_y(store: Store) -> None:
    _, text = await text_of(store, "Where did Quillon meet Varga-Lindt?")
    assert "Geneva" in text
    _, text = await text_of(store, "When did Dravin meet Zhemchugov?")
    assert "2 April 2019" in text


async def test_meetings_between_two_countries_is_and_not_or(store: Store) -> None:
    reply, text = await text_of(store, "meetings between France and Hungary")
    assert reply.ok and VARGA in text and DRAVIN not in text
    assert "France and Hungary" in reply.title


async def test_phone_calls_of_a_person(store: Store) -> None:
    reply, text = await text_of(store, "phone calls of Dravin")
    assert reply.ok and QUILLON in text and "phone call" in text
    assert ZHEM not in text and SOLVIK not in text
    reply, text = await text_of(store, "/meetings Dravin, calls")
    assert QUILLON in text and ZHEM not in text


async def test_words_that_are_not_names_are_never_looked_up(store: Store) -> None:
    reply, text = await text_of(store, "who met whom in 2019?")
    assert "whom" not in reply.title.lower() and "neither a person" not in text


async def test_a_question_not_understood_says_what_works_with_examples_from_the_store(store: Store) -> None:
    reply, text = await text_of(store, "why zebras hum?")
    assert not reply.ok and "did not understand" in text
    assert any(n.split()[-1] in text for n in (QUILLON, VARGA, DRAVIN, SOBEL, ZHEM, SOLVIK))


# --- filters that combine ----------------------------------------------------------------------------


async def test_meetings_in_a_place(store: Store) -> None:
    reply, text = await text_of(store, "/meetings Geneva")
    assert reply.ok and VARGA in text and ZHEM not in text


async def test_two_names_without_and_are_both_people(store: Store) -> None:
    reply, text = await text_of(store, "/meetings Dravin Zhemchugov")
    assert reply.ok and reply.title.startswith(f"Meetings: {DRAVIN} and {ZHEM} (1)")
    assert "Moscow" in text and QUILLON not in text


@pytest.mark.parametrize("day", ["2 April 2019", "2019-04-02"])
async def test_a_day_shows_its_meetings_and_its_months_marked_less_precise(store: Store, day: str) -> None:
    _, text = await text_of(store, f"/meetings {day}")
    lines = [x for x in text.splitlines() if x.startswith("• ")]
    assert any(ZHEM in x and "less precise" not in x for x in lines)
    assert any(SOLVIK in x and "less precise" in x for x in lines)


async def test_person_and_period_combine(store: Store) -> None:
    _, text = await text_of(store, "/meetings Dravin, March 2019")
    assert "No meetings found" in text
    _, text = await text_of(store, "/meetings Dravin, April 2019")
    assert ZHEM in text and SOLVIK in text


# --- one fact once -----------------------------------------------------------------------------------


async def test_one_meeting_read_at_two_precisions_is_one_meeting(store: Store) -> None:
    reply, text = await text_of(store, "/meetings Quillon and Varga-Lindt")
    assert reply.title.endswith("(1)")
    assert "9 March 2019" in text and "river basins" in text  # the precise date wins, topics kept


async def test_equivalent_titles_shown_once_with_every_source(store: Store) -> None:
    _, text = await text_of(store, "/who Quillon")
    assert "Roles (1)" in text
    assert "Water treaty talks in Geneva" in text and "Spring contacts in Moscow" in text


# --- search that forgives ----------------------------------------------------------------------------


async def test_search_stems_words(store: Store) -> None:
    reply, text = await text_of(store, "/search corridor")
    assert reply.ok and "q001" in text


async def test_search_forgives_a_misspelt_name(store: Store) -> None:
    reply, text = await text_of(store, "/search Quilon")
    assert reply.ok and "Water treaty talks in Geneva" in text


async def test_names_in_cyrillic_are_transliterated(store: Store) -> None:
    reply = await answer(store, "/who Жемчугов")
    assert reply.title == ZHEM


# --- timeline by subject -----------------------------------------------------------------------------


async def test_timeline_by_subject_through_the_evidence(store: Store) -> None:
    reply, text = await text_of(store, "/timeline Syria")
    assert reply.ok and "Review of the ceasefire opened" in text


# --- cards that never lead nowhere -------------------------------------------------------------------


async def test_buttons_only_when_their_answer_is_not_empty(store: Store) -> None:
    reply = await answer(store, f"/who {VARGA}")
    labels = [b.label for b in reply.buttons]
    assert any(x.startswith("Meetings of") for x in labels)
    assert not any(x.startswith("Timeline of") for x in labels)  # no dated event names him
    reply = await answer(store, f"/who {SOBEL}")
    assert not reply.buttons


async def test_untitled_article_shown_by_its_first_sentence(store: Store) -> None:
    _, text = await text_of(store, "/timeline 2019-05")
    assert "Ministers gathered for the spring review of grain corridors." in text


async def test_stats_time_is_human_and_in_the_chats_zone(store: Store) -> None:
    reply = await answer(store, "/stats", zone="Asia/Almaty")
    text = render_plain(reply)
    assert "Asia/Almaty" in text and "T" not in text.split("Last ingest: ")[1][:12]


async def test_evidence_is_an_expandable_quote_in_telegram(store: Store) -> None:
    reply = await answer(store, "/meetings Geneva")
    html = render_text(reply)
    assert "<blockquote expandable>" in html and "water treaty" in html
    assert len(html) < 4096
