"""/search TEXT: full-text search over articles, bm25-ranked, with snippets.

User text never reaches FTS5 as syntax: every word becomes a quoted string ("..." with inner quotes
doubled), so quotes, *, -, NEAR, AND, OR and parentheses are plain words.
"""

from __future__ import annotations

import bisect
import logging
import sqlite3
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from bot.answers import fmt, views
from bot.answers.name_index import get_index
from bot.answers.reply import Line, Page, Reply, Span
from bot.store import queries
from bot.store.db import Store
from bot.store.records import SearchHit
from bot.textnorm import fold, transliterate

log = logging.getLogger(__name__)

MAX_TEXT = 300
MAX_WORDS = 12
MAX_HITS = 100
PER_PAGE = 6  # a hit is at most ~530 characters with its link: six always fit a page
FULL_HITS = 18  # up to this many hits, every page is built at once
# bm25 over every match of common words costs ~20-30 ms at 100,000 articles; beyond this many matches only
# the most recently added ones are ranked (~3 ms), and the reply says so.
RANK_WINDOW = 2000
FUZZY_CUTOFF = 78  # rapidfuzz ratio from which a word the index holds stands for a misspelt one


def fts_words(text: str) -> list[str]:
    """The words of `text` that FTS5 can index, each at most 60 characters."""
    words: list[str] = []
    for raw in text[:MAX_TEXT].split():
        if any(c.isalnum() for c in raw):
            words.append(raw[:60])
    return list(dict.fromkeys(words))[:MAX_WORDS]


def fts_query(words: Sequence[str], op: str = " ") -> str:
    """Quoted FTS5 strings joined by AND (a space) or OR."""
    return op.join('"' + w.replace('"', '""') + '"' for w in words)


def snippet_line(snippet: str, width: int = 200) -> Line:
    """A snippet with the matched words in bold."""
    spans: list[Span] = [Span("   ")]
    text = fmt.clip(snippet.replace("\n", " "), width)
    bold = False
    for piece in text.replace(queries.HIT_END, queries.HIT_START).split(queries.HIT_START):
        if piece:
            spans.append(Span(piece, bold=bold))
        bold = not bold
    return Line(spans)


async def run(store: Store, words: Sequence[str], limit: int, title_only: bool = False) -> tuple[list[SearchHit], bool]:
    """Articles with all words, else with any of them (second value False); an FTS5 error (never expected)
    reads as no hits and is logged."""
    try:
        hits = await queries.search(store, fts_query(words), limit, title_only)
        if hits or len(words) == 1:
            return hits, True
        return await queries.search(store, fts_query(words, " OR "), limit, title_only), False
    except sqlite3.Error as exc:
        log.warning("search failed for %d words: %s", len(words), exc)
        return [], True


async def _rank(store: Store, match: str) -> tuple[list[tuple[int, float]], bool]:
    """The best rowids for one FTS expression; True when only the RANK_WINDOW most recently added matches
    were ranked (more matched)."""
    cutoff = await queries.search_cutoff(store, match, RANK_WINDOW)
    return await queries.search_ranked(store, match, MAX_HITS + 1, cutoff), cutoff is not None


async def _ranked(store: Store, words: Sequence[str]) -> tuple[list[tuple[int, float]], str, bool, bool]:
    """Best rowids for all the words, else for any of them; the FTS expression used; whether all matched;
    whether the ranking was cut to the most recently added matches."""
    both = fts_query(words)
    try:
        ranked, cut = await _rank(store, both)
        if ranked or len(words) == 1:
            return ranked, both, True, cut
        anyw = fts_query(words, " OR ")
        ranked, cut = await _rank(store, anyw)
        return ranked, anyw, False, cut
    except sqlite3.Error as exc:
        log.warning("search failed for %d words: %s", len(words), exc)
        return [], both, True, False


async def _corrections(store: Store, words: Sequence[str]) -> list[str]:
    """The words with misspelt ones replaced by the closest word the articles or people's names hold
    (names in other scripts transliterated first): the fuzzy fallback when nothing matched."""
    idx = await get_index(store)
    out: list[str] = []
    for word in words:
        w = fold(transliterate(word))
        if len(w) < 4 or " " in w:
            out.append(w or word)
            continue
        pool = set(_name_words_near(idx.words, w[:2]))
        pool.update(await queries.vocabulary_near(store, w[:2]))
        best = process.extractOne(w, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) if pool else None
        out.append(str(best[0]) if best else w)
    return out


def _name_words_near(sorted_words: Sequence[str], prefix: str, limit: int = 3000) -> list[str]:
    start = bisect.bisect_left(sorted_words, prefix)
    found: list[str] = []
    for word in sorted_words[start : start + limit]:
        if not word.startswith(prefix):
            break
        found.append(word)
    return found


async def search(store: Store, arg: str, page: int = 0) -> Reply:
    """Ranked hits; snippets are made only for the page shown (all pages when there are few hits)."""
    text = " ".join(arg.split())[:MAX_TEXT]
    words = fts_words(text)
    command = f"/search {text}".strip()
    if not text:
        return views.message(
            "Search", "Type /search and some words, e.g. /search code of conduct", command="/search", ok=False
        )
    if not words:
        return views.message(
            "Search",
            f"“{fmt.clip(text, 60)}” holds no letters or digits to search for.",
            "Type some words, e.g. /search code of conduct",
            command=command,
            ok=False,
        )
    ranked, match, all_words, cut = await _ranked(store, words)
    corrected: list[str] = []
    if not ranked:
        corrected = await _corrections(store, words)
        if corrected != words:
            ranked, match, all_words, cut = await _ranked(store, corrected)
    shown = ranked[:MAX_HITS]
    said = fmt.clip(" ".join(words), 80)
    title = f"Search: {said}"
    if not shown:
        return views.message(
            title, f"No article mentions “{said}”.", "Try fewer or other words.", command=command, ok=False
        )
    head: list[Line] = []
    if corrected and corrected != words:
        head.append(Line.of(f"No article mentions “{said}”; showing “{fmt.clip(' '.join(corrected), 80)}”."))
    if not all_words:
        head.append(Line.of("No article has all these words; these have some of them."))
    if cut:
        head.append(
            Line.of(
                f"More than {RANK_WINDOW:,} articles match; the {MAX_HITS} best, "
                f"ranked among the {RANK_WINDOW:,} most recently added matches, are shown."
            )
        )
    elif len(ranked) > MAX_HITS:
        head.append(Line.of(f"More than {MAX_HITS} articles match; the {MAX_HITS} best are shown."))
    else:
        head.append(Line.of(f"{len(shown)} article{'s' if len(shown) != 1 else ''}, best first."))
    total = -(-len(shown) // PER_PAGE)
    page = max(0, min(page, total - 1))
    wanted = range(total) if len(shown) <= FULL_HITS else range(page, page + 1)
    chosen = [hit for n in wanted for hit in shown[n * PER_PAGE : (n + 1) * PER_PAGE]]
    try:
        hits = await queries.search_snippets(store, match, chosen)
    except sqlite3.Error as exc:
        log.warning("search snippets failed: %s", exc)
        hits = {}
    pages = [Page() for _ in range(total)]
    for n in wanted:
        lines: list[Line] = list(head) if n == 0 else []
        for k, (rid, _) in enumerate(shown[n * PER_PAGE : (n + 1) * PER_PAGE], n * PER_PAGE + 1):
            h = hits.get(rid)
            if h is None:
                continue
            first = Line(
                [
                    Span(f"{k}. "),
                    fmt.source_span(h.article, 100, max_url=120),
                    Span(f" — {fmt.human_date(h.article.date)} — /article {h.article.id}"),
                ]
            )
            lines += [fmt.clip_line(first, 200), snippet_line(h.snippet)]
        pages[n] = Page(lines)
    return Reply(title=title, pages=pages, page=page, command=command, complete=len(wanted) == total)


MENTION_TOKENS = 48  # words of context shown around a name the articles hold but no person has


async def mentions(store: Store, text: str, limit: int = 3, *, forgive: bool = False) -> list[SearchHit]:
    """The articles holding `text` as a phrase (a name no person was read with), best first, each with a
    wide snippet around it; with `forgive`, misspelt words are matched to the closest the articles hold."""
    words = fts_words(text)
    if not words:
        return []
    phrase = '"' + " ".join(words).replace('"', '""') + '"'
    try:
        ranked, _ = await _rank(store, phrase)
        if not ranked and forgive:
            corrected = await _corrections(store, words)
            if corrected != words:
                phrase = '"' + " ".join(corrected).replace('"', '""') + '"'
                ranked, _ = await _rank(store, phrase)
        hits = await queries.search_snippets(store, phrase, ranked[:limit], MENTION_TOKENS)
    except sqlite3.Error as exc:
        log.warning("mention search failed: %s", exc)
        return []
    return [hits[rid] for rid, _ in ranked[:limit] if rid in hits]
