"""Update handlers: messages, channel posts, button presses, inline queries, membership changes.

The bot answers everything in private chats; in groups only when addressed (a command, a mention,
a reply to one of its messages); in channels only commands. Every answer comes from the answers
layer and is rendered by render_html, so this module is about who is talking to whom.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from telegram import (
    Chat,
    ChatMemberUpdated,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden
from telegram.ext import ContextTypes

import bot.answers as answers
from bot.answers.inline import inline_people
from bot.answers.reply import Line, Reply
from bot.config import Settings
from bot.digest import stats as digest_stats
from bot.digest.alerts import alert_stats_lines
from bot.digest.subscriptions import get_subscription
from bot.store.db import Store
from bot.telegram.callbacks import CallbackCodec, Unusable
from bot.telegram.chat_status import ChatStatusBook, classify
from bot.telegram.ratelimit import UserRateLimiter
from bot.telegram.render_html import Rendered, render, render_text

log = logging.getLogger(__name__)

Ctx = ContextTypes.DEFAULT_TYPE
T = TypeVar("T")

INLINE_PAGE = 20  # person cards per inline answer (Telegram allows 50)
INLINE_CARD_CHARS = 1500  # the card an inline result posts: the head of the person's card
GROUP_TYPES = {Chat.GROUP, Chat.SUPERGROUP}
EXPIRED = "This button has expired. Send the command again, e.g. /help."
INVALID = "That button isn't one I can use. Send the command again, e.g. /help."
INACCESSIBLE = "That message is too old to change. Send the command again."
SLOW_DOWN = "You are sending requests faster than I answer. Please wait about {seconds} s, then ask again."
APOLOGY = "Sorry, something went wrong while answering that. Please try again in a moment."
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass
class Desk:
    """What every handler needs, kept in `application.bot_data["desk"]`."""

    settings: Settings
    store: Store
    codec: CallbackCodec = field(default_factory=CallbackCodec)
    limiter: UserRateLimiter | None = None
    chats: ChatStatusBook | None = None
    digest_commands: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.limiter is None:
            self.limiter = UserRateLimiter(self.settings.user_rate_per_minute)
        if self.chats is None:
            self.chats = ChatStatusBook(self.store)

    @property
    def book(self) -> ChatStatusBook:
        assert self.chats is not None
        return self.chats

    @property
    def rate(self) -> UserRateLimiter:
        assert self.limiter is not None
        return self.limiter


def desk_of(context: Ctx) -> Desk:
    desk = context.application.bot_data["desk"]
    assert isinstance(desk, Desk)
    return desk


def answer_commands() -> frozenset[str]:
    """Command names the answers layer understands (with its aliases)."""
    names = set(getattr(answers, "COMMANDS", {})) | set(getattr(answers, "ALIASES", {}))
    return frozenset(names | {"help", "start"})


# ---- who is being addressed -----------------------------------------------------------------------


def addressed_text(message: Message, bot_username: str, bot_id: int, known: frozenset[str]) -> str | None:
    """The text to answer when the message is for this bot, else None.

    Commands: `/who x` and `/who@ThisBot x` (never `/who@OtherBot`); in groups and channels a bare
    command only when it is one of ours. Private chats: any text. Groups: also a mention of the bot or
    a reply to one of its messages.
    """
    text = message.text or ""
    chat_type = message.chat.type
    me = bot_username.lower()
    if message.is_automatic_forward:  # a channel post copied into its discussion group: answered there
        return None
    command = next(
        (e for e in message.entities if e.type == MessageEntity.BOT_COMMAND and e.offset == 0), None
    )
    if command is not None:
        token = message.parse_entity(command)
        name, _, target = token[1:].partition("@")
        if target and target.lower() != me:
            return None
        if not target and chat_type != Chat.PRIVATE and name.lower() not in known:
            return None
        return f"/{name}{text[len(token) :]}"
    if chat_type != Chat.PRIVATE and chat_type not in GROUP_TYPES:
        return None
    for entity in message.entities:
        if entity.type == MessageEntity.MENTION and message.parse_entity(entity).lower() == f"@{me}":
            start = len(text.encode("utf-16-le")[: entity.offset * 2].decode("utf-16-le"))
            end = start + len(message.parse_entity(entity))
            rest = (text[:start] + text[end:]).strip()
            return rest or "/help"
    if chat_type == Chat.PRIVATE:
        return text
    replied = message.reply_to_message
    if replied is not None and replied.forum_topic_created is not None:
        return None  # in a forum topic every message "replies" to the topic's first message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


def command_name(text: str) -> str | None:
    if not text.startswith("/"):
        return None
    return text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else None


# ---- sending, with what Telegram's errors mean for the chat ---------------------------------------


async def guarded(desk: Desk, chat_id: int, send: Callable[[int], Awaitable[T]]) -> T | None:
    """Run `send(chat_id)`; remember chats that block or lost us (until a send gets through again),
    follow a migrated group once."""
    try:
        sent = await send(chat_id)
        await desk.book.reachable(chat_id)  # delivered: whatever we knew about it is out of date
        return sent
    except Forbidden as exc:
        await desk.book.mark(chat_id, classify(exc.message, forbidden=True) or "blocked", exc.message)
    except ChatMigrated as exc:
        new_id = int(exc.new_chat_id)
        await desk.book.migrated(chat_id, new_id)
        try:
            return await send(new_id)
        except (Forbidden, BadRequest) as again:
            log.warning("chat %s (migrated from %s): %s", new_id, chat_id, again.message)
    except BadRequest as exc:
        status = classify(exc.message, forbidden=False)
        if status is None:
            raise
        await desk.book.mark(chat_id, status, exc.message)
    return None


async def send_rendered(
    desk: Desk, message: Message, rendered: Rendered, *, thread: int | None = None, reply_to: int | None = None
) -> Message | None:
    """Send a rendered reply into the message's chat (or where it migrated to, through `guarded`).

    The topic and the quoted message only apply in the original chat.
    """
    chat_id = message.chat.id

    async def send(target: int) -> Message:
        same_chat = target == chat_id
        return await message.get_bot().send_message(
            target,
            rendered.text,
            parse_mode=ParseMode.HTML,
            reply_markup=rendered.markup,
            link_preview_options=NO_PREVIEW,
            message_thread_id=thread if same_chat else None,
            reply_parameters=ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to is not None and same_chat
            else None,
        )

    return await guarded(desk, chat_id, send)


async def send_reply(desk: Desk, message: Message, reply: Reply) -> Message | None:
    """A reply in the asker's topic; in groups it quotes the message it answers."""
    return await send_rendered(
        desk,
        message,
        render(reply, desk.codec),
        thread=message.message_thread_id if message.is_topic_message else None,
        reply_to=message.message_id if message.chat.type in GROUP_TYPES else None,
    )


async def send_text(desk: Desk, chat_id: int, text: str, thread: int | None, context: Ctx) -> None:
    async def send(target: int) -> Message:
        return await context.bot.send_message(
            target, text, parse_mode=None, message_thread_id=thread if target == chat_id else None
        )

    await guarded(desk, chat_id, send)


async def allowed(desk: Desk, update: Update, context: Ctx) -> bool:
    """The per-user limit: False (after one friendly note) when this user is over it."""
    who = (
        update.effective_user.id
        if update.effective_user
        else update.effective_chat.id
        if update.effective_chat
        else 0
    )
    verdict = desk.rate.check(who)
    if verdict == "ok":
        return True
    log.info("update %s: user %s over the rate limit (%s)", update.update_id, who, verdict)
    if verdict == "note":
        note = SLOW_DOWN.format(seconds=desk.rate.seconds_until_next(who))
        if update.callback_query is not None:
            await update.callback_query.answer(note[:200])
        elif update.effective_message is not None and update.effective_chat is not None:
            msg = update.effective_message
            await send_text(
                desk,
                update.effective_chat.id,
                note,
                msg.message_thread_id if msg.is_topic_message else None,
                context,
            )
    elif update.callback_query is not None:
        await update.callback_query.answer()
    return False


async def with_admin_stats(desk: Desk, reply: Reply, user_id: int | None) -> Reply:
    """`/stats` for admins: the digest's figures appended to the answers layer's."""
    if user_id is None or user_id not in desk.settings.admin_ids:
        return reply
    extra = [Line.of(text) for text in await digest_stats.digest_stats_lines(desk.store)]
    extra += [Line.of(text) for text in await alert_stats_lines(desk.store)]
    if not extra or not reply.pages:
        return reply
    last = reply.pages[-1]
    last.lines.extend([Line.of(""), *extra] if last.lines else extra)
    return reply


# ---- handlers -------------------------------------------------------------------------------------


async def on_message(update: Update, context: Ctx) -> None:
    """A message or channel post: answer it when it is for us."""
    desk = desk_of(context)
    message = update.effective_message
    if message is None or message.text is None or update.effective_chat is None:
        return
    text = addressed_text(
        message, context.bot.username, context.bot.id, answer_commands() | desk.digest_commands
    )
    if text is None:
        return
    name = command_name(text)
    if name is not None and name in desk.digest_commands:
        return  # the digest's own handlers answer these (and do not in this chat type)
    if not await allowed(desk, update, context):
        return
    reply = await answers.answer(desk.store, text, zone=await chat_zone(desk, update.effective_chat.id))
    if name in {"stats", "stat"}:
        reply = await with_admin_stats(
            desk, reply, update.effective_user.id if update.effective_user else None
        )
    await send_reply(desk, message, reply)


async def chat_zone(desk: Desk, chat_id: int) -> str | None:
    """The time zone the chat's digest subscription set, if any: the chat's times are shown in it."""
    sub = await get_subscription(desk.store.conn, chat_id)
    return sub.tz if sub is not None else None


async def on_callback(update: Update, context: Ctx) -> None:
    """A button press: a page (edit in place) or a choice (its answer replaces the choices)."""
    desk = desk_of(context)
    query = update.callback_query
    if query is None:
        return
    if not await allowed(desk, update, context):
        return
    press = desk.codec.decode(query.data)
    if isinstance(press, Unusable):
        log.info("update %s: %s callback data", update.update_id, press.reason)
        await query.answer(EXPIRED if press.reason == "expired" else INVALID)
        return
    message = query.message
    if not isinstance(message, Message):
        await query.answer(INACCESSIBLE)
        return
    reply = await answers.answer(desk.store, press.command, page=press.page if press.kind == "page" else 0)
    if command_name(press.command) in {"stats", "stat"}:
        reply = await with_admin_stats(desk, reply, query.from_user.id)
    rendered = render(reply, desk.codec)
    await edit_or_send(desk, message, rendered)
    await query.answer()


async def edit_or_send(desk: Desk, message: Message, rendered: Rendered) -> None:
    try:
        await message.edit_text(
            rendered.text,
            parse_mode=ParseMode.HTML,
            reply_markup=rendered.markup,
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:
        text = exc.message.lower()
        if "not modified" in text:
            return
        if "message to edit not found" in text or "can't be edited" in text:
            await send_rendered(desk, message, rendered)
            return
        raise


async def on_inline(update: Update, context: Ctx) -> None:
    """`@ThisBot name`: person cards, INLINE_PAGE at a time, paged with next_offset."""
    desk = desk_of(context)
    query = update.inline_query
    if query is None:
        return
    verdict = desk.rate.check(query.from_user.id)
    if verdict != "ok":
        log.info("update %s: inline query over the rate limit", update.update_id)
        await query.answer([], cache_time=5, is_personal=True)
        return
    offset = int(query.offset) if query.offset.isdigit() and len(query.offset) < 9 else 0
    people, next_offset = await inline_people(desk.store, query.query, offset, limit=INLINE_PAGE)
    results = []
    for person in people:
        card = await answers.answer(desk.store, f"/who #{person.id}")
        single = replace(card, pages=[card.current], page=0, buttons=[])
        facts = [
            person.country or "",
            f"named in {person.articles} article{'s' if person.articles != 1 else ''}",
        ]
        results.append(
            InlineQueryResultArticle(
                id=f"person-{person.id}",
                title=person.name[:200],
                description=" · ".join(f for f in facts if f)[:200],
                input_message_content=InputTextMessageContent(
                    render_text(single, INLINE_CARD_CHARS),
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                ),
            )
        )
    await query.answer(
        results[:50], next_offset=str(next_offset) if next_offset else "", cache_time=30, is_personal=False
    )


async def on_my_chat_member(update: Update, context: Ctx) -> None:
    """The bot was added, removed, blocked or unblocked: keep `chat_status` in step."""
    desk = desk_of(context)
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    status = change.new_chat_member.status
    if status in {"left", "kicked"}:
        await desk.book.mark(chat.id, "blocked" if chat.type == Chat.PRIVATE else "kicked", f"bot {status}")
    elif status in {"member", "administrator", "creator", "restricted"}:
        await desk.book.reachable(chat.id)


async def on_migrate(update: Update, context: Ctx) -> None:
    """The service message of a group upgraded to a supergroup: move its settings to the new id."""
    desk = desk_of(context)
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id:
        await desk.book.migrated(message.chat.id, int(message.migrate_to_chat_id))


async def log_update(update: Update, context: Ctx) -> None:
    """One INFO line per update: its id, kind, chat and (for commands) the command name only."""
    kind = next(
        (
            k
            for k in (
                "message",
                "channel_post",
                "callback_query",
                "inline_query",
                "my_chat_member",
                "edited_message",
                "chat_member",
            )
            if getattr(update, k, None) is not None
        ),
        "other",
    )
    chat = update.effective_chat
    user = update.effective_user
    text = update.effective_message.text if update.effective_message is not None else None
    name = command_name(text or "") if kind in {"message", "channel_post"} else None
    log.info(
        "update %s: %s chat=%s user=%s%s",
        update.update_id,
        kind,
        chat.id if chat else "-",
        user.id if user else "-",
        f" /{name}" if name else "",
    )
