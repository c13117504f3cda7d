"""`ingest_paths(..., workers=N)`: extraction in worker processes gives the very store one process gives
(people, ids, meetings, events, order), and a failing article is still rejected alone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.dates import PartialDate
from bot.extract import extract
from bot.extract.types import Extraction
from bot.ingest import pipeline
from bot.ingest.pipeline import IngestReport, ingest_paths
from bot.store.db import Store
from bot.store.export import export_all

PEOPLE = [
    ("Tobias Renn", "Kazakhstan"),
    ("Peer Olund", "Norway"),
    ("Marta Quell", "Chile"),
    ("Sven Adlerkamp", "Austria"),
    ("Una Brisktova", "Slovakia"),
    ("Ilse Marwick", "Canada"),
]


def write_articles(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (a, ca), (b, cb) = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 5 + 1) % len(PEOPLE)]
        day = 1 + i % 27
        body = (
            f"date: 2021-03-{day:02d}\n\n"
            f"Foreign Minister of {ca} {a} met with the Minister of Foreign Affairs of {cb} {b} on "
            f"March {day}, 2021.\n\nThe sides discussed trade cooperation and water issues.\n\n"
            + ("BOOM\n" if i == 7 else "")
        )
        (folder / f"{i:03d}.txt").write_text(body, "utf-8")


def fails_on_boom(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
    """The real extractor, but an article saying BOOM makes it fail (sent to worker processes by name)."""
    if "BOOM" in body:
        raise ValueError("invented failure")
    return extract(body, date, title, source)


@asynccontextmanager
async def opened(path: Path) -> AsyncIterator[Store]:
    store = await Store.open(path)
    try:
        yield store
    finally:
        await store.close()


async def ingest_into(tmp_path: Path, name: str, folder: Path, **kwargs: Any) -> tuple[IngestReport, Any]:
    async with opened(tmp_path / f"{name}.sqlite3") as store:
        report = await ingest_paths(store, [folder], **kwargs)
        return report, (await export_all(store)).model_dump(mode="json")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several batches, chunks and a full window in flight even for a few articles."""
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 4)
    monkeypatch.setattr(pipeline, "CHUNK", 3)


@pytest.mark.usefixtures("small_batches")
async def test_two_workers_give_the_store_one_process_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, workers: int, **kwargs: Any) -> None:
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", Counted)
    write_articles(tmp_path / "in", 30)
    one, exported_one = await ingest_into(tmp_path, "one", tmp_path / "in", extractor=fails_on_boom)
    two, exported_two = await ingest_into(tmp_path, "two", tmp_path / "in", extractor=fails_on_boom, workers=2)
    assert exported_one["meetings"] and exported_one["people"]  # there is something to compare
    assert exported_two == exported_one
    assert two.added == one.added == [f"{i:03d}" for i in range(30) if i != 7]
    assert [(Path(r.path).name, r.reason) for r in two.rejected] == [
        ("007.txt", "extraction failed: ValueError: invented failure")
    ]
    assert two.rejected == one.rejected
    assert pools == [2]  # the second ingest did extract in two worker processes


@pytest.mark.usefixtures("small_batches")
async def test_an_extractor_that_cannot_go_to_a_worker_runs_here(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 9)
    seen: list[str] = []

    def local(body: str, date: PartialDate | None, title: str | None, source: str | None = None) -> Extraction:
        seen.append(body)
        return extract(body, date, title, source)

    report, exported = await ingest_into(tmp_path, "local", tmp_path / "in", extractor=local, workers=2)
    _, reference = await ingest_into(tmp_path, "ref", tmp_path / "in")
    assert len(seen) == 9 and len(report.added) == 9
    assert exported == reference


async def test_a_second_ingest_with_workers_skips_the_unchanged(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 5)
    async with opened(tmp_path / "s.sqlite3") as store:
        first = await ingest_paths(store, [tmp_path / "in"], workers=2)
        again = await ingest_paths(store, [tmp_path / "in"], workers=2)
    assert len(first.added) == 5
    assert (again.added, len(again.skipped)) == ([], 5)
