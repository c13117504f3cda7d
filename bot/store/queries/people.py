"""People and their names, roles, aliases and articles; the signature that says when they changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.store.db import Store
from bot.store.queries.base import LEAD, _all, _marks, _one, _ref
from bot.store.records import (
    ArticleRef,
    PersonSummary,
    RoleRow,
)

# --- freshness -------------------------------------------------------------------------------------------


async def signature(store: Store) -> tuple[Any, ...]:
    """A cheap value that changes whenever people or their spellings may have changed.

    `data_version` catches writes by other connections; the max rowids and meta 'last_ingest' catch
    writes through this one. Each part is an O(log n) lookup.
    """
    row = await _one(
        store,
        """
        SELECT (SELECT data_version FROM pragma_data_version()),
               (SELECT max(id) FROM people),
               (SELECT max(rowid) FROM aliases),
               (SELECT max(id) FROM roles),
               (SELECT value FROM meta WHERE key = 'last_ingest'),
               (SELECT max(ingested_at) FROM articles)""",
    )
    return tuple(row) if row else ()


# --- people ----------------------------------------------------------------------------------------------


async def all_people(store: Store) -> list[PersonSummary]:
    """Every person (without mention counts: see mention_totals), for the name index."""
    rows = await _all(store, "SELECT id, name, country FROM people")
    return [PersonSummary(id=r[0], name=r[1], country=r[2]) for r in rows]


async def all_name_keys(store: Store) -> list[tuple[int, str]]:
    """(person id, folded spelling) for every person's name and each distinct alias.

    Plain tuples: at 100,000 articles these are a few hundred thousand rows read once per index build.
    """
    rows = await _all(store, "SELECT id, key FROM people UNION SELECT DISTINCT person_id, key FROM aliases")
    return [(int(r[0]), str(r[1])) for r in rows]


async def mention_totals(store: Store) -> dict[int, tuple[int, int]]:
    """person id -> (times named, articles naming them), for ranking people by mentions (a full scan)."""
    rows = await _all(store, "SELECT person_id, sum(count), count(*) FROM mentions GROUP BY person_id")
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


async def known_countries(store: Store) -> list[str]:
    """Distinct states and organisations people serve, as stored."""
    rows = await _all(
        store,
        """
        SELECT country FROM people WHERE country IS NOT NULL AND country != ''
        UNION SELECT country FROM roles WHERE country IS NOT NULL AND country != ''""",
    )
    return [r[0] for r in rows]


async def people_by_ids(store: Store, ids: Sequence[int]) -> dict[int, PersonSummary]:
    if not ids:
        return {}
    rows = await _all(
        store,
        f"""
        SELECT p.id, p.name, p.country,
               (SELECT coalesce(sum(count), 0) FROM mentions WHERE person_id = p.id) AS mentions,
               (SELECT count(*) FROM mentions WHERE person_id = p.id) AS articles
        FROM people p WHERE p.id IN ({_marks(len(ids))})""",
        list(ids),
    )
    return {
        r["id"]: PersonSummary(
            id=r["id"], name=r["name"], country=r["country"], mentions=r["mentions"], articles=r["articles"]
        )
        for r in rows
    }


async def person_aliases(store: Store, person_id: int) -> list[str]:
    rows = await _all(store, "SELECT DISTINCT alias FROM aliases WHERE person_id = ? ORDER BY alias", (person_id,))
    return [r[0] for r in rows]


async def person_roles(store: Store, person_id: int) -> list[RoleRow]:
    """Every title given to a person, oldest first (undated ones last), each with its article."""
    rows = await _all(
        store,
        f"""
        SELECT r.title, r.country, coalesce(r.date, a.date) AS date, r.evidence,
               a.id AS a_id, a.title AS a_title, {LEAD}, a.date AS a_date, a.url AS a_url
        FROM roles r JOIN articles a ON a.id = r.article_id
        WHERE r.person_id = ?
        ORDER BY coalesce(r.date, a.date) IS NULL, coalesce(r.date, a.date), r.id""",
        (person_id,),
    )
    return [
        RoleRow(title=r["title"], country=r["country"], date=r["date"], evidence=r["evidence"], article=_ref(r))
        for r in rows
    ]


async def person_articles(store: Store, person_id: int, limit: int = -1) -> list[tuple[ArticleRef, int]]:
    """Articles naming a person, newest first (the newest `limit`), with how often each names them."""
    rows = await _all(
        store,
        f"""
        SELECT a.id AS a_id, a.title AS a_title, {LEAD}, a.date AS a_date, a.url AS a_url, m.count
        FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.person_id = ?
        ORDER BY a.date IS NULL, a.date DESC, a.id LIMIT ?""",
        (person_id, limit),
    )
    return [(_ref(r), int(r["count"])) for r in rows]


async def article_people(store: Store, article_id: str) -> list[PersonSummary]:
    """People an article names, most named first; `mentions` is the count in this article."""
    rows = await _all(
        store,
        """
        SELECT p.id, p.name, p.country, m.count
        FROM mentions m JOIN people p ON p.id = m.person_id
        WHERE m.article_id = ? ORDER BY m.count DESC, p.name""",
        (article_id,),
    )
    return [
        PersonSummary(id=r["id"], name=r["name"], country=r["country"], mentions=r["count"], articles=1) for r in rows
    ]




async def roles_serving(
    store: Store, countries: Sequence[str], limit: int = 3000
) -> list[tuple[PersonSummary, RoleRow]]:
    """Titles held by people serving one of `countries` (as stored), by the role's country or the
    person's: the candidates of "who is Russia's foreign minister" (roles_country, people_country indexes)."""
    if not countries:
        return []
    marks = _marks(len(countries))
    rows = await _all(
        store,
        f"""
        SELECT p.id AS pid, p.name, p.country AS p_country, r.title, r.country,
               coalesce(r.date, a.date) AS date, r.evidence,
               a.id AS a_id, a.title AS a_title, {LEAD}, a.date AS a_date, a.url AS a_url
        FROM roles r JOIN people p ON p.id = r.person_id JOIN articles a ON a.id = r.article_id
        WHERE r.person_id IN (SELECT person_id FROM roles WHERE country IN ({marks})
                              UNION SELECT id FROM people WHERE country IN ({marks}))
        LIMIT ?""",
        [*countries, *countries, limit],
    )
    return [
        (
            PersonSummary(id=r["pid"], name=r["name"], country=r["p_country"]),
            RoleRow(title=r["title"], country=r["country"], date=r["date"], evidence=r["evidence"], article=_ref(r)),
        )
        for r in rows
    ]
