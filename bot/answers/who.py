"""/who: a person's card, a choice between people a name fits, or people by number of mentions."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.answers import countries, fmt, search, views, words
from bot.answers.name_index import Match, NameIndex, get_index, get_ranked_index
from bot.answers.office import normal_title
from bot.answers.reply import Line, Page, Reply, Span
from bot.store import queries
from bot.store.db import Store
from bot.store.queries import MeetingFilter
from bot.store.records import PersonSummary, RoleRow
from bot.textnorm import fold

MATCH = 80.0  # a name scoring at least this names someone
CONFIDENT = 90.0  # plain text (no command) is taken as a name only from this score
CLOSE = 4.0  # people within this of the best score are equally likely
CARD_LIMIT = 40  # meetings or articles listed on a card; more are reached by /meetings or /search

_ID = re.compile(r"^#(\d{1,12})$")


@dataclass
class Resolution:
    """What a name query names: one person, several, or nobody (with the closest names)."""

    query: str
    person: PersonSummary | None = None
    choices: list[Match] = field(default_factory=list)
    closest: list[Match] = field(default_factory=list)
    score: float = 0.0

    @property
    def ambiguous(self) -> bool:
        return self.person is None and len(self.choices) > 1


def resolve(idx: NameIndex, text: str, threshold: float = MATCH) -> Resolution:
    query = " ".join(text.split())[:200]
    m = _ID.match(query)
    if m:
        person = idx.people.get(int(m.group(1)))
        return Resolution(query, person=person, score=100.0 if person else 0.0)
    matches = idx.lookup(query, limit=15)
    good = [x for x in matches if x.score >= threshold]
    if not good:
        return Resolution(query, closest=matches[:5])
    top = good[0].score
    near = [x for x in good if x.score >= top - CLOSE]
    if len(near) == 1:
        return Resolution(query, person=near[0].person, score=top)
    return Resolution(query, choices=near, score=top)


async def hydrate(store: Store, matches: list[Match]) -> list[Match]:
    """The matches with their people's mention counts (the index keeps none, to build fast)."""
    full = await queries.people_by_ids(store, [m.person.id for m in matches])
    out = [Match(full.get(m.person.id, m.person), m.score, m.spelling) for m in matches]
    return sorted(out, key=lambda m: (-m.score, -m.person.mentions, m.person.name, m.person.id))


def fill_id(action: str, person_id: int) -> str:
    """`action` with its first `{id}` replaced by the person's id.

    Plain text substitution, never str.format: the rest of an action may be the user's own words
    ("/timeline #{id}, {id.__class__}"), which must stay words, not a template.
    """
    head, mark, tail = action.partition("{id}")
    return head + str(person_id) + tail if mark else action


async def choose_reply(store: Store, res: Resolution, command: str, action: str, what: str = "people") -> Reply:
    """Several people fit: list them as buttons whose action is `action` with its first {id} filled in."""
    res.choices = await hydrate(store, res.choices)
    lines = [Line.of(f"“{fmt.clip(res.query, 60)}” fits several {what}; choose one:")]
    lines += [views.person_line(i + 1, m.person) for i, m in enumerate(res.choices)]
    pairs = [
        (
            m.person.name + (f" ({m.person.country})" if m.person.country else ""),
            fill_id(action, m.person.id),
        )
        for m in res.choices
    ]
    return views.message(
        f"Who do you mean by “{fmt.clip(res.query, 60)}”?",
        *lines,
        command=command,
        choices=views.buttons(pairs, limit=15),
    )


async def not_found_reply(store: Store, res: Resolution, command: str, action: str, idx: NameIndex) -> Reply:
    q = fmt.clip(res.query, 60)
    res.closest = await hydrate(store, res.closest)
    if not idx.people:
        return views.message(
            "No people yet",
            "The store holds no people yet: ingest some articles first.",
            command=command,
            ok=False,
        )
    if _ID.match(res.query):
        return views.message(
            f"No person {q}", f"There is no person {q}. Try /who to list people.", command=command, ok=False
        )
    lines: list[str | Line] = [f"I know no one called “{q}”."]
    if res.closest:
        lines.append("Closest names:")
        lines += [views.person_line(i + 1, m.person) for i, m in enumerate(res.closest)]
    else:
        lines.append("Try another spelling, or /who to list everyone by mentions.")
    pairs = [(m.person.name, fill_id(action, m.person.id)) for m in res.closest]
    return views.message(f"No one called “{q}”", *lines, command=command, ok=False, choices=views.buttons(pairs))


async def who(store: Store, arg: str, page: int = 0) -> Reply:
    if not arg.strip():
        return people_list(await get_ranked_index(store), page)
    idx = await get_index(store)
    res = resolve(idx, arg)
    command = f"/who {res.query}"
    if res.person is not None:
        if res.score < 99.0 and not _ID.match(res.query) and not await _names_every_word(store, res):
            # 'Lena Kovar' read as 'Kovar Petrenko' through one word: the articles may name someone else
            said = await mentioned(store, res.query, [res.person], command, forgive=False)
            if said is not None:
                return said
        return await person_card(store, res.person, page)
    if res.ambiguous:
        return await choose_reply(store, res, command, "/who #{id}")
    if idx.people and not _ID.match(res.query):
        said = await mentioned(store, res.query, [m.person for m in res.closest[:3]], command, forgive=True)
        if said is not None:
            return said
    return await not_found_reply(store, res, command, "/who #{id}", idx)


_NAME_WORD = re.compile(r"[\w'’]+")


def _name_words(text: str) -> list[str]:
    return [w for w in _NAME_WORD.findall(fold(text).replace("-", " ")) if len(w) >= 2]


async def _names_every_word(store: Store, res: Resolution) -> bool:
    """Whether every word of the query (titles and question words aside) is like a word of one of the
    person's names: false for a query that fits through one shared word only."""
    assert res.person is not None
    skip = words.section("not_a_name") | words.filler()
    spellings = [res.person.name, *await queries.person_aliases(store, res.person.id)]
    have = {w for s in spellings for w in _name_words(s)}
    for w in _name_words(res.query):
        if w in skip or w in have:
            continue
        if not any(fuzz.ratio(w, h) >= 80 or (len(w) >= 3 and h.startswith(w)) for h in have):
            return False
    return True


async def mentioned(
    store: Store, query: str, closest: list[PersonSummary], command: str, *, forgive: bool
) -> Reply | None:
    """A name no person was read with, as the articles mention it (wide snippets), with the closest
    people as buttons; None when no article holds it."""
    hits = await search.mentions(store, query, forgive=forgive)
    if not hits:
        return None
    q = fmt.clip(query, 60)
    lines: list[str | Line] = [f"I have not read “{q}” as one of the people I know; the articles mention it:"]
    for h in hits:
        lines.append(
            fmt.clip_line(
                Line([Span("• "), fmt.source_span(h.article, 100), Span(f" — {fmt.human_date(h.article.date)}")]),
                300,
            )
        )
        lines.append(search.snippet_line(h.snippet, 500))
    if closest:
        lines.append("Closest names:")
        lines += [views.person_line(i + 1, p) for i, p in enumerate(closest)]
    pairs = [(p.name, f"/who #{p.id}") for p in closest]
    # not a card (ok=False): a caller with another reading (“tell me about …” searches) takes that instead
    return views.message(f"“{q}” in the articles", *lines, command=command, ok=False, choices=views.buttons(pairs))


def people_list(idx: NameIndex, page: int) -> Reply:
    """Everyone, most mentioned first, 15 a page."""
    per = 15
    ids = idx.ranked
    if not ids:
        return views.message(
            "No people yet",
            "The store holds no people yet: ingest some articles first.",
            command="/who",
            ok=False,
        )
    total = max(1, -(-len(ids) // per))
    page = max(0, min(page, total - 1))
    chunk = ids[page * per : (page + 1) * per]
    lines = [views.person_line(page * per + i + 1, idx.people[pid]) for i, pid in enumerate(chunk)]
    pages = [Page() for _ in range(total)] if total > 1 else []
    reply = Reply(
        title=f"People by mentions ({len(ids)})",
        command="/who",
        page=page,
        buttons=views.buttons([(idx.people[pid].name, f"/who #{pid}") for pid in chunk], limit=15),
    )
    if total == 1:
        reply.pages = [Page(lines)]
        return reply
    if len(ids) <= fmt.FULL_LIMIT:
        pages = [
            Page(
                [
                    views.person_line(n * per + i + 1, idx.people[pid])
                    for i, pid in enumerate(ids[n * per : (n + 1) * per])
                ]
            )
            for n in range(total)
        ]
    else:
        pages[page] = Page(lines)
        reply.complete = False
    reply.pages = pages
    return reply


async def person_card(store: Store, person: PersonSummary, page: int = 0) -> Reply:
    """Name, state or organisation, every role in date order, meetings and articles."""
    pid = person.id
    person = (await queries.people_by_ids(store, [pid])).get(pid, person)
    aliases = [a for a in await queries.person_aliases(store, pid) if a != person.name]
    roles = await queries.person_roles(store, pid)
    mfilter = MeetingFilter(people=[pid])
    n_meetings = await queries.count_meetings(store, mfilter)
    # the newest CARD_LIMIT meetings, shown oldest first; /meetings #id has them all
    meetings = list(reversed(await queries.find_meetings(store, mfilter, 0, CARD_LIMIT)))
    articles = await queries.person_articles(store, pid, CARD_LIMIT)
    n_articles = max(person.articles, len(articles))

    country = person.country or next((r.country for r in reversed(roles) if r.country), None)
    head: list[Line] = [Line([Span("State or organisation: ", bold=True), Span(country or "not known")])]
    if aliases:
        head.append(fmt.clip_line(Line([Span("Also written: ", bold=True), Span(", ".join(aliases))]), 400))
    head.append(
        Line.of(
            f"Named {person.mentions} time{'s' if person.mentions != 1 else ''} in "
            f"{n_articles} article{'s' if n_articles != 1 else ''}."
        )
    )

    blocks: list[list[Line]] = []
    role_rows = same_roles(roles, country)
    for i, (r, sources) in enumerate(role_rows):
        block = [views.role_line(r)]
        block += [fmt.clip_line(Line([Span("   also: "), fmt.source_span(a.article)]), 300) for a in sources[1:4]]
        quote = views.evidence_line(r.evidence)
        if quote is not None:
            block.append(quote)
        if i == 0:
            block.insert(0, Line([Span(f"Roles ({len(role_rows)})", bold=True)]))
        blocks.append(block)
    if not role_rows:
        blocks.append([Line([Span("Roles", bold=True)]), Line.of("• no title given in the articles")])
    for i, m in enumerate(meetings):
        block = views.meeting_lines(m, exclude=pid)
        if i == 0:
            block.insert(0, Line([Span(f"Meetings ({n_meetings})", bold=True)]))
        blocks.append(block)
    if n_meetings > len(meetings):
        blocks.append([Line.of(f"… and {n_meetings - len(meetings)} earlier: /meetings #{pid}")])
    for i, (a, count) in enumerate(articles):
        block = [
            fmt.clip_line(
                Line(
                    [
                        Span("• "),
                        Span(fmt.human_date(a.date), bold=True),
                        Span(" — "),
                        fmt.source_span(a, 120),
                        Span(f" ({a.id}, named {count}×)"),
                    ]
                ),
                400,
            )
        ]
        if i == 0:
            block.insert(0, Line([Span(f"Articles ({n_articles})", bold=True)]))
        blocks.append(block)
    if n_articles > len(articles):
        more = f"/search {person.name}"
        blocks.append([Line.of(f"… and {n_articles - len(articles)} older ones: {more}")])

    pages = fmt.pack(blocks, head=head)
    # a button only where its answer is not empty
    actions = []
    if n_meetings:
        actions.append((f"Meetings of {person.name}", f"/meetings #{pid}"))
    if await queries.has_dated_events(store, pid):
        actions.append((f"Timeline of {person.name}", f"/timeline #{pid}"))
    return Reply(
        title=person.name,
        pages=pages,
        page=max(0, min(page, len(pages) - 1)),
        command=f"/who #{pid}",
        buttons=views.buttons(actions),
    )


def _role_key(r: RoleRow, country: str | None) -> tuple[frozenset[str], str]:
    """What a title says, whatever its wording: its words without the state it names (by name or
    demonym) and without 'of', 'the'; with the state it serves. 'Russian Foreign Minister' and
    'Foreign Minister, Russia' are one office."""
    return _title_key(r.title, r.country or country or "")


@functools.lru_cache(maxsize=8192)
def _title_key(title: str, serves: str) -> tuple[frozenset[str], str]:
    """`_role_key` of a title and the state it serves (a busy person's card holds the same few titles
    dozens of times: each is worked out once)."""
    skip = {"of", "the", "for", "and"}
    match = countries.lookup(serves, {}) if serves else None
    names = {fold(n) for n in ((match.label, *match.values) if match else (serves,)) if n}
    text = f" {normal_title(title)} "
    for n in sorted(names, key=len, reverse=True):
        text = text.replace(f" {n} ", " ")
    stems = {n[:5] for n in names if len(n) >= 5}
    kept = frozenset(w for w in text.split() if w not in skip and not (len(w) >= 5 and w[:5] in stems))
    return kept, fold(serves)


def same_roles(roles: list[RoleRow], country: str | None) -> list[tuple[RoleRow, list[RoleRow]]]:
    """Roles with equivalent titles shown once: the most complete wording (the longest), its date the
    earliest, every source kept (oldest first)."""
    groups: dict[tuple[frozenset[str], str], list[RoleRow]] = {}
    for r in roles:
        groups.setdefault(_role_key(r, country), []).append(r)
    out: list[tuple[RoleRow, list[RoleRow]]] = []
    for rows in groups.values():
        best = max(rows, key=lambda r: (len(r.title), bool(r.country)))
        first = min((r.date for r in rows if r.date), default=best.date)
        out.append((best.model_copy(update={"date": first}), rows))
    return sorted(out, key=lambda t: (t[0].date is None, t[0].date or ""))
