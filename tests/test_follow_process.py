"""Follows end to end: the real worker (`python -m bot run`) against the fake Bot API over HTTP, articles
ingested by another process (`python -m bot ingest`), the store read back with sqlite3.

Follow by each kind (person, ambiguous person by button, country, demonym, organisation, quoted words, in a
group by an admin), the alert with its evidence sentence and the person's meeting, unfollowed and paused
chats, the hourly cap, exactly once over a kill -9 between claim and send and over two workers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakebotapi import Call, FakeBotAPI
from follow_support import (
    NEWS,
    OTHER,
    TIMEOUT,
    TREATY,
    alerts,
    cli,
    env_for,
    ingest,
    start_worker,
    stop,
    wait_db,
    wait_value,
)

PERSON, COUNTRY, PHRASE, DEMONYM, AMBIGUOUS, UNFOLLOWED, PAUSED, ORG = 701, 702, 703, 704, 705, 706, 707, 708
GROUP, ADMIN, MEMBER = -100555, 801, 802


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


def alerts_to(api: FakeBotAPI, chat_id: int) -> list[Call]:
    return [c for c in api.calls_to("sendMessage", chat_id) if c.ok and (c.text or "").startswith("🔔")]


async def say(api: FakeBotAPI, chat_id: int, text: str, *, user: int | None = None) -> Call:
    mark = api.mark()
    if chat_id < 0:
        api.group_text(chat_id, user or ADMIN, text)
    else:
        api.private_text(chat_id, text)
    return await api.wait_method("sendMessage", chat_id=chat_id, after=mark, ok=True, timeout=TIMEOUT)


async def test_follow_each_kind_and_alert_from_another_process(api: FakeBotAPI, tmp_path: Path) -> None:
    env = env_for(tmp_path, api.base_url, api.token)
    db = Path(env["BOT_DB_PATH"])
    worker = await start_worker(tmp_path, env)
    try:
        await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
        assert "Following Aidar Temirov (person)" in ((await say(api, PERSON, "/follow Temirov")).text or "")
        assert "Following Norway (state or organisation)" in ((await say(api, COUNTRY, "/follow Norway")).text or "")
        assert "Following “Water Treaty” (words)" in (
            (await say(api, PHRASE, '/follow "Water  Treaty"')).text or "")
        assert "Following Kazakhstan" in ((await say(api, DEMONYM, "/follow Kazakh")).text or "")
        assert "Following United Nations" in ((await say(api, ORG, "/follow UN")).text or "")
        # a name that fits two people: a choice, and the button follows the one picked
        choice = await say(api, AMBIGUOUS, "/follow Petrovsky")
        assert "fits several people" in (choice.text or "")
        olga = next(b for b in choice.buttons() if "Olga" in b["text"])
        assert len(olga["callback_data"].encode()) <= 64
        mark = api.mark()
        api.press(api.message_from(choice), olga["callback_data"], AMBIGUOUS)
        edited = await api.wait_method("editMessageText", chat_id=AMBIGUOUS, after=mark, ok=True, timeout=TIMEOUT)
        assert "Following Olga Petrovsky" in (edited.text or "")
        # a group: members may not, admins may
        api.set_member(GROUP, ADMIN, "administrator")
        api.set_member(GROUP, MEMBER, "member")
        denied = await say(api, GROUP, "/follow Temirov", user=MEMBER)
        assert "Only this group's administrators" in (denied.text or "")
        assert "Following Aidar Temirov" in ((await say(api, GROUP, "/follow Temirov")).text or "")
        # followed, then unfollowed; followed, then the chat blocks the bot
        await say(api, UNFOLLOWED, "/follow Temirov")
        assert "No more alerts here for Aidar Temirov" in (
            (await say(api, UNFOLLOWED, "/unfollow temirov")).text or "")
        await say(api, PAUSED, "/follow Temirov")
        listing = await say(api, PAUSED, "/following")
        assert "1. Aidar Temirov — person" in (listing.text or "")
        api.my_chat_member(PAUSED, PAUSED, "member", "kicked", chat_type="private")
        await wait_value(db, "SELECT status FROM follow_chats WHERE chat_id = ?", (PAUSED,), "paused")

        # another process reads a new article while the worker runs
        await ingest(tmp_path, env, {"inv100.txt": NEWS})
        for chat in (PERSON, COUNTRY, PHRASE, DEMONYM, AMBIGUOUS, GROUP):
            await api.wait_for(lambda c, chat=chat: c.method == "sendMessage" and c.chat_id == chat and c.ok
                               and (c.text or "").startswith("🔔"), timeout=TIMEOUT)
        person = alerts_to(api, PERSON)[0].text or ""
        assert "Temirov and Eriksen sign a water treaty in Oslo" in person
        assert "Foreign Minister of Kazakhstan Aidar Temirov met Deputy Foreign Minister of Norway" in person
        assert "🤝" in person and "Oslo" in person  # the meeting the article reports for him
        assert "21 Nov 2026" in person
        assert "They signed the water treaty after two days of talks." in (alerts_to(api, PHRASE)[0].text or "")
        assert "Olga Petrovsky welcomed the agreement." in (alerts_to(api, AMBIGUOUS)[0].text or "")
        assert "Jonas Eriksen" in (alerts_to(api, COUNTRY)[0].text or "")
        # one alert per (chat, article) however many followed things it names
        for chat in (PERSON, COUNTRY, PHRASE, DEMONYM, AMBIGUOUS, GROUP):
            await wait_db(db, lambda rows, chat=chat: any(r[0] == chat and r[2] == "sent" for r in rows))
            assert len(alerts_to(api, chat)) == 1
        # nothing names the United Nations; the unfollowed chat gets nothing; the paused one waits
        assert alerts_to(api, ORG) == [] and alerts(db, ORG) == []
        assert alerts_to(api, UNFOLLOWED) == [] and alerts(db, UNFOLLOWED) == []
        assert alerts_to(api, PAUSED) == []
        assert [r[2] for r in alerts(db, PAUSED)] == ["pending"]
        # the user unblocks the bot: what waited arrives, nothing was lost
        api.my_chat_member(PAUSED, PAUSED, "kicked", "member", chat_type="private")
        await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == PAUSED and c.ok
                           and (c.text or "").startswith("🔔"), timeout=TIMEOUT)
        await wait_db(db, lambda rows: [r[2] for r in rows if r[0] == PAUSED] == ["sent"])
        # an article read before the chat followed does not alert
        assert all(r[1] == "inv100" for r in alerts(db))
        assert await stop(worker) == 0
    finally:
        await stop(worker, kill=True)
    assert api.rejected() == [], [(c.method, c.error) for c in api.rejected()]
    log = (tmp_path / "worker.log").read_text(encoding="utf-8")
    assert api.token not in log and "Traceback" not in log


async def test_hourly_cap_rolls_the_rest_into_one_message(api: FakeBotAPI, tmp_path: Path) -> None:
    env = env_for(tmp_path, api.base_url, api.token, BOT_ALERTS_PER_HOUR="2")
    db = Path(env["BOT_DB_PATH"])
    worker = await start_worker(tmp_path, env)
    try:
        await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
        await say(api, PHRASE, '/follow "water treaty"')
        await ingest(tmp_path, env, {f"water{n}.txt": TREATY.format(n=n, day=n) for n in range(1, 6)})
        await wait_db(db, lambda rows: len(rows) == 5 and all(r[2] in {"sent", "rolled"} for r in rows))
        sent = alerts_to(api, PHRASE)
        assert len(sent) == 3  # two alerts and one "and 3 more"
        assert "Water treaty talks, round 1" in (sent[0].text or "")
        assert "Water treaty talks, round 2" in (sent[1].text or "")
        rolled = sent[2].text or ""
        assert rolled.startswith("🔔 …and 3 more articles") and "at most 2 alerts an hour" in rolled
        assert all(f"round {n}" in rolled for n in (3, 4, 5))
        assert sorted(r[2] for r in alerts(db)) == ["rolled"] * 3 + ["sent"] * 2
        # more in the same hour: they wait (the hour's alerts and roll-up are spent)
        await ingest(tmp_path, env, {"inv300.txt": TREATY.format(n=6, day=6)})
        await wait_db(db, lambda rows: any(r[1] == "inv300" and r[2] == "pending" for r in rows))
        await say(api, PHRASE, "/following")  # the worker is alive and answering
        assert len(alerts_to(api, PHRASE)) == 3
    finally:
        await stop(worker, kill=True)


async def test_exactly_once_over_kill_between_claim_and_send(api: FakeBotAPI, tmp_path: Path) -> None:
    """The first worker claims the alert, Telegram answers 429 (nothing delivered) and, while it waits to
    retry, the worker is killed with SIGKILL.  A new worker takes the stale claim over and sends it: once."""
    env = env_for(tmp_path, api.base_url, api.token, BOT_ALERTS_STALE_SECONDS="2")
    db = Path(env["BOT_DB_PATH"])
    worker = await start_worker(tmp_path, env, "first")
    try:
        await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
        await say(api, PERSON, "/follow Temirov")
        api.fail_retry_after(chat_id=PERSON, times=1, retry_after=120)
        mark = api.mark()
        await ingest(tmp_path, env, {"inv100.txt": NEWS})
        refused = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == PERSON
                                     and c.status == 429, after=mark, timeout=TIMEOUT)
        assert str(refused.params["text"]).startswith("🔔")
        assert [r[2] for r in alerts(db, PERSON)] == ["claimed"]
        assert await stop(worker, kill=True) == -9
        assert [r[2] for r in alerts(db, PERSON)] == ["claimed"]  # claimed, never delivered

        worker = await start_worker(tmp_path, env, "second")
        await wait_db(db, lambda rows: [r[2] for r in rows if r[0] == PERSON] == ["sent"])
        delivered = alerts_to(api, PERSON)
        assert len(delivered) == 1 and "Aidar Temirov" in (delivered[0].text or "")
        assert delivered[0].params["text"] == refused.params["text"]  # the message fixed at the claim
        assert alerts(db, PERSON)[0][3] == 2  # claimed twice: the first time and the take-over
        await say(api, PERSON, "/following")
        assert len(alerts_to(api, PERSON)) == 1
    finally:
        await stop(worker, kill=True)


async def test_two_workers_on_one_store_send_each_alert_once(api: FakeBotAPI, tmp_path: Path) -> None:
    env = env_for(tmp_path, api.base_url, api.token)
    db = Path(env["BOT_DB_PATH"])
    chats = [901, 902, 903, -100904]
    code, out = await cli(tmp_path, env, "follow", str(chats[0]), "Temirov")  # creates the store too
    assert code == 0 and "Following Aidar Temirov" in out, out
    for chat, what in zip(chats[1:], ["Chile", '"trade fair"', "Petrovsky"], strict=True):
        code, out = await cli(tmp_path, env, "follow", str(chat), what)
        if what == "Petrovsky":  # ambiguous on the command line too: the choices are printed
            assert code == 0 and "fits several people" in out and "[/follow #" in out
            pid = out.split("Ivan Petrovsky (Chile)  [/follow #", 1)[1].split("]", 1)[0]
            code, out = await cli(tmp_path, env, "follow", str(chat), f"#{pid}")
        assert code == 0, out
    code, out = await cli(tmp_path, env, "following")
    assert f"{chats[3]} person: Ivan Petrovsky" in out and f"{chats[2]} phrase: trade fair" in out
    first = await start_worker(tmp_path, env, "one")
    second = await start_worker(tmp_path, env, "two")
    try:
        await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
        files = {"inv100.txt": NEWS, **{f"inv2{n}.txt": OTHER.format(n=200 + n, day=10 + n) for n in range(3)}}
        await ingest(tmp_path, env, files)
        # Temirov: 1 article; Chile and "trade fair" and Ivan Petrovsky: the three fair articles
        expected = {901: 1, 902: 3, 903: 3, -100904: 3}
        await wait_db(db, lambda rows: len(rows) == 10 and all(r[2] == "sent" for r in rows))
        for chat, n in expected.items():
            sent = alerts_to(api, chat)
            assert len(sent) == n, (chat, [c.text for c in sent])
            assert len({(c.text or "").splitlines()[-1] for c in sent}) == n  # n different articles (/article ID)
    finally:
        await stop(first, kill=True)
        await stop(second, kill=True)
    logs = (tmp_path / "one.log").read_text() + (tmp_path / "two.log").read_text()
    assert "Traceback" not in logs


async def test_digest_only_followed_and_empty_digest(api: FakeBotAPI, tmp_path: Path) -> None:
    """/digest only followed in the worker; the next digest (sent at start, as a missed one) carries only
    articles about what the chat follows; with nothing followed in it, the empty-digest setting applies."""
    env = env_for(tmp_path, api.base_url, api.token, BOT_DIGEST_WHEN_EMPTY="skip")
    db = Path(env["BOT_DB_PATH"])
    focused, quiet, everything = 711, 712, 713
    worker = await start_worker(tmp_path, env, "first")
    try:
        await api.wait_received(lambda c: c.method == "getUpdates", timeout=TIMEOUT)
        for chat in (focused, quiet, everything):
            assert "Subscribed" in ((await say(api, chat, "/subscribe 00:00 UTC")).text or "")
        await say(api, focused, "/follow Temirov")
        await say(api, quiet, '/follow "glacier"')
        for chat in (focused, quiet):
            reply = await say(api, chat, "/digest only followed")
            assert "only articles and events about what this chat follows" in (reply.text or "")
        shown = await say(api, focused, "/settings")
        assert "Digest content: only what this chat follows" in (shown.text or "")
        assert "Following: Aidar Temirov" in (shown.text or "")
        files = {"inv100.txt": NEWS, "inv201.txt": OTHER.format(n=201, day=11)}
        await ingest(tmp_path, env, files)
        preview = await say(api, focused, "/digest")
        assert "Temirov and Eriksen sign a water treaty" in (preview.text or "")
        assert "Chilean envoy" not in (preview.text or "")
        assert await stop(worker) == 0
        # today's 00:00 UTC digest is due and missed: the next start sends it
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE subscriptions SET subscribed_at = '2026-01-01T00:00:00+00:00',"
                         " active_since = '2026-01-01T00:00:00+00:00'")
            # read an hour ago: a digest's window ends at the whole second it starts, not inside this one
            conn.execute("UPDATE articles SET ingested_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', ingested_at,"
                         " '-1 hour')")
        mark = api.mark()
        worker = await start_worker(tmp_path, env, "second")
        await wait_value(db, "SELECT count(*) FROM digest_deliveries WHERE status IN ('sent', 'empty')", (), 3)
        digests = {chat: [c.text or "" for c in api.calls[mark:] if c.method == "sendMessage"
                          and c.chat_id == chat and c.ok and (c.text or "").startswith("Diplomacy digest")]
                   for chat in (focused, quiet, everything)}
        assert len(digests[focused]) == 1
        assert "Temirov and Eriksen sign a water treaty" in digests[focused][0]
        assert "Chilean envoy" not in digests[focused][0]
        assert digests[quiet] == []  # nothing it follows: skipped, as digest_when_empty says
        with sqlite3.connect(db) as conn:
            status = conn.execute("SELECT status FROM digest_deliveries WHERE chat_id = ?", (quiet,)).fetchone()
        assert status == ("empty",)
        assert len(digests[everything]) == 1
        assert "Chilean envoy" in digests[everything][0] and "Temirov and Eriksen" in digests[everything][0]
    finally:
        await stop(worker, kill=True)
