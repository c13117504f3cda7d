"""Talks reported side by side: "The Ruritanian side was led by A and B, while Freedonia was represented by C
and D." Two or more sides, each with its named members, in one sentence make one meeting of everyone named
(the sides met each other): bot/extract/meetings.py adds it; who serves which side is read in engine.py."""

from __future__ import annotations

from bot.extract import clause_meetings
from bot.extract.people import SentenceInfo


def members(info: SentenceInfo) -> list[list[int]]:
    """The people named after each side's "led by" / "represented by", side by side."""
    found = list(clause_meetings.words().side.finditer(info.text))
    sides: list[list[int]] = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(info.text)
        names = [x.person for x in info.mentions if m.end() <= x.start < end and x.person >= 0]
        if names:
            sides.append(list(dict.fromkeys(names)))
    return sides
