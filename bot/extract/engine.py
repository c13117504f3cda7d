"""The extraction entry point: an article body in, people, roles, meetings and events out.

Pure and fast: rules over the lexicons in bot/data, no model, no I/O after the first call.
"""

from __future__ import annotations

import re

from bot.dates import PartialDate
from bot.extract.analysis import analyse, dominant_country, resolve_dates
from bot.extract.clause_meetings import words
from bot.extract.dates import DateMention
from bot.extract.events import find_events
from bot.extract.lexicon import Lexicon, load
from bot.extract.meetings import find_meetings
from bot.extract.named_later import named_later
from bot.extract.names import is_initial
from bot.extract.people import PATRONYMIC, Person, SentenceInfo, build_people
from bot.extract.sentences import mend, sentences
from bot.extract.tagger import Tag, tag
from bot.extract.titles import Role
from bot.extract.tokens import tokenize
from bot.extract.types import EventRecord, Extraction, MeetingRecord, PersonRecord, RoleRecord
from bot.textnorm import fold, strip_accents


def _role_country(role: Role) -> str | None:
    if role.country:
        return role.country
    if role.org:
        return role.org
    return "United Nations" if role.is_un else None


def _context_country(info: SentenceInfo, role: Role | None, name_tok: int, lex: Lexicon) -> str | None:
    """A state named earlier in the same sentence, with no other person in between ("the Hungarian
    minister met with X" names the state of X's guest, not X's: it stops the search), or a capital that
    opens the sentence as its subject."""
    stop = role.start if role is not None else name_tok
    starts = [m.run.start for m in info.mentions if m.run.start < stop]
    lo = max(starts) if starts else 0
    for i in range(stop - 1, lo - 1, -1):
        t = info.tags[i]
        if t is not None and t.start == 0 and _capital_as_government(info, t, lex):
            return t.value  # "Oslo has asked Foreign Minister X to ...": the capital stands for its government
        if t is not None and t.kind in ("country", "demonym") and t.value:
            nxt = info.tokens[t.end] if t.end < len(info.tokens) else None
            if nxt is not None and (nxt.key in lex.title_heads or nxt.key in lex.title_words):
                k = t.end
                while k < stop and (info.tokens[k].key in lex.title_heads or info.tokens[k].key in lex.title_words):
                    k += 1
                if k < stop:
                    # "the Hungarian minister met with X", "The Ruritanian deputy minister handed X a letter":
                    # the state names another person, the subject acting on X
                    return None
            return t.value
    return None


_CLAUSE_BREAK = re.compile(r"\bwhile\b|\bwhereas\b|\bbut\b|;")


def _side_country(info: SentenceInfo, name_tok: int) -> str | None:
    """ "The Ruritanian side was led by X and Y, while Freedonia was represented by Z": a name listed after
    a side's "led by" serves the state named just before that side."""
    at = info.tokens[name_tok].start
    last = None
    for found in words().side.finditer(info.text, 0, at):
        last = found
    if last is None or _CLAUSE_BREAK.search(info.text, last.end(), at):
        return None
    for i, t in enumerate(info.tags):
        if t is None or t.start != i or t.kind not in ("country", "demonym") or not t.value:
            continue
        gap = info.text[info.tokens[t.end - 1].end : last.start()].split()
        if len(gap) <= 1 and all(w.lower() == "the" for w in gap):
            return t.value
    return None


def _capital_as_government(info: SentenceInfo, t: Tag, lex: Lexicon) -> bool:
    """Does a capital open the sentence as the subject of a verb ("Oslo has asked", "Oslo sent")?"""
    if t.kind != "place" or not t.value or t.end >= len(info.tokens):
        return False
    if lex.capitals.get(" ".join(x.key for x in info.tokens[t.start : t.end])) != t.value:
        return False
    nxt = info.tokens[t.end]
    return nxt.kind == "word" and nxt.text.islower() and (nxt.key in lex.verbs or nxt.key in ("has", "had", "have"))


def _scene_country(info: SentenceInfo, name_tok: int) -> str | None:
    """ "In Armenia, the Secretary General met with the Prime Minister, X, and the Foreign Minister, Y":
    a sentence that opens by setting the scene in a state speaks of that state's officials."""
    toks, tags = info.tokens, info.tags
    if len(toks) < 3 or toks[0].text != "In":
        return None
    tag = tags[1]
    if tag is None or tag.kind != "country" or tag.start != 1 or not tag.value:
        return None
    if tag.end >= len(toks) or toks[tag.end].text != ",":
        return None
    relative = any(toks[i].key in ("who", "which", "whose") and toks[i - 1].text == "," for i in range(3, name_tok))
    return None if relative else tag.value  # "..., who sent greetings to X": X is not of the scene's state


def _first_surname_form(p: Person, country: str | None, lex: Lexicon) -> str | None:
    """ "Ana García López" of a state whose people carry two surnames is also "Ana García" (bot/data/
    two_surnames.txt); None for anyone else, or a name that is not given name(s) and two plain surnames."""
    written = [w for w in p.words if not is_initial(w)]
    if country not in lex.two_surnames or len(written) < 3 or not all(w[:1].isupper() for w in written[-2:]):
        return None
    return " ".join(written[:-1])


def _aliases(p: Person) -> list[str]:
    out: list[str] = []

    def add(form: str) -> None:
        form = " ".join(form.split())
        if form and form != p.name and form not in out:
            out.append(form)

    for f in p.forms:
        add(f)
    words = p.words
    plain = [w for w in words if not is_initial(w)]
    add(" ".join(plain))
    if len(plain) > 1:
        short = p.surname
        # "von der Heide" is a surname; "Al Fahad" is a family (dynasty) name many people share,
        # so as an alias it would tie different people together: keep the bare last word for it
        add(short if short.split()[0].islower() or len(short.split()) == 1 else plain[-1])
    lowers = [i for i, w in enumerate(words) if w.islower() and i > 0]
    if lowers:
        i = lowers[0]
        j = i
        while j < len(words) - 1 and words[j].islower():
            j += 1
        patronymic = words[i].lower() in PATRONYMIC
        if not patronymic and len(words) - j >= 2:
            add(" ".join(words[j:]))  # "Costa Pereira" of "Rui da Costa Pereira"
        if not patronymic or len(words) - i == 2:
            add(" ".join(words[i:]))  # "de la Fuente", "bin Salman" (not "bin <father's full name>")
    if p.honorific and p.honorific.rstrip(".").replace(" ", "") not in ("Mr", "Mrs", "Ms", "Dr", "Prof", "H.E", "HE"):
        add(f"{p.honorific} {p.name}")
    if strip_accents(p.name) != p.name:
        add(strip_accents(p.name))
    return out


_MIXED_DATELINE = re.compile(r"^([A-Z][\w\- ]{1,30}),\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+(?:\d{4}\s*)?[-–—]")


def _dateline_place(dateline: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """ "NEW YORK –", "Astana, March 4, 2025 –": where the article was filed and in which state, if
    the lexicon knows the place."""
    if not dateline:
        return None, None
    toks = tokenize(dateline.title() if dateline.isupper() else dateline)
    for tg in tag(toks, lex):
        if tg is not None and tg.kind in ("place", "country"):
            text = " ".join(t.text.capitalize() if t.is_upper else t.text for t in toks[tg.start : tg.end])
            return text, tg.value or None
    return None, None


def _outlet_state(source: str | None, lex: Lexicon) -> str | None:
    """The state an outlet's name names first ("The Ruritania Herald", "Ruritanian Telegraph Agency", "Embassy
    of Ruritania in Freedonia"), or None (an international outlet)."""
    if not source:
        return None
    toks = tokenize(source)
    for t in tag(toks, lex):
        if t is None or t.kind not in ("country", "demonym", "place") or not t.value:
            continue
        if t.start > 0 and toks[t.start - 1].key in ("in", "to", "at"):
            continue  # "Embassy of Ruritania in Freedonia": where it is posted, not whose it is
        return t.value
    return None


def _place_line(infos: list[SentenceInfo], dates: list[list[DateMention]]) -> str:
    """A line near the top that is only a place, or a place and a date ("Nairobi", "Nairobi, April 3, 2020."),
    is the dateline, set on a line of its own."""
    for k, info in enumerate(infos[:3]):
        wordy = [i for i, t in enumerate(info.tokens) if t.kind != "punct"]
        tg = info.tags[wordy[0]] if wordy else None
        if tg is None or tg.kind not in ("place", "country") or not tg.value or tg.start != wordy[0]:
            continue
        after = info.tokens[tg.end - 1].end
        rest = info.text[after:].strip(" .,:-–—")
        if rest and (len(rest) > 40 or not any(d.start >= after and rest.startswith(d.text.strip()) for d in dates[k])):
            continue  # a place and then more than a date: a sentence, not a dateline
        return info.text[info.tokens[tg.start].start : info.tokens[tg.end - 1].end]
    return ""


def _drop_shared_aliases(records: list[PersonRecord]) -> None:
    """A short form two people of one article share ("Al Fahad" for a father and his son) names
    neither of them for sure: it is no alias of either."""
    owners: dict[str, int] = {}
    for r in records:
        for key in {fold(a) for a in r.aliases}:
            owners[key] = owners.get(key, 0) + 1
    for r in records:
        r.aliases = [a for a in r.aliases if owners[fold(a)] < 2]


MAX_EXTRACT_CHARS = 32_000  # per-article budget: eight times the longest article of any test set (4 KB)


def within_budget(body: str) -> tuple[str, bool]:
    """The part of `body` extraction reads, and whether it was cut: the first MAX_EXTRACT_CHARS characters,
    ending at the last paragraph, sentence or word break before the limit. Some rules compare each name with
    every other, so a megabyte of names would take minutes; no news article is this long."""
    if len(body) <= MAX_EXTRACT_CHARS:
        return body, False
    head = body[:MAX_EXTRACT_CHARS]
    for mark in ("\n\n", ". ", "\n", " "):
        cut = head.rfind(mark)
        if cut >= MAX_EXTRACT_CHARS // 2:
            return head[: cut + (1 if mark == ". " else 0)], True
    return head, True


def extract(
    body: str, published: PartialDate | None = None, title: str | None = None, source: str | None = None
) -> Extraction:
    """Read one article body (within the budget: see `within_budget`); returns people, meetings and events.
    `source` is the outlet's name ("The Daily Ruritanian"): a national outlet leaves its own officials unmarked."""
    body, _ = within_budget(body or "")
    lex = load()
    sents, dateline = sentences(mend(body or ""))
    infos = analyse(sents, lex)
    people = build_people(infos, lex)
    if not dateline and sents:
        mixed = _MIXED_DATELINE.match(sents[0].text)  # "Berlin, April 22, 2024 – ..." stays in the sentence
        dateline = mixed.group(1) if mixed else ""
    dates = resolve_dates(infos, published)
    dateline = dateline or _place_line(infos, dates)
    filed, filed_state = _dateline_place(dateline, lex)
    home = dominant_country(infos, filed_state)
    filed_key = " ".join(t.key for t in tokenize(filed or ""))
    if filed_state is not None and filed_state in (lex.capitals.get(filed_key), lex.country_by_key.get(filed_key)):
        home = filed_state  # filed from a capital (or "KUWAIT --"): its unmarked officials are that state's
    home = _outlet_state(source, lex) or home  # "The Ruritania Herald": its unmarked officials are Ruritania's

    records: list[PersonRecord] = []
    from_home: set[int] = set()  # people whose state is only the article's: a guess a meeting can correct
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
            country = next((r.country for r in roles if r.country), None) or p.origin
        if country is None:
            for info in infos:
                for m in info.mentions:
                    if m.person == pid and country is None:
                        country = (
                            _side_country(info, m.run.start)
                            or _scene_country(info, m.run.start)
                            or _context_country(info, m.role, m.run.start, lex)
                        )
        if country is None:
            country = home
            from_home.add(pid)
        for r in roles:
            if r.country is None:
                r.country = country
        p.country = country
        aliases = _aliases(p)
        short = _first_surname_form(p, country, lex)
        if short and short not in aliases:
            aliases.append(short)
        records.append(PersonRecord(p.name, aliases, country, roles, p.mentions))
    _drop_shared_aliases(records)
    meetings = find_meetings(infos, people, dates, published, lex, filed)
    later, called = named_later(infos, people, dates, published, meetings)
    meetings += later
    for pid, noun, said in called:  # "the new envoys are X, Y": X is an envoy when the text gives no other title
        rec = records[pid]
        if not rec.roles and noun in lex.title_heads:
            rec.roles.append(RoleRecord(noun, rec.country, published, said))
    _guest_or_host(records, from_home, meetings, home, infos)
    _host_of_the_place(records, meetings, lex)
    events = find_events(infos, people, dates, published, lex)
    _meeting_facts(events, meetings, published, infos)
    return Extraction(records, meetings, events)


def _meeting_facts(
    events: list[EventRecord], meetings: list[MeetingRecord], published: PartialDate | None, infos: list[SentenceInfo]
) -> None:
    """An event read from a meeting's sentence, or from a later sentence of the meeting's paragraph,
    with no date of its own (the article's date) takes the meeting's date; one read from the meeting's
    sentence names the meeting's people ("The Minister also received X": the minister too)."""
    where = {info.text: (info.para, info.index) for info in infos}
    starts: list[tuple[tuple[int, int], PartialDate]] = []  # (paragraph, sentence) where each dated meeting is read
    for m in meetings:
        first = next(((i.para, i.index) for i in infos if i.text in m.evidence), None)
        if first is not None and m.date is not None and m.date != published:
            starts.append((first, m.date))
    for ev in events:
        mt = next((m for m in meetings if ev.evidence and ev.evidence in m.evidence), None)
        if mt is None:
            at = where.get(ev.evidence)
            if at is None or ev.date is None or ev.date != published or ev.kind == "planned":
                continue
            for (para, idx), day in starts:
                if para == at[0] and idx < at[1]:
                    ev.date = day  # "The sides discussed ..." after "Earlier in the day, X met Y"
            continue
        if (ev.date is None or ev.date == published) and mt.date is not None:
            ev.date = mt.date
        if ev.kind == "meeting":
            ev.people += [n for n in mt.participants if n not in ev.people]


def _place_state(place: str, lex: Lexicon) -> str | None:
    """The one state a meeting's place lies in ("Helsinki" -> Finland), or None."""
    tags = tag(tokenize(place), lex)
    states = {t.value for t in tags if t is not None and t.kind in ("country", "place") and t.value}
    return states.pop() if len(states) == 1 else None


def _host_of_the_place(records: list[PersonRecord], meetings: list[MeetingRecord], lex: Lexicon) -> None:
    """A visitor meets a host: in a two-person meeting held in a state, where the other person is stated to
    serve another state, the one the text gives no state at all serves the state of the place."""
    index = {r.name: i for i, r in enumerate(records)}
    for m in meetings:
        ids = [index[n] for n in m.participants if n in index]
        if len(ids) != 2 or not m.place or m.kind == "call":
            continue
        state = _place_state(m.place, lex)
        if state is None:
            continue
        a, b = (records[i] for i in ids)
        for host, guest in ((a, b), (b, a)):
            if host.country is None and guest.country is not None and guest.country != state:
                host.country = state
                for r in host.roles:
                    if r.country is None:
                        r.country = state


def _guest_or_host(
    records: list[PersonRecord],
    from_home: set[int],
    meetings: list[MeetingRecord],
    home: str | None,
    infos: list[SentenceInfo],
) -> None:
    """A meeting is between states: someone given the article's state only by default, who meets an
    official who is stated to serve that very state, serves the article's other state (the one named
    most after it), when there is one."""
    if home is None or not from_home:
        return
    counts: dict[str, int] = {}
    for info in infos:
        seen: set[int] = set()
        for t in info.tags:
            if t is not None and id(t) not in seen and t.kind in ("country", "demonym") and t.value:
                seen.add(id(t))
                counts[t.value] = counts.get(t.value, 0) + 1
    others = sorted(((n, c) for c, n in counts.items() if c != home), reverse=True)
    if not others or others[0][0] < 2 or (len(others) > 1 and others[0][0] == others[1][0]):
        return
    other = others[0][1]
    index = {r.name: i for i, r in enumerate(records)}
    for m in meetings:
        ids = [index[n] for n in m.participants if n in index]
        if len(ids) != 2:
            continue  # a group meeting may well have several people of one state on a side
        stated_home = any(i not in from_home and records[i].country == home for i in ids)
        for i in ids:
            if i in from_home and stated_home:
                rec = records[i]
                rec.country = other
                for r in rec.roles:
                    if r.country == home:
                        r.country = other
                from_home.discard(i)
