"""Articles by id or title and full-text search over them (FTS5, bm25)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.store.db import Store
from bot.store.queries.base import HIT_END, HIT_START, LEAD, _all, _marks, _one, _ref
from bot.store.records import (
    ArticleRecord,
    ArticleRef,
    SearchHit,
)

# --- articles and search ---------------------------------------------------------------------------------


async def article(store: Store, article_id: str) -> ArticleRecord | None:
    r = await _one(
        store,
        """SELECT id, title, date, url, source, ingested_at, length(body) AS n
                             FROM articles WHERE id = ?""",
        (article_id,),
    )
    if r is None:
        return None
    return ArticleRecord(
        id=r["id"],
        title=r["title"],
        date=r["date"],
        url=r["url"],
        source=r["source"],
        ingested_at=r["ingested_at"],
        length=r["n"] or 0,
    )


async def articles_by_id_prefix(store: Store, prefix: str, limit: int) -> list[ArticleRef]:
    """Articles whose id starts with `prefix` (a range on the primary key)."""
    rows = await _all(
        store,
        """SELECT id AS a_id, title AS a_title, date AS a_date, url AS a_url FROM articles
                                WHERE id >= ? AND id < ? ORDER BY id LIMIT ?""",
        (prefix, prefix + "\U0010ffff", limit),
    )
    return [_ref(r) for r in rows]


async def article_refs(store: Store, limit: int) -> list[ArticleRef]:
    """Up to `limit` articles (for fuzzy id/title matching on small stores)."""
    rows = await _all(
        store,
        """SELECT id AS a_id, title AS a_title, date AS a_date, url AS a_url
                                FROM articles LIMIT ?""",
        (limit,),
    )
    return [_ref(r) for r in rows]


async def search(store: Store, match: str, limit: int, title_only: bool = False) -> list[SearchHit]:
    """Best `limit` articles for an FTS5 expression (built by the caller from quoted tokens), bm25-ranked.

    Titles weigh ten times the body. `match` must never be raw user text.
    """
    expr = f"title : ({match})" if title_only else match
    rows = await _all(
        store,
        f"""
        SELECT a.id AS a_id, a.title AS a_title, {LEAD}, a.date AS a_date, a.url AS a_url,
               bm25(articles_fts, 0.0, 10.0, 1.0) AS score,
               snippet(articles_fts, 2, '{HIT_START}', '{HIT_END}', '…', ?) AS snip
        FROM articles_fts f JOIN articles a ON a.id = f.article_id
        WHERE articles_fts MATCH ?
        ORDER BY score LIMIT ?""",
        (expr, limit),
    )
    return [SearchHit(article=_ref(r), score=float(r["score"]), snippet=r["snip"] or "") for r in rows]


async def search_cutoff(store: Store, match: str, newest: int) -> int | None:
    """The FTS rowid just below the `newest` most recently stored matches; None when no more match.

    FTS5 walks its doclists backwards by rowid without scoring anything: well under a millisecond for
    tens of thousands of matches, where bm25 over all of them costs tens of milliseconds.
    """
    if newest <= 0:
        return None
    row = await _one(
        store,
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (match, newest),
    )
    return int(row[0]) if row else None


async def search_ranked(
    store: Store, match: str, limit: int, after_rowid: int | None = None
) -> list[tuple[int, float]]:
    """(FTS rowid, bm25 score) of the best `limit` articles, best first: ranking without snippets.

    With `after_rowid`, only matches stored after that FTS rowid are ranked (see search_cutoff).
    """
    where = "articles_fts MATCH ?" + (" AND rowid > ?" if after_rowid is not None else "")
    params: list[Any] = [match] + ([after_rowid] if after_rowid is not None else [])
    rows = await _all(
        store,
        f"""SELECT rowid, bm25(articles_fts, 0.0, 10.0, 1.0) AS score FROM articles_fts
           WHERE {where} ORDER BY score LIMIT ?""",
        [*params, limit],
    )
    return [(int(r[0]), float(r[1])) for r in rows]


async def search_snippets(
    store: Store, match: str, ranked: Sequence[tuple[int, float]], tokens: int = 16
) -> dict[int, SearchHit]:
    """Articles and snippets (of about `tokens` words) for some (FTS rowid, score) pairs of a ranked
    search (one page of it).

    The scores come from search_ranked: computing bm25 again here would cost as much as the ranking.
    """
    if not ranked:
        return {}
    scores = dict(ranked)
    rows = await _all(
        store,
        f"""
        SELECT f.rowid AS rid, a.id AS a_id, a.title AS a_title, {LEAD}, a.date AS a_date, a.url AS a_url,
               snippet(articles_fts, 2, '{HIT_START}', '{HIT_END}', '…', ?) AS snip
        FROM articles_fts f JOIN articles a ON a.id = f.article_id
        WHERE articles_fts MATCH ? AND f.rowid IN ({_marks(len(scores))})""",
        [max(1, min(64, tokens)), match, *scores],
    )
    return {
        int(r["rid"]): SearchHit(article=_ref(r), score=scores[int(r["rid"])], snippet=r["snip"] or "") for r in rows
    }




async def vocabulary_near(store: Store, prefix: str, limit: int = 3000) -> list[str]:
    """Words the search index holds starting with `prefix` (stemmed forms; articles_vocab of 0009_search.sql)."""
    rows = await _all(
        store,
        "SELECT term FROM articles_vocab WHERE term >= ? AND term < ? LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit),
    )
    return [str(r[0]) for r in rows]
