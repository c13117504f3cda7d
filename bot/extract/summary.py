"""Short one-line summaries of what a sentence says happened, for events and meeting topics.

People are written by their surnames, the date and the attribution ("..., the ministry reported")
are cut, and only the clause holding the event word is kept.
"""

from __future__ import annotations

import re

from bot.extract.dates import DateMention
from bot.extract.people import Person, SentenceInfo

TAIL = re.compile(
    r",?\s+(?:the [\w’' ]{0,40}(?:reports|reported|said|says|explained)|reported the\b|reported\b|"
    r"according to\b|[\w ]{0,30}has learnt\b|the press service\b|said following\b|"
    r"[A-Z][\w.]*(?: [A-Z][\w.]*){0,3} (?:reports|reported|informs|writes)\b).*$"
)
_CLAUSE = re.compile(r",\s+(?=(?:which|who|while|but|noting|adding|and the|as well as)\b)|;\s+|\s+[–—]\s+")


def _short(p: Person) -> str:
    return p.words[-1] if len(p.words) > 1 else p.name


def summary(info: SentenceInfo, people: list[Person], date: DateMention | None, trigger: int, subject: int) -> str:
    """The clause around position `trigger`, people by their surnames, the date and attribution cut."""
    text = info.text
    parts: list[str] = []
    pos = 0
    shift_trigger = trigger
    for m in info.mentions:
        if m.start < pos:
            continue
        parts.append(text[pos : m.start])
        short = _short(people[m.person])
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
    if date is not None:
        s = s.replace(date.text, " ")
        s = re.sub(r"\b(?:[Oo]n|[Ii]n)\s+(?=[,.]|\s)", " ", s)
    s = TAIL.sub("", s)
    clauses = _CLAUSE.split(s)
    pick = clauses[0]
    acc = 0
    for c in clauses:
        if acc <= shift_trigger < acc + len(c) + 2:
            pick = c
            break
        acc += len(c) + 2
    pick = " ".join(pick.split()).strip(' ,.;:"“”«»')
    pick = re.sub(r"\s+,", ",", re.sub(r",(\s*,)+", ",", pick)).lstrip(" ,.;:")
    if subject >= 0 and re.match(r"(?:He|She)\b", pick):
        pick = _short(people[subject]) + pick[pick.index(" ") :] if " " in pick else pick
    if subject >= 0 and _short(people[subject]) not in pick:
        pick = f"{_short(people[subject])}: {pick}"
    words = pick.split()
    if len(words) > 26:
        pick = " ".join(words[:26]) + " …"
    return pick
