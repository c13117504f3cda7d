"""Lexicons (countries, organisations, places, title words, non-name words) loaded once from bot/data.

Data that is not logic lives in plain files so it can grow without touching code; this module
turns them into lookup tables and caches them for the life of the process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from bot.extract.tokens import norm, tokenize


@dataclass(frozen=True)
class Entry:
    """One lexicon phrase: its token keys and what it names."""

    words: tuple[str, ...]  # token texts as written in the data file
    keys: tuple[str, ...]
    kind: str  # "country", "demonym", "place", "org"
    value: str  # canonical country / organisation ("" for a place of no country)
    parent: str | None = None  # for an organisation: whom its officials serve


@dataclass
class Lexicon:
    phrases: dict[str, list[Entry]] = field(default_factory=dict)  # first key -> entries, longest first
    by_pair: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)  # first two keys -> entries
    strong: set[str] = field(default_factory=set)  # keys never part of a name
    common: set[str] = field(default_factory=set)  # ordinary words: may not start a name
    title_heads: set[str] = field(default_factory=set)  # keys of single-word heads
    title_head_phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # by first key
    title_words: set[str] = field(default_factory=set)  # modifiers and connectors
    domains: set[str] = field(default_factory=set)
    honorifics: set[str] = field(default_factory=set)
    un_heads: set[str] = field(default_factory=set)  # folded phrases
    org_titles: dict[str, str] = field(default_factory=dict)  # folded title phrase -> organisation served
    verbs: set[str] = field(default_factory=set)
    surname_endings: tuple[str, ...] = ()
    org_nouns: set[str] = field(default_factory=set)  # "party", "holding", "Review": a phrase before is a body
    event_words: dict[str, str] = field(default_factory=dict)  # word -> event kind
    event_prefixes: list[tuple[str, str]] = field(default_factory=list)  # ("inaugurat", "inauguration")
    event_phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)  # canonical names
    country_by_key: dict[str, str] = field(default_factory=dict)  # any folded form -> canonical
    small_words: set[str] = field(default_factory=set)  # left in lower case by headline case
    not_names: set[str] = field(default_factory=set)  # keys of not_names.txt alone (a subset of strong)
    capitals: dict[str, str] = field(default_factory=dict)  # folded capital city -> its state
    two_surnames: set[str] = field(default_factory=set)  # states whose people carry two surnames


def _read(name: str) -> list[str]:
    text = resources.files("bot").joinpath("data", name).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _add(lex: Lexicon, phrase: str, kind: str, value: str, parent: str | None = None) -> None:
    phrase = phrase.strip()
    if not phrase:
        return
    toks = tokenize(phrase)
    words = tuple(t.text for t in toks)
    keys = tuple(t.key for t in toks)
    if not keys:
        return
    lex.phrases.setdefault(keys[0], []).append(Entry(words, keys, kind, value, parent))
    if kind in ("country", "demonym"):
        lex.country_by_key[" ".join(keys)] = value


@cache
def load() -> Lexicon:
    """The lexicon, read from bot/data once per process."""
    lex = Lexicon()
    for line in _read("countries.tsv"):
        cols = [*line.split("\t"), "", "", "", ""][:4]
        name, aliases, demonyms, cities = cols
        lex.countries.add(name)
        _add(lex, name, "country", name)
        for a in aliases.split(";"):
            _add(lex, a, "country", name)
        for d in demonyms.split(";"):
            _add(lex, d, "demonym", name)
        for c in cities.split(";"):
            _add(lex, c, "place", name)
        capital = cities.split(";")[0].strip()  # the data file lists each state's capital first
        if capital:
            lex.capitals[" ".join(t.key for t in tokenize(capital))] = name
    for line in _read("places.txt"):
        _add(lex, line, "place", "")
    for line in _read("organisations.tsv"):
        cols = [*line.split("\t"), "", "", ""][:3]
        canon, parent, forms = cols
        par = parent.strip() or None
        _add(lex, canon, "org", canon, par)
        for f in forms.split(";"):
            _add(lex, f, "org", canon, par)
    for entries in lex.phrases.values():
        entries.sort(key=lambda e: -len(e.keys))
        for e in entries:
            key2 = (e.keys[0], e.keys[1] if len(e.keys) > 1 else "")
            lex.by_pair.setdefault(key2, []).append(e)

    section = ""
    for line in _read("titles.txt"):
        s = line.strip()
        if s.startswith("[") and s.endswith("]"):
            section = s[1:-1]
            continue
        if section == "org_titles":
            phrase, _, org = s.partition("\t")
            lex.org_titles[" ".join(t.key for t in tokenize(phrase))] = org.strip()
            continue
        keys = tuple(t.key for t in tokenize(s))
        if section == "heads":
            if len(keys) == 1:
                lex.title_heads.add(keys[0])
            else:
                lex.title_head_phrases.setdefault(keys[0], []).append(keys)
        elif section == "modifiers":
            lex.title_words.update(keys)
        elif section == "domains":
            lex.domains.update(keys)
        elif section == "honorifics":
            lex.honorifics.add(" ".join(keys))
        elif section == "un_heads":
            lex.un_heads.add(" ".join(k for k in keys if k not in ("-",)))
    lex.two_surnames.update(line.strip() for line in _read("two_surnames.txt"))
    for line in _read("not_names.txt"):
        lex.not_names.add(norm(line.strip()))
    lex.strong.update(lex.not_names)
    for line in _read("common_words.txt"):
        lex.common.update(norm(w) for w in line.split())
    lex.surname_endings = tuple(sorted({norm(w.strip()) for w in _read("surname_endings.txt")}, key=len))
    for line in _read("event_words.tsv"):
        kind, _, words = line.partition("\t")
        for w in words.split(";"):
            w = w.strip().lower()
            if w.endswith("*"):
                lex.event_prefixes.append((w[:-1], kind))
            elif " " in w:
                keys = tuple(w.split())
                lex.event_phrases.setdefault(keys[0], []).append((keys, kind))
            elif w:
                lex.event_words.setdefault(w, kind)
    lex.org_nouns.update(norm(w.strip()) for w in _read("org_nouns.txt"))
    lex.small_words.update(norm(w.strip()) for w in _read("small_words.txt"))
    for line in _read("verbs.txt"):
        lex.verbs.add(norm(line.strip()))
    # single-word lexicon entries are never name words
    for first, entries in lex.phrases.items():
        for e in entries:
            if len(e.keys) == 1:
                lex.strong.add(first)
    lex.strong.update(lex.title_heads)
    lex.strong.update(k for k in lex.domains)
    lex.strong.update(k for k in lex.title_words if len(k) > 3)
    return lex
