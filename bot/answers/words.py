"""Word lists the answers read questions with (bot/data/question_words.txt, bot/data/offices.tsv)."""

from __future__ import annotations

import functools
from importlib import resources

from bot.textnorm import fold


def _data(name: str) -> str:
    try:
        return (resources.files("bot") / "data" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, ModuleNotFoundError):
        return ""


@functools.lru_cache(maxsize=1)
def _sections() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    current = ""
    for raw in _data("question_words.txt").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        out.setdefault(current, set()).update(fold(w) for w in line.split())
    return {k: frozenset(v) for k, v in out.items()}


def section(name: str) -> frozenset[str]:
    return _sections().get(name, frozenset())


def filler() -> frozenset[str]:
    """Question and linking words: never part of a name, a country or a place."""
    return section("filler")


def call_words() -> frozenset[str]:
    """Words that ask for phone or video calls."""
    return section("calls")


def topic_words() -> frozenset[str]:
    return section("asks_topics")


@functools.lru_cache(maxsize=1)
def offices() -> tuple[list[tuple[str, str, bool]], frozenset[str]]:
    """([(folded way of saying it, folded canonical office, only in questions)], rank words).

    Longest ways first, so 'minister of foreign affairs' is read before 'minister'."""
    ways: list[tuple[str, str, bool]] = []
    ranks: set[str] = set()
    for raw in _data("offices.tsv").splitlines():
        if raw.startswith("#rank"):
            ranks.update(fold(w) for w in raw.split("\t", 1)[-1].split(";") if fold(w))
            continue
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        canon = fold(cols[0])
        ways.append((canon, canon, False))
        for v in cols[1].split(";") if len(cols) > 1 else []:
            only_q = v.strip().startswith("?")
            if fold(v):
                ways.append((fold(v), canon, only_q))
    ways.sort(key=lambda t: -len(t[0]))
    return ways, frozenset(ranks)
