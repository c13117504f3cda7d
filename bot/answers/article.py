"""/article ID: one article by exact id, else by the start of its id or by its title (fuzzy)."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.answers import fmt, views
from bot.answers.reply import Line, Reply, Span
from bot.answers.search import fts_words, run
from bot.store import queries
from bot.store.db import Store
from bot.store.queries import EventFilter, MeetingFilter
from bot.store.records import ArticleRecord, ArticleRef
from bot.textnorm import fold

MAX_ID = 200
FUZZY_SCAN = 5000  # stores up to this many articles are also matched fuzzily on every id and title
SURE = 85.0


async def article(store: Store, arg: str, page: int = 0) -> Reply:
    text = " ".join(arg.split())[:MAX_ID]
    if not text:
        return views.message(
            "Article",
            "Type /article and an article id or a title, e.g. /article 004_f36433",
            "Ids are shown by /search and on /who cards.",
            command="/article",
            ok=False,
        )
    found = await queries.article(store, text)
    if found is not None:
        return await article_card(store, found, page)
    refs = await queries.articles_by_id_prefix(store, text, 6)
    if len(refs) == 1:
        return await _card_of(store, refs[0], page)
    if not refs:
        refs = await _by_title(store, text)
        if len(refs) == 1:
            return await _card_of(store, refs[0], page)
    command = f"/article {text}"
    q = fmt.clip(text, 60)
    if refs:
        lines: list[str | Line] = [f"Several articles fit “{q}”:"]
        lines += [
            fmt.clip_line(
                Line([Span(f"{n}. {r.id} — "), fmt.source_span(r, 100), Span(f" — {fmt.human_date(r.date)}")]),
                300,
            )
            for n, r in enumerate(refs, 1)
        ]
        pairs = [(fmt.clip(r.title or r.id, 50), f"/article {r.id}") for r in refs]
        return views.message(f"Which article is “{q}”?", *lines, command=command, choices=views.buttons(pairs))
    return views.message(
        f"No article “{q}”",
        f"No article has the id or title “{q}”.",
        "Use /search with words from it to find its id.",
        command=command,
        ok=False,
    )


async def _card_of(store: Store, ref: ArticleRef, page: int) -> Reply:
    rec = await queries.article(store, ref.id)
    if rec is None:  # removed between the two reads
        return views.message("Article gone", f"Article {ref.id} is no longer in the store.", ok=False)
    return await article_card(store, rec, page)


async def _by_title(store: Store, text: str) -> list[ArticleRef]:
    """Articles whose title is like `text`: by title words through FTS, then rapidfuzz on small stores."""
    key = fold(text)
    words = fts_words(text)
    cands: dict[str, ArticleRef] = {}
    if words:
        hits, _ = await run(store, words, 20, title_only=True)
        cands.update((h.article.id, h.article) for h in hits)
    stats = await queries.stats(store)
    if stats.articles <= FUZZY_SCAN:
        for r in await queries.article_refs(store, FUZZY_SCAN):
            cands.setdefault(r.id, r)
    if not cands or not key:
        return []
    choices = {rid: max(fold(r.title), fold(r.id), key=lambda s: fuzz.WRatio(key, s)) for rid, r in cands.items()}
    scored = process.extract(key, choices, scorer=fuzz.WRatio, score_cutoff=60, limit=6)
    if not scored:
        return []
    if scored[0][1] >= SURE and (len(scored) == 1 or scored[1][1] < scored[0][1] - 5):
        return [cands[scored[0][2]]]
    return [cands[s[2]] for s in scored]


async def article_card(store: Store, a: ArticleRecord, page: int = 0) -> Reply:
    """Title, date, source link, people, meetings and events of one article."""
    head: list[Line] = [
        Line([Span("Id: ", bold=True), Span(a.id)]),
        Line([Span("Date: ", bold=True), Span(fmt.human_date(a.date) if a.date else "unknown")]),
        Line(
            [
                Span("Source: ", bold=True),
                Span(fmt.clip(a.source, 80) or "unknown"),
                *([Span(" — "), Span(fmt.clip(a.url, 200), url=a.url)] if a.url else []),
            ]
        ),
    ]
    people = await queries.article_people(store, a.id)
    mf = MeetingFilter(article_id=a.id)
    meetings = await queries.find_meetings(store, mf, 0, 500, newest_first=False)
    events = await queries.find_events(store, EventFilter(article_id=a.id), 0, 500)
    blocks: list[list[Line]] = []
    for i, p in enumerate(people):
        block = [views.person_line(i + 1, p.model_copy(update={"mentions": 0}), f"named {p.mentions}×")]
        if i == 0:
            block.insert(0, Line([Span(f"People ({len(people)})", bold=True)]))
        blocks.append(block)
    for i, m in enumerate(meetings):
        block = views.meeting_lines(m)[:1]
        if i == 0:
            block.insert(0, Line([Span(f"Meetings ({len(meetings)})", bold=True)]))
        blocks.append(block)
    for i, e in enumerate(events):
        block = [
            fmt.clip_line(
                Line(
                    [
                        Span("• "),
                        Span(fmt.human_date(e.date, e.date_qualifier), bold=True),
                        Span(" — " + fmt.clip(e.summary, 300)),
                    ]
                ),
                400,
            )
        ]
        if i == 0:
            block.insert(0, Line([Span(f"Events ({len(events)})", bold=True)]))
        blocks.append(block)
    if not blocks:
        blocks.append([Line.of("Nothing about people, meetings or events was read from this article.")])
    pages = fmt.pack(blocks, head=head)
    choices = views.buttons([(p.name, f"/who #{p.id}") for p in people])
    return Reply(
        title=fmt.clip(a.title or a.id, 200),
        pages=pages,
        page=max(0, min(page, len(pages) - 1)),
        command=f"/article {a.id}",
        buttons=choices,
    )
