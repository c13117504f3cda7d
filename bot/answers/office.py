"""Who holds or held an office: "Uzbekistan's foreign minister", "the UN chief", "Russia's ambassador to
the UN", optionally "in 2018". Offices and their other wordings come from bot/data/offices.tsv.

A stored title holds the office when, with the same wordings replaced, it has the office's words and no
rank word ("deputy", "former") the question did not ask for; the person serves the state (by the role's
country, or their own when the role gives none); "to the UN" must appear in the title too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answers import countries, fmt, views, words
from bot.answers.countries import CountryMatch, stored_forms
from bot.answers.name_index import NameIndex
from bot.answers.ranges import DateRange, find_range
from bot.answers.reply import Line, Page, Reply, Span
from bot.store import queries
from bot.store.db import Store
from bot.store.records import PersonSummary, RoleRow
from bot.textnorm import fold

_POSSESSIVE = re.compile(r"(?<=\w)['’]s?\b")
MAX_HOLDERS = 15


@dataclass
class OfficeQuery:
    office: str  # folded canonical office, e.g. "foreign minister"
    serves: CountryMatch
    to: CountryMatch | None = None  # "ambassador to the UN"
    ranks: set[str] = field(default_factory=set)  # rank words asked for ("deputy")
    range: DateRange | None = None

    def label(self) -> str:
        text = f"{self.office.title()} of {self.serves.label}"
        if self.to is not None:
            text += f" to {self.to.label}"
        return text + (f", {self.range.label}" if self.range else "")


def _normal(text: str) -> str:
    """Folded, with every other wording of an office replaced by its canonical form."""
    padded = f" {fold(text)} "
    ways, _ = words.offices()
    for way, canon, only_question in ways:
        if not only_question and way != canon:
            padded = padded.replace(f" {way} ", f" {canon} ")
    return padded


def normal_title(title: str) -> str:
    """A title folded, with other wordings of an office in their canonical form."""
    return _normal(title).strip()


def parse_office(idx: NameIndex, text: str) -> OfficeQuery | None:
    """An office question's subject ('Russia's foreign minister in 2010'), or None when it names none."""
    rng, rest = find_range(text)
    rest = _POSSESSIVE.sub("", rest)
    padded = f" {fold(rest)} "
    ways, ranks = words.offices()
    office = None
    for way, canon, _ in ways:
        if f" {way} " in padded:
            office = canon
            padded = padded.replace(f" {way} ", " ", 1)
            break
    if office is None:
        return None
    asked = {r for r in ranks if f" {r} " in padded}
    tokens = padded.split()
    serves: CountryMatch | None = None
    to: CountryMatch | None = None
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + 4), i, -1):
            match = countries.lookup(" ".join(tokens[i:j]), idx.countries)
            if match is not None:
                if (i > 0 and tokens[i - 1] in {"to", "at"}) or (i > 1 and tokens[i - 2] == "to"):
                    to = to or match
                else:
                    serves = serves or match
                i = j
                break
        else:
            i += 1
    if serves is None and to is not None:
        serves, to = to, None
    if serves is None:
        return None
    return OfficeQuery(office=office, serves=serves, to=to, ranks=asked, range=rng)


def holds(q: OfficeQuery, title: str) -> bool:
    t = _normal(title)
    if f" {q.office} " not in t:
        return False
    _, ranks = words.offices()
    if any(f" {r} " in t for r in ranks - q.ranks):
        return False
    return not (q.to is not None and not any(f" {fold(v)} " in t for v in (q.to.label, *q.to.values)))


def _in_range(rng: DateRange | None, date: str | None) -> bool:
    if rng is None:
        return True
    if date is None:
        return False
    return (rng.lo is None or date >= rng.lo[: len(date)]) and (rng.hi is None or date < rng.hi)


async def office_reply(store: Store, idx: NameIndex, q: OfficeQuery, command: str) -> Reply:
    forms = stored_forms([q.serves], idx.countries)
    rows = await queries.roles_serving(store, forms)
    wanted = {fold(x) for x in forms}
    found: list[tuple[PersonSummary, RoleRow]] = []
    for person, role in rows:
        country = role.country or person.country
        if country is None or fold(country) not in wanted:
            continue
        if holds(q, role.title):
            found.append((person, role))
    title = f"Who holds the office: {q.label()}"
    note = ""
    if q.range is not None:
        inside = [x for x in found if _in_range(q.range, x[1].date)]
        if not inside and found:
            note = f"No one is dated to {q.range.label}; every holder read:"
        found = inside or found
    if not found:
        return views.message(
            title,
            f"No {q.office} of {q.serves.label} was read from the articles.",
            f"Try /meetings {q.serves.label}, or /who with a name.",
            command=command,
            ok=False,
        )
    by_person: dict[int, list[RoleRow]] = {}
    people: dict[int, PersonSummary] = {}
    for person, role in found:
        by_person.setdefault(person.id, []).append(role)
        people[person.id] = person

    def last(pid: int) -> str:
        return max((r.date or "" for r in by_person[pid]), default="")

    order = sorted(by_person, key=lambda pid: (last(pid), len(by_person[pid])), reverse=True)[:MAX_HOLDERS]
    blocks: list[list[Line]] = []
    for n, pid in enumerate(order, 1):
        roles = by_person[pid]
        dates = sorted({r.date for r in roles if r.date})
        when = fmt.human_date(dates[0]) if dates else "undated"
        if len(dates) > 1:
            when = f"{fmt.human_date(dates[0])} to {fmt.human_date(dates[-1])}"
        wording = max((r.title for r in roles), key=len)
        block = [
            fmt.clip_line(
                Line([Span(f"{n}. "), Span(people[pid].name, bold=True), Span(f" — {wording} — {when}"),
                      Span(f"  (/who #{pid})")]),
                400,
            ),
            fmt.clip_line(Line([Span("   source: "), fmt.source_span(roles[-1].article)]), 300),
        ]
        quote = views.evidence_line(roles[-1].evidence)
        if quote is not None:
            block.append(quote)
        blocks.append(block)
    head = [Line.of(note)] if note else [Line.of(f"{len(order)} holder{'s' if len(order) != 1 else ''}, latest first.")]
    pages = fmt.pack(blocks, head=head) or [Page()]
    return Reply(
        title=title,
        pages=pages,
        command=command,
        buttons=views.buttons([(people[pid].name, f"/who #{pid}") for pid in order]),
    )
