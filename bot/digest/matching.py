"""Which followed things a set of articles names: by entity, not by substring.

- a person: the article names them (`mentions`: the extraction already merged their aliases and spelling
  variants into one person);
- a state or organisation: someone named in the article serves it (people.country, or a role read from
  this article), which covers meetings with it; or the text names it or its demonym (the search index);
- a keyword phrase: the search index finds the phrase (every token quoted, as /search does).

All work is per batch of articles, with one query per table and one FTS query per distinct followed
country or phrase, so deciding who gets what costs little more for 10,000 chats than for one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import aiosqlite

from bot.digest.follows import Follow
from bot.textnorm import fold

log = logging.getLogger(__name__)

MAX_FTS_WORDS = 12


def fts_phrase(term: str) -> str | None:
    """A folded term as an FTS5 phrase: every token quoted (no user text is ever FTS syntax), joined
    by '+' so the tokens must stand next to each other."""
    words = [w for w in term.split() if any(c.isalnum() for c in w)][:MAX_FTS_WORDS]
    if not words:
        return None
    return " + ".join('"' + w.replace('"', '""') + '"' for w in words)


@dataclass
class FollowSet:
    """Follows indexed for matching."""

    follows: dict[int, Follow] = field(default_factory=dict)
    by_person: dict[int, list[int]] = field(default_factory=dict)
    by_country_term: dict[str, list[int]] = field(default_factory=dict)  # folded country form -> follow ids
    text_queries: dict[str, list[int]] = field(default_factory=dict)  # FTS expression -> follow ids

    @classmethod
    def build(cls, follows: Iterable[Follow]) -> FollowSet:
        fs = cls()
        for f in follows:
            fs.follows[f.id] = f
            if f.kind == "person":
                if f.ref.isdigit():
                    fs.by_person.setdefault(int(f.ref), []).append(f.id)
                continue
            terms = f.terms or [fold(f.label)]
            if f.kind == "country":
                for t in {fold(t) for t in (*terms, f.ref)}:
                    if t:
                        fs.by_country_term.setdefault(t, []).append(f.id)
                parts = sorted({p for p in (fts_phrase(t) for t in terms) if p})
                expr = " OR ".join(parts)
            else:
                expr = fts_phrase(fold(f.ref)) or ""
            if expr:
                fs.text_queries.setdefault(expr, []).append(f.id)
        return fs

    def __bool__(self) -> bool:
        return bool(self.follows)


@dataclass
class ArticleRef:
    rowid: int
    id: str


async def articles_in_range(conn: aiosqlite.Connection, lo: int, hi: int) -> list[ArticleRef]:
    """Articles with lo < rowid <= hi."""
    rows = await conn.execute_fetchall(
        "SELECT rowid, id FROM articles WHERE rowid > ? AND rowid <= ? ORDER BY rowid", (lo, hi)
    )
    return [ArticleRef(int(r[0]), str(r[1])) for r in rows]


async def articles_by_ids(conn: aiosqlite.Connection, ids: Sequence[str]) -> list[ArticleRef]:
    out: list[ArticleRef] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = await conn.execute_fetchall(
            f"SELECT rowid, id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk
        )
        out += [ArticleRef(int(r[0]), str(r[1])) for r in rows]
    return sorted(out, key=lambda a: a.rowid)


async def match(
    conn: aiosqlite.Connection, fs: FollowSet, articles: Sequence[ArticleRef], *, respect_since: bool = True
) -> dict[str, set[int]]:
    """article id -> ids of the follows it matches.  With `respect_since`, a follow only matches articles
    read after it was made (rowid above its `since_rowid`)."""
    if not fs or not articles:
        return {}
    rowid_of = {a.id: a.rowid for a in articles}
    id_of = {a.rowid: a.id for a in articles}
    lo, hi = articles[0].rowid - 1, articles[-1].rowid
    found: dict[str, set[int]] = {}

    def hit(article_id: str, follow_ids: Iterable[int]) -> None:
        rowid = rowid_of[article_id]
        for fid in follow_ids:
            if respect_since and rowid <= fs.follows[fid].since_rowid:
                continue
            found.setdefault(article_id, set()).add(fid)

    # people named, and the states they serve (their own, and roles read from this article)
    rows = await conn.execute_fetchall(
        "SELECT a.id, m.person_id, p.country FROM articles a"
        " JOIN mentions m ON m.article_id = a.id JOIN people p ON p.id = m.person_id"
        " WHERE a.rowid > ? AND a.rowid <= ?",
        (lo, hi),
    )
    for aid, pid, country in rows:
        if aid not in rowid_of:
            continue
        if pid in fs.by_person:
            hit(aid, fs.by_person[pid])
        if country and fs.by_country_term:
            hit(aid, fs.by_country_term.get(fold(country), ()))
    if fs.by_country_term:
        rows = await conn.execute_fetchall(
            "SELECT a.id, r.country FROM articles a JOIN roles r ON r.article_id = a.id"
            " WHERE a.rowid > ? AND a.rowid <= ? AND r.country IS NOT NULL",
            (lo, hi),
        )
        for aid, country in rows:
            if aid in rowid_of:
                hit(aid, fs.by_country_term.get(fold(country), ()))
    # the text: one FTS query per distinct country or phrase, limited to this batch's rowids
    for expr, follow_ids in fs.text_queries.items():
        try:
            rows = await conn.execute_fetchall(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ? AND rowid <= ?",
                (expr, lo, hi),
            )
        except sqlite3.Error as exc:  # never expected: every token is quoted
            log.warning("follow: text match failed for %d follow(s): %s", len(follow_ids), exc)
            continue
        for (rowid,) in rows:
            aid = id_of.get(int(rowid))
            if aid is not None:
                hit(aid, follow_ids)
    return found
