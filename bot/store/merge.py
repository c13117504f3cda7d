"""One fact once: the same meeting read at two precisions in one article is stored as one meeting.

Whatever extraction returns, two meetings of one article with the same people, where one date is a
more precise form of the other ('2018-01-19' and '2018-01', or a date and none), are one meeting: the
precise date wins, and the place, topics and evidence of both are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PendingMeeting:
    """A meeting about to be stored, with its participants as person ids (in order)."""

    date: str | None
    qualifier: str | None
    place: str | None
    topics: list[str]
    evidence: str
    kind: str
    people: list[int] = field(default_factory=list)


def _finer(a: str | None, b: str | None) -> bool:
    """True when date `a` says the same as `b`, more precisely (or `b` is unknown)."""
    if a is None:
        return False
    if b is None:
        return True
    return len(a) > len(b) and a.startswith(b)


def _absorb(keep: PendingMeeting, drop: PendingMeeting) -> None:
    keep.place = keep.place or drop.place
    keep.topics = list(dict.fromkeys([*keep.topics, *drop.topics]))
    if drop.evidence and drop.evidence not in keep.evidence:
        keep.evidence = f"{keep.evidence} {drop.evidence}".strip()
    if keep.kind != drop.kind and "call" in (keep.kind, drop.kind) and not keep.place:
        keep.kind = "call"


def merge_precisions(meetings: list[PendingMeeting]) -> list[PendingMeeting]:
    """The meetings with every less precise duplicate folded into its precise twin (order kept)."""
    out: list[PendingMeeting] = []
    for m in meetings:
        who = frozenset(m.people)
        twin = next((o for o in out if frozenset(o.people) == who and (
            o.date == m.date or _finer(o.date, m.date) or _finer(m.date, o.date))), None)
        if twin is None or len(who) < 2:
            out.append(m)
            continue
        if _finer(m.date, twin.date):
            twin.date, twin.qualifier = m.date, m.qualifier
        _absorb(twin, m)
    return out
