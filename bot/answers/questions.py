"""Plain questions mapped to the same queries as the commands.

who is X / what is X's role / whom does X serve -> X's card; who is (was, has been) COUNTRY's OFFICE
[in YEAR] -> the office's holders; whom did X meet / call [where | when]; when / where did X meet Y;
what did X and Y discuss; meetings between A and B; meetings in PLACE; phone calls of X -> /meetings with
every person, country, place, date and kind the question names; when did X do SOMETHING -> X's timeline
on that subject. Words that are not part of a name ("whom", "talks", "about") are never looked up.
"""

from __future__ import annotations

import re

from bot.answers import views, words
from bot.answers.filters import Filter, parse_filter
from bot.answers.meetings import meetings_for, store_filter
from bot.answers.name_index import NameIndex, get_index, get_ranked_index
from bot.answers.office import office_reply, parse_office
from bot.answers.reply import Reply
from bot.answers.timeline import timeline_for
from bot.answers.who import person_card, resolve
from bot.store import queries
from bot.store.db import Store
from bot.textnorm import fold

_I = re.IGNORECASE
_OFFICE = re.compile(
    r"^(?:who|which\s+\w+)\s+(?:is|was|are|were|has\s+been|have\s+been|had\s+been|has\s+served\s+as|"
    r"served\s+as|holds|held|is\s+now|is\s+currently)\s+(.+)$",
    _I,
)
_PERSON = [
    re.compile(r"^what\s+(?:is|was)\s+(.+?)['’]s?\s+(?:role|title|job|position|office)s?$", _I),
    re.compile(r"^(?:whom|who)\s+(?:does|did)\s+(.+?)\s+(?:serve|work\s+for|represent)$", _I),
    re.compile(r"^what\s+(?:does|did)\s+(.+?)\s+do$", _I),
]
_MEETING_START = re.compile(
    r"^(?:whom|who|when|where|what|with\s+whom|did|has|have|had|how\s+often|list|show)\b|"
    r"^(?:meetings?|talks|calls?|phone\s+calls?|telephone\s+calls?)\b",
    _I,
)
_MEETING_VERB = re.compile(
    r"\b(?:meet|met|meets|meeting|meetings|receive[sd]?|call(?:ed|s)?|phoned?|talk(?:ed|s)?|discuss(?:ed)?|"
    r"spoke|speak|see|seen|saw|visit(?:ed)?|host(?:ed)?|between|present(?:ed|s)?|accept(?:ed|s)?|"
    r"welcome[sd]?|credentials|hold|held|topics?|agenda|cover(?:ed)?)\b",
    _I,
)
# "what did A and B discuss", "what did A talk about with B", "on what topics did A and B agree"
_ASKS_TOPICS = re.compile(
    r"^(?:what|which|on\s+what|about\s+what)\b.*\b(?:discuss(?:ed|ing)?|talk(?:ed|s|ing)?|spoke|speak|topics?|"
    r"subjects?|agenda|agree(?:d)?|raise[ds]?|cover(?:ed)?)\b",
    _I,
)
_WHEN_WHERE = re.compile(r"^(?:when|where|on\s+what\s+(?:day|date)|in\s+which\s+(?:year|month))\b", _I)
# "after talking with Y": a clause about another meeting, not a filter of this one
_ASIDE = re.compile(r"\b(?:after|before|following|while)\s+\w+ing\b.*$", _I)


def _question(text: str) -> str:
    return text.strip().rstrip("?!. ").strip()


async def ask(store: Store, text: str, page: int) -> Reply | None:
    """The reply to a plain question of a known form, or None (the caller tries its other readings)."""
    q = _question(text)
    if not q:
        return None
    idx = await get_ranked_index(store)
    m = _OFFICE.match(q)
    if m:
        office = parse_office(idx, m.group(1))
        if office is not None:
            return await office_reply(store, idx, office, q[:200])  # plain text rebuilds it (paging)
    for pattern in _PERSON:
        pm = pattern.match(q)
        if pm:
            res = resolve(idx, pm.group(1))
            if res.person is not None:
                return await person_card(store, res.person, page)
    if not (_MEETING_START.match(q) and (_MEETING_VERB.search(q) or re.match(r"^(?:meetings?|talks|calls?|phone)",
                                                                               q, _I))):
        return None
    body = _ASIDE.sub("", q)
    parsed = await parse_filter(store, idx, body, "meetings", words_ok=True, best_guess=True)
    if isinstance(parsed, Reply):
        return parsed if parsed.buttons else None
    f = parsed
    subject = [w for w in f.words if fold(w) not in words.filler() and fold(w) not in words.topic_words()]
    if not (f.people or f.countries or f.places):
        # "when did the border commission meet in Oslo?": no one named, so the dated events saying it
        if _WHEN_WHERE.match(q) and subject:
            reply = await timeline_for(store, Filter(range=f.range, words=subject), page)
            if reply.ok:
                return reply
        return None
    f.words = []
    count = await queries.count_meetings(store, store_filter(f, idx.countries))
    when_thing = re.match(r"^when\s+", q, _I) and len(f.people) == 1 and not f.countries and subject
    if when_thing:
        t = Filter(people=list(f.people), range=f.range, words=subject)
        reply = await timeline_for(store, t, page)
        if reply.ok:
            return reply
    if count:
        return await meetings_for(store, f, page, topics=bool(_ASKS_TOPICS.match(q)))
    return await _relaxed(store, idx, f, page)


async def _relaxed(store: Store, idx: NameIndex, f: Filter, page: int) -> Reply:
    """Nothing fits every condition: drop the place, then the countries (keeping people and dates)."""
    tries: list[tuple[Filter, str]] = []
    if f.places:
        g = Filter(people=f.people, countries=f.countries, range=f.range, calls=f.calls)
        tries.append((g, f"No meeting in {' or '.join(f.place_labels)} was read; meetings anywhere:"))
    if f.people and f.countries:
        g = Filter(people=f.people, range=f.range, calls=f.calls)
        tries.append((g, "No meeting with all of these was read; meetings of the people named:"))
    for g, note in tries:
        g.alike = f.alike
        if await queries.count_meetings(store, store_filter(g, idx.countries)):
            return await meetings_for(store, g, page, note=note)
    if f.people:
        # no meeting was read: what the articles dated about the first person named
        t = Filter(people=f.people[:1], range=f.range)
        reply = await timeline_for(store, t, page, note="No meeting fitting that was read; dated events instead:")
        if reply.ok:
            return reply
    return await meetings_for(store, f, page)


async def not_understood(store: Store, text: str) -> Reply:
    """What forms work, with examples built from the store (its most named person, a country, a month)."""
    idx = await get_index(store)
    s = await queries.stats(store)
    name = next(iter(sorted(idx.people.values(), key=lambda p: p.id)), None)
    who = name.name.split()[-1] if name else "Smith"
    country = next(iter(sorted({c for forms in idx.countries.values() for c in forms})), "Russia")
    month = (s.last_date or "2018-01")[:7]
    lines = [
        "I did not understand that question. Questions of these forms work:",
        f"• who is {who}?   • whom did {who} meet?   • phone calls of {who}",
        f"• when did {who} meet …?   • what did {who} and … discuss?",
        f"• meetings between {country} and …   • who is {country}'s foreign minister?",
        f"• what happened in {month}?   • /search any words",
    ]
    return views.message("Not understood", *lines, command="/help", ok=False)
