"""Records read from the store: what the answers layer gets back from bot.store.queries.

pydantic models at the edge of the store, so a read that does not fit the contract fails loudly here
rather than as a strange reply later.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class ArticleRef(_Record):
    """Enough of an article to cite it as a source."""

    id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    lead: str | None = None  # the start of the body, read only for untitled articles


class ArticleRecord(ArticleRef):
    source: str | None = None
    ingested_at: str | None = None
    length: int = 0  # characters of body


class PersonSummary(_Record):
    """A person as lists show them."""

    id: int
    name: str
    country: str | None = None
    mentions: int = 0  # total times named, over all articles
    articles: int = 0  # number of articles naming them


class RoleRow(_Record):
    title: str
    country: str | None = None
    date: str | None = None
    evidence: str = ""  # the sentence the title was read from
    article: ArticleRef


class Participant(_Record):
    """A person taking part in a meeting, with the title the meeting's article gives them."""

    id: int
    name: str
    title: str | None = None
    country: str | None = None


class MeetingRow(_Record):
    id: int
    date: str | None = None
    date_qualifier: str | None = None
    place: str | None = None
    topics: list[str] = []
    kind: str = "meeting"  # or "call"
    evidence: str = ""  # the sentence(s) it was read from
    article: ArticleRef
    participants: list[Participant] = []


class EventPerson(_Record):
    id: int
    name: str


class EventRow(_Record):
    id: int
    date: str | None = None
    date_qualifier: str | None = None
    summary: str
    kind: str = "event"
    place: str | None = None
    article: ArticleRef
    people: list[EventPerson] = []


class SearchHit(_Record):
    article: ArticleRef
    score: float
    snippet: str  # with bot.store.queries.HIT_START / HIT_END around matched words


class StoreStats(_Record):
    articles: int
    people: int
    meetings: int
    events: int
    first_date: str | None = None
    last_date: str | None = None
    last_ingest: str | None = None
