"""Meetings whose counterparts are named after the fact: "The President received five new ambassadors on
Wednesday. ... The new envoys are X from A, Y from B and Z from C." The first sentence reports a meeting with
a group it does not name; a later one lists who the group were. Each listed person met the host, one by one
(the way credentials and courtesy calls are received), unless a meeting of that pair is already known."""

from __future__ import annotations

import re

from bot.dates import PartialDate
from bot.extract import clause_meetings
from bot.extract.dates import DateMention
from bot.extract.people import Person, SentenceInfo
from bot.extract.types import MeetingRecord

_LOOKAHEAD = 6  # sentences after the meeting in which the group may be named
_GROUP_OBJECT = r"\s+(?:[\w-]+\s+){0,8}?"  # "received letters of credence from five new ambassadors"


def _met_a_group(info: SentenceInfo) -> tuple[int, int] | None:
    """(host, end of the group phrase) when the sentence says a named subject met an unnamed group."""
    w = clause_meetings.words()
    for verb in w.verb.finditer(info.text):
        tail = info.text[verb.end() :]
        obj = re.match(_GROUP_OBJECT + w.group.pattern, tail, re.I)
        if obj is None:
            continue
        end = verb.end() + obj.end()
        before = [m for m in info.mentions if m.end <= verb.start()]
        inside = [m for m in info.mentions if verb.end() <= m.start < end]
        if before and not inside:
            return before[0].person, end
    return None


def _named_from(info: SentenceInfo, start: int, host: int) -> list[int]:
    """The people named from `start` on, once each, the host aside."""
    return list(dict.fromkeys(m.person for m in info.mentions if m.start >= start and m.person not in (-1, host)))


def _listed(info: SentenceInfo, host: int) -> tuple[list[int], str]:
    """The people a sentence lists as the group, and what it calls them: "the new envoys are X, Y and Z"."""
    w = clause_meetings.words()
    they = _THEY.match(info.text)
    if they is not None:  # "They are X, Ambassador of A; Y, ...": the sentence right after the meeting
        return _named_from(info, they.end(), host), ""
    for group in w.group.finditer(info.text):
        joined = re.match(r"\s+" + w.listing.pattern, info.text[group.end() :], re.I)
        if joined is not None:
            return _named_from(info, group.end() + joined.end(), host), group.group()
    return [], ""


def singular(noun: str) -> str:
    """ "envoys" -> "envoy", "heads of mission" -> "head of mission"."""
    head, sep, rest = noun.partition(" ")
    return (head[:-1] if head.endswith("s") else head) + sep + rest


_THEY = re.compile(r"(?:They|These)\s+(?:are|were|include|included)\b")


def _day(found: list[DateMention], pub: PartialDate | None) -> PartialDate | None:
    own = next((d.date for d in found if d.date.day is not None), None)  # "on Wednesday" included
    return own or pub


def named_later(
    infos: list[SentenceInfo],
    people: list[Person],
    dates: list[list[DateMention]],
    pub: PartialDate | None,
    known: list[MeetingRecord],
) -> tuple[list[MeetingRecord], list[tuple[int, str, str]]]:
    """New meetings, and what the listing sentence calls each person it names: (person, "envoy", sentence)."""
    pairs = {frozenset(m.participants) for m in known}
    out: list[MeetingRecord] = []
    called: list[tuple[int, str, str]] = []
    for i, info in enumerate(infos):
        met = _met_a_group(info)
        if met is None:
            continue
        host, _ = met
        for k, later in enumerate(infos[i + 1 : i + 1 + _LOOKAHEAD]):
            listed, noun = _listed(later, host)
            if not noun and k > 0:
                continue  # "They are ..." names the group only right after the meeting
            if len(listed) < 2:
                continue
            topics = [kp.group() for kp in clause_meetings.words().kind_phrase.finditer(info.text)]
            for pid in listed:
                if noun:
                    called.append((pid, singular(noun.lower()), later.text))
                pair = [people[host].name, people[pid].name]
                if frozenset(pair) in pairs:
                    continue
                pairs.add(frozenset(pair))
                out.append(MeetingRecord(pair, _day(dates[i], pub), None, list(topics), f"{info.text} {later.text}"))
            break
    return out, called
