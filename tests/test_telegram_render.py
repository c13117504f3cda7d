"""Rendering, callback data, the per-user limit and log redaction: the pure parts of the front end."""

from __future__ import annotations

import logging

import pytest
from fakebotapi import parse_html, utf16_len

from bot.answers.reply import Button, Line, Page, Reply, Span
from bot.telegram import logging_setup
from bot.telegram.callbacks import CallbackCodec, Press, Unusable
from bot.telegram.errors import Throttled
from bot.telegram.ratelimit import UserRateLimiter
from bot.telegram.render_html import MESSAGE_LIMIT, keyboard, render_text, safe_url


def reply_of(*lines: Line, pages: int = 1, page: int = 0, command: str = "/x", **kw: object) -> Reply:
    return Reply(
        title=str(kw.pop("title", "Title")),
        pages=[Page(list(lines)) for _ in range(pages)],
        page=page,
        command=command,
        **kw,  # type: ignore[arg-type]
    )


def test_text_is_escaped_and_only_web_links_survive() -> None:
    reply = reply_of(
        Line([Span("<b>x</b> & y", bold=True), Span(" source", url="https://e.org/?a=1&b=2")]),
        Line([Span("click", url="javascript:alert(1)"), Span(" mail", url="mailto:a@b.c")]),
        title="A & <B>",
    )
    html_text = render_text(reply)
    text, entities = parse_html(html_text)  # what Telegram would accept, exactly
    assert text.startswith("A & <B>\n\n<b>x</b> & y source")
    links = [e["url"] for e in entities if e["type"] == "text_link"]
    assert links == ["https://e.org/?a=1&b=2"]  # & in the URL escaped in HTML, intact for Telegram
    assert "javascript" not in html_text.replace("click", "")
    assert "click mail" in text


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1&c=2", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("https:///nohost", False),
        ('https://e.org/"onmouseover=', False),
        ("//example.org", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok


def test_a_huge_page_is_clipped_under_telegrams_limit() -> None:
    big = [Line([Span("😀" * 300 + "<&>" * 100)]) for _ in range(40)]
    reply = reply_of(*big, pages=3, page=1)
    text, _ = parse_html(render_text(reply))
    assert utf16_len(text) <= MESSAGE_LIMIT
    assert text.rstrip().endswith("page 2 of 3")


def test_one_enormous_line_is_cut_with_an_ellipsis() -> None:
    reply = reply_of(Line([Span("word " * 5000, url="https://e.org")]))
    text, entities = parse_html(render_text(reply))
    assert utf16_len(text) <= MESSAGE_LIMIT and "…" in text
    assert entities[-1]["type"] == "text_link"


def test_empty_reply_still_has_text() -> None:
    assert parse_html(render_text(Reply(title="", pages=[])))[0].strip()


def test_keyboard_has_choices_then_paging() -> None:
    codec = CallbackCodec()
    reply = reply_of(
        Line.of("x"),
        pages=3,
        page=1,
        command="/meetings smith",
        buttons=[Button("Ann Smith (Norway)", "/who #1"), Button("Bo Smith", "/who #2")],
    )
    markup = keyboard(reply, codec)
    assert markup is not None
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert rows == [
        [("Ann Smith (Norway)", "c|/who #1")],
        [("Bo Smith", "c|/who #2")],
        [("◀", "p|0|/meetings smith"), ("▶", "p|2|/meetings smith")],
    ]
    assert keyboard(reply_of(Line.of("x")), codec) is None


def test_callback_data_roundtrip_and_hashing() -> None:
    codec = CallbackCodec(capacity=2)
    short = codec.encode_page("/who smith", 3)
    assert short == "p|3|/who smith" and codec.decode(short) == Press("page", "/who smith", 3)
    long_command = "/search " + "дипломатия " * 10
    data = codec.encode_page(long_command, 12)
    assert len(data.encode()) <= 64 and data.startswith("P|12|")
    assert codec.decode(data) == Press("page", long_command, 12)
    action = codec.encode_action(long_command)
    assert len(action.encode()) <= 64 and codec.decode(action) == Press("action", long_command)
    # evicted from the bounded memory, or from before a restart: expired, not an error
    codec.encode_action("/search " + "x" * 80)
    codec.encode_action("/search " + "y" * 80)
    assert codec.decode(data) == Unusable("expired")
    assert CallbackCodec().decode(action) == Unusable("expired")


@pytest.mark.parametrize(
    "data",
    [
        "",
        "x",
        "p|",
        "p|-1|/who",
        "p|1|",
        "p|1|not a command",
        "p|١|/who",
        "c|",
        "c|who",
        "q|/who",
        "p|99999|/who",
        "c|/who\x00",
    ],
)
def test_forged_callback_data_is_invalid(data: str) -> None:
    assert CallbackCodec().decode(data) == Unusable("invalid")


def test_rate_limiter_bucket_note_then_silence_then_refill() -> None:
    now = [0.0]
    limiter = UserRateLimiter(3, clock=lambda: now[0])
    assert [limiter.check(1) for _ in range(5)] == ["ok", "ok", "ok", "note", "silent"]
    assert limiter.check(2) == "ok"  # another user is not affected
    assert limiter.seconds_until_next(1) == 20
    now[0] += 20.0  # one token back (3 per minute)
    assert limiter.check(1) == "ok"
    assert limiter.check(1) == "note"  # over again: one new note


def test_rate_limiter_memory_is_bounded() -> None:
    now = [0.0]
    limiter = UserRateLimiter(5, clock=lambda: now[0], max_users=100)
    for user in range(1000):
        limiter.check(user)
        now[0] += 0.001
    assert len(limiter._buckets) <= 100


def test_token_is_redacted_from_every_log_record(caplog: pytest.LogCaptureFixture) -> None:
    token = "987654321:AAHiddenSecretPartOfTheTokenXYZ123"
    logging_setup.protect_secret(token)
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("httpx")
    log.info("HTTP Request: POST https://api.telegram.org/bot%s/getMe", token)
    log.warning("quoted %s", token.replace(":", "%3A"))
    try:
        raise RuntimeError(f"failed https://api.telegram.org/bot{token}/sendMessage")
    except RuntimeError:
        logging.getLogger("bot.x").exception("boom")
    text = caplog.text + "".join((r.exc_text or "") for r in caplog.records)
    assert "AAHiddenSecretPartOfTheTokenXYZ123" not in text
    assert text.count("<redacted>") >= 3


def test_repeated_complaints_are_throttled(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    throttled = Throttled(every=300, clock=lambda: now[0])
    caplog.set_level(logging.INFO)
    results = [throttled("conflict", logging.ERROR, "another instance") for _ in range(10)]
    now[0] += 301
    results.append(throttled("conflict", logging.ERROR, "another instance"))
    assert results == [True] + [False] * 9 + [True]
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["another instance", "another instance (and 9 more times)"]
