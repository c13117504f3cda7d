"""The read side of the store: every SQL query the answers need, split by what it answers.

Functions take a Store and return records from bot.store.records; nothing here knows about replies.
Dates are ISO text, so a range is `lo <= date < hi` on strings (see bot/answers/ranges.py).
`from bot.store import queries; queries.find_meetings(...)` keeps working: every module is re-exported.
"""

from bot.store.queries.articles import (
    article,
    article_refs,
    articles_by_id_prefix,
    search,
    search_cutoff,
    search_ranked,
    search_snippets,
    vocabulary_near,
)
from bot.store.queries.base import HIT_END, HIT_START
from bot.store.queries.events import EventFilter, count_events, find_events, has_dated_events, statements_about
from bot.store.queries.meetings import COUNT_CAP, MeetingFilter, count_meetings, find_meetings, known_places
from bot.store.queries.people import (
    all_name_keys,
    all_people,
    article_people,
    known_countries,
    mention_totals,
    people_by_ids,
    person_aliases,
    person_articles,
    person_roles,
    roles_serving,
    signature,
)
from bot.store.queries.stats import stats

__all__ = [
    "COUNT_CAP",
    "HIT_END",
    "HIT_START",
    "EventFilter",
    "MeetingFilter",
    "all_name_keys",
    "all_people",
    "article",
    "article_people",
    "article_refs",
    "articles_by_id_prefix",
    "count_events",
    "count_meetings",
    "find_events",
    "find_meetings",
    "has_dated_events",
    "known_countries",
    "known_places",
    "mention_totals",
    "people_by_ids",
    "person_aliases",
    "person_articles",
    "person_roles",
    "roles_serving",
    "search",
    "search_cutoff",
    "search_ranked",
    "search_snippets",
    "signature",
    "statements_about",
    "stats",
    "vocabulary_near",
]
