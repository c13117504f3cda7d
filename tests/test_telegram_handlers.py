"""Handlers through an in-process fake transport: the real Application and handlers, the fake Bot API's
answers and validation, no HTTP and no polling (each update is processed where the test says)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fakebotapi import Call, FakeBotAPI, InProcessRequest
from telegram import Update
from test_telegram_world import ADMIN_ID, build_world, make_settings, quick_limiter

from bot.digest import stats as digest_stats
from bot.store.db import Store
from bot.telegram import app as tg_app
from bot.telegram import digest_handlers, handlers
from bot.telegram.app import App, build_application, shutdown, startup

USER = 501
GROUP = -100123


class Harness:
    def __init__(self, api: FakeBotAPI, app: App, store: Store) -> None:
        self.api, self.app, self.store = api, app, store

    async def feed(self) -> list[Call]:
        """Process every queued update, in order; return the calls they caused."""
        mark = self.api.mark()
        while self.api.updates:
            data = self.api.updates.popleft()
            await self.app.process_update(Update.de_json(data, self.app.bot))
        return self.api.calls[mark:]

    async def say(self, text: str, user: int = USER) -> list[Call]:
        self.api.private_text(user, text)
        return await self.feed()

    def sent(self, calls: list[Call], method: str = "sendMessage") -> list[Call]:
        return [c for c in calls if c.method == method]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    await build_world(s)
    yield s
    await s.close()


async def make(store: Store, tmp_path: Path, **extra: Any) -> AsyncIterator[Harness]:
    api = FakeBotAPI()
    settings = make_settings(api.base_url, api.token, tmp_path / "bot.sqlite3", **extra)
    app = build_application(
        settings,
        store,
        rate_limiter=quick_limiter(),
        request=InProcessRequest(api),
        get_updates_request=InProcessRequest(api),
    )
    await startup(app)
    try:
        yield Harness(api, app, store)
    finally:
        await shutdown(app)
        assert api.rejected() == [], [(c.method, c.error) for c in api.rejected()]


@pytest.fixture
async def h(store: Store, tmp_path: Path) -> AsyncIterator[Harness]:
    async for harness in make(store, tmp_path):
        yield harness


# ---- private chats ------------------------------------------------------------------------------


async def test_startup_registers_menus_for_private_and_groups(h: Harness) -> None:
    private = [c["command"] for c in h.api.commands["all_private_chats"]]
    group = [c["command"] for c in h.api.commands["all_group_chats"]]
    assert {"who", "meetings", "timeline", "search", "article", "stats", "help"} <= set(private)
    assert "who" in group


async def test_help_in_private_is_html_with_buttons(h: Harness) -> None:
    calls = h.sent(await h.say("/help"))
    assert len(calls) == 1 and calls[0].ok
    assert calls[0].params["parse_mode"] == "HTML"
    assert calls[0].text is not None and calls[0].text.startswith("Diplomacy Desk")
    assert any(b["callback_data"] == "c|/who" for b in calls[0].buttons())


async def test_plain_text_in_private_is_answered(h: Harness) -> None:
    calls = h.sent(await h.say("Testova"))
    assert calls and calls[0].text is not None and calls[0].text.startswith("Alma Testova")


async def test_hostile_titles_are_escaped_and_bad_links_dropped(h: Harness) -> None:
    calls = h.sent(await h.say("/article w901"))
    assert calls[0].ok
    assert "<script>" in (calls[0].text or "")  # shown as text, not markup
    links = [e["url"] for e in calls[0].entities if e["type"] == "text_link"]
    assert all(u.startswith(("http://", "https://")) for u in links)
    sources = h.sent(await h.say("/meetings Testova"))
    urls = [e["url"] for e in sources[0].entities if e["type"] == "text_link"]
    assert "https://example.org/news/23?a=1&b=2" in urls  # & survives escaping intact


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold</b> <script>alert(1)</script> & &amp; &#x; </i>",
        "A" * 10_000,
        "😀" * 3000,
        "/search " + "ب" * 5000 + " \u202e\u200f RTL",
        "/who <Petrovsky & co>",
        '/search "unclosed AND OR NOT * ( ^',
    ],
)
async def test_hostile_input_is_answered_without_a_400(h: Harness, text: str) -> None:
    calls = h.sent(await h.say(text))
    assert len(calls) == 1 and calls[0].ok, calls[0].error if calls else "no reply"


# ---- groups and channels ------------------------------------------------------------------------


async def test_groups_answer_only_when_addressed(h: Harness) -> None:
    api = h.api
    api.group_text(GROUP, USER, "/who@OtherBot Testova")
    api.group_text(GROUP, USER, "just chatting about Testova")
    api.group_text(GROUP, USER, "/unknowncommand")
    assert h.sent(await h.feed()) == []

    api.group_text(GROUP, USER, f"/who@{api.username} Testova")
    api.group_text(GROUP, USER, "/who Testova")
    api.group_text(GROUP, USER, f"@{api.username} Testova")
    calls = h.sent(await h.feed())
    assert len(calls) == 3 and all(c.ok for c in calls)
    assert all((c.text or "").startswith("Alma Testova") for c in calls)
    assert all(c.params["reply_parameters"]["message_id"] for c in calls)

    bot_message = api.message_from(calls[0])
    api.group_text(GROUP, USER, "Petrovsky", reply_to=bot_message)
    reply = h.sent(await h.feed())
    assert len(reply) == 1 and (reply[0].text or "").startswith("Who do you mean")


async def test_forum_topic_reply_stays_in_the_topic(h: Harness) -> None:
    h.api.group_text(GROUP, USER, "/stats", message_thread_id=77)
    calls = h.sent(await h.feed())
    assert calls[0].params.get("message_thread_id") == 77


async def test_topic_starts_and_automatic_forwards_are_not_addressed(h: Harness) -> None:
    api = h.api
    chat = api.chat(GROUP, "supergroup", is_forum=True)
    topic = {
        "message_id": 1,
        "date": 0,
        "chat": chat,
        "from": api.bot_user(),
        "message_thread_id": 1,
        "forum_topic_created": {"name": "Topic", "icon_color": 7322096},
    }
    api.group_text(GROUP, USER, "Testova", reply_to=topic, message_thread_id=1)
    channel = {"id": -100777, "type": "channel", "title": "Linked channel"}
    forward = api._message(chat, "/who Testova", None, is_automatic_forward=True, sender_chat=channel)
    api.push_update({"message": forward})
    assert h.sent(await h.feed()) == []


async def test_channel_posts_commands_only(h: Harness) -> None:
    h.api.channel_post(-100999, "/stats")
    h.api.channel_post(-100999, "a regular post about Testova")
    calls = h.sent(await h.feed())
    assert len(calls) == 1 and calls[0].chat_id == -100999
    assert (calls[0].text or "").startswith("What the store holds")


async def test_stats_for_admins_adds_digest_lines(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    async def digest_stats_lines(store: Store) -> list[str]:
        return ["Digest subscriptions: 3 (1 paused)"]

    monkeypatch.setattr(digest_stats, "digest_stats_lines", digest_stats_lines)
    admin = h.sent(await h.say("/stats", user=ADMIN_ID))
    other = h.sent(await h.say("/stats", user=USER))
    assert "Digest subscriptions: 3" in (admin[0].text or "")
    assert "Digest subscriptions" not in (other[0].text or "")


# ---- buttons ------------------------------------------------------------------------------------


async def test_paging_edits_the_message_in_place(h: Harness) -> None:
    first = h.sent(await h.say("/meetings Testova"))[0]
    assert "page 1 of 3" in (first.text or "")
    nxt = [b for b in first.buttons() if b["text"] == "▶"]
    assert nxt and not [b for b in first.buttons() if b["text"] == "◀"]
    h.api.press(h.api.message_from(first), nxt[0]["callback_data"], USER)
    calls = await h.feed()
    edit = h.sent(calls, "editMessageText")
    assert len(edit) == 1 and edit[0].ok and "page 2 of 3" in (edit[0].text or "")
    assert edit[0].params["message_id"] == first.result["message_id"]
    assert h.sent(calls) == []  # no new message
    assert h.sent(calls, "answerCallbackQuery")[0].ok
    # and back
    back = next(b for b in edit[0].buttons() if b["text"] == "◀")
    h.api.press(h.api.message_from(first), back["callback_data"], USER)
    again = h.sent(await h.feed(), "editMessageText")
    assert "page 1 of 3" in (again[0].text or "")


async def test_pressing_the_same_page_twice_is_quiet(h: Harness) -> None:
    first = h.sent(await h.say("/meetings Testova"))[0]
    data = next(b for b in first.buttons() if b["text"] == "▶")["callback_data"]
    h.api.press(h.api.message_from(first), data, USER)
    await h.feed()
    h.api.press(h.api.message_from(first), data, USER)
    calls = await h.feed()
    answers = h.sent(calls, "answerCallbackQuery")
    assert answers and answers[0].ok  # "not modified" swallowed, the press still answered
    # the fake's "not modified" 400 is expected here: not a validation failure of ours
    h.api.calls = [c for c in h.api.calls if "not modified" not in (c.error or "")]


async def test_disambiguation_buttons_run_their_action(h: Harness) -> None:
    choice = h.sent(await h.say("/who Petrovsky"))[0]
    buttons = choice.buttons()
    olga = next(b for b in buttons if b["text"].startswith("Olga"))
    h.api.press(h.api.message_from(choice), olga["callback_data"], USER)
    edit = h.sent(await h.feed(), "editMessageText")
    assert (edit[0].text or "").startswith("Olga Petrovsky")


async def test_forged_and_expired_callbacks_get_a_polite_answer(h: Harness) -> None:
    msg = h.sent(await h.say("/help"))[0]
    for data in ["garbage", "p|x|/who", "c|not a command", "C|AAAAAAAAAAAA", "P|1|unknownkey12"]:
        h.api.press(h.api.message_from(msg), data, USER)
    calls = await h.feed()
    answers = h.sent(calls, "answerCallbackQuery")
    assert len(answers) == 5 and all(c.ok for c in answers)
    texts = [c.params.get("text", "") for c in answers]
    assert texts[:2] == [handlers.INVALID] * 2
    assert texts[3:] == [handlers.EXPIRED] * 2
    assert h.sent(calls, "editMessageText") == [] and h.sent(calls) == []


async def test_long_commands_use_a_short_key(h: Harness) -> None:
    long_query = "/search " + "water trade talks " * 6
    first = h.sent(await h.say(long_query))[0]
    assert all(len(b["callback_data"].encode()) <= 64 for b in first.buttons())


# ---- inline mode --------------------------------------------------------------------------------


async def test_inline_query_pages_with_next_offset(h: Harness) -> None:
    qid = h.api.inline_query(USER, "")
    calls = h.sent(await h.feed(), "answerInlineQuery")
    assert calls[0].ok
    results = calls[0].params["results"]
    assert 0 < len(results) <= 50
    assert calls[0].params["next_offset"] == str(handlers.INLINE_PAGE)
    assert h.api.inline_queries[qid]["answered"]
    h.api.inline_query(USER, "", offset=calls[0].params["next_offset"])
    second = h.sent(await h.feed(), "answerInlineQuery")[0]
    ids_1 = {r["id"] for r in results}
    ids_2 = {r["id"] for r in second.params["results"]}
    assert ids_2 and not ids_1 & ids_2

    h.api.inline_query(USER, "Petrovsky")
    named = h.sent(await h.feed(), "answerInlineQuery")[0]
    titles = [r["title"] for r in named.params["results"]]
    assert "Ivan Petrovsky" in titles and "Olga Petrovsky" in titles
    card = named.params["results"][0]["input_message_content"]
    assert card["parse_mode"] == "HTML" and "Petrovsky" in card["message_text"]


# ---- limits and errors --------------------------------------------------------------------------


async def test_per_user_rate_limit_notes_once_then_silence(store: Store, tmp_path: Path) -> None:
    async for h in make(store, tmp_path, user_rate_per_minute=3):
        for _ in range(3):
            assert h.sent(await h.say("/stats"))
        note = h.sent(await h.say("/stats"))
        assert len(note) == 1 and "faster than I answer" in (note[0].text or "")
        assert h.sent(await h.say("/stats")) == []
        other = h.sent(await h.say("/stats", user=USER + 1))  # others are not starved
        assert other and (other[0].text or "").startswith("What the store holds")


async def test_handler_error_gets_one_apology_and_one_log_line(
    h: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom in the answers layer")

    monkeypatch.setattr(handlers.answers, "answer", broken)
    caplog.set_level(logging.INFO)
    h.api.private_text(USER, "/stats")
    update_id = h.api.updates[-1]["update_id"]
    calls = h.sent(await h.feed())
    assert [c.text for c in calls] == [handlers.APOLOGY]
    lines = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lines) == 1 and f"update {update_id}" in lines[0].getMessage()
    assert "boom" in lines[0].getMessage() and lines[0].exc_info is None


async def test_blocked_chat_is_remembered_and_logged_once(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    h.api.fail_blocked(USER, "sendMessage")
    await h.say("/stats")
    await h.say("/help")
    async with h.store.conn.execute(
        "SELECT status, reason FROM chat_status WHERE chat_id = ?", (USER,)
    ) as cur:
        rows = [tuple(r) for r in await cur.fetchall()]
    assert rows == [("blocked", "Forbidden: bot was blocked by the user")]
    warnings = [r for r in caplog.records if "is blocked" in r.getMessage()]
    assert len(warnings) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_kicked_from_group_and_readded(h: Harness) -> None:
    h.api.my_chat_member(GROUP, USER, "member", "kicked")
    await h.feed()
    assert h.app.bot_data["desk"].book.unreachable == {GROUP: "kicked"}
    h.api.my_chat_member(GROUP, USER, "left", "member")
    await h.feed()
    assert h.app.bot_data["desk"].book.unreachable == {}


async def test_chat_not_found_is_remembered(h: Harness) -> None:
    h.api.fail_chat_not_found(-100321)
    h.api.group_text(-100321, USER, "/stats")
    await h.feed()
    assert h.app.bot_data["desk"].book.unreachable == {-100321: "not_found"}


async def test_migrated_group_moves_settings_and_answer_follows(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved: list[tuple[int, int]] = []

    async def on_chat_migrated(store: Store, old: int, new: int) -> None:
        moved.append((old, new))

    monkeypatch.setattr(digest_handlers, "on_chat_migrated", on_chat_migrated)
    h.api.fail_migrated(-555, -100555, "sendMessage")
    h.api.group_text(-555, USER, "/stats", chat_type="group")
    calls = h.sent(await h.feed())
    assert [c.chat_id for c in calls if c.ok] == [-100555]
    assert moved == [(-555, -100555)]
    async with h.store.conn.execute(
        "SELECT status, migrated_to FROM chat_status WHERE chat_id = -555"
    ) as cur:
        assert [tuple(r) for r in await cur.fetchall()] == [("migrated", -100555)]


async def test_429_waits_and_retries(h: Harness) -> None:
    h.api.fail_retry_after("sendMessage", USER, retry_after=1)
    calls = h.sent(await h.say("/stats"))
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 1.0


async def test_timeouts_are_retried(h: Harness) -> None:
    h.api.fail_server_error("sendMessage", USER, times=2)
    calls = h.sent(await h.say("/stats"))
    assert [c.status for c in calls] == [502, 502, 200]


def test_app_module_exposes_run() -> None:
    assert callable(tg_app.run) and callable(tg_app.build_application)
