"""ensure_seeds: an empty store gets the seed folder once; a store with articles, or no folder, is left alone."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ingest.seeds import ensure_seeds
from bot.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "desk.sqlite3")
    try:
        yield s
    finally:
        await s.close()


async def article_count(store: Store) -> int:
    rows = await store.conn.execute_fetchall("SELECT count(*) FROM articles")
    return int(next(iter(rows))[0])


def seed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "date: 2021-03-04\n\nEnvoys of Norland and Ostria met in a lakeside town to discuss a river treaty.\n"
    )
    (folder / "two.txt").write_text(
        "date: 2022-05-06\n\nThe foreign minister of Westmark visited Eastholm for talks on trade.\n"
    )
    return folder


async def test_an_empty_store_gets_the_seeds_once(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = seed_folder(tmp_path)
    with caplog.at_level(logging.INFO, logger="bot.ingest.seeds"):
        assert await ensure_seeds(store, folder) == 2
    assert await article_count(store) == 2
    assert [r.getMessage() for r in caplog.records if r.name == "bot.ingest.seeds"] == [
        f"loaded 2 seed articles from {folder}"
    ]
    (folder / "three.txt").write_text("date: 2023-07-08\n\nA third envoy arrived in Southport.\n")
    assert await ensure_seeds(store, folder) == 0  # the store has articles: the folder is not read again
    assert await article_count(store) == 2


async def test_a_missing_folder_is_one_warning(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.ingest.seeds"):
        assert await ensure_seeds(store, tmp_path / "nowhere") == 0
    warnings = [r for r in caplog.records if r.name == "bot.ingest.seeds"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert "nowhere" in warnings[0].getMessage()
    assert await article_count(store) == 0
