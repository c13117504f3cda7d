"""Meetings read from a clause's structure rather than from one fixed wording.

A clause reports a meeting when it has a meeting word (a verb such as "met", "received", "conversed",
"held talks", "presented credentials", or a noun such as "a phone call ... with", "talks between"). Its
parties are the people on either side of that word: the group of people that ends nearest before it (the
clause's subject; when the clause has none, the person the passage is about), and the list of people that
starts after it (its object: "met with his colleague from Norland X", "with A, B and C"). A list is read by
its structure: people joined by commas, "and" or semicolons with nothing between them that starts a new
clause. A list of counterparts is one meeting each when the text says so ("separately", "respectively",
"meetings"), or when they serve different states and nothing says they met together ("trilateral",
"jointly"); otherwise it is one meeting of all of them.

The words themselves are data (bot/data/meeting_words.tsv); this module is only the mechanism.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

_SLOT = re.compile(r"⟨(\d+)⟩")
# what ends a list or a subject's reach: a new clause, a quotation, a relative clause, an attribution
_BREAK = re.compile(
    r"[.:!?\"“”«»]|;(?!\s*(?:and\s+)?⟨)|\b(?:said|says|told|added|noted|stressed|who|whom|which|whose|where|when|while|after|before|"
    r"because|although|though|but|if|whether|however|according|reported|tweeted|wrote|announced|that)\b"
)
_LIST_JOIN = re.compile(r",|;|\band\b|&|\bas well as\b|\balong with\b|[—–]")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|to|plans?|planned|planning|expected|scheduled|due|intends?|hopes?|wants?|"
    r"wish(?:es)?|may|might|could|can|not|never|refused|declined|cancel(?:l?ed)?|set)\s+(?:\w+\s+){0,2}$"
)
# a name followed by one of these reports what the sentence says ("..., A said"): the reporter, not a party
SPEECH_AFTER = r"\s+(?:also\s+)?(?:said|says|told|noted|added|stated|wrote|tweeted)\b"
_SPEAKER_AFTER = re.compile("^" + SPEECH_AFTER)
_POSSESSIVE_AFTER = re.compile(r"^(?:['’]s?)\b|^['’]")
_SPEAKER_BEFORE = re.compile(
    r"[\"”’'],?\s*(?:\w+\s+){0,2}(?:said|says|tweeted|wrote|told|added|noted)\s+(?:\w+\s+){0,3}$"
)
# a verb whose object is someone: without a named one, the clause names no meeting of its subjects
_TRANSITIVE = re.compile(r"(?i)^(?:rec|host|welc|pres|hand|acc|paid|pays|called)")
_PRONOUN_GROUP = re.compile(r"\b(?:they|the two|both|the sides|the two sides|the parties|the ministers)\b", re.I)


@dataclass(frozen=True)
class _Words:
    verb: re.Pattern[str]
    noun: re.Pattern[str]
    call: re.Pattern[str]
    together: re.Pattern[str]
    apart: re.Pattern[str]
    attend: re.Pattern[str]
    attend_before: re.Pattern[str]
    event: re.Pattern[str]
    occasion: re.Pattern[str]
    occasion_head: re.Pattern[str]
    kind_phrase: re.Pattern[str]
    travel: re.Pattern[str]
    arrival: re.Pattern[str]
    side: re.Pattern[str]
    group: re.Pattern[str]
    listing: re.Pattern[str]


@cache
def words() -> _Words:
    text = resources.files("bot").joinpath("data", "meeting_words.tsv").read_text(encoding="utf-8")
    forms: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, form = line.partition("\t")
        forms.setdefault(kind.strip(), []).append(form.strip())

    def rx(kind: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(f"(?:{f})" for f in forms[kind]) + r")\b", re.I)

    return _Words(
        rx("verb"),
        rx("noun"),
        rx("call"),
        rx("together"),
        rx("apart"),
        rx("attend"),
        rx("attend_before"),
        rx("event"),
        rx("occasion"),
        rx("occasion_head"),
        rx("kind_phrase"),
        re.compile(r"\b(?:" + "|".join(forms["travel"]) + r")to\s+$", re.I),
        rx("arrival"),
        rx("side"),
        rx("group"),
        rx("listing"),
    )


@dataclass
class ClauseMeeting:
    """People who met, and where in the template the clause that says so lies."""

    people: list[int]
    pos: int  # the meeting word
    lo: int
    hi: int
    kind: str  # "meeting" or "call"
    borrowed: bool = False  # its subject is the passage's, not named in the sentence


def is_call(text: str) -> bool:
    """Does this clause speak of a phone or video call (not a courtesy call, not "called on")?"""
    for m in words().call.finditer(text):
        word = m.group().lower()
        if word == "call" and re.search(r"courtesy\s+$", text[: m.start()], re.I):
            continue
        return True
    return False


def _slots(tx: str) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), int(m.group(1))) for m in _SLOT.finditer(tx)]


_ASIDE = re.compile(r",\s*(?:which|who|whom)\b[^,;.]{0,60},")


def _aside(m: re.Match[str]) -> str:
    # ", who sent greetings to the leader of X, [Name]": the clause's object stands in apposition after it, so
    # it is no aside but a clause of its own
    return m.group() if _OBJECT_END.search(m.group()) else ","


_OBJECT_END = re.compile(r"\b(?:to|with|from|for)\s+(?:the|his|her|their)\s+[^,]{0,40},$")


def _gap_ok(gap: str) -> bool:
    """Nothing in this stretch starts a new clause (an aside such as ", which he called useful," is skipped)."""
    gap = re.sub(r";\s*(?:and\s+)?$", ",", _ASIDE.sub(_aside, gap))  # "X, minister of A; Y": a list
    return _BREAK.search(gap) is None


def _list_from(tx: str, slots: list[tuple[int, int, int]], k: int, hi: int) -> tuple[list[int], int]:
    """The list of people that starts at slot k: slots joined by list separators. Returns slot numbers
    and the end of the list."""
    out = [slots[k][2]]
    end = slots[k][1]
    j = k + 1
    while j < len(slots) and slots[j][0] < hi:
        gap = tx[end : slots[j][0]]
        if len(gap) > 90 or not _LIST_JOIN.search(gap) or not _gap_ok(gap) or words().verb.search(gap):
            break
        if _POSSESSIVE_AFTER.match(tx[slots[j][1] :]) or _SPEAKER_AFTER.match(tx[slots[j][1] :]):
            break  # "... with A, B said on Tuesday": B reports the meeting, B is not in the list
        out.append(slots[j][2])
        end = slots[j][1]
        j += 1
    return out, end


def _list_before(tx: str, slots: list[tuple[int, int, int]], k: int, lo: int) -> list[int]:
    """The list of people that ends at slot k, read backwards."""
    out = [slots[k][2]]
    start = slots[k][0]
    j = k - 1
    while j >= 0 and slots[j][1] >= lo:
        gap = tx[slots[j][1] : start]
        if len(gap) > 90 or not _LIST_JOIN.search(gap) or not _gap_ok(gap) or words().verb.search(gap):
            break
        out.insert(0, slots[j][2])
        start = slots[j][0]
        j -= 1
    return out


def _clauses(tx: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    # a semicolon between two people ("X, the minister of A; Y, ...") joins a list, not two clauses
    for m in re.finditer(r"(?<!⟩);|;(?!\s*(?:and\s+)?⟨)|\.\s+(?=[A-Z⟨])|\.$", tx):
        out.append((start, m.start()))
        start = m.end()
    if start < len(tx):
        out.append((start, len(tx)))
    return out


def _speaker(tx: str, slots: list[tuple[int, int, int]]) -> int | None:
    """ "..., tweeted X after the meeting": the slot named as the one speaking after a quotation."""
    for s, _e, n in slots:
        if _SPEAKER_BEFORE.search(tx[:s]):
            return n
    return None


def together(text: str) -> bool:
    """Does the clause say its people met as one ("trilateral", "jointly")?"""
    return words().together.search(text) is not None


def split(subj: list[int], obj: list[int], text: str, countries: Sequence[str | None]) -> list[list[int]]:
    """One meeting of everyone, or one meeting of the subject with each counterpart."""
    if not obj:
        return [subj] if len(subj) >= 2 else []
    if not subj:
        return [obj] if len(obj) >= 2 else []
    if len(subj) > 1 and len(obj) > 1:
        return [subj + obj]
    one, many = (subj, obj) if len(subj) == 1 else (obj, subj)
    if len(many) == 1:
        return [subj + obj]
    w = words()
    if w.together.search(text):
        return [subj + obj]
    states = {countries[p] for p in many if countries[p]}
    if w.apart.search(text) or len(states) >= 2:
        return [[*one, p] if one is subj else [p, *one] for p in many]
    return [subj + obj]


def read(
    tx: str,
    slots_to_people: Sequence[int],
    fallback: int,
    countries: Sequence[str | None],
) -> list[ClauseMeeting]:
    """Meetings reported by the clauses of one sentence template.

    `tx` has people as ⟨n⟩ placeholders; `slots_to_people[n]` is the person of placeholder n; `fallback`
    the person the passage is about (-1 if none); `countries[p]` the state person p serves.
    """
    slots = _slots(tx)
    out: list[ClauseMeeting] = []
    if not slots:
        return out
    for c_lo, c_hi in _clauses(tx):
        taken = False
        for trig, is_noun in _triggers(tx, c_lo, c_hi):
            if taken:
                break
            t_start, t_end = trig
            lead_in = tx[max(c_lo, t_start - 40) : t_start]
            if _FUTURE.search(lead_in) and not words().travel.search(tx[max(c_lo, t_start - 70) : t_start]):
                continue
            after = tx[t_end:c_hi]
            obj: list[int] = []
            hi = t_end
            between = False
            if is_noun:
                m = re.match(r"^(.{0,70}?)\b(with|between|from|among)\s", after)
                if m is None or not _gap_ok(m.group(1)):
                    continue
                between = m.group(2) in ("between", "among")
                start = t_end + m.end()
            else:
                start = t_end
            k = next((i for i, s in enumerate(slots) if s[0] >= start and s[0] < c_hi), None)
            if k is not None:
                gap = tx[start : slots[k][0]]
                receive = re.match(r"(?i)rec", tx[t_start:t_end]) is not None
                limit = 25 if receive else 80
                # "received a letter from X" is no meeting; "met with his colleague from Norland X" is
                near = (len(gap) <= limit and _gap_ok(gap) and not (receive and re.search(r"\bfrom\b", gap))) or (
                    is_noun and len(gap) <= 12
                )
                if near and not _POSSESSIVE_AFTER.match(tx[slots[k][1] :]):
                    obj, hi = _list_from(tx, slots, k, c_hi)
            subj: list[int] = []
            before = [i for i, s in enumerate(slots) if c_lo <= s[0] and s[1] <= t_start]
            if before and not between:
                j = before[-1]
                gap = tx[slots[j][1] : t_start]
                if len(gap) <= 160 and _gap_ok(gap):
                    subj = _list_before(tx, slots, j, c_lo)
            lo = slots[before[0]][0] if subj and before else t_start
            if not subj and not between and _PRONOUN_GROUP.search(tx[c_lo:t_start]):
                firsts = [s for s in slots if s[0] < t_start]
                if len(firsts) >= 2:
                    subj = _list_before(tx, slots, slots.index(firsts[-1]), 0)
            if not subj and not between:
                speaker = _speaker(tx, slots)
                if speaker is not None and speaker not in obj:
                    subj = [speaker]
                elif fallback >= 0:
                    subj = [-1]  # the passage's subject
            people_of = [slots_to_people[n] if n >= 0 else fallback for n in subj]
            obj_people = [slots_to_people[n] for n in obj]
            if between and len(obj_people) < 2 and fallback >= 0:
                people_of = [fallback]
            people_of = [p for i, p in enumerate(people_of) if p >= 0 and p not in people_of[:i]]
            obj_people = [p for i, p in enumerate(obj_people) if p not in people_of and p not in obj_people[:i]]
            clause = tx[c_lo:c_hi]
            if not obj_people and (re.search(r"\bwith\b", after) or _TRANSITIVE.match(tx[t_start:t_end])):
                continue  # "X and Y held a meeting with the heads of agencies": an unnamed counterpart
            kind = "call" if is_call(clause) else "meeting"
            groups = split(people_of, obj_people, clause, countries)
            borrowed = subj == [-1]
            for g in groups:
                if len(g) >= 2:
                    out.append(ClauseMeeting(g, t_start, lo, max(hi, t_end), kind, borrowed))
                    taken = True
    return out


def _triggers(tx: str, lo: int, hi: int) -> list[tuple[tuple[int, int], bool]]:
    w = words()
    found: list[tuple[tuple[int, int], bool]] = []
    for m in w.verb.finditer(tx, lo, hi):
        found.append(((m.start(), m.end()), False))
    for m in w.noun.finditer(tx, lo, hi):
        if not any(s <= m.start() < e for (s, e), _ in found):
            found.append(((m.start(), m.end()), True))
    found.sort()
    return found


def attendees(tx: str) -> tuple[list[int], int] | None:
    """Who a sentence says took part ("It was attended by A, B and C", "The participants included A; B",
    "A and B were also present"): their slot numbers and where the phrase stands, or None."""
    slots = _slots(tx)
    w = words()
    m = w.attend.search(tx)
    if m is not None:
        k = next((i for i, s in enumerate(slots) if s[0] >= m.end()), None)
        if k is not None and len(tx[m.end() : slots[k][0]]) <= 90 and _gap_ok(tx[m.end() : slots[k][0]]):
            return _list_from(tx, slots, k, len(tx))[0], m.start()
    m = w.attend_before.search(tx)
    # "took part in the briefing" is no meeting; "took part in the talks", "were present" join one
    joined = m is not None and (
        m.group().rstrip().endswith("present") or w.event.search(" ".join(tx[m.end() :].split()[:4])) is not None
    )
    if m is not None and joined:
        before = [i for i, s in enumerate(slots) if s[1] <= m.start()]
        if before and len(tx[slots[before[-1]][1] : m.start()]) <= 40:
            return _list_before(tx, slots, before[-1], 0), m.start()
    return None


def names_an_event(text: str) -> bool:
    """Does this sentence speak of a meeting, session or summit?"""
    return words().event.search(text) is not None


def names_a_meeting(text: str) -> bool:
    """Does this sentence use a meeting word ("met", "held talks", "received")?"""
    w = words()
    return w.verb.search(text) is not None or w.event.search(text) is not None
