"""Hostile text in the answers layer: user words never become a template, ranges of any precision read."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from test_answers_fixture import build_store

from bot.answers import answer
from bot.answers.ranges import find_range, parse_range
from bot.answers.render_text import render_plain
from bot.answers.who import fill_id
from bot.store.db import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await build_store(tmp_path / "h.sqlite3")
    yield s
    await s.close()


# -- item 2: user text reaching str.format -----------------------------------------------------------------


async def test_braces_in_the_users_words_stay_words(store: Store) -> None:
    """'Nurlan' fits two people: the choice buttons carry the rest of the filter as typed, unformatted."""
    command = "/timeline"
    reply = await answer(store, f"{command} x {{id.__class__}} y & Nurlan")
    shown = render_plain(reply) + " ".join(b.action for b in reply.buttons)
    assert "<class" not in shown
    assert reply.buttons, "two people called Nurlan: a choice is offered"
    for b in reply.buttons:
        assert b.action.startswith(f"{command} #")
        assert len(b.action.encode()) <= 64


async def test_a_format_width_in_the_users_words_allocates_nothing(store: Store) -> None:
    reply = await answer(store, "/timeline x {id:>1000000000} y & Nurlan")
    assert reply.buttons
    assert all(len(b.action) < 100 for b in reply.buttons)  # was a billion-character string
    assert all("{id:>1000000000}" in b.action or b.action.count(",") <= 1 for b in reply.buttons)


def test_fill_id_fills_only_the_first_placeholder() -> None:
    assert fill_id("/timeline #{id}, {id} {0} {id.__class__}", 7) == "/timeline #7, {id} {0} {id.__class__}"
    assert fill_id("/who", 7) == "/who"


# -- item 4: ranges whose ends have different precision ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "lo", "hi"),
    [
        ("2018..2018-06", "2018", "2018-07"),
        ("2019-01-01..2019", "2019-01-01", "2020"),
        ("June 2018 to 2018", "2018-06", "2019"),
        ("2018-06..2018", "2018-06", "2019"),
        ("2019..2018-01-05", "2018-01-05", "2020"),
        ("2018-06-15..2018-06", "2018-06-15", "2018-07"),
    ],
)
def test_mixed_precision_ranges(typed: str, lo: str, hi: str) -> None:
    rng = parse_range(typed)
    assert rng is not None and (rng.lo, rng.hi) == (lo, hi)
    again = parse_range(rng.norm())
    assert again is not None and (again.lo, again.hi) == (lo, hi)


_ENDS = ["2018", "2018-06", "2018-06-15", "June 2018", "15 June 2018", "2019", "2017-12-31", "Jan 2019"]
_JOINS = ["..", " to ", " until ", " - "]


@pytest.mark.parametrize(("a", "b"), list(itertools.product(_ENDS, _ENDS)))
def test_every_pair_of_ends_reads_as_a_non_empty_range(a: str, b: str) -> None:
    for join in _JOINS:
        rng, _ = find_range(f"{a}{join}{b}")
        assert rng is not None
        assert rng.lo is not None and rng.hi is not None and rng.lo < rng.hi


@pytest.mark.parametrize("typed", ["2018..2018-06", "2019-01-01..2019", "June 2018 to 2018"])
async def test_mixed_precision_ranges_answer_in_every_command(store: Store, typed: str) -> None:
    for text in (f"/timeline {typed}", f"/meetings {typed}", f"meetings in {typed}", f"what happened {typed}"):
        reply = await answer(store, text)
        assert "Sorry" not in render_plain(reply), text
    meetings = await answer(store, "/meetings 2018..2018-06")
    assert meetings.ok and "18 January 2018" in render_plain(meetings)


def test_a_month_of_an_impossible_year_is_no_range() -> None:
    """Found by the fuzz suite: 'May 0001' read as a range whose norm() ('0001-05') did not read back."""
    assert parse_range("June 0001") is None
    assert parse_range("June 2018") is not None
