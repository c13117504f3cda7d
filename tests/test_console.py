"""The console chat over piped input: answers, paging, picking numbered choices, quitting."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from test_answers_fixture import BAIZHANOV, TESMEROV, build_store, many_meetings_article

from bot import console


async def run_chat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str) -> str:
    store = await build_store(tmp_path / "c.sqlite3", [many_meetings_article("t006_many", 40)])
    monkeypatch.setattr(console, "HISTORY", tmp_path / "history")
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    monkeypatch.setattr(sys, "stdout", out)
    try:
        await console.chat(store)
    finally:
        await store.close()
    return out.getvalue()


async def test_chat_answers_pages_and_picks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typed = (
        "\n".join(["/who Nurlan", "2", "next", "/meetings 2016", "next", "n", "prev", "p", "p", "quit", "/help"]) + "\n"
    )
    out = await run_chat(tmp_path, monkeypatch, typed)
    blocks = out.split("\n\n")
    assert blocks[0].startswith("Who do you mean by “Nurlan”?")
    assert f"1. {TESMEROV} (Kazakhstan)  [/who #" in out
    picked = next(b for b in blocks if b.startswith(f"{BAIZHANOV}\n"))
    assert "Ambassador to Switzerland" in picked
    assert "There is only one page." in out
    footers = [line.split()[1] for line in out.splitlines() if line.startswith("page ")]
    n = footers[0].split("/")[1]
    assert footers[:5] == [f"1/{n}", f"2/{n}", f"3/{n}", f"2/{n}", f"1/{n}"]
    assert "This is the first page." in out
    assert "Diplomacy Desk — what I answer" not in out  # nothing after quit is read
    assert not (tmp_path / "history").exists()  # no history file for piped input


async def test_chat_survives_hostile_lines_and_ends_at_eof(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    typed = "\x00\n<b>x</b>\n" + "y" * 10_000 + "\n/nonsense\n\n7\n/stats"  # no newline, no quit: EOF ends it
    out = await run_chat(tmp_path, monkeypatch, typed)
    assert "I do not know /nonsense" in out
    assert "Articles: 5" in out
    assert "Traceback" not in out
