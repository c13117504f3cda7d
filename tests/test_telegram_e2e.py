"""End to end: the real Application, long polling (or the webhook) over HTTP against the fake Bot API
server on 127.0.0.1. Outcomes are awaited on the fake's recorded calls, never on fixed sleeps."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from fakebotapi import Call, FakeBotAPI
from telegram import Update
from telegram.ext import TypeHandler
from telegram.request import HTTPXRequest
from test_telegram_world import ADMIN_ID, build_world, make_settings, quick_limiter

from bot.config import Settings
from bot.store.db import Store
from bot.telegram import errors
from bot.telegram.app import App, build_application, run, serve, shutdown, startup, webhook_secret
from bot.telegram.handlers import EXPIRED, INVALID

USER = 601
GROUP = -100600
CHANNEL = -100601
TIMEOUT = 15.0

REPLIES: list[tuple[str, str, str]] = []  # (where, what was sent, first line of the reply) for the report


class Running:
    """A started bot: `api` is the fake server, `processed` the update ids fully handled."""

    def __init__(self, api: FakeBotAPI, app: App, store: Store, settings: Settings) -> None:
        self.api, self.app, self.store, self.settings = api, app, store, settings
        self.processed: set[int] = set()
        self._changed = asyncio.Event()

    async def handled(self, update_id: int) -> None:
        """Until every handler has run for this update (a probe in the last handler group)."""

        async def wait() -> None:
            while update_id not in self.processed:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(wait(), TIMEOUT)

    async def ask(self, text: str, *, chat: int = USER, user: int = USER, kind: str = "private") -> Call:
        mark = self.api.mark()
        if kind == "private":
            self.api.private_text(user, text)
        elif kind == "group":
            self.api.group_text(chat, user, text)
        else:
            self.api.channel_post(chat, text)
        call = await self.api.wait_for(
            lambda c: c.method == "sendMessage" and c.chat_id == chat and "_injected" not in c.params,
            after=mark,
            timeout=TIMEOUT,
        )
        first = (call.text or call.error or "").splitlines()[0]
        REPLIES.append((kind, text if len(text) < 60 else text[:57] + "...", first))
        return call

    async def press(self, message_call: Call, predicate: Callable[[dict[str, Any]], bool]) -> list[Call]:
        """Press the first button matching `predicate`; the edit (if any) and the callback answer."""
        button = next(b for b in message_call.buttons() if predicate(b))
        return await self.press_data(self.api.message_from(message_call), button["callback_data"])

    async def press_data(self, message: dict[str, Any], data: str) -> list[Call]:
        mark = self.api.mark()
        query_id = self.api.press(message, data, USER)
        await self.api.wait_for(
            lambda c: c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id,
            after=mark,
            timeout=TIMEOUT,
        )
        return self.api.calls[mark:]


async def start_bot(
    api: FakeBotAPI, store: Store, tmp_path: Path, *, request: HTTPXRequest | None = None, **extra: Any
) -> AsyncIterator[Running]:
    settings = make_settings(api.base_url, api.token, tmp_path / "bot.sqlite3", **extra)
    app = build_application(settings, store, rate_limiter=quick_limiter(), request=request)
    running = Running(api, app, store, settings)

    async def probe(update: Update, _: Any) -> None:
        running.processed.add(update.update_id)
        running._changed.set()

    app.add_handler(TypeHandler(Update, probe), group=99)
    stop = asyncio.Event()
    await startup(app)
    task = asyncio.create_task(serve(app, settings, stop, listen="127.0.0.1"))
    try:
        if settings.webhook_url:
            await api.wait_method("setWebhook", timeout=TIMEOUT)
        else:
            await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
        yield running
    finally:
        stop.set()
        await asyncio.wait_for(task, TIMEOUT)
        await shutdown(app)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "bot.sqlite3")
    await build_world(s)
    yield s
    await s.close()


@pytest.fixture
async def bot(api: FakeBotAPI, store: Store, tmp_path: Path) -> AsyncIterator[Running]:
    errors.throttled.reset()
    async for running in start_bot(api, store, tmp_path):
        yield running
    assert api.rejected() == [], [(c.method, c.error) for c in api.rejected()]


COMMANDS = [
    "/start",
    "/help",
    "/who",
    "/who Testova",
    "/who Petrovsky",
    "/meetings Testova",
    "/meetings 2022",
    "/timeline 2022",
    "/search talks",
    "/article w900",
    "/stats",
    "/nonsense",
]


async def test_every_command_in_private_group_and_channel(bot: Running) -> None:
    for text in [*COMMANDS, "Testova", "who met Testova?"]:
        call = await bot.ask(text)
        assert call.ok and call.text
    for text in COMMANDS:
        if text == "/nonsense":
            continue
        name, _, rest = text.partition(" ")
        for form in (text, f"{name}@{bot.api.username} {rest}".strip()):
            call = await bot.ask(form, chat=GROUP, kind="group")
            assert call.ok and call.text
            assert call.params["reply_parameters"]["message_id"]
    admin = await bot.ask("/stats", chat=ADMIN_ID, user=ADMIN_ID)
    assert "Digest subscriptions:" in (admin.text or "")  # the digest's figures, for admins only
    assert "Digest subscriptions:" not in (await bot.ask("/stats")).text
    call = await bot.ask("/stats", chat=CHANNEL, kind="channel")
    assert call.ok and (call.text or "").startswith("What the store holds")
    first_lines = {(k, t): line for k, t, line in REPLIES}
    assert first_lines[("private", "/who Testova")] == "Alma Testova"
    assert first_lines[("group", f"/who@{bot.api.username} Testova")] == "Alma Testova"
    assert first_lines[("private", "/who Petrovsky")].startswith("Who do you mean")
    print("\nREPLIES (where | sent | first line of the reply)")
    for kind, text, line in REPLIES:
        print(f"{kind:8} | {text} | {line}")


async def test_commands_for_other_bots_and_chatter_are_ignored(bot: Running) -> None:
    api = bot.api
    mark = api.mark()
    ignored = [
        api.group_text(GROUP, USER, "/who@OtherBot Testova"),
        api.group_text(GROUP, USER, "Testova is in town"),
        api.channel_post(CHANNEL, "Testova is in town"),
    ]
    for update_id in ignored:
        await bot.handled(update_id)
    assert [c for c in api.calls[mark:] if c.method == "sendMessage"] == []
    assert (await bot.ask("/who@DeskTestBot Testova", chat=GROUP, kind="group")).ok


async def test_paging_by_pressing_buttons_edits_in_place(bot: Running) -> None:
    first = await bot.ask("/meetings Testova")
    assert "page 1 of 3" in (first.text or "")
    # every meeting carries the sentence it was read from, as an expandable quote
    assert any(e["type"] == "expandable_blockquote" for e in first.result.get("entities", []))
    calls = await bot.press(first, lambda b: b["text"] == "▶")
    edits = [c for c in calls if c.method == "editMessageText"]
    assert len(edits) == 1 and edits[0].ok and "page 2 of 3" in (edits[0].text or "")
    assert bot.api.messages[(USER, first.result["message_id"])]["text"] == edits[0].text
    assert not [c for c in calls if c.method == "sendMessage"]
    calls = await bot.press(edits[0], lambda b: b["text"] == "▶")
    last = next(c for c in calls if c.method == "editMessageText")
    assert "page 3 of 3" in (last.text or "")
    assert [b["text"] for b in last.buttons() if b["text"] in "◀▶"] == ["◀"]


async def test_choices_and_forged_buttons(bot: Running) -> None:
    choice = await bot.ask("/who Petrovsky")
    calls = await bot.press(choice, lambda b: b["text"].startswith("Ivan"))
    edit = next(c for c in calls if c.method == "editMessageText")
    assert (edit.text or "").startswith("Ivan Petrovsky")
    message = bot.api.message_from(choice)
    forged = await bot.press_data(message, "c|<b>not a command</b>")
    stale = await bot.press_data(message, "P|2|zzzzzzzzzzzz")
    answers = [c for c in forged + stale if c.method == "answerCallbackQuery"]
    assert [c.params.get("text") for c in answers] == [INVALID, EXPIRED]
    assert all(c.ok for c in answers)


async def test_inline_queries_page_with_next_offset(bot: Running) -> None:
    api = bot.api
    mark = api.mark()
    api.inline_query(USER, "")
    first = await api.wait_method("answerInlineQuery", after=mark, timeout=TIMEOUT)
    assert first.ok and 0 < len(first.params["results"]) <= 50 and first.params["next_offset"]
    mark = api.mark()
    api.inline_query(USER, "", offset=first.params["next_offset"])
    second = await api.wait_method("answerInlineQuery", after=mark, timeout=TIMEOUT)
    assert second.ok and {r["id"] for r in second.params["results"]}.isdisjoint(
        {r["id"] for r in first.params["results"]}
    )
    REPLIES.append(("inline", "@DeskTestBot (empty)", f"{len(first.params['results'])} person cards"))


async def test_429_then_success(bot: Running) -> None:
    bot.api.fail_retry_after("sendMessage", USER, retry_after=1)
    mark = bot.api.mark()
    call = await bot.ask("/stats")
    sends = [c for c in bot.api.calls[mark:] if c.method == "sendMessage"]
    assert [c.status for c in sends] == [429, 200] and call.ok


async def test_timeout_is_retried(api: FakeBotAPI, store: Store, tmp_path: Path) -> None:
    request = HTTPXRequest(read_timeout=0.5, connection_pool_size=16)
    async for _running in start_bot(api, store, tmp_path, request=request):
        api.fail_delay(1.5, "sendMessage", USER)
        mark = api.mark()
        api.private_text(USER, "/stats")
        calls = await api.wait_count(lambda c: c.method == "sendMessage", 2, after=mark, timeout=TIMEOUT)
        assert all(c.ok for c in calls)  # the first answered too late for the client: sent again


async def test_403_is_remembered_and_polling_goes_on(bot: Running) -> None:
    bot.api.fail_blocked(USER + 1)
    update_id = bot.api.private_text(USER + 1, "/help")
    await bot.handled(update_id)
    assert [c.status for c in bot.api.calls_to("sendMessage", USER + 1)] == [403]
    async with bot.store.conn.execute("SELECT status FROM chat_status WHERE chat_id = ?", (USER + 1,)) as cur:
        assert [r[0] for r in await cur.fetchall()] == ["blocked"]
    assert (await bot.ask("/help")).ok


@pytest.mark.parametrize(
    "text",
    [
        "<b>x</b> <a href='javascript:alert(1)'>y</a> & &lt; &bogus; <",
        "Z" * 10_000,
        "🇰🇿😀👩‍👩‍👧" * 500,
        "مرحبا بكم في \u202e\u2067 עברית",
        "/search <i>water</i> & trade",
    ],
)
async def test_hostile_text_is_answered_without_a_400(bot: Running, text: str) -> None:
    call = await bot.ask(text)
    assert call.ok


async def test_token_never_logged(
    api: FakeBotAPI, store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async for running in start_bot(api, store, tmp_path):
        # even if someone turns httpx's request log back on, the URLs it logs are redacted
        logging.getLogger("httpx").setLevel(logging.INFO)
        assert (await running.ask("/who Testova")).ok
        api.fail_server_error("sendMessage", USER)
        assert (await running.ask("/help")).ok
        logging.getLogger("httpx").setLevel(logging.WARNING)
    token = api.token
    secret_part = token.split(":", 1)[1]
    assert caplog.records
    assert any("<redacted>" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        assert token not in text and secret_part not in text
    assert any(r.getMessage().startswith("update ") for r in caplog.records)


async def test_conflict_is_one_line_not_a_traceback_loop(
    bot: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot.api.fail_conflict(times=2)
    mark = bot.api.mark()
    await bot.ask("/stats")  # answers the long poll in flight; the next two polls meet the conflict
    await bot.api.wait_count(
        lambda c: c.method == "getUpdates" and c.status == 409, 2, after=mark, timeout=TIMEOUT
    )
    assert (await bot.ask("/help")).ok  # polling resumed after the conflicts
    lines = [r for r in caplog.records if "another instance" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert not [r for r in caplog.records if r.exc_info]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_mode_checks_the_secret(api: FakeBotAPI, store: Store, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    async for running in start_bot(api, store, tmp_path, webhook_url=url, port=port):
        assert api.webhook is not None and api.webhook["url"] == url
        secret = webhook_secret(running.settings, api.token)
        assert api.webhook["secret_token"] == secret and api.token not in secret
        call = await running.ask("/who Testova")
        assert call.ok and (call.text or "").startswith("Alma Testova")
        async with aiohttp.ClientSession() as session:
            forged = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 1, "type": "private"},
                    "text": "/stats",
                },
            }
            async with session.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            ) as r:
                assert r.status == 403
            async with session.post(url, json=forged) as r:
                assert r.status == 403


# ---- run(): what `python -m bot run` does ----------------------------------------------------------


async def test_run_without_token_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings("http://127.0.0.1:9/bot", "", tmp_path / "bot.sqlite3")
    settings.telegram_bot_token = None
    assert await run(settings) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "TELEGRAM_BOT_TOKEN" in err[0]


async def test_run_with_refused_token_is_one_line_and_exit_2(
    api: FakeBotAPI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "111111:AAThisTokenIsNotKnownToTheServer"
    settings = make_settings(api.base_url, wrong, tmp_path / "bot.sqlite3")
    assert await run(settings) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "refused" in err[0] and wrong not in err[0]


async def test_run_polls_answers_and_stops_on_sigterm(api: FakeBotAPI, store: Store, tmp_path: Path) -> None:
    settings = make_settings(api.base_url, api.token, Path(store.path))
    task = asyncio.create_task(run(settings))
    await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
    assert {"all_private_chats", "all_group_chats"} <= set(api.commands)
    mark = api.mark()
    api.private_text(USER, "/who Testova")
    call = await api.wait_method("sendMessage", after=mark, timeout=TIMEOUT)
    assert (call.text or "").startswith("Alma Testova")
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(task, TIMEOUT) == 0
    # the last getUpdates confirmed what was handled: nothing is fetched twice after a restart
    assert not api.updates


async def test_stop_finishes_the_update_in_hand(
    api: FakeBotAPI, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.telegram import handlers

    entered, release = asyncio.Event(), asyncio.Event()
    real_answer = handlers.answers.answer

    async def slow_answer(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        await release.wait()
        return await real_answer(*args, **kwargs)

    monkeypatch.setattr(handlers.answers, "answer", slow_answer)
    settings = make_settings(api.base_url, api.token, tmp_path / "bot.sqlite3")
    app = build_application(settings, store, rate_limiter=quick_limiter())
    stop = asyncio.Event()
    await startup(app)
    serving = asyncio.create_task(serve(app, settings, stop, listen="127.0.0.1"))
    await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
    api.private_text(USER, "/stats")
    await asyncio.wait_for(entered.wait(), TIMEOUT)  # the answer is being worked out ...

    async def stop_everything() -> None:
        stop.set()
        await serving
        await shutdown(app)

    stopping = asyncio.create_task(stop_everything())
    mark = api.mark()
    # ... when the stop begins: the updater confirms what it fetched and stops fetching
    await api.wait_for(lambda c: c.method == "getUpdates", after=mark, timeout=TIMEOUT)
    assert not stopping.done()
    release.set()
    await asyncio.wait_for(stopping, TIMEOUT)
    sent = api.calls_to("sendMessage", USER)
    assert len(sent) == 1 and sent[0].ok and (sent[0].text or "").startswith("What the store holds")
