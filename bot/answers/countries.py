"""Countries and demonyms in queries: 'Russia', 'Russian', 'UN' -> the country names stored for people.

Names, aliases and demonyms come from bot/data/countries.tsv and organisations.tsv when they are there;
otherwise, and in addition, the countries the store holds are matched on their folded text, and a demonym
on its stem ('Kazakh' -> Kazakhstan, 'Russian' -> Russia).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from bot.textnorm import fold

log = logging.getLogger(__name__)

_SPLIT = re.compile(r"[|;]")
_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "ean", "i", "s")


@dataclass(frozen=True)
class CountryMatch:
    label: str  # canonical name to show
    values: tuple[str, ...]  # folded names it goes by (see stored_forms for the store's own strings)


def _data(name: str) -> str:
    try:
        return (resources.files("bot") / "data" / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, ModuleNotFoundError):
        return ""


def _rows(text: str) -> list[list[str]]:
    return [raw.split("\t") for raw in text.splitlines() if raw.strip() and not raw.lstrip().startswith("#")]


def _names(field: str) -> list[str]:
    return [n.strip() for n in _SPLIT.split(field) if n.strip()]


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    """folded name, alias or demonym -> (canonical, every name stored people may carry for it).

    countries.tsv: country, aliases (;), demonyms (;), cities (;) — cities are places, not countries.
    organisations.tsv: name, whom its officials serve, other names (;).
    """
    table: dict[str, tuple[str, ...]] = {}
    for cols in _rows(_data("countries.tsv")):
        canonical = cols[0].strip()
        if not canonical:
            continue
        aliases = _names(cols[1]) if len(cols) > 1 else []
        demonyms = _names(cols[2]) if len(cols) > 2 else []
        stored = (canonical, *aliases)
        for n in (canonical, *aliases, *demonyms):
            table.setdefault(fold(n), stored)
    for cols in _rows(_data("organisations.tsv")):
        canonical = cols[0].strip()
        if not canonical:
            continue
        serves = cols[1].strip() if len(cols) > 1 else ""
        others = _names(cols[2]) if len(cols) > 2 else []
        stored = (canonical, *([serves] if serves and serves != canonical else []), *others)
        for n in (canonical, *others):
            table.setdefault(fold(n), stored)
    return table


Known = Mapping[str, Sequence[str]]  # folded country -> the forms the store holds it in


def known_map(stored: Iterable[str]) -> dict[str, list[str]]:
    """Group the store's country strings by their folded form (built once per name index)."""
    out: dict[str, list[str]] = {}
    for k in stored:
        f = fold(k)
        if f:
            out.setdefault(f, []).append(k)
    return out


def lookup(text: str, known: Known) -> CountryMatch | None:
    """The state or organisation `text` names, or None when it names none."""
    f = fold(text[:100])
    if not f:
        return None
    row = _table().get(f)
    if row is not None:
        values = {fold(n) for n in row}
        return CountryMatch(row[0], tuple(sorted(values)))
    if f in known:
        return CountryMatch(known[f][0], (f,))
    if " " in f or len(f) < 4:
        return None
    # a demonym or a start of a one-word country the store holds: 'Kazakh', 'Russian'
    for suffix in _SUFFIXES:
        if f.endswith(suffix) and len(f) - len(suffix) >= 4:
            stem = f[: len(f) - len(suffix)]
            hits = sorted(k for k in known if k.startswith(stem) and " " not in k)
            if hits:
                return CountryMatch(known[hits[0]][0], tuple(hits))
    hits = [k for k in known if k.startswith(f) and " " not in k]
    if len(hits) == 1:
        return CountryMatch(known[hits[0]][0], (hits[0],))
    return None


def stored_forms(matches: Sequence[CountryMatch], known: Known) -> list[str]:
    """The country names, exactly as the store holds them, that `matches` stand for (so SQL compares with =)."""
    found = sorted({form for m in matches for v in (*m.values, fold(m.label)) for form in known.get(v, ())})
    return found or sorted({m.label for m in matches})
