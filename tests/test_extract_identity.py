"""One person across articles that print the name differently, read by the real extractor and stored."""

from __future__ import annotations

import json
from pathlib import Path

from bot.dates import PartialDate
from bot.extract import extract
from bot.ingest.pipeline import ingest_paths
from bot.store.db import Store
from bot.store.export import export_all


def test_two_surnames_are_also_written_with_the_first_alone() -> None:
    body = "On 4 March 2024, Cuban Foreign Minister Ramón Estévez Villar met with Swedish Minister Anders Kolberg."
    (p,) = [p for p in extract(body, PartialDate(2024, 3, 6)).people if p.name.startswith("Ramón")]
    assert "Ramón Estévez" in p.aliases
    body = "On 4 March 2024, Norwegian Foreign Minister Tomas Verhoeven Lund met with Minister Anders Kolberg."
    (p,) = [p for p in extract(body, PartialDate(2024, 3, 6)).people if p.name.startswith("Tomas")]
    assert "Tomas Verhoeven" not in p.aliases  # the custom is not Norway's


async def test_the_long_and_the_short_form_are_one_person_in_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "title: Talks\ndate: 2024-03-04\n\nCuban Foreign Minister Ramón Estévez Villar met with Swedish Foreign "
        "Minister Anders Kolberg in Vellmar on 4 March 2024.\n",
        "utf-8",
    )
    (folder / "b.txt").write_text(
        "title: Visit\ndate: 2024-04-02\n\nCuban Foreign Minister Ramon Estevez arrived in Oslo on 2 April 2024 "
        "and met with Norwegian Foreign Minister Tomas Verhoeven.\n",
        "utf-8",
    )
    store = await Store.open(tmp_path / "s.sqlite3")
    try:
        await ingest_paths(store, [folder])
        data = json.loads((await export_all(store)).model_dump_json())
    finally:
        await store.close()
    cubans = [p for p in data["people"] if p["country"] == "Cuba"]
    assert len(cubans) == 1
    assert sorted(cubans[0]["articles"]) == ["a", "b"]
