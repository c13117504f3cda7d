"""What an alert says: what matched, the article (title, date, link), the sentences that name what the chat
follows (the evidence), and the meetings the article reports for a followed person.  Telegram HTML, every
stored text escaped, always within one message.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from bot.digest.compose import MESSAGE_LIMIT, clip, esc, safe_url, utf16_len
from bot.digest.follows import Follow
from bot.digest.txn import fetch_one
from bot.textnorm import fold

MAX_EVIDENCE = 3
EVIDENCE_CHARS = 320
MAX_MEETINGS = 3
MAX_ROLLED_LINES = 15
_SENTENCE = re.compile(r"(?<=[.!?…])[\"”»']?\s+(?=[\"“«(]?[A-ZА-ЯЁ0-9])")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ArticleHead:
    id: str
    title: str | None
    date: str | None
    source: str | None
    url: str | None


def sentences(body: str) -> list[str]:
    """The body cut into sentences (lines first: headlines and paragraphs end without a full stop)."""
    out: list[str] = []
    for line in body.splitlines():
        line = line.strip()
        if line:
            out += [s.strip() for s in _SENTENCE.split(line) if s.strip()]
    return out


def evidence(body: str, terms: Sequence[str], limit: int = MAX_EVIDENCE) -> list[str]:
    """The first sentences that name one of `terms` (folded, matched as whole words)."""
    wanted = [f" {t} " for t in dict.fromkeys(t for t in terms if t)]
    if not wanted:
        return []
    found: list[str] = []
    for sentence in sentences(body):
        padded = f" {fold(sentence)} "
        if any(w in padded for w in wanted):
            found.append(sentence)
            if len(found) >= limit:
                break
    return found


def human_date(text: str | None) -> str:
    if not text:
        return ""
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return text
    return text


async def _terms_for(conn: aiosqlite.Connection, follow: Follow, article_id: str) -> list[str]:
    """What to look for in the text: the person's spellings in this article; a country's names and the
    people serving it named here; the phrase."""
    if follow.kind == "phrase":
        return [fold(follow.ref)]
    if follow.kind == "person":
        rows = await conn.execute_fetchall(
            "SELECT key FROM aliases WHERE person_id = ? AND article_id = ?"
            " UNION SELECT key FROM people WHERE id = ?",
            (int(follow.ref) if follow.ref.isdigit() else -1, article_id,
             int(follow.ref) if follow.ref.isdigit() else -1),
        )
        return sorted({str(r[0]) for r in rows} | set(follow.terms), key=len, reverse=True)
    names = {fold(t) for t in (*follow.terms, follow.ref)}
    rows = await conn.execute_fetchall(
        "SELECT a.key, p.country FROM aliases a JOIN people p ON p.id = a.person_id WHERE a.article_id = ?"
        " UNION SELECT a.key, r.country FROM aliases a JOIN roles r"
        "   ON r.person_id = a.person_id AND r.article_id = a.article_id WHERE a.article_id = ?",
        (article_id, article_id),
    )
    serving = {str(r[0]) for r in rows if r[1] and fold(r[1]) in names}
    return sorted(names | serving, key=len, reverse=True)


async def _meetings(conn: aiosqlite.Connection, person_ids: list[int], article_id: str) -> list[str]:
    if not person_ids:
        return []
    marks = ",".join("?" * len(person_ids))
    rows = list(await conn.execute_fetchall(
        "SELECT m.date, m.date_qualifier, m.place, m.topics,"
        " (SELECT json_group_array(name) FROM (SELECT p.name FROM meeting_participants mp"
        "   JOIN people p ON p.id = mp.person_id WHERE mp.meeting_id = m.id ORDER BY mp.position, p.name))"
        " FROM meetings m WHERE m.article_id = ? AND m.id IN"
        f" (SELECT meeting_id FROM meeting_participants WHERE person_id IN ({marks}))"
        " ORDER BY m.date, m.id",
        (article_id, *person_ids),
    ))
    lines: list[str] = []
    for date, qualifier, place, topics, names in rows[:MAX_MEETINGS]:
        who = ", ".join(esc(clip(str(n), 60)) for n in json.loads(names or "[]")[:4] if n) or "a meeting"
        when = human_date(date)
        if when and qualifier:
            when = f"{esc(clip(qualifier, 20))} {when}"
        line = "🤝 " + (f"{when}: " if when else "") + who
        if place:
            line += f" — {esc(clip(place, 60))}"
        subjects = [str(t) for t in json.loads(topics or "[]") if t][:2]
        if subjects:
            line += f" ({esc(clip(', '.join(subjects), 110))})"
        lines.append(line)
    if len(rows) > MAX_MEETINGS:
        lines.append(f"<i>+{len(rows) - MAX_MEETINGS} more meetings: /article {esc(article_id)}</i>")
    return lines


async def article_head(conn: aiosqlite.Connection, article_id: str) -> tuple[ArticleHead, str] | None:
    row = await fetch_one(conn, "SELECT id, title, date, source, url, body FROM articles WHERE id = ?",
                          (article_id,))
    if row is None:
        return None
    head = ArticleHead(row["id"], row["title"], row["date"], row["source"], row["url"])
    return head, str(row["body"] or "")


def _link(head: ArticleHead, limit: int = 160) -> str:
    title = esc(clip(head.title or head.id, limit))
    url = safe_url(head.url)
    return f'<a href="{html.escape(url)}">{title}</a>' if url else f"<b>{title}</b>"


async def compose_alert(conn: aiosqlite.Connection, article_id: str, follows: Sequence[Follow]) -> str | None:
    """One alert message for one article and the follows it matched; None when the article is gone."""
    found = await article_head(conn, article_id)
    if found is None:
        return None
    head, body = found
    labels = ", ".join(esc(clip(f.shown(), 60)) for f in follows[:4])
    if len(follows) > 4:
        labels += f" +{len(follows) - 4}"
    lines = [f"🔔 <b>Following:</b> {labels}", _link(head)]
    meta = [esc(clip(head.source, 60)) if head.source else "", human_date(head.date)]
    if any(meta):
        lines.append(" · ".join(m for m in meta if m))
    terms: list[str] = []
    for f in follows:
        terms += await _terms_for(conn, f, article_id)
    for sentence in evidence(body, terms):
        lines.append(f"“{esc(clip(sentence, EVIDENCE_CHARS))}”")
    people = [int(f.ref) for f in follows if f.kind == "person" and f.ref.isdigit()]
    lines += await _meetings(conn, people, article_id)
    lines.append(f"/article {esc(article_id)}")
    text = "\n".join(lines)
    while utf16_len(text) > MESSAGE_LIMIT and len(lines) > 3:  # never expected with these clips
        lines.pop(-2)
        text = "\n".join(lines)
    return text


async def compose_rollup(
    conn: aiosqlite.Connection, items: Sequence[tuple[str, Sequence[Follow]]], cap: int
) -> str:
    """The one "and N more" message for what came beyond the hourly limit."""
    n = len(items)
    lines = [
        f"🔔 <b>…and {n} more</b> article{'s' if n != 1 else ''} on what this chat follows "
        f"(at most {cap} alerts an hour):"
    ]
    for article_id, follows in items[:MAX_ROLLED_LINES]:
        found = await article_head(conn, article_id)
        if found is None:
            continue
        labels = ", ".join(esc(clip(f.shown(), 40)) for f in follows[:3])
        lines.append(f"• {_link(found[0], 100)} — {labels}")
    if n > MAX_ROLLED_LINES:
        lines.append(f"<i>and {n - MAX_ROLLED_LINES} others: /digest shows them</i>")
    text = "\n".join(lines)
    while utf16_len(text) > MESSAGE_LIMIT and len(lines) > 2:
        lines.pop(-1)
        text = "\n".join(lines)
    return text
