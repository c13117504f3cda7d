"""Extraction cost stays near-linear in an article's names, and one article has a size budget.

Speed is measured in bench/bench_pathological.py; these tests count work (calls), never time it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.extract import people, titles
from bot.extract.engine import MAX_EXTRACT_CHARS, extract, within_budget
from bot.ingest.pipeline import ingest_paths
from bot.store.db import Store

_SYL = ["ka", "ro", "mi", "tel", "va", "nor", "bek", "sa", "lin", "dor", "zu", "per", "ga", "mon", "ti", "rex"]


def _names(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)

    def word(k: int) -> str:
        return "".join(rng.choice(_SYL) for _ in range(k)).capitalize()

    return "\n".join(f"{word(2)} {word(3)} met." for _ in range(n))


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    counter = [0]
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        counter[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return counter


def test_surnames_are_indexed_once_per_article_not_per_mention(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch, people, "short_name")
    extract(_names(200))
    small = calls[0]
    calls[0] = 0
    extract(_names(800))
    large = calls[0]
    assert small > 0
    assert large < 6 * small  # four times the names: about four times the work (it was sixteen)


def test_a_long_title_chain_is_not_walked_back_for_every_word(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch, titles, "_head_at")
    body = "Deputy " * 3000 + "Minister Tovan Relski met Ostap Virel."
    result = extract(body)
    tokens = 3000 + 7
    assert calls[0] < 60 * tokens  # each title reaches at most MAX_TITLE_TOKENS back
    assert any(p.name == "Tovan Relski" for p in result.people)
    roles = [r.title for p in result.people for r in p.roles]
    assert all(len(r.split()) <= titles.MAX_TITLE_TOKENS for r in roles)


def test_the_budget_cuts_at_a_break_and_short_articles_are_whole() -> None:
    short = "Tovan Relski met Ostap Virel in Vienna.\n\nThey discussed trade."
    assert within_budget(short) == (short, False)
    long = ("Tovan Relski met Ostap Virel in Vienna. " * 40 + "\n\n") * 200
    head, cut = within_budget(long)
    assert cut and MAX_EXTRACT_CHARS // 2 <= len(head) <= MAX_EXTRACT_CHARS and long.startswith(head)
    assert head.endswith(("Vienna. ", "\n\n", "Vienna."))
    one_word = "x" * (MAX_EXTRACT_CHARS * 3)
    assert within_budget(one_word) == (one_word[:MAX_EXTRACT_CHARS], True)


def test_names_beyond_the_budget_are_not_read() -> None:
    filler = "The delegations discussed regional trade and water.\n\n" * (MAX_EXTRACT_CHARS // 40)
    body = "Tovan Relski met Ostap Virel in Vienna.\n\n" + filler + "Ilsa Marvenko met Dario Quellt in Oslo."
    names = {p.name for p in extract(body).people}
    assert "Tovan Relski" in names and "Ilsa Marvenko" not in names


async def test_a_megabyte_article_is_read_within_the_budget_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "030_list.txt"
    text = "A list of names\n\n" + _names(60_000)
    assert len(text) > 1_000_000
    path.write_text(text, encoding="utf-8")
    store = await Store.open(tmp_path / "b.sqlite3")
    try:
        report = await ingest_paths(store, [path])
        assert report.added == ["030_list"]
        budget_lines = [w for w in report.warnings if "per-article budget" in w]
        assert len(budget_lines) == 1 and str(path) in budget_lines[0]
        rows = await store.conn.execute_fetchall("SELECT length(body) FROM articles WHERE id = '030_list'")
        assert next(iter(rows))[0] > 1_000_000  # the whole text is kept (and searchable)
    finally:
        await store.close()

