"""An invented little world for the Telegram tests, written through the real store write path.

Names, articles and sentences are made up here (none comes from any article). It has what the
front end must cope with: one person with many meetings (several pages), two people sharing a
surname (a choice), and an article whose title, URL and text are hostile.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.answers import answer
from bot.articles import LoadedArticle
from bot.config import Settings
from bot.dates import PartialDate
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.store.db import Store
from bot.store.writer import save_article
from bot.telegram.errors import RetryingRateLimiter

FIRST = ["Arno", "Bela", "Cyra", "Dano", "Elio", "Fenna", "Gusto", "Hilde"]
LAST = ["Vostrik", "Lumbard", "Querel", "Tassin"]
HOSTILE_TITLE = '<script>alert("x")</script> Talks & <b>more</b> — محادثات 😀'
HOSTILE_URL = 'javascript:alert("x")'


def _article(aid: str, body: str, date: str, title: str, url: str | None) -> LoadedArticle:
    return LoadedArticle(
        id=aid,
        body=body,
        title=title,
        date=PartialDate.parse(date),
        source="Test Wire",
        url=url,
        path=f"/tmp/{aid}.txt",
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def _person(name: str, country: str, title: str, date: str, *aliases: str) -> PersonRecord:
    role = RoleRecord(title=title, country=country, date=PartialDate.parse(date))
    return PersonRecord(name=name, aliases=list(aliases), country=country, roles=[role], mentions=2)


async def build_world(store: Store) -> None:
    """32 visitors each meet Alma Testova once; Ivan and Olga Petrovsky share a surname."""
    host = "Alma Testova"
    n = 0
    for i, first in enumerate(FIRST):
        for j, last in enumerate(LAST):
            n += 1
            month = 1 + (n % 12)
            date = f"2021-{month:02d}-{1 + (n % 27):02d}"
            guest = f"{first} {last}"
            body = f"{host} met {guest} in Astana on {date}. They discussed water and trade."
            extraction = Extraction(
                people=[
                    _person(host, "Kazakhstan", "Deputy Minister of Foreign Affairs", date, "Testova"),
                    _person(guest, "Norway" if (i + j) % 2 else "Chile", "Ambassador", date, last),
                ],
                meetings=[
                    MeetingRecord(
                        participants=[host, guest],
                        date=PartialDate.parse(date),
                        place="Astana",
                        topics=["water", "trade"],
                        evidence=body,
                    )
                ],
                events=[
                    EventRecord(
                        summary=f"{host} received {guest}",
                        date=PartialDate.parse(date),
                        people=[host, guest],
                        kind="meeting",
                        evidence=body,
                    )
                ],
            )
            await save_article(
                store,
                _article(
                    f"w{n:03d}", body, date, f"Visit of {guest}", f"https://example.org/news/{n}?a=1&b=2"
                ),
                extraction,
            )
    body = "Ivan Petrovsky and Olga Petrovsky met in Vienna. The talks were described as useful."
    await save_article(
        store,
        _article("w900", body, "2022-03-04", "Two Petrovskys in Vienna", "https://example.org/news/900"),
        Extraction(
            people=[
                _person("Ivan Petrovsky", "Russia", "Foreign Minister", "2022-03-04"),
                _person("Olga Petrovsky", "Ukraine", "Special Envoy", "2022-03-04"),
            ],
            meetings=[
                MeetingRecord(
                    participants=["Ivan Petrovsky", "Olga Petrovsky"],
                    date=PartialDate.parse("2022-03-04"),
                    place="Vienna",
                    evidence=body,
                )
            ],
        ),
    )
    body = "Rafi Qadir spoke about <tags> & ampersands; قال إن المحادثات مفيدة 😀."
    await save_article(
        store,
        _article("w901", body, "2022-05-06", HOSTILE_TITLE, HOSTILE_URL),
        Extraction(
            people=[_person("Rafi Qadir", "Jordan", "Minister of State", "2022-05-06")],
            events=[
                EventRecord(
                    summary='Qadir spoke on <i>"tags"</i> & more — خطاب',
                    date=PartialDate.parse("2022-05-06"),
                    people=["Rafi Qadir"],
                    kind="speech",
                    evidence=body,
                )
            ],
        ),
    )


async def test_world_answers_with_pages_choices_and_hostile_titles(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "world.sqlite3")
    try:
        await build_world(store)
        meetings = await answer(store, "/meetings Testova")
        assert meetings.ok and len(meetings.pages) > 1
        choice = await answer(store, "/who Petrovsky")
        assert len(choice.buttons) >= 2
        assert all(len(b.action.encode()) <= 60 for b in choice.buttons)
        hostile = await answer(store, "/who Rafi Qadir")
        assert hostile.ok
    finally:
        await store.close()


# ---- shared by the Telegram tests ------------------------------------------------------------------

ADMIN_ID = 4242


def make_settings(api_base_url: str, token: str, db_path: Path, **extra: object) -> Settings:
    values: dict[str, object] = {
        "telegram_bot_token": token,
        "telegram_base_url": api_base_url,
        "db_path": db_path,
        "seeds_dir": db_path.parent / "no-seeds-here",
        "admin_ids": [ADMIN_ID],
        "user_rate_per_minute": 1000,
        "log_level": "DEBUG",
    }
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


def quick_limiter() -> RetryingRateLimiter:
    """Telegram's limits off (the fake enforces them where a test wants), quick network retries."""
    return RetryingRateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3, backoff=0.05)
