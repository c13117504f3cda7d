"""The extraction entry point: an article body in, people, roles, meetings and events out.

Pure and fast: rules over the lexicons in bot/data, no model, no I/O after the first call.
"""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract.analysis import analyse, dominant_country, resolve_dates
from bot.extract.events import find_events
from bot.extract.lexicon import load
from bot.extract.meetings import find_meetings
from bot.extract.people import Person, SentenceInfo, build_people
from bot.extract.sentences import sentences
from bot.extract.titles import Role
from bot.extract.types import Extraction, PersonRecord, RoleRecord
from bot.textnorm import fold, strip_accents


def _role_country(role: Role) -> str | None:
    if role.country:
        return role.country
    if role.org:
        return role.org
    return "United Nations" if role.is_un else None


def _context_country(info: SentenceInfo, role: Role | None, name_tok: int) -> str | None:
    """A state named earlier in the same sentence, with no other person in between."""
    stop = role.start if role is not None else name_tok
    starts = [m.run.start for m in info.mentions if m.run.start < stop]
    lo = max(starts) if starts else 0
    for i in range(stop - 1, lo - 1, -1):
        t = info.tags[i]
        if t is not None and t.kind in ("country", "demonym") and t.value:
            return t.value
    return None


def _aliases(p: Person) -> list[str]:
    out: list[str] = []

    def add(form: str) -> None:
        form = " ".join(form.split())
        if form and form != p.name and form not in out:
            out.append(form)

    for f in p.forms:
        add(f)
    words = p.words
    plain = [w for w in words if not (len(w) == 2 and w.endswith("."))]
    add(" ".join(plain))
    if len(plain) > 1:
        add(plain[-1])
    lowers = [i for i, w in enumerate(words) if w.islower() and i > 0]
    if lowers:
        i = lowers[0]
        j = i
        while j < len(words) - 1 and words[j].islower():
            j += 1
        add(" ".join(words[j:]))  # "Costa Pereira" of "Rui da Costa Pereira"
        add(" ".join(words[i:]))  # "de la Fuente", "bin Salman"
    if p.honorific and p.honorific.rstrip(".") not in ("Mr", "Mrs", "Ms", "Dr", "Prof"):
        add(f"{p.honorific} {p.name}")
    if strip_accents(p.name) != p.name:
        add(strip_accents(p.name))
    return out


def extract(body: str, published: PartialDate | None = None, title: str | None = None) -> Extraction:
    """Read one article body; returns people, meetings and events."""
    lex = load()
    sents, _dateline = sentences(body or "")
    infos = analyse(sents, lex)
    people = build_people(infos, lex)
    home = dominant_country(infos)
    dates = resolve_dates(infos, published)

    records: list[PersonRecord] = []
    for pid, p in enumerate(people):
        roles: list[RoleRecord] = []
        seen: set[str] = set()
        country: str | None = None
        for role, si in p.roles:
            rc = _role_country(role)
            key = fold(role.title)
            if key not in seen:
                seen.add(key)
                roles.append(RoleRecord(role.title, rc, published, infos[si].text))
            if country is None and role.country:
                country = role.country
        if country is None:
            country = next((r.country for r in roles if r.country), None)
        if country is None:
            for info in infos:
                for m in info.mentions:
                    if m.person == pid and country is None:
                        country = _context_country(info, m.role, m.run.start)
        if country is None:
            country = home
        for r in roles:
            if r.country is None:
                r.country = country
        p.country = country
        records.append(PersonRecord(p.name, _aliases(p), country, roles, p.mentions))
    meetings = find_meetings(infos, people, dates, published, lex)
    events = find_events(infos, people, dates, published, lex)
    return Extraction(records, meetings, events)
