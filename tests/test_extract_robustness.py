"""Odd input gives a plain answer: no crash, no invented people."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract import extract


def test_empty_html_emoji_and_bracket_input() -> None:
    for body in ("", "  \n\n ", "<p>Hello <b>World</b></p> 🙂 &amp; «» — –", "⟨1⟩ ⟨2⟩ met with ⟨0⟩"):
        ex = extract(body, PartialDate(2020, 1, 1))
        assert ex.people == [] and ex.meetings == []


def test_run_on_text_is_read_in_pieces() -> None:
    body = "Foreign Minister Dauren Sapargaliyev met with Ana Lopes-Ferreira and " * 300
    ex = extract(body, PartialDate(2020, 1, 1))
    assert [p.name for p in ex.people] == ["Dauren Sapargaliyev", "Ana Lopes-Ferreira"]
    assert len(ex.meetings) == 1
    assert len(ex.meetings[0].evidence) <= 3 * 1300


def test_no_publication_date_gives_undated_records() -> None:
    ex = extract("Foreign Minister Dauren Sapargaliyev met with UN Under-Secretary-General Ana Lopes-Ferreira.")
    assert [m.date for m in ex.meetings] == [None]
    assert ex.people[1].country == "United Nations"
