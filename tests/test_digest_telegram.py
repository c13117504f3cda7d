"""The digest's Telegram commands in the real Application (build_application, the front end's handlers
included) over the fake Bot API's in-process transport: who may subscribe where, topics, channels,
membership changes, bad input."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import Call, FakeBotAPI, InProcessRequest
from telegram import Update
from test_digest_support import add_article
from test_telegram_world import make_settings, quick_limiter

from bot.digest.deliver import Outcome
from bot.digest.schedule import JOB_PREFIX
from bot.digest.subscriptions import get_subscription, list_subscriptions, upsert_subscription
from bot.digest.timeparse import DigestTime
from bot.store.db import Store
from bot.telegram.app import App, build_application, serve, shutdown, startup
from bot.telegram.digest_handlers import DigestHandlers

USER, ADMIN, GROUP, CHANNEL = 501, 502, -100200300, -100900800


class Harness:
    def __init__(self, api: FakeBotAPI, app: App, store: Store) -> None:
        self.api, self.app, self.store = api, app, store

    @property
    def digest(self) -> DigestHandlers:
        handlers = self.app.bot_data["digest"]
        assert isinstance(handlers, DigestHandlers)
        return handlers

    async def feed(self) -> list[Call]:
        mark = self.api.mark()
        while self.api.updates:
            await self.app.process_update(Update.de_json(self.api.updates.popleft(), self.app.bot))
        return self.api.calls[mark:]

    def replies(self, calls: list[Call], chat_id: int) -> list[str]:
        return [c.text or "" for c in calls if c.method == "sendMessage" and c.chat_id == chat_id and c.ok]


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    store = await Store.open(tmp_path / "bot.sqlite3")
    api = FakeBotAPI()
    settings = make_settings(api.base_url, api.token, tmp_path / "bot.sqlite3")
    app = build_application(
        settings, store, rate_limiter=quick_limiter(),
        request=InProcessRequest(api), get_updates_request=InProcessRequest(api),
    )
    await startup(app)
    try:
        yield Harness(api, app, store)
    finally:
        await shutdown(app)
        await store.close()
        assert api.rejected() == [], [(c.method, c.error) for c in api.rejected()]


async def test_private_subscribe_settings_unsubscribe(h: Harness) -> None:
    h.api.private_text(USER, "/subscribe 07:45 europe/berlin")
    (reply,) = h.replies(await h.feed(), USER)
    assert "Subscribed: a daily digest at 07:45 Europe/Berlin." in reply
    assert "Next: " in reply and ("CET" in reply or "CEST" in reply)
    sub = await get_subscription(h.store.conn, USER)
    assert sub is not None
    assert (sub.chat_type, sub.thread_id, sub.created_by) == ("private", None, f"user:{USER}")
    job = h.app.job_queue.scheduler.get_job(f"{JOB_PREFIX}{USER}")  # type: ignore[union-attr]
    assert job is not None and str(job.trigger.timezone) == "Europe/Berlin"

    h.api.private_text(USER, "/settings")
    (shown,) = h.replies(await h.feed(), USER)
    assert shown.startswith("🗓 Daily digest at 07:45 Europe/Berlin (UTC+01:00") or "UTC+02:00" in shown
    assert "Next: " in shown

    h.api.private_text(USER, "/unsubscribe")
    assert h.replies(await h.feed(), USER) == ["Unsubscribed: no more daily digests here."]
    assert await get_subscription(h.store.conn, USER) is None
    assert h.app.job_queue.scheduler.get_job(f"{JOB_PREFIX}{USER}") is None  # type: ignore[union-attr]
    h.api.private_text(USER, "/settings")
    assert "No daily digest here yet" in h.replies(await h.feed(), USER)[0]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("/subscribe 25:61", "can't read “25:61” as a time"),
        ("/subscribe 08:00 Atlantis/Lost", "don't know the time zone “Atlantis/Lost”"),
        ("/subscribe <b>&amp;</b>", "don't know the time zone “<b>&amp;</b>”"),
        ("/subscribe UTC+99", "between -12 and +14"),
    ],
)
async def test_bad_input_is_answered_and_changes_nothing(h: Harness, text: str, says: str) -> None:
    h.api.private_text(USER, text)
    (reply,) = h.replies(await h.feed(), USER)
    assert says in reply and "e.g. /subscribe 08:30 Europe/Berlin" in reply
    assert await list_subscriptions(h.store.conn) == []


async def test_group_members_may_not_subscribe_admins_may(h: Harness) -> None:
    h.api.group_text(GROUP, USER, "/subscribe 09:00")
    denied = "Only this group's administrators can change its daily digest."
    assert h.replies(await h.feed(), GROUP) == [denied]
    assert await get_subscription(h.store.conn, GROUP) is None

    h.api.set_member(GROUP, ADMIN, "administrator")
    h.api.group_text(GROUP, ADMIN, "/subscribe@DeskTestBot 09:00 Asia/Almaty")
    calls = await h.feed()
    assert [c.params.get("user_id") for c in calls if c.method == "getChatMember"] == [ADMIN]
    assert "Subscribed" in h.replies(calls, GROUP)[0]
    sub = await get_subscription(h.store.conn, GROUP)
    assert sub is not None and sub.chat_type == "supergroup" and sub.created_by == f"user:{ADMIN}"

    h.api.group_text(GROUP, USER, "/unsubscribe")  # a plain member cannot stop it either
    assert "administrators" in h.replies(await h.feed(), GROUP)[0]
    assert await get_subscription(h.store.conn, GROUP) is not None

    h.api.set_member(GROUP, 777, "creator")
    h.api.group_text(GROUP, 777, "/unsubscribe")
    assert h.replies(await h.feed(), GROUP) == ["Unsubscribed: no more daily digests here."]


async def test_anonymous_admin_posting_as_the_group_may_subscribe(h: Harness) -> None:
    group_chat = h.api.chat(GROUP, "supergroup")
    h.api.group_text(GROUP, 0, "/subscribe 10:00 UTC", sender_chat=group_chat)
    calls = await h.feed()
    assert "Subscribed" in h.replies(calls, GROUP)[0]
    assert not [c for c in calls if c.method == "getChatMember"]
    other_channel = {"id": -100111, "type": "channel", "title": "Some channel"}
    h.api.group_text(-100222, 0, "/subscribe", sender_chat=other_channel)  # posting as another chat
    assert "administrators" in h.replies(await h.feed(), -100222)[0]


async def test_forum_topic_gets_the_digest_in_its_topic(h: Harness) -> None:
    h.api.set_member(GROUP, ADMIN, "administrator")
    h.api.group_text(GROUP, ADMIN, "/subscribe 08:00 UTC", message_thread_id=77)
    calls = await h.feed()
    (reply,) = [c for c in calls if c.method == "sendMessage"]
    assert reply.params.get("message_thread_id") == 77 and "in this topic" in (reply.text or "")
    sub = await get_subscription(h.store.conn, GROUP)
    assert sub is not None and sub.thread_id == 77
    await add_article(h.store, ingested_at=datetime.now(UTC) - timedelta(hours=1), title="An invented item")
    mark = h.api.mark()
    assert await h.digest.deliverer.deliver(GROUP) == Outcome.SENT
    (post,) = [c for c in h.api.calls[mark:] if c.method == "sendMessage"]
    assert post.ok and post.params.get("message_thread_id") == 77 and "An invented item" in (post.text or "")


async def test_channel_post_subscribes_the_channel(h: Harness) -> None:
    h.api.channel_post(CHANNEL, "/subscribe 06:30 UTC+3")
    calls = await h.feed()
    assert "Subscribed: a daily digest at 06:30 UTC+03:00." in h.replies(calls, CHANNEL)[0]
    sub = await get_subscription(h.store.conn, CHANNEL)
    assert sub is not None and sub.chat_type == "channel" and sub.created_by == "channel"
    h.api.channel_post(CHANNEL, "/subscribe@OtherBot 07:00")  # not for us
    assert h.replies(await h.feed(), CHANNEL) == []
    sub = await get_subscription(h.store.conn, CHANNEL)
    assert sub is not None and sub.at == "06:30"


async def test_removed_or_blocked_pauses_and_subscribing_again_resumes(h: Harness) -> None:
    h.api.private_text(USER, "/subscribe")
    await h.feed()
    h.api.set_member(GROUP, ADMIN, "administrator")
    h.api.group_text(GROUP, ADMIN, "/subscribe")
    await h.feed()
    h.api.my_chat_member(USER, USER, "member", "kicked", chat_type="private")
    h.api.my_chat_member(GROUP, ADMIN, "member", "left")
    await h.feed()
    private, group = await get_subscription(h.store.conn, USER), await get_subscription(h.store.conn, GROUP)
    assert private is not None and private.status == "paused"
    assert private.paused_reason == "blocked by the user"
    assert group is not None and group.status == "paused"
    assert await h.digest.deliverer.deliver(USER) == Outcome.SKIPPED

    h.api.my_chat_member(GROUP, ADMIN, "left", "member")  # added back: still paused until /subscribe
    await h.feed()
    group = await get_subscription(h.store.conn, GROUP)
    assert group is not None and group.status == "paused"
    h.api.group_text(GROUP, ADMIN, "/settings")
    assert "Paused" in h.replies(await h.feed(), GROUP)[0]
    h.api.group_text(GROUP, ADMIN, "/subscribe")
    assert "Resumed" in h.replies(await h.feed(), GROUP)[0]
    group = await get_subscription(h.store.conn, GROUP)
    assert group is not None and group.status == "active"


async def test_digest_command_previews_without_counting_as_sent(h: Harness) -> None:
    h.api.private_text(USER, "/digest")
    (empty,) = h.replies(await h.feed(), USER)
    assert empty.startswith("Nothing new for this chat right now")
    await add_article(h.store, ingested_at=datetime.now(UTC) - timedelta(hours=2),
                      title='Envoys <meet> & "talk"', url="https://news.example.org/x?a=1&b=2")
    h.api.private_text(USER, "/subscribe")
    await h.feed()
    h.api.private_text(USER, "/digest")
    (preview,) = h.replies(await h.feed(), USER)
    assert 'Envoys <meet> & "talk"' in preview
    async with h.store.conn.execute("SELECT count(*) FROM digest_deliveries") as cur:
        row = await cur.fetchone()
    assert row is not None and row[0] == 0
    assert await h.digest.deliverer.deliver(USER) == Outcome.SENT  # the real one still comes


async def test_group_upgraded_to_supergroup_keeps_its_subscription(h: Harness) -> None:
    old, new = -4455, -1004455
    h.api.set_member(old, ADMIN, "administrator")
    h.api.group_text(old, ADMIN, "/subscribe 12:00 UTC", chat_type="group")
    await h.feed()
    h.api.push_update({"message": {"message_id": 99, "date": int(time.time()),
                                   "chat": h.api.chat(old, "group"), "migrate_to_chat_id": new}})
    await h.feed()
    assert await get_subscription(h.store.conn, old) is None
    moved = await get_subscription(h.store.conn, new)
    assert moved is not None and moved.at == "12:00" and moved.chat_type == "supergroup"


async def test_start_schedules_from_sqlite_and_sends_what_was_missed_today(tmp_path: Path) -> None:
    """The worker was down at the chat's hour: at start the JobQueue rebuilds the schedule from SQLite and
    posts today's digest; a job fired later by the JobQueue sends nothing twice."""
    store = await Store.open(tmp_path / "bot.sqlite3")
    now = datetime.now(UTC)
    offset = 12 - now.hour  # a zone where it is now about noon, so 11:00 today has passed
    zone = f"UTC{'+' if offset >= 0 else '-'}{abs(offset):02d}:00" if offset else "UTC"
    await upsert_subscription(store, USER, DigestTime("11:00", zone), now - timedelta(days=2))
    await add_article(store, ingested_at=now - timedelta(hours=5), title="An invented ministerial")
    api = FakeBotAPI()
    settings = make_settings(api.base_url, api.token, tmp_path / "bot.sqlite3")
    app = build_application(settings, store, rate_limiter=quick_limiter(),
                            request=InProcessRequest(api), get_updates_request=InProcessRequest(api))
    try:
        await startup(app)
        call = await api.wait_method("sendMessage", chat_id=USER, ok=True)
        assert "An invented ministerial" in (call.text or "")
        assert app.job_queue is not None
        aps_job = app.job_queue.scheduler.get_job(f"{JOB_PREFIX}{USER}")
        assert aps_job is not None and {j.name for j in app.job_queue.jobs()} >= {"digest sweep"}
        await aps_job.func(*aps_job.args, **aps_job.kwargs)  # the cron job firing, as PTB runs it
        assert len(api.sent_texts(USER)) == 1
    finally:
        await shutdown(app)
        await store.close()


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_end_to_end_over_http_with_long_polling(tmp_path: Path) -> None:
    """The production path: the worker polls the fake server over HTTP, a channel admin posts /subscribe,
    and the digest goes out through the application's own bot (its rate limiter and retries included),
    after one 429 from the server."""
    store = await Store.open(tmp_path / "bot.sqlite3")
    await add_article(store, ingested_at=datetime.now(UTC) - timedelta(hours=1), title="An invented treaty")
    async with FakeBotAPI() as api:
        settings = make_settings(api.base_url, api.token, tmp_path / "bot.sqlite3")
        app = build_application(settings, store, rate_limiter=quick_limiter())
        stop = asyncio.Event()
        serving: asyncio.Task[None] | None = None
        try:
            await startup(app)
            serving = asyncio.create_task(serve(app, settings, stop))
            api.channel_post(CHANNEL, "/subscribe 09:00 UTC")
            reply = await api.wait_method("sendMessage", chat_id=CHANNEL, ok=True)
            assert "Subscribed" in (reply.text or "")
            api.fail_retry_after(chat_id=CHANNEL, times=1, retry_after=1)
            handlers = app.bot_data["digest"]
            assert isinstance(handlers, DigestHandlers)
            assert await handlers.deliverer.deliver(CHANNEL) == Outcome.SENT
            posts = [c for c in api.calls_to("sendMessage", CHANNEL) if c.ok]
            assert len(posts) == 2 and "An invented treaty" in (posts[1].text or "")
            assert [c.status for c in api.calls_to("sendMessage", CHANNEL)].count(429) == 1
        finally:
            stop.set()
            await shutdown(app)
            await store.close()
        if serving is not None:
            await serving
        assert api.rejected() == []
