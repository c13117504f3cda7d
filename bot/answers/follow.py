"""/follow, /following, /unfollow and the digest filter, as replies: transport-free like every answer.

What the user typed resolves as /who and /meetings resolve it (bot/answers/name_index.py, countries.py,
who.resolve): "Lavrov" follows the person, "Kazakh" or "UN" the state or organisation, and only quoted
text ("water treaty") follows words.  Several people fit: a choice, each button `/follow #ID`.  Buttons of
/unfollow carry `/unfollow f:ID` (the follow's row id): both rebuild from SQLite, nothing is kept in memory.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from importlib import resources

from bot.answers import countries, fmt, views
from bot.answers.name_index import get_index
from bot.answers.reply import Line, Reply, Span
from bot.answers.search import fts_words
from bot.answers.who import choose_reply, resolve
from bot.digest.follows import (
    KIND_LABEL,
    MAX_FOLLOWS,
    DigestFilter,
    Follow,
    Target,
    add_follow,
    get_prefs,
    list_follows,
    remove_follow,
    set_digest_filter,
)
from bot.store.db import Store
from bot.textnorm import fold

MAX_PHRASE = 80
_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'", "„": "“", "”": "”"}
_FOLLOW_ID = re.compile(r"^f:(\d{1,12})$")
USAGE = (
    'Follow a person, a state or organisation, or words: /follow Temirov, /follow Kazakhstan, /follow UN, '
    '/follow "water treaty". /following lists them, /unfollow removes one.'
)


def _phrase(text: str) -> str | None:
    """The inside of a quoted phrase, or None when `text` is not quoted."""
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] == _QUOTES[text[0]]:
        return " ".join(text[1:-1].split())
    if len(text) >= 2 and text[0] in "\"“”«„" and text[-1] in "\"“”»":
        return " ".join(text[1:-1].split())
    return None


@functools.lru_cache(maxsize=1)
def _other_names() -> dict[str, tuple[str, ...]]:
    """canonical state or organisation -> its folded names, aliases, demonyms and acronyms (the data files
    countries.py reads), looked for in article texts."""
    out: dict[str, set[str]] = {}
    for name, cols in (("countries.tsv", (1, 2)), ("organisations.tsv", (2,))):
        try:
            text = (resources.files("bot") / "data" / name).read_text(encoding="utf-8")
        except OSError:
            continue
        for raw in text.splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            parts = raw.split("\t")
            names = out.setdefault(parts[0].strip(), set())
            names.add(fold(parts[0]))
            for c in cols:
                if len(parts) > c:
                    names.update(fold(n) for n in re.split(r"[|;]", parts[c]) if fold(n))
    return {k: tuple(sorted(v)) for k, v in out.items()}


async def resolve_target(store: Store, text: str) -> Target | Reply:
    """What `text` asks to follow, or a reply when the user must choose or rephrase."""
    text = " ".join(text.split())[:200]
    command = f"/follow {text}"
    if not text:
        return views.message("Follow", USAGE, command="/follow", ok=False)
    phrase = _phrase(text)
    if phrase is not None:
        words = fts_words(phrase)
        if not words:
            return views.message(
                "Follow", f"“{fmt.clip(phrase, 60)}” holds no letters or digits to look for.", USAGE,
                command=command, ok=False,
            )
        shown = fmt.clip(phrase, MAX_PHRASE)
        return Target("phrase", fold(shown), shown, (fold(shown),))
    idx = await get_index(store)
    if not text.startswith("#"):
        country = countries.lookup(text, idx.countries)
        if country is not None:
            terms = {*country.values, *_other_names().get(country.label, ()), fold(text)}
            return Target("country", country.label, country.label, tuple(sorted(t for t in terms if t)))
    res = resolve(idx, text)
    if res.person is not None:
        rows = await store.conn.execute_fetchall(
            "SELECT key FROM person_keys WHERE person_id = ?", (res.person.id,)
        )
        keys = {str(r[0]) for r in rows} | {fold(res.person.name)}
        return Target("person", str(res.person.id), res.person.name, tuple(sorted(keys)))
    if res.ambiguous:
        return await choose_reply(store, res, command, "/follow #{id}")
    quoted = f'/follow "{fmt.clip(text, 40)}"'
    pairs = [(f"{m.person.name}", f"/follow #{m.person.id}") for m in res.closest[:4]]
    pairs.append((f"the words “{fmt.clip(text, 30)}”", quoted))
    return views.message(
        f"No one called “{fmt.clip(text, 60)}”",
        f"“{fmt.clip(text, 60)}” is neither a person I know nor a state or organisation.",
        f"To follow these words in every new article, quote them: {quoted}",
        command=command,
        ok=False,
        choices=views.buttons(pairs, limit=5),
    )


async def follow(
    store: Store,
    chat_id: int,
    text: str,
    now: datetime,
    *,
    chat_type: str = "unknown",
    thread_id: int | None = None,
    created_by: str | None = None,
) -> Reply:
    """`/follow WHAT` in `chat_id`."""
    target = await resolve_target(store, text)
    if isinstance(target, Reply):
        return target
    row, change = await add_follow(
        store, chat_id, target, now, chat_type=chat_type, thread_id=thread_id, created_by=created_by
    )
    shown = f"“{target.label}”" if target.kind == "phrase" else target.label
    if change == "full":
        return views.message(
            "Follow", f"This chat already follows {MAX_FOLLOWS} things; /unfollow one first.",
            command="/following", ok=False,
        )
    if change == "already":
        return views.message("Following", f"This chat already follows {shown}.", command="/following")
    assert row is not None
    return views.message(
        f"Following {fmt.clip(shown, 80)}",
        f"✅ Following {shown} ({KIND_LABEL[target.kind]}).",
        "New articles that name it get an alert here, with the sentences that name it. "
        "Articles read before now do not.",
        "/following lists what this chat follows; /digest only followed limits the daily digest to it.",
        command="/following",
    )


async def following(store: Store, chat_id: int) -> Reply:
    """`/following`: the list, numbered, with unfollow buttons."""
    rows = await list_follows(store.conn, chat_id)
    prefs = await get_prefs(store.conn, chat_id)
    if not rows:
        return views.message("Following nothing", "This chat follows nothing yet.", USAGE, command="/following")
    lines: list[str | Line] = [f"This chat follows {len(rows)} thing{'s' if len(rows) != 1 else ''}:"]
    lines += [_follow_line(i, f) for i, f in enumerate(rows, 1)]
    digest = "only what it follows" if prefs.digest_filter == "followed" else "everything"
    lines.append(f"Daily digest: {digest} (/digest only followed, /digest all).")
    if prefs.status == "paused":
        lines.append(f"⏸ Alerts paused ({prefs.paused_reason or 'no reason'}); /follow anything resumes them.")
    pairs = [(f"Unfollow {f.shown()}", f"/unfollow f:{f.id}") for f in rows]
    return views.message("Following", *lines, command="/following", choices=views.buttons(pairs, limit=20))


def _follow_line(n: int, f: Follow) -> Line:
    return Line([Span(f"{n}. "), Span(f.shown(), bold=True), Span(f" — {KIND_LABEL[f.kind]}")])


async def unfollow(store: Store, chat_id: int, text: str) -> Reply:
    """`/unfollow WHAT`: by number in /following, by button (`f:ID`), or by what was followed."""
    text = " ".join(text.split())[:200]
    rows = await list_follows(store.conn, chat_id)
    if not text:
        if not rows:
            return views.message("Following nothing", "This chat follows nothing.", command="/following")
        pairs = [(f.shown(), f"/unfollow f:{f.id}") for f in rows]
        return views.message(
            "Unfollow", "What should this chat stop following?", command="/unfollow",
            choices=views.buttons(pairs, limit=20),
        )
    chosen: Follow | None = None
    m = _FOLLOW_ID.match(text)
    if m:
        chosen = next((f for f in rows if f.id == int(m.group(1))), None)
        if chosen is None:
            return views.message("Unfollow", "This chat no longer follows that.", command="/following", ok=False)
    elif text.isdigit() and 1 <= int(text) <= len(rows):
        chosen = rows[int(text) - 1]
    else:
        phrase = _phrase(text)
        wanted = fold(phrase if phrase is not None else text)
        chosen = next((f for f in rows if fold(f.label) == wanted or fold(f.ref) == wanted), None)
        if chosen is None and phrase is None:
            target = await resolve_target(store, text)
            if isinstance(target, Reply):
                return views.message(
                    "Unfollow", f"This chat does not follow “{fmt.clip(text, 60)}”.", command="/following",
                    ok=False, choices=views.buttons([(f.shown(), f"/unfollow f:{f.id}") for f in rows]),
                )
            chosen = next((f for f in rows if (f.kind, f.ref) == (target.kind, target.ref)), None)
    if chosen is None:
        return views.message(
            "Unfollow", f"This chat does not follow “{fmt.clip(text, 60)}”.", command="/following", ok=False,
            choices=views.buttons([(f.shown(), f"/unfollow f:{f.id}") for f in rows]),
        )
    await remove_follow(store, chat_id, chosen.id)
    return views.message("Unfollowed", f"No more alerts here for {chosen.shown()}.", command="/following")


FILTER_WORDS: dict[str, DigestFilter] = {
    "only followed": "followed", "followed": "followed", "only following": "followed",
    "following": "followed", "all": "all", "everything": "all",
}


def digest_filter_arg(text: str) -> DigestFilter | None:
    """`/digest only followed` or `/digest all`; None for anything else (a plain /digest previews)."""
    return FILTER_WORDS.get(" ".join(fold(text).split()))


async def digest_filter(
    store: Store, chat_id: int, value: DigestFilter, *, chat_type: str = "unknown", thread_id: int | None = None
) -> Reply:
    await set_digest_filter(store, chat_id, value, chat_type=chat_type, thread_id=thread_id)
    if value == "followed":
        count = len(await list_follows(store.conn, chat_id))
        note = "" if count else " This chat follows nothing yet: /follow something first."
        return views.message(
            "Digest: only followed",
            "The daily digest here now carries only articles and events about what this chat follows." + note,
            "/digest all brings everything back.",
            command="/following",
        )
    return views.message("Digest: everything", "The daily digest here now carries every new article.",
                         command="/following")


async def settings_lines(store: Store, chat_id: int) -> list[str]:
    """Lines for /settings: the digest filter and what the chat follows (plain text)."""
    prefs = await get_prefs(store.conn, chat_id)
    rows = await list_follows(store.conn, chat_id)
    digest = "only what this chat follows" if prefs.digest_filter == "followed" else "every new article"
    lines = [f"Digest content: {digest} (/digest only followed, /digest all)"]
    if rows:
        names = ", ".join(f.shown() for f in rows[:8]) + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")
        lines.append(f"Following: {names} (/following)")
        if prefs.status == "paused":
            lines.append(f"Alerts paused ({prefs.paused_reason or 'no reason'})")
        else:
            lines.append("Alerts: on")
    else:
        lines.append("Following nothing (/follow NAME)")
    return lines
