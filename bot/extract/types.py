"""What extraction returns for one article: plain records, no I/O.

These are the contract between extraction (which fills them) and the store (which keeps them).
People inside one Extraction are referred to by their `name` (the fullest form in that article).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dates import PartialDate


@dataclass
class RoleRecord:
    """A title the article gives a person, e.g. "First Deputy Minister of Foreign Affairs"."""

    title: str
    # canonical state or organisation served in this role ("Kazakhstan", "United Nations")
    country: str | None = None
    date: PartialDate | None = None  # usually the article's date
    evidence: str = ""


@dataclass
class PersonRecord:
    """One named human as one article speaks of them."""

    name: str  # fullest form in the article, particles and diacritics kept
    # every other form used in this article (surname alone ...)
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # canonical state or organisation served
    roles: list[RoleRecord] = field(default_factory=list)
    mentions: int = 1  # how many times the article names them


@dataclass
class MeetingRecord:
    """A meeting between named people."""

    participants: list[str]  # PersonRecord.name values, two or more
    date: PartialDate | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    evidence: str = ""  # the sentence(s) it was read from
    kind: str = "meeting"  # "meeting" (in person) or "call" (phone or video: no place)


@dataclass
class EventRecord:
    """A dated happening for the timeline: a speech, debate, ceremony, visit, signing, planned event ..."""

    summary: str
    date: PartialDate | None = None
    people: list[str] = field(default_factory=list)  # PersonRecord.name values
    place: str | None = None
    kind: str = "event"  # "speech", "meeting", "visit", "ceremony", "briefing", "planned", ...
    evidence: str = ""


@dataclass
class Extraction:
    """Everything read from one article."""

    people: list[PersonRecord] = field(default_factory=list)
    meetings: list[MeetingRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
