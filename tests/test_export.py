"""The knowledge export: the shape the evaluation README describes, deterministic, and readable by the
scorer."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.dates import PartialDate
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.ingest.pipeline import ingest_paths
from bot.store.db import Store
from bot.store.export import Export, export_all

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def invented(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
    """Stand-in extraction keyed on the test articles' own invented text."""
    if "Vellmar" in body:
        return Extraction(
            people=[
                PersonRecord(
                    name="Ramón Estévez",
                    aliases=["Estévez"],
                    country="Norland",
                    roles=[
                        RoleRecord(
                            title="Foreign Minister", country="Norland", evidence="Norland's Foreign Minister Estévez"
                        )
                    ],
                    mentions=2,
                ),
                PersonRecord(
                    name="Tobias Renn",
                    country="United Nations",
                    roles=[
                        RoleRecord(title="Special Envoy", country="United Nations", date=PartialDate(2021, 3))
                    ],
                ),
            ],
            meetings=[
                MeetingRecord(
                    participants=["Ramón Estévez", "Tobias Renn"],
                    date=date,
                    place="Vellmar",
                    topics=["grain corridor"],
                    evidence="Estévez met Renn in Vellmar.",
                    kind="call",
                )
            ],
            events=[
                EventRecord(
                    summary="Estévez and Renn met in Vellmar",
                    date=date,
                    people=["Ramón Estévez", "Tobias Renn"],
                    kind="meeting",
                    evidence="Estévez met Renn in Vellmar.",
                )
            ],
        )
    return Extraction(
        people=[PersonRecord(name="Ramon Estevez", roles=[RoleRecord(title="Deputy Minister")])],
        events=[
            EventRecord(
                summary="Estevez will visit Ostria",
                date=PartialDate(2020, 6, qualifier="late"),
                people=["Ramon Estevez"],
                kind="planned",
            )
        ],
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "b_talks.txt").write_text(
        "title: Envoys Meet in Vellmar\ndate: 2021-03-04\nsource: Test Wire\n"
        "url: https://example.org/2021/03/envoys\n\nEstévez met Renn in Vellmar.\n\n5a4c803ad4af2\n",
        "utf-8",
    )
    (folder / "a_plans.txt").write_text(
        " date 2020-05-01 Images | example.gov\n\nEstevez will visit Ostria.\n", "utf-8"
    )
    s = await Store.open(tmp_path / "store.sqlite3")
    report = await ingest_paths(s, [folder], extractor=invented)
    assert report.added == ["a_plans", "b_talks"]
    yield s
    await s.close()


async def test_export_shape(store: Store) -> None:
    data: dict[str, Any] = json.loads((await export_all(store)).model_dump_json())
    assert set(data) >= {"articles", "people", "meetings", "events"}
    assert data["articles"] == [
        {"id": "a_plans", "title": None, "date": "2020-05-01", "source": "example.gov", "url": None},
        {
            "id": "b_talks",
            "title": "Envoys Meet in Vellmar",
            "date": "2021-03-04",
            "source": "Test Wire",
            "url": "https://example.org/2021/03/envoys",
        },
    ]
    people = {p["name"]: p for p in data["people"]}
    assert list(people) == ["Ramón Estévez", "Tobias Renn"]  # one person across both spellings
    ramon = people["Ramón Estévez"]
    assert ramon["aliases"] == ["Estevez", "Estévez", "Ramon Estevez"]
    assert ramon["country"] == "Norland"
    assert ramon["articles"] == ["a_plans", "b_talks"]
    assert ramon["roles"] == [
        {"title": "Deputy Minister", "country": None, "article": "a_plans", "date": "2020-05-01", "evidence": ""},
        {
            "title": "Foreign Minister",
            "country": "Norland",
            "article": "b_talks",
            "date": "2021-03-04",
            "evidence": "Norland's Foreign Minister Estévez",
        },
    ]
    assert people["Tobias Renn"]["roles"] == [
        {"title": "Special Envoy", "country": "United Nations", "article": "b_talks", "date": "2021-03", "evidence": ""}
    ]

    [meeting] = data["meetings"]
    assert {k: meeting[k] for k in ("participants", "date", "place", "topics", "article", "evidence", "kind")} == {
        "participants": ["Ramón Estévez", "Tobias Renn"],
        "date": "2021-03-04",
        "place": "Vellmar",
        "topics": ["grain corridor"],
        "article": "b_talks",
        "evidence": "Estévez met Renn in Vellmar.",
        "kind": "call",
    }
    events = [{k: e[k] for k in ("date", "summary", "people", "article")} for e in data["events"]]
    assert events == [
        {
            "date": "2020-06",
            "summary": "Estevez will visit Ostria",
            "people": ["Ramón Estévez"],
            "article": "a_plans",
        },
        {
            "date": "2021-03-04",
            "summary": "Estévez and Renn met in Vellmar",
            "people": ["Ramón Estévez", "Tobias Renn"],
            "article": "b_talks",
        },
    ]
    assert data["events"][0]["date_qualifier"] == "late"
    assert all(isinstance(e["evidence"], str) for e in data["events"])

    shown = json.dumps(data, ensure_ascii=False)
    assert "5a4c803ad4af2" not in shown and "Images |" not in shown


async def test_export_is_deterministic_and_round_trips(store: Store) -> None:
    first = (await export_all(store)).model_dump_json()
    second = (await export_all(store)).model_dump_json()
    assert first == second
    assert Export.model_validate_json(first).model_dump_json() == first


async def test_empty_store_exports_empty_lists(tmp_path: Path) -> None:
    s = await Store.open(tmp_path / "empty.sqlite3")
    try:
        assert json.loads((await export_all(s)).model_dump_json()) == {
            "articles": [],
            "people": [],
            "meetings": [],
            "events": [],
        }
    finally:
        await s.close()


async def test_the_scorer_reads_the_export(store: Store, tmp_path: Path) -> None:
    if not SCORER.is_file():
        pytest.skip("the shared scorer is not on this machine")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = {
        "articles": {"a_plans": {"date": "2020-05"}, "b_talks": {"date": "2021-03-04"}},
        "people": [
            {
                "name": "Ramón Estévez",
                "aliases": ["Estevez"],
                "country": "Norland",
                "roles": [{"article": "b_talks", "keys": ["foreign minister"]}],
            },
            {
                "name": "Tobias Renn",
                "aliases": ["Renn"],
                "country": "UN",
                "roles": [{"article": "b_talks", "keys": ["envoy"]}],
            },
        ],
        "meetings": [
            {
                "article": "b_talks",
                "participants": ["Ramón Estévez", "Tobias Renn"],
                "date": "2021-03",
                "topic_keys": ["grain"],
            }
        ],
        "events": [{"article": "a_plans", "date": "2020-06", "keys": ["visit"]}],
    }
    result = score.score(gold, json.loads((await export_all(store)).model_dump_json()))["scores"]
    assert result["people_f1"] == 1.0
    assert result["people_duplicates"] == {}
    assert result["role_accuracy"] == 1.0
    assert result["country_accuracy"] == 1.0
    assert result["meeting_f1"] == 1.0
    assert result["event_recall"] == 1.0
    assert result["article_date_accuracy"] == 1.0
