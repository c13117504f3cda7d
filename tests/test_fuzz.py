"""Property-based fuzzing (hypothesis) of what strangers can send: command text, filters, ranges, article
bodies and article files.

Every answer must come back without an exception, within a bounded time and memory, render to HTML that
Telegram accepts (the fake Bot API's parser), within 4,096 UTF-16 units, with callback data of at most 64
bytes. The bounds are generous ceilings that catch a runaway (a format width of a billion, a quadratic
loop), not speed measurements: those are in bench/. About 4,000 cases in all, well under a minute.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakebotapi import parse_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_answers_fixture import ABISCHER, BAIZHANOV, PENALVER, TESMEROV, VOLKHOVSKY, build_store

from bot.answers import answer
from bot.answers.ranges import find_range, parse_range
from bot.answers.reply import Reply
from bot.extract import extract
from bot.ingest.loader import load_article
from bot.ingest.types import ArticleError
from bot.store.db import Store
from bot.telegram.callbacks import CallbackCodec
from bot.telegram.render_html import MESSAGE_LIMIT, keyboard, render_text, utf16_len

SECONDS_PER_ANSWER = 5.0  # a ceiling for a runaway, not a speed figure (answers take milliseconds)
BYTES_PER_ANSWER = 64 * 1024 * 1024
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)

NAMES = [TESMEROV, BAIZHANOV, VOLKHOVSKY, PENALVER, ABISCHER, "Nurlan", "Tesmerov", "Penalver", "Abischer"]
COUNTRIES = ["Russia", "Russian", "Kazakhstan", "kazakh", "UN", "Germany"]
COMMANDS = ["/who", "/meetings", "/timeline", "/search", "/article", "/stats", "/help", "/start", "/nonsense", ""]
HOSTILE = [
    "{id}", "{id.__class__}", "{id:>1000000000}", "{0}", "%s", "%(x)s", "<b>", "</i>", "&amp;", "&", "<a href=x>",
    "\u202e", "\u200b", "\x00", "\ufeff", "👍🏽", "𝕏", "..", "...", "#", "#0", "#99999999999999999999", "'", '"', "\\",
    "?", "and", "with", "vs", ",", ";", "&", "+", "/", "-", "–", "since", "before", "between", "to", "until",
]
DATES = [
    "2018", "2019", "1999", "2018-01", "2018-06", "2018-13", "2018-02-30", "2018-12-31", "2019-01-01",
    "January 2018", "Jan 2019", "18 January 2018", "June 18, 2018", "May", "June", "Sept 2017", "0001", "9999",
]
JOINS = ["..", " to ", " until ", " - ", " and ", " through ", "...", " – "]


def _word() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NAMES + COUNTRIES + HOSTILE + DATES),
        st.text(min_size=1, max_size=12),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄäöüéñАБВгд-'. ", min_size=1, max_size=15),
    )


def _range_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(DATES),
        st.builds(lambda a, j, b: f"{a}{j}{b}", st.sampled_from(DATES), st.sampled_from(JOINS),
                  st.sampled_from(DATES)),
        st.builds(lambda w, d: f"{w} {d}", st.sampled_from(["since", "before", "after", "until", "in", "from"]),
                  st.sampled_from(DATES)),
        st.builds(lambda d: f"{d}..", st.sampled_from(DATES)),
        st.builds(lambda d: f"..{d}", st.sampled_from(DATES)),
    )


def _filter_text() -> st.SearchStrategy[str]:
    part = st.one_of(st.sampled_from(NAMES + COUNTRIES), _range_text(), _word())
    sep = st.sampled_from([" ", ", ", " and ", " & ", " with ", "; ", " vs ", " / "])
    return st.lists(st.tuples(part, sep), min_size=1, max_size=6).map(lambda xs: "".join(p + s for p, s in xs))


def _message() -> st.SearchStrategy[str]:
    words = st.lists(_word(), max_size=10).map(" ".join)
    return st.one_of(
        st.builds(lambda c, w: f"{c} {w}".strip(), st.sampled_from(COMMANDS), words),
        st.builds(lambda c, f: f"{c} {f}", st.sampled_from(["/meetings", "/timeline"]), _filter_text()),
        st.builds(lambda q, f: f"{q} {f}?", st.sampled_from(["who met", "meetings of", "what happened in",
                                                              "when did", "who is", "tell me about"]),
                  _filter_text()),
        st.text(max_size=300),
        st.builds(lambda w, n: (w + " ") * n, st.sampled_from(HOSTILE + NAMES), st.integers(1, 600)),
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.AbstractEventLoop, Store]]:
    """One store and one event loop for every example (hypothesis runs examples synchronously)."""
    loop = asyncio.new_event_loop()
    store = loop.run_until_complete(build_store(tmp_path_factory.mktemp("fuzz") / "f.sqlite3"))
    yield loop, store
    loop.run_until_complete(store.close())
    loop.close()


def _check_reply(reply: Reply) -> None:
    codec = CallbackCodec()
    for index in range(len(reply.pages)):
        reply.page = index
        html = render_text(reply)
        assert utf16_len(html) <= MESSAGE_LIMIT
        parse_html(html)  # raises EntityParseError where Telegram would refuse the message
        markup = keyboard(reply, codec)
        rows = markup.inline_keyboard if markup is not None else ()
        assert sum(len(r) for r in rows) <= 100
        for row in rows:
            for button in row:
                assert button.text.strip()
                assert button.callback_data is not None
                assert len(str(button.callback_data).encode()) <= 64
        if index >= 3:
            break
    for button in reply.buttons:
        assert len(button.action.encode()) <= 64


def _answer_bounded(loop: asyncio.AbstractEventLoop, store: Store, text: str, page: int = 0) -> Reply:
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        reply = loop.run_until_complete(answer(store, text, page=page))
        seconds = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seconds < SECONDS_PER_ANSWER, (text, seconds)
    assert peak < BYTES_PER_ANSWER, (text, peak)
    return reply


@settings(FUZZ, max_examples=1200)
@given(text=_message(), page=st.integers(-2, 5))
def test_any_message_gets_a_valid_reply(world: tuple[asyncio.AbstractEventLoop, Store], text: str,
                                        page: int) -> None:
    loop, store = world
    reply = _answer_bounded(loop, store, text, max(page, 0))
    _check_reply(reply)


@settings(FUZZ, max_examples=500)
@given(flt=_filter_text(), command=st.sampled_from(["/meetings", "/timeline"]))
def test_any_filter_gets_a_valid_reply_and_its_buttons_answer(
    world: tuple[asyncio.AbstractEventLoop, Store], flt: str, command: str
) -> None:
    loop, store = world
    reply = _answer_bounded(loop, store, f"{command} {flt}")
    _check_reply(reply)
    for button in reply.buttons[:2]:  # a pressed choice is answered too
        _check_reply(_answer_bounded(loop, store, button.action))


@settings(FUZZ, max_examples=1500)
@given(text=st.one_of(_range_text(), st.builds(lambda a, b, c: f"{a} {b} {c}", _word(), _range_text(), _word())))
def test_any_range_reads_to_a_non_empty_range_that_reads_back(text: str) -> None:
    rng, rest = find_range(text)
    assert isinstance(rest, str)
    if rng is None:
        return
    if rng.lo is not None and rng.hi is not None:
        assert rng.lo < rng.hi
    again = parse_range(rng.norm())
    assert again is not None and (again.lo, again.hi) == (rng.lo, rng.hi)


_BODY_WORDS = st.sampled_from(
    NAMES + COUNTRIES + DATES + HOSTILE
    + ["met", "Minister", "Deputy", "Foreign", "Ambassador", "the", "of", "in", "on", "discussed", "talks", "with",
       "President", "Secretary-General", "said", ".", ",", "\n", "\n\n", "(", ")", "Mr.", "Dr.", "UN", "OSCE"]
)


@settings(FUZZ, max_examples=400)
@given(body=st.one_of(st.lists(_BODY_WORDS, max_size=300).map(" ".join), st.text(max_size=2000)),
       title=st.one_of(st.none(), st.text(max_size=80)))
def test_any_article_body_extracts_without_error(body: str, title: str | None) -> None:
    t0 = time.perf_counter()
    result = extract(body, None, title)
    assert time.perf_counter() - t0 < SECONDS_PER_ANSWER
    for person in result.people:
        assert person.name.strip() and person.mentions >= 1
    for meeting in result.meetings:
        assert meeting.participants


@settings(FUZZ, max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=st.one_of(st.binary(max_size=3000), st.text(max_size=2000).map(lambda t: t.encode("utf-8", "replace"))))
def test_any_article_file_is_read_or_refused_in_one_line(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "040_fuzz.txt"
    path.write_bytes(raw)
    try:
        article = load_article(path)
    except ArticleError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return
    assert article.body.strip()
    assert article.id == "040_fuzz"
