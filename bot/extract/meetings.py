"""Meetings between named people, read from sentence shapes over a template of the sentence.

Each sentence is rewritten with its people as placeholders ("<0> met with <1> on Jan. 22"), with
titles that name one person of the article and pronouns ("He", "the latter") resolved, so a few
patterns cover "X met with Y", "X and Y discussed", "held talks with", "received", "At a meeting
with Y, ...", "a meeting of X with Y", "also took part in the meeting" and "his counterparts from
A, B and C". Articles about one person's round of meetings ("held a number of meetings") also
count each newly introduced official who then speaks as met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.dates import PartialDate
from bot.extract import clause_meetings, occasion, side_meetings
from bot.extract.dates import DateMention
from bot.extract.lexicon import Lexicon
from bot.extract.meeting_dates import (
    DATELINE_DATE,
    FUTURE_CLAUSE,
    PAST_VERB,
    WEEKDAY,
    after_publication,
    date_for,
    moves_story_on,
)
from bot.extract.people import Person, SentenceInfo
from bot.extract.refs import counterpart
from bot.extract.summary import summary
from bot.extract.template import (
    PLACEHOLDER,
    Template,
    build_template,
    gender,
    group_of,
    placeholder_texts,
    pronoun_subject,
)
from bot.extract.topics import FOLLOW_UP, TOPIC_TRIGGER, passive_topic, place_limit, place_of, topics_of
from bot.extract.types import MeetingRecord

_P = r"⟨\d+⟩"
# a list item followed by a speech verb is who reports the meeting ("with A, B said"), not one more party
_NOT_SPEAKER = rf"(?!{clause_meetings.SPEECH_AFTER})"
_GROUP = (
    rf"{_P}(?:\s*,\s*(?:with\s+)?(?:the\s+)?{_P}{_NOT_SPEAKER})*"
    rf"(?:,?\s+and\s+(?:with\s+)?(?:the\s+|his\s+|her\s+|their\s+)?{_P})?"
)
_ADV = (
    r"(?:\s+(?:also|then|later|today|yesterday|recently|has|have|had|was|were|jointly|separately|"
    r"briefly|reportedly|personally|first|on\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?|in\s+[A-Z][a-z]+|,))*"
)
_SVO = re.compile(
    rf"(?P<subj>{_GROUP})(?:,\s+(?:who|whose)\s[^,⟨;]{{0,80}},)?{_ADV}\s+(?:will\s+|is\s+to\s+|are\s+to\s+)?"
    rf"(?P<verb>met|meets|meet|held|holds|hold|had|"
    rf"discussed|discuss|"
    rf"received|receives|hosted|hosts|talked|spoke|conferred|negotiated|exchanged)\b(?P<rest>[^;]*)"
)
_HELD_OBJ = re.compile(
    r"^\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,3}?(?:talks|meeting|meetings|negotiations|consultations|"
    r"conversation|phone call|telephone call|call|(?:video|online|web|tele)[\s-]?conference|videoconference|"
    r"video call|video link)\b"
)
_WITH = re.compile(rf"\bwith\s+(?:the\s+|his\s+|her\s+)?(?P<obj>{_GROUP})")
_WITH_ANY = re.compile(r"\bwith\b")
_COUNTERPARTS = re.compile(
    r"\bwith\s+(?:his|her|their)\s+(?:\w+\s+)?counterparts\s+from\s+(?P<list>[^.;]+)"
    r"|\bwith\s+(?:his|her|their)\s+(?P<list2>(?:[A-Z][\w’'-]+(?:\s*,\s*|\s+and\s+)?){1,8})\s+counterparts\b"
)
_INTRO = re.compile(
    rf"^(?:At|During|In|In the course of|On the sidelines of|Following|After)\s+(?:a|the|his|her|their|"
    rf"this)?\s*(?:[\w-]+\s+){{0,3}}?(?:meeting|talks|conversation|negotiations|consultations|audience)"
    rf"\s+with\s+(?:the\s+)?(?P<obj>{_GROUP})"
)
_OF_WITH = re.compile(
    rf"\b(?:meeting|talks|conversation|negotiations)\s+(?:of|between)\s+(?:the\s+)?(?P<a>{_P})"
    rf"[^⟨.;]{{0,40}}?\s+(?:with|and)\s+(?:the\s+)?(?P<b>{_GROUP})"
)
_JOIN = re.compile(
    rf"(?P<subj>{_GROUP}),?\s+(?:also\s+)?(?:took part|participated|was present|were present|joined|"
    rf"attended)\s+(?:in\s+)?(?:the|this|that)\s+(?:meeting|talks|negotiations|discussion|conversation)"
    rf"\b(?!\s+of)"
)
_ATTENDED_BY = re.compile(
    rf"\b(?:meeting|talks|negotiations|consultations)\s+(?:was|were)\s+(?:also\s+)?attended\s+by\s+(?:the\s+)?"
    rf"(?P<subj>{_GROUP})"
)
_TOOK_PART = re.compile(
    rf"(?P<subj>{_GROUP})\s+(?:also\s+)?(?:took part|participated)\b[^;⟨]*?\b(?:meeting|talks|"
    rf"session|consultations)\s+(?:of|with|between)\s+(?:the\s+)?(?P<b>{_GROUP})"
)
_CONJ = re.compile(
    rf"(?P<subj>{_P})[^⟨;.]{{3,160}}?,?\s+and\s+(?:also\s+|then\s+|later\s+)?(?P<verb>met|held|had)\b"
    rf"(?P<rest>[^;]*)"
)
_POSS_MEET = re.compile(
    rf"(?P<subj>{_P})\s+(?:\w+\s+){{0,2}}?(?:his|her)\s+(?:[\w-]+\s+)?(?:meeting|talks|conversation)\s+"
    rf"with\s+(?:the\s+)?(?P<obj>{_GROUP})"
)
_PASSIVE = re.compile(rf"(?P<obj>{_GROUP})\s+was\s+(?:also\s+)?received\s+by\s+(?:the\s+)?(?P<subj>{_GROUP})")
_SERIES = re.compile(
    rf"(?P<subj>{_P})\s+(?:also\s+)?(?:held|had)\s+(?:a\s+number\s+of|a\s+series\s+of|several|"
    rf"numerous|a\s+few|a\s+range\s+of|bilateral)\s+(?:[\w-]+\s+)?(?:meetings|talks)"
)
# a meeting of two by its own account: others listed later as taking part were at another meeting
_ONE_ON_ONE = re.compile(r"\b(?:bilateral|one-on-one|tête-à-tête|tete-a-tete|face-to-face)\b", re.I)
_VISIT = re.compile(r"\bvisit(?:ed|s|ing)?\b")


@dataclass
class _Meeting:
    people: list[int]
    sent: int
    date: PartialDate | None
    evidence: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    place: str | None = None
    gist: str = ""  # the meeting's clause, the topic when nothing more specific is said
    own_date: bool = True  # False when the text gave no date and the article's date stands in
    kind: str = "meeting"  # or "call"


def _clause(rest: str) -> str:
    """The rest of a clause: up to a sentence end or an attribution (", reported ...", ", said ...")."""
    m = re.search(r"[.;]|,\s+(?:reported|said|says|according|the press service|the ministry|Kazinform)\b", rest)
    return rest[: m.start()] if m else rest


def find_meetings(
    infos: list[SentenceInfo],
    people: list[Person],
    dates: list[list[DateMention]],
    pub: PartialDate | None,
    lex: Lexicon,
    dateline_place: str | None = None,
) -> list[MeetingRecord]:
    """Every meeting between two or more named people in the article."""
    found: list[_Meeting] = []
    prev_subject = -1
    last_mentioned = -1
    host = -1  # whose round of meetings the article reports
    first_subject = -1
    series = False
    seen: set[int] = set()
    recent: list[int] = []  # sentence subjects so far, for "the Kazakh diplomat"
    article_place = (place_of(infos[0], place_limit(infos[0].text)) if infos else None) or dateline_place
    read: list[tuple[Template, int]] = []  # per sentence: its template and how many meetings it gave
    countries = [p.country for p in people]

    # the day the story is at: a dateline's day, or the day of the last meeting the text dated; an undated
    # meeting later in the story ("He then held talks with X") took place that day, not on publication
    story: list[PartialDate | None] = [None]
    marked: dict[str, tuple[int, int]] = {}  # "she"/"he" -> (person, sentence) of the last Ms/Mr mention
    for info in infos:
        near = {k: pid for k, (pid, at) in marked.items() if at >= info.index - 1}
        subject_for = pronoun_subject(prev_subject, near, people)
        t = build_template(info, people, lex, subject_for, last_mentioned, recent, host if host >= 0 else first_subject)
        for mn in info.mentions:
            g = gender(mn.run.honorific)
            if g and mn.person >= 0:
                marked[g] = (mn.person, info.index)
        sent_dates = dates[info.index]
        new_here = [m.person for m in info.mentions if m.person not in seen]
        made = len(found)

        def add(
            group: list[int],
            pos: int,
            lo: int,
            hi: int,
            t: Template = t,
            info: SentenceInfo = info,
            sent_dates: list[DateMention] = sent_dates,
            kind: str | None = None,
        ) -> None:
            group = [p for i, p in enumerate(group) if p >= 0 and p not in group[:i]]
            if len(group) < 2:
                return
            if kind is None:
                end = re.search(r"[.;]", t.text[hi:])
                kind = "call" if clause_meetings.is_call(t.text[lo : hi + end.start() if end else None]) else "meeting"
            verb = re.match(r"\w+", t.text[pos:])
            past = bool(verb and PAST_VERB.match(verb.group()))
            own = date_for(sent_dates, t.orig(pos), t.orig(lo), t.orig(hi), info, pub, past)
            if own is not None and info.index == 0 and DATELINE_DATE.match(info.text):
                own = None  # "Astana, March 4, 2025 – ...": the filing date, not the meeting's
            found.append(
                _Meeting(
                    group,
                    info.index,
                    own or story[0] or pub,
                    [info.text],
                    topics_of(info, t.text, placeholder_texts(t, info.text)),
                    None if kind == "call" else place_of(info, place_limit(info.text)) or article_place,
                    summary(info, people, None, t.orig(pos), t.subject),
                    own_date=own is not None,
                    kind=kind,
                )
            )

        tx = t.text
        m = _INTRO.match(tx)
        if m:
            obj = group_of(t, m.group("obj"))
            lead = t.subject if t.subject >= 0 and t.subject not in obj else (host if host >= 0 else first_subject)
            add([lead, *obj], m.start(), 0, m.end())
        intro = _INTRO.match(tx)
        for m in _SVO.finditer(tx):
            if intro is not None and m.start() < intro.end():
                continue
            subj = group_of(t, m.group("subj"))
            verb, rest = m.group("verb"), _clause(m.group("rest"))
            objs: list[list[int]] = []
            if verb in ("held", "holds", "hold", "had") and not _HELD_OBJ.match(rest):
                continue
            if verb.startswith("met") or verb == "meet" or verb == "meets":
                w = re.match(rf"^\s+(?:\w+\s+)?(?:with\s+)?(?:the\s+|his\s+|her\s+)?(?P<obj>{_GROUP})", rest)
                cp = _COUNTERPARTS.search(rest)
                if cp:
                    objs = _counterparts((cp.group("list") or cp.group("list2")), t, subj, people, lex)
                elif w and re.search(r"\bwith\s", w.group("obj")):
                    objs = [[o] for o in group_of(t, w.group("obj"))]  # "met with X, and with Y": one each
                elif w:
                    objs = [group_of(t, w.group("obj"))]
                elif len(subj) >= 2 and not _WITH_ANY.search(rest):
                    objs = [[]]
            elif verb.startswith("rec") or verb.startswith("host"):
                w = re.match(rf"^\s+(?:[^⟨,.;]{{0,40}}?\s)?(?:the\s+)?(?P<obj>{_GROUP})", rest)
                if w and not re.search(r"\bfrom\b", rest[: w.start("obj")]):  # "received a letter from X"
                    objs = [group_of(t, w.group("obj"))]
            else:
                phone = len(subj) >= 2 and re.match(r"^\s+(?:by\s+(?:tele)?phone|over the phone)\b", rest)
                if verb == "spoke" and not phone and not re.match(r"^\s+(?:by\s+(?:tele)?phone\s+)?with\b", rest):
                    continue  # "X spoke at the forum"; but "X and Y spoke by phone" is a call
                w2 = _WITH.search(rest)
                cp = _COUNTERPARTS.search(rest)
                if cp:
                    objs = _counterparts((cp.group("list") or cp.group("list2")), t, subj, people, lex)
                elif w2:
                    objs = [group_of(t, w2.group("obj"))]
                elif len(subj) >= 2 and not _WITH_ANY.search(rest):
                    objs = [[]]
            pairwise = len(objs) > 1
            for obj in objs:
                if not obj and len(subj) < 2:
                    continue
                clause_text = tx[m.start() : m.start("verb") + len(rest)]
                if pairwise or len(obj) <= 1 or clause_meetings.together(clause_text):
                    groups = [[*subj, *obj]]
                elif _list_role(info, people, obj):
                    groups = [[*subj, o] for o in obj]
                else:
                    groups = clause_meetings.split(subj, obj, clause_text, countries)
                for group in groups:
                    add(group, m.start("verb"), m.start(), m.start("verb") + len(rest))
        cm = _CONJ.search(tx)
        if cm and len(found) == made and group_of(t, cm.group("subj")) == [t.subject]:
            rest = _clause(cm.group("rest"))
            w = re.match(rf"^\s+(?:with\s+)?(?:the\s+|his\s+|her\s+)?(?P<obj>{_GROUP})", rest)
            if cm.group("verb") != "met":
                w = re.match(
                    rf"^(?:\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){{0,3}}?(?:talks|meeting|meetings|"
                    rf"negotiations|consultations|conversation))\s+with\s+(?:the\s+)?(?P<obj>{_GROUP})",
                    rest,
                )
            if w:
                add(
                    [t.subject, *group_of(t, w.group("obj"))],
                    cm.start("verb"),
                    cm.start("verb"),
                    cm.start("verb") + len(rest),
                )
        for m in _POSS_MEET.finditer(tx):
            add([*group_of(t, m.group("subj")), *group_of(t, m.group("obj"))], m.start(), m.start(), m.end())
        for m in _OF_WITH.finditer(tx):
            add([*group_of(t, m.group("a")), *group_of(t, m.group("b"))], m.start(), m.start(), m.end())
        for m in _PASSIVE.finditer(tx):
            add([*group_of(t, m.group("subj")), *group_of(t, m.group("obj"))], m.start(), m.start(), m.end())
        for m in _TOOK_PART.finditer(tx):
            add([*group_of(t, m.group("subj")), *group_of(t, m.group("b"))], m.start(), m.start(), m.end())
        fallback = next((p for p in (t.subject, prev_subject, host, first_subject) if p >= 0), -1)
        here = [set(f.people) for f in found[made:]]
        for cm_ in clause_meetings.read(tx, t.slots, fallback, countries):
            if cm_.borrowed and here:
                continue  # the sentence's own reading already named who met
            if not any(set(cm_.people) <= h or h <= set(cm_.people) for h in here):
                add(cm_.people, cm_.pos, cm_.lo, cm_.hi, kind=cm_.kind)
        jm = _JOIN.search(tx) or _ATTENDED_BY.search(tx)
        came = clause_meetings.attendees(tx) if len(found) == made else None
        if jm and len(found) == made and found and found[-1].sent >= info.index - 3:
            for pid in group_of(t, jm.group("subj")):
                if pid not in found[-1].people:
                    found[-1].people.append(pid)
            found[-1].evidence.append(info.text)
        elif came is not None:
            listed = [t.slots[n] for n in came[0]]
            last = found[-1] if found else None
            if (
                last is not None
                and last.sent >= info.index - 8
                and all(r[1] == 0 for r in read[last.sent + 1 :])
                and not (_ONE_ON_ONE.search(last.evidence[0]) and not set(listed) <= set(last.people))
            ):
                # "... were also present during the meeting": they join the meeting last reported
                last.people += [p for p in listed if p not in last.people]
                last.evidence.append(info.text)
            elif len(listed) >= 2:
                # "It was attended by A, B and C": one meeting of all, with whoever led the sentence before
                event_before = bool(read) and clause_meetings.names_an_event(infos[info.index - 1].text)
                lead = read[-1][0].subject if event_before else -1
                add([*([lead] if lead >= 0 else []), *listed], came[1], came[1], len(tx))
        sides = side_meetings.members(info)
        if len(sides) >= 2 and len(found) == made:  # "The X side was led by A, while Y was represented by B"
            add([p for side in sides for p in side], 0, 0, len(tx))
        sm = _SERIES.search(tx)
        if sm:
            host = group_of(t, sm.group("subj"))[0]
            series = True
        elif (
            t.subject >= 0
            and (re.search(r"\b(?:met|held talks|visit)", tx) or first_subject < 0)
            and (host < 0 or not series)
        ):
            host = t.subject
        if (
            series
            and len(found) == made
            and host >= 0
            and t.subject >= 0
            and t.subject != host
            and t.subject in new_here
            and _para_start(infos, info)
            and '"' not in tx[:5]
        ):
            p = people[t.subject]
            if p.roles and p.country != people[host].country:
                add([host, t.subject], 0, 0, len(tx))
        if first_subject < 0 and t.subject >= 0:
            first_subject = t.subject
        if t.subject >= 0:
            prev_subject = t.subject
            recent.append(t.subject)
        if t.slots:
            last_mentioned = t.slots[-1]
        seen.update(m.person for m in info.mentions)
        read.append((t, len(found) - made))
        dated = [f.date for f in found[made:] if f.own_date and f.date is not None and f.date.day is not None]
        days = [
            d.date
            for d in sent_dates
            if d.date.day is not None
            and (not d.relative or WEEKDAY.search(d.text) is not None)  # "on Thursday": the week's day
            and not after_publication(d.date, pub)
            and not FUTURE_CLAUSE.search(info.text[max(0, d.start - 60) : d.start])
        ]
        if dated:
            story[0] = dated[-1]
        elif days and clause_meetings.names_a_meeting(tx):
            # "X met numerous diplomats on June 19", "On May 2 the capital hosted a meeting of the council":
            # the day the story is at
            story[0] = days[0]
        elif days and info.mentions and clause_meetings.words().arrival.search(tx) and moves_story_on(
            days[0], story[0], pub
        ):
            story[0] = days[0]  # "X arrived in Y on Wednesday, 29 January": the visit's story is at that day
        elif len(info.text) < 40 and any(d.date.day is not None for d in sent_dates) and not info.mentions:
            story[0] = next(d.date for d in sent_dates if d.date.day is not None)  # "New Delhi, July 14"
    _follow_ups(found, infos, dates, read)
    _carry_dates(found, infos, pub)
    _link_topics(found, infos, read)
    return _merge(found, people, infos)


_DATE_CLAUSE = re.compile(r"(?:took place|was held|were held|held|happened)\s+(?:on\s+)?$")


def _follow_ups(
    found: list[_Meeting],
    infos: list[SentenceInfo],
    dates: list[list[DateMention]],
    read: list[tuple[Template, int]],
) -> None:
    """Sentences right after a meeting that speak of it ("The sides discussed ...", "During the talks
    held on March 3, ...", "Y informed the President about ..."): its topics, and its date when the
    meeting sentence gave none."""
    for fm in found:
        for k in range(fm.sent + 1, min(fm.sent + 4, len(infos))):
            nxt = infos[k]
            t, made = read[k]
            if made:
                break  # another meeting: what follows is about that one
            follow = FOLLOW_UP.search(nxt.text)
            subj = t.subject
            only_parties = bool(t.slots) and all(p in fm.people for p in t.slots)
            # "The minister congratulated Y on ...": an unresolved subject among the parties alone
            by_party = (subj in fm.people or subj < 0) and only_parties
            if subj >= 0 and subj in fm.people and not by_party:
                # "Y briefed the guest on the programme announced by President Z": Z is in the topic
                trig = TOPIC_TRIGGER.search(t.text)
                outside = [n for n, p in enumerate(t.slots) if p not in fm.people]
                by_party = trig is not None and all(t.text.find(f"⟨{n}⟩") > trig.start() for n in outside)
            # "Attention was also paid to ...": no one named, what was discussed said in the passive
            unnamed = not t.slots and passive_topic(t.text)
            if follow or by_party or unnamed:
                new = topics_of(nxt, t.text, placeholder_texts(t, nxt.text), follow=bool(follow))
                if follow:  # "The meetings were held on the sidelines of ...": the occasion
                    new += occasion.occasions(nxt.text)
                fm.topics += [tp for tp in new if tp not in fm.topics]
                if follow and not fm.own_date:
                    for d in dates[k]:
                        if d.date.day is not None and (d.start < 45 or _DATE_CLAUSE.search(nxt.text[: d.start])):
                            fm.date, fm.own_date = d.date, True
                            break
                continue
            if any(m.person not in fm.people for m in nxt.mentions):
                break  # but a sentence about the parties alone (a quote, a greeting) keeps the meeting going


def _carry_dates(found: list[_Meeting], infos: list[SentenceInfo], pub: PartialDate | None) -> None:
    """ "X was also received by Y" right after a dated meeting of the same visit: that meeting's day,
    not the publication date (and a date at all when the article has none)."""
    for k, fm in enumerate(found):
        if fm.own_date or k == 0:
            continue
        prev = found[k - 1]
        if not prev.own_date or prev.date is None or not 0 < fm.sent - prev.sent <= 2:
            continue
        if _ALSO_RECEIVED.search(infos[fm.sent].text) or pub is None:
            fm.date, fm.own_date = prev.date, True


# the guest's further calls on the same trip: "X was also received by Y"
_ALSO_RECEIVED = re.compile(r"\b(?:was|were)\s+(?:also|then|later|subsequently)\s+received\s+by\b")


_THEIR_TALKS = re.compile(
    r"\b(?:In|During|At)\s+(?:their|the)\s+(?:talks|meetings?|conversations?|discussions?)\b", re.I
)


def _link_topics(found: list[_Meeting], infos: list[SentenceInfo], read: list[tuple[Template, int]]) -> None:
    """ "X and Y focused on ...", "With Y, the minister discussed ...": a later sentence naming only
    people of one earlier meeting and saying what was discussed adds to that meeting's topics."""
    for k, (t, made) in enumerate(read):
        if made or not t.slots:
            continue
        who = set(t.slots)
        reach = len(infos) if _THEIR_TALKS.search(t.text) else 8  # "In their talks, X and Y ...": any distance
        cands = [fm for fm in found if fm.sent < k <= fm.sent + reach and who <= set(fm.people)]
        if len({frozenset(fm.people) for fm in cands}) != 1:
            continue
        if len(who) < 2 and len(cands[-1].people) > 2:
            continue
        fm = cands[-1]
        said = topics_of(infos[k], t.text, placeholder_texts(t, infos[k].text))
        fm.topics += [tp for tp in said if tp not in fm.topics]


def _quoted(text: str) -> bool:
    """A sentence that opens with a quotation."""
    return text[:1] in "\"“«'"


def _para_start(infos: list[SentenceInfo], info: SentenceInfo) -> bool:
    return info.index == 0 or infos[info.index - 1].para != info.para


def _list_role(info: SentenceInfo, people: list[Person], obj: list[int]) -> bool:
    """Were these people listed under one plural title ("the foreign ministers of A X, B Y")?"""
    return any(m.person in obj and m.role is not None and m.role.shared for m in info.mentions)


def _counterparts(listing: str, t: Template, subj: list[int], people: list[Person], lex: Lexicon) -> list[list[int]]:
    """ "his counterparts from Kuwait, Kyrgyzstan and the UN Secretary-General": one meeting each."""
    out: list[list[int]] = []
    for n in PLACEHOLDER.findall(listing):
        out.append([t.slots[int(n)]])
    text = PLACEHOLDER.sub(" ", listing)
    from bot.extract.tagger import tag
    from bot.extract.tokens import tokenize

    toks = tokenize(text)
    seen: set[int] = set()
    for tg in tag(toks, lex):
        if tg is None or id(tg) in seen or tg.kind not in ("country", "demonym"):
            continue
        seen.add(id(tg))
        pid = counterpart(tg.value, subj[0] if subj else -1, people, lex)
        if pid >= 0:
            out.append([pid])
    return out


_GIST_LEAD = re.compile(
    r"^(?:on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|on\s+\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+\d{4})?|"
    r"(?:on|in|at)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*|on\s+\w+\s+\d{1,2}|[,;:.]|and|also|"
    r"to\s+(?:discuss|talk about|review|consider)|where|at which|during which)\s*",
)


_WHEN_MET = re.compile(
    r",?\s+(?:when|where|as|during which)\s+(?:he|she|they|it)\s+(?:also\s+)?(?:met|held|had|received)\b"
)


def literal_ends(form: str, text: str) -> list[int]:
    """Where each match of `re.finditer(re.escape(form), text)` ends, without a pattern per name (see
    occasion.blank_word)."""
    if not form:
        return list(range(len(text) + 1))
    out: list[int] = []
    i = text.find(form)
    while i >= 0:
        out.append(i + len(form))
        i = text.find(form, i + len(form))
    return out


def _gist_rest(gist: str, parties: list[Person]) -> str:
    """What the meeting's own sentence says beyond "X met with Y" ("on the sidelines of the summit",
    "at which the two secretariats agreed to sign a memorandum"); empty when it says nothing more,
    so a topic is never the sentence itself."""
    ends = [e for p in parties for form in {p.surname, p.name} for e in literal_ends(form, gist)]
    if not ends:
        return ""
    sub = _WHEN_MET.search(gist)
    if sub:  # "Y first visited Kazakhstan in June, when she met with X": the main clause says it
        head = gist[: sub.start()]
        starts = [e for p in parties for form in {p.surname, p.name} for e in literal_ends(form, head)]
        head = head[min(starts) :] if starts and min(starts) < 40 else head
        head = head.strip(' ,.;:"“”«»')
        if len(head.split()) >= 4:
            return head
    rest = gist[max(ends) :]
    while True:
        new = _GIST_LEAD.sub("", rest.strip(), count=1)
        if new == rest.strip():
            break
        rest = new
    rest = rest.strip(' ,.;:"“”«»')
    return rest if len(rest.split()) >= 3 else ""


def _merge(found: list[_Meeting], people: list[Person], infos: list[SentenceInfo]) -> list[MeetingRecord]:
    merged: list[_Meeting] = []
    for m in found:
        same = next(
            (
                x
                for x in merged
                # a later mention of the pair with no date of its own ("In talks with X, ...") is the
                # meeting already reported; a later one with its own date is another meeting
                if set(x.people) == set(m.people) and (x.date == m.date or (x.own_date and not m.own_date))
            ),
            None,
        )
        if same is None:
            merged.append(m)
            continue
        for e in m.evidence:
            if e not in same.evidence and len(same.evidence) < 3:  # enough to show where it was read
                same.evidence.append(e)
        same.topics += [tp for tp in m.topics if tp not in same.topics]
        same.place = same.place or m.place
        if m.kind == "call":
            same.kind, same.place = "call", None
    # the article's lead: its first sentences of prose, not a dateline, a menu or the title printed again
    prose = [info for info in infos if len(info.text.split()) >= 8][:3]
    lead = [o for info in prose for o in occasion.occasions(info.text)]
    for m in merged:
        parties = [people[p].name for p in m.people]
        # a topic is never only names: the parties', or other people's of the article ("X and Y")
        named = parties + [p.name for p in people]
        m.topics = [occasion.tidy(tp) for tp in m.topics if occasion.clean(occasion.tidy(tp), named)]
        if not m.topics and m.gist:
            rest = _gist_rest(m.gist, [people[p] for p in m.people])
            m.topics = [rest] if rest and occasion.clean(rest, named) else []
        said = m.evidence[0] if m.evidence else ""
        extra = occasion.kind_phrases(said) + (occasion.occasions(said) or lead[:1])
        m.topics += [tp for tp in extra if tp.lower() not in " ".join(m.topics).lower()]
    return [
        MeetingRecord(
            [people[p].name for p in m.people], m.date, m.place, m.topics[:6], " ".join(m.evidence), kind=m.kind
        )
        for m in merged
    ]
