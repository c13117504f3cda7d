"""Page furniture (image ids, captions, bylines, share buttons, footers) kept out of stored text.

The patterns are data, in bot/data/boilerplate.txt, so adding one never touches code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


def parse_patterns(text: str) -> tuple[re.Pattern[str], ...]:
    """One regex per non-blank line; lines starting with `#` are comments."""
    found: list[re.Pattern[str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            found.append(re.compile(line))
        except re.error as exc:  # a broken pattern is a packaging bug: say where
            raise ValueError(f"boilerplate.txt line {number}: {exc}") from exc
    return tuple(found)


@lru_cache(maxsize=1)
def patterns() -> tuple[re.Pattern[str], ...]:
    """The shipped patterns, read once."""
    return parse_patterns((resources.files("bot") / "data" / "boilerplate.txt").read_text(encoding="utf-8"))


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is furniture (the line is compared stripped)."""
    text = line.strip()
    return bool(text) and any(p.search(text) for p in patterns())


def drop_boilerplate(lines: list[str]) -> list[str]:
    """The lines that are not furniture, in order (blank lines kept for paragraph breaks)."""
    return [line for line in lines if not is_boilerplate(line)]
