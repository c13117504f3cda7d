"""Short one-line summaries of what a sentence says happened, for events and meeting topics.

People are written by their surnames, the date and the attribution ("..., the ministry reported")
are cut, and only the clause holding the event word is kept.
"""

from __future__ import annotations

import re
import threading

from bot.extract.dates import DateMention
from bot.extract.people import Person, SentenceInfo

TAIL = re.compile(
    r",?\s+(?:the [\w’' ]{0,40}(?:reports|reported|said|says|explained)|reported the\b|"
    r"reported\b(?!\s+(?:to|on|about)\b)|"
    r"according to\b|[\w ]{0,30}has learnt\b|the press service\b|said following\b|"
    r"[A-Z][\w.]*(?: [A-Z][\w.]*){0,3} (?:reports|reported|informs|writes)\b(?!\s+(?:to|on|about)\b)|"
    r"(?:[\w.-]+\s+){0,5}told\s+(?:reporters|journalists|the press|the media)\b).*$"
)
_ATTRIBUTIVE = re.compile(r"^(?:of|for|in|at|from)\s+the\s+\d{4}$", re.I)
_POSS_END = re.compile(r"(?<![\w-])(?:his|her|their|its|the)\s+$", re.I)
_CLAUSE = re.compile(
    r",\s+(?=(?:which|who|while|but|noting|adding|recalling|reminding|and the|as well as)\b)|;\s+|\s+[–—]\s+"
)


def _short(p: Person, people: list[Person] | None = None) -> str:
    """The short name, or the full one when another person of the article has the same short name."""
    short = p.surname if len(p.words) > 1 else p.name
    if people:
        owners = _surnames(people).get(short, 0)
        if len(p.words) > 1:
            owners -= 1  # p itself
        if owners > 0:
            return p.name
    return short


_last = threading.local()  # per thread: (people list, its length, surname counts) of the article in hand


def _surnames(people: list[Person]) -> dict[str, int]:
    """How many people of the article (of two words or more) bear each surname: counted once per article,
    not once per mention (a list of N names made that N² surname computations)."""
    cached: tuple[list[Person], int, dict[str, int]] | None = getattr(_last, "entry", None)
    if cached is not None and cached[0] is people and cached[1] == len(people):
        return cached[2]
    counts: dict[str, int] = {}
    for o in people:
        if len(o.words) > 1:
            counts[o.surname] = counts.get(o.surname, 0) + 1
    _last.entry = (people, len(people), counts)
    return counts


def summary(info: SentenceInfo, people: list[Person], date: DateMention | None, trigger: int, subject: int) -> str:
    """The clause around position `trigger`, people by their surnames, the date and attribution cut."""
    text = info.text
    parts: list[str] = []
    pos = 0
    shift_trigger = trigger
    for m in info.mentions:
        if m.start < pos:
            continue
        before = text[pos : m.start]
        if m.start < m.name_start:  # "his Kazakh counterpart X" -> "X", not "his X"
            before = _POSS_END.sub("", before)
        parts.append(before)
        short = _short(people[m.person], people)
        parts.append(short)
        end = m.end
        if m.appos is not None and text[end : end + 1] == ",":
            end += 1  # "X, Executive Director of Y, said" -> "X said"
        elif m.role is not None and "," in text[m.start : m.name_start] and text[end : end + 1] == ",":
            end += 1
        if end <= trigger:
            shift_trigger -= (end - m.start) - len(short)
        pos = end
    parts.append(text[pos:])
    s = "".join(parts)
    if date is not None and not _ATTRIBUTIVE.match(date.text):  # keep "the 2010 OSCE Summit" whole
        s = s.replace(date.text, " ")
        s = re.sub(r"\b(?:[Oo]n|[Ii]n)\s+(?=[,.]|\s)", " ", s)
    s = TAIL.sub("", s)
    clauses = _CLAUSE.split(s)
    pick = clauses[0]
    acc = 0
    for k, c in enumerate(clauses):
        if acc <= shift_trigger < acc + len(c) + 2:
            pick = c
            if k > 0 and re.match(r"\s*(?:which|who|where)\b", c):
                # "which will be held on May 30": say what "which" is ("the Astana Forum, which ...")
                words = clauses[k - 1].split()
                head = words[-10:]
                the = 0
                if len(words) > 10:  # start a cut clause at its noun phrase
                    the = next((i for i, w in enumerate(head) if w.lower() in ("the", "a", "an")), 0)
                pick = " ".join(head[the:]) + ", " + c.strip()
            break
        acc += len(c) + 2
    pick = " ".join(pick.split()).strip(' ,.;:"“”«»')
    pick = re.sub(r"\s+,", ",", re.sub(r",(\s*,)+", ",", pick)).lstrip(" ,.;:")
    pick = re.sub(r"^(?:recalling|reminding|noting)\s+(?:that\s+)?", "", pick)  # the past event itself
    if subject >= 0 and re.match(r"(?:He|She)\b", pick):
        pick = _short(people[subject], people) + pick[pick.index(" ") :] if " " in pick else pick
    if subject >= 0 and _short(people[subject], people) not in pick:
        pick = f"{_short(people[subject], people)}: {pick}"
    if pick.count('"') % 2 == 1 and not pick.startswith('"'):
        pick = '"' + pick  # a quotation's opening mark stripped with the sentence's edge
    if pick[:1].islower() and not re.match(r"[a-z]+[A-Z]", pick):
        pick = pick[0].upper() + pick[1:]  # a sentence cut after its opening phrase ("On 2 March, the ...")
    words = pick.split()
    if len(words) > 26:
        pick = " ".join(words[:26]) + " …"
    return pick
