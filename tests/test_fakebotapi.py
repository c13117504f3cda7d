"""The fake Bot API server answers like Telegram: what passes here would pass there, what fails fails."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from fakebotapi import EntityParseError, FakeBotAPI, RateLimits, detect_entities, parse_html
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle
from telegram import InputTextMessageContent as Content
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, RetryAfter, TimedOut
from telegram.request import HTTPXRequest


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=2.0, connect_timeout=2.0)
    b = Bot(api.token, base_url=api.base_url, request=request, get_updates_request=HTTPXRequest())
    async with b:
        yield b


# ---- HTML parsing ---------------------------------------------------------------------------------


def test_allowed_tags_parse_to_plain_text_and_entities() -> None:
    text, entities = parse_html(
        '<b>Bold</b> &amp; <a href="https://example.org/?a=1&amp;b=2">link</a> 😀<i>x</i>'
    )
    assert text == "Bold & link 😀x"
    kinds = [(e["type"], e["offset"], e["length"]) for e in entities]
    # the emoji counts two UTF-16 units, as in Telegram's offsets
    assert kinds == [("bold", 0, 4), ("text_link", 7, 4), ("italic", 14, 1)]
    assert entities[1]["url"] == "https://example.org/?a=1&b=2"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("<b>never closed", "Can't find end tag"),
        ("<b><i>crossed</b></i>", "Unmatched end tag"),
        ("1 < 2", "Unsupported start tag"),
        ("Smith & Jones", "Character '&' is reserved"),
        ("&nbsp;", "Character '&' is reserved"),
        ("<br>", 'Unsupported start tag "br"'),
        ('<span class="x">s</span>', "tg-spoiler"),
        ("</b>", "Unexpected end tag"),
    ],
)
def test_bad_html_is_refused_like_telegram(source: str, fragment: str) -> None:
    with pytest.raises(EntityParseError, match=fragment):
        parse_html(source)


def test_escaped_text_and_numeric_entities_pass() -> None:
    text, _ = parse_html("a &lt;b&gt; &quot;c&quot; &#33; &#x1F600; >")
    assert text == 'a <b> "c" ! 😀 >'


def test_incoming_commands_and_mentions_get_entities() -> None:
    ents = detect_entities("/who@SomeBot Ann and @someone_else")
    assert [(e["type"], e["offset"], e["length"]) for e in ents] == [
        ("bot_command", 0, 12),
        ("mention", 21, 13),
    ]


# ---- methods through the real python-telegram-bot client -----------------------------------------


async def test_get_me_and_wrong_token(api: FakeBotAPI, bot: Bot) -> None:
    assert bot.username == api.username
    other = Bot("987654321:AAWrongTokenWrongTokenWrong", base_url=api.base_url)
    with pytest.raises(InvalidToken):
        await other.initialize()


async def test_send_message_validates_html_length_and_buttons(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(42, "<b>Hi</b> &amp; bye", parse_mode="HTML")
    assert sent.text == "Hi & bye"
    assert sent.entities[0].type == "bold"
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(42, "Tom & Jerry <3", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(42, "x" * 4097)
    # 4096 characters after parsing pass, though the HTML source is longer
    await bot.send_message(42, "<b>" + "y" * 4096 + "</b>", parse_mode="HTML")
    # emoji outside the BMP count twice
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(42, "😀" * 2049)
    long_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(42, "buttons", reply_markup=long_data)
    ok_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="д" * 32)]])  # 64 bytes
    await bot.send_message(42, "buttons", reply_markup=ok_data)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(42, "<b> </b>", parse_mode="HTML")
    assert [c.status for c in api.calls_to("sendMessage")] == [200, 400, 400, 200, 400, 400, 200, 400]
    assert len(api.rejected()) == 5


async def test_edit_in_place_and_not_modified(api: FakeBotAPI, bot: Bot) -> None:
    msg = await bot.send_message(7, "page 1")
    edited = await bot.edit_message_text("page 2", chat_id=7, message_id=msg.message_id)
    assert isinstance(edited, object) and api.messages[(7, msg.message_id)]["text"] == "page 2"
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("page 2", chat_id=7, message_id=msg.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("page 3", chat_id=7, message_id=999)


async def test_inline_answers_limited_to_fifty(api: FakeBotAPI, bot: Bot) -> None:
    def results(n: int) -> list[InlineQueryResultArticle]:
        return [InlineQueryResultArticle(str(i), f"Person {i}", Content(f"card {i}")) for i in range(n)]

    qid = api.inline_query(5, "ann")
    with pytest.raises(BadRequest, match=r"(?i)RESULTS_TOO_MUCH"):
        await bot.answer_inline_query(qid, results(51))
    assert await bot.answer_inline_query(qid, results(50), next_offset="50")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_inline_query(qid, results(1))
    assert api.inline_queries[qid]["answer"]["next_offset"] == "50"


async def test_callback_answers_only_known_queries(api: FakeBotAPI, bot: Bot) -> None:
    msg = await bot.send_message(9, "choose")
    qid = api.press(api.messages[(9, msg.message_id)], "p|1|/who x", user_id=9)
    assert await bot.answer_callback_query(qid, "ok")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("nonsense")


# ---- updates ---------------------------------------------------------------------------------------


async def test_get_updates_offsets_and_long_polling(api: FakeBotAPI, bot: Bot) -> None:
    first = api.private_text(10, "/start")
    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first]
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert updates[0].message.entities[0].type == "bot_command"
    # not confirmed yet: returned again
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [first]

    mark = api.mark()
    poll = asyncio.create_task(bot.get_updates(offset=first + 1, timeout=5))
    # the long poll is waiting (no answer yet) when the update arrives
    pending = await api.wait_received(lambda c: c.method == "getUpdates", after=mark)
    assert pending.status is None
    second = api.group_text(-100500, 11, "/who@DeskTestBot Ann")
    got = await asyncio.wait_for(poll, 5)
    assert [u.update_id for u in got] == [second]
    assert got[0].effective_chat is not None and got[0].effective_chat.type == "supergroup"
    assert [u["update_id"] for u in api.updates] == [second]  # confirmed the first by the offset


async def test_second_poller_gets_conflict(api: FakeBotAPI, bot: Bot) -> None:
    slow = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_received(lambda c: c.method == "getUpdates")
    fast = await bot.get_updates(timeout=0)
    assert fast == ()
    with pytest.raises(Conflict):
        await slow


# ---- injected failures ----------------------------------------------------------------------------


async def test_injected_failures_map_to_ptb_errors(api: FakeBotAPI, bot: Bot) -> None:
    api.fail_retry_after("sendMessage", 1, retry_after=3)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(1, "x")
    assert info.value.retry_after in (3, dt.timedelta(seconds=3))
    await bot.send_message(1, "x")  # only once

    api.fail_blocked(2)
    for _ in range(2):  # stays blocked
        with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
            await bot.send_message(2, "x")

    api.fail_chat_not_found(3)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(3, "x")

    api.fail_migrated(-4, -1004)
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-4, "x")
    assert migrated.value.new_chat_id == -1004

    api.fail_delay(1.0, "sendMessage", 5)
    with pytest.raises(TimedOut):
        await bot.send_message(5, "x", read_timeout=0.2)
    assert api.rejected() == []  # injected failures are not validation errors


async def test_rate_limits_when_switched_on(api: FakeBotAPI, bot: Bot) -> None:
    limits = api.enforce_rate_limits(RateLimits(per_group_per_minute=20, global_per_second=1000))
    for i in range(20):
        await bot.send_message(-100777, f"m{i}")
    with pytest.raises(RetryAfter):
        await bot.send_message(-100777, "one too many")
    await bot.send_message(-100778, "another group is fine")
    await bot.send_message(55, "private chats are not limited per minute")
    assert limits.violations == 1


async def test_chat_member_and_commands(api: FakeBotAPI, bot: Bot) -> None:
    api.set_member(-100900, 31, "administrator")
    api.set_member(-100900, 32, "member")
    assert (await bot.get_chat_member(-100900, 31)).status == "administrator"
    assert (await bot.get_chat_member(-100900, 32)).status == "member"
    assert (await bot.get_chat(-100900)).type == "supergroup"
    from telegram import BotCommand, BotCommandScopeAllGroupChats

    await bot.set_my_commands([BotCommand("who", "who is")], scope=BotCommandScopeAllGroupChats())
    assert api.commands["all_group_chats"] == [{"command": "who", "description": "who is"}]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
