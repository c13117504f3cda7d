"""The digest on Telegram: /subscribe, /unsubscribe, /settings, /digest, membership changes, and the
binding of the telegram-free digest layer (bot/digest) to python-telegram-bot.

`register(application, store, settings)` is called by build_application before the front end's catch-all
handler.  Bot API errors are turned into the digest's own exceptions here, so bot/digest never imports
telegram.  Who may change a chat's digest: the user in a private chat; in groups the administrators
(getChatMember; an anonymous admin posts as the group itself); in channels whoever can post (admins).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram import Bot, Chat, ChatMember, LinkPreviewOptions, Message, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    JobQueue,
    MessageHandler,
    filters,
)

import bot.answers.follow as follow_answers
from bot.config import Settings
from bot.digest.clock import Clock, utcnow
from bot.digest.deliver import Deliverer, Sender
from bot.digest.errors import ChatGone, ChatMoved, DigestRetryAfter, DigestSendError, TransientSendError
from bot.digest.schedule import DigestScheduler, JobFunc, next_fire
from bot.digest.subscriptions import (
    Subscription,
    delete_subscription,
    get_subscription,
    move_subscription,
    pause_subscription,
    upsert_subscription,
)
from bot.digest.timeparse import ScheduleInputError, load_zone, parse_subscribe_args
from bot.store.db import Store

log = logging.getLogger(__name__)

Ctx = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]
HANDLER_GROUP = 0  # same group as the front end's catch-all, registered before it: ours win for our commands
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ADMIN_STATUSES = {ChatMember.ADMINISTRATOR, ChatMember.OWNER}
GONE_STATUSES = {ChatMember.LEFT, ChatMember.BANNED}
_GONE_WORDS = (
    "chat not found",
    "thread not found",
    "topic_deleted",
    "topic closed",
    "not enough rights",
    "need administrator rights",
    "chat_write_forbidden",
    "have no rights to send",
    "group chat was deactivated",
    "user is deactivated",
    "peer_id_invalid",
)

ONLY_ADMINS = "Only this group's administrators can change its daily digest."
NOT_SUBSCRIBED = (
    "No daily digest here yet. /subscribe starts one ({at} {tz} unless you say otherwise, "
    "e.g. /subscribe 08:30 Europe/Berlin)."
)
DIGEST_ARGS = (
    "/digest previews this chat's digest; /digest only followed limits it to what the chat follows, "
    "/digest all brings everything back."
)
NOTHING_NOW = "Nothing new for this chat right now: no new articles, nothing on this day, nothing coming up."


# ---- the transport -------------------------------------------------------------------------------


def telegram_sender(bot: Bot) -> Sender:
    """`send(chat_id, thread_id, html)` over the Bot API, raising bot.digest.errors exceptions."""

    async def send(chat_id: int, thread_id: int | None, text: str) -> None:
        try:
            await bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                message_thread_id=thread_id,
                link_preview_options=NO_PREVIEW,
            )
        except RetryAfter as exc:  # the private timedelta avoids PTB 22's int/timedelta deprecation warning
            raise DigestRetryAfter(_seconds(getattr(exc, "_retry_after", None) or exc.retry_after)) from exc
        except ChatMigrated as exc:
            raise ChatMoved(int(exc.new_chat_id)) from exc
        except Forbidden as exc:
            raise ChatGone(exc.message) from exc
        except BadRequest as exc:  # before NetworkError: BadRequest is one
            if any(word in exc.message.lower() for word in _GONE_WORDS):
                raise ChatGone(exc.message) from exc
            raise DigestSendError(exc.message) from exc
        except NetworkError as exc:  # timeouts, connection errors, 5xx
            raise TransientSendError(f"{type(exc).__name__}: {exc.message}") from exc
        except TelegramError as exc:
            raise DigestSendError(f"{type(exc).__name__}: {exc.message}") from exc

    return send


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class JobQueueSink:
    """DigestScheduler's jobs as python-telegram-bot Jobs (so JobQueue.jobs() and its error handling
    see them)."""

    def __init__(self, job_queue: JobQueue[Any]) -> None:
        self.job_queue = job_queue

    def add(self, job_id: str, name: str, trigger: Any, func: JobFunc, **options: Any) -> None:
        self.remove(job_id)

        async def callback(context: Ctx) -> None:
            await func()

        self.job_queue.run_custom(
            callback,
            name=name,
            job_kwargs={"trigger": trigger, "id": job_id, "replace_existing": True, **options},
        )

    def remove(self, job_id: str) -> None:
        job = self.job_queue.scheduler.get_job(job_id)
        if job is not None:
            job.remove()

    def has(self, job_id: str) -> bool:
        return self.job_queue.scheduler.get_job(job_id) is not None


# ---- hooks called by the front end's chat-status book ---------------------------------------------


async def on_chat_unreachable(store: Store, chat_id: int, reason: str) -> None:
    """A 403 or "chat not found" seen by the front end, or the bot removed: pause (idempotent)."""
    await pause_subscription(store, chat_id, reason)


async def on_chat_migrated(store: Store, old_id: int, new_id: int) -> None:
    """A group upgraded to a supergroup: its subscription continues under the new id."""
    await move_subscription(store, old_id, new_id)


# ---- handlers -------------------------------------------------------------------------------------


class DigestHandlers:
    """The digest's commands for one application; kept in `application.bot_data["digest"]`."""

    def __init__(
        self,
        application: App,
        store: Store,
        settings: Settings,
        *,
        clock: Clock = utcnow,
        deliverer: Deliverer | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.deliverer = deliverer or Deliverer(
            store, settings, telegram_sender(application.bot), clock=clock
        )
        job_queue = application.job_queue
        self.schedule: DigestScheduler | None = (
            DigestScheduler(JobQueueSink(job_queue), self.deliverer) if job_queue is not None else None
        )

    # -- who may change the digest

    async def may_change(self, message: Message, context: Ctx) -> bool:
        chat = message.chat
        if chat.type in {Chat.PRIVATE, Chat.CHANNEL}:
            return True  # the user themself; in a channel only admins can post
        if message.sender_chat is not None:
            return message.sender_chat.id == chat.id  # anonymous admin posts as the group itself
        if message.from_user is None:
            return False
        try:
            member = await context.bot.get_chat_member(chat.id, message.from_user.id)
        except TelegramError as exc:
            log.warning("digest: chat %s: cannot check admin rights: %s", chat.id, exc.message)
            return False
        return member.status in ADMIN_STATUSES

    # -- commands

    async def subscribe(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        chat = message.chat
        if not await self.may_change(message, context):
            await self.reply(message, context, html.escape(ONLY_ADMINS))
            return
        try:
            when = parse_subscribe_args(
                list(context.args or []), self.settings.digest_default_time, self.settings.digest_default_tz
            )
        except ScheduleInputError as exc:
            await self.reply(message, context, html.escape(str(exc)))
            return
        thread = message.message_thread_id if message.is_topic_message else None
        who = f"user:{message.from_user.id}" if message.from_user and chat.type != Chat.CHANNEL else chat.type
        sub, change = await upsert_subscription(
            self.store, chat.id, when, self.clock(), chat_type=chat.type, thread_id=thread, created_by=who
        )
        if self.schedule is not None:
            self.schedule.add(sub)
        lead = {"new": "Subscribed", "resumed": "Resumed", "updated": "Updated"}[change]
        where = " in this topic" if thread is not None else ""
        text = (
            f"✅ {lead}: a daily digest{where} at <b>{sub.at}</b> {html.escape(sub.tz)}.\n"
            f"Next: {html.escape(self.next_text(sub))}\n"
            "/settings shows it, /unsubscribe stops it, /digest previews it."
        )
        await self.reply(message, context, text)

    async def unsubscribe(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        if not await self.may_change(message, context):
            await self.reply(message, context, html.escape(ONLY_ADMINS))
            return
        removed = await delete_subscription(self.store, message.chat.id)
        if self.schedule is not None:
            self.schedule.remove(message.chat.id)
        text = "Unsubscribed: no more daily digests here." if removed else "This chat had no daily digest."
        await self.reply(message, context, text)

    async def show_settings(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        sub = await get_subscription(self.store.conn, message.chat.id)
        follow_lines = [html.escape(x) for x in await follow_answers.settings_lines(self.store, message.chat.id)]
        if sub is None:
            text = NOT_SUBSCRIBED.format(
                at=self.settings.digest_default_time, tz=self.settings.digest_default_tz
            )
            await self.reply(message, context, "\n".join([html.escape(text), *follow_lines]))
            return
        offset = self.clock().astimezone(load_zone(sub.tz)).strftime("%z")
        lines = [
            f"🗓 Daily digest at <b>{sub.at}</b> {html.escape(sub.tz)} (UTC{offset[:3]}:{offset[3:]})",
            "Posted in topic " + str(sub.thread_id) if sub.thread_id is not None else "",
        ]
        if sub.status == "paused":
            reason = html.escape(sub.paused_reason or "no reason given")
            lines.append(f"⏸ Paused ({reason}). /subscribe resumes it.")
        else:
            lines.append(f"Next: {html.escape(self.next_text(sub))}")
        lines += follow_lines
        await self.reply(message, context, "\n".join(line for line in lines if line))

    async def preview(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        if context.args:  # `/digest only followed`, `/digest all`: the chat's digest filter
            value = follow_answers.digest_filter_arg(" ".join(context.args))
            if value is None:
                await self.reply(message, context, html.escape(DIGEST_ARGS))
                return
            if not await self.may_change(message, context):
                await self.reply(message, context, html.escape(ONLY_ADMINS))
                return
            thread = message.message_thread_id if message.is_topic_message else None
            reply = await follow_answers.digest_filter(
                self.store, message.chat.id, value, chat_type=message.chat.type, thread_id=thread
            )
            text = "\n".join(line.plain() for line in reply.current.lines)
            await self.reply(message, context, html.escape(text))
            return
        messages = await self.deliverer.preview(message.chat.id)
        for text in messages or [html.escape(NOTHING_NOW)]:
            await self.reply(message, context, text, quote=False)

    def next_text(self, sub: Subscription) -> str:
        upcoming = next_fire(sub.schedule, self.clock())
        if upcoming is None:
            return "never"
        return upcoming.strftime("%a %d %b %Y, %H:%M ") + (upcoming.tzname() or "")

    async def reply(self, message: Message, context: Ctx, text: str, *, quote: bool = True) -> None:
        chat = message.chat
        thread = message.message_thread_id if message.is_topic_message else None
        try:
            await context.bot.send_message(
                chat.id,
                text,
                parse_mode=ParseMode.HTML,
                message_thread_id=thread,
                link_preview_options=NO_PREVIEW,
                reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True)
                if quote and chat.type in {Chat.GROUP, Chat.SUPERGROUP}
                else None,
            )
        except (Forbidden, BadRequest) as exc:
            log.warning("digest: chat %s: reply failed: %s", chat.id, exc.message)

    # -- membership

    async def my_chat_member(self, update: Update, context: Ctx) -> None:
        change = update.my_chat_member
        if change is None:
            return
        chat, status = change.chat, change.new_chat_member.status
        if status in GONE_STATUSES:
            what = "blocked by the user" if chat.type == Chat.PRIVATE else f"bot removed ({status})"
            await pause_subscription(self.store, chat.id, what)
        elif change.old_chat_member.status in GONE_STATUSES:
            sub = await get_subscription(self.store.conn, chat.id)
            if sub is not None and sub.status == "paused":
                log.info("digest: chat %s added the bot back; /subscribe there resumes the digest", chat.id)

    async def migrated(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is not None and message.migrate_to_chat_id:
            await on_chat_migrated(self.store, message.chat.id, int(message.migrate_to_chat_id))

    # -- start

    async def start(self, context: Ctx) -> None:
        """At application start: schedule every subscription, send what was missed earlier today."""
        if self.schedule is not None:
            await self.schedule.start()


Callback = Callable[[Update, Ctx], Coroutine[Any, Any, None]]


def _command(name: str, callback: Callback) -> CommandHandler[Any, None]:
    posts = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    return CommandHandler(name, callback, filters=posts)


def register(application: App, store: Store, settings: Settings) -> None:
    """Add the digest's handlers and, at start, its schedule (needs the job-queue extra of PTB)."""
    digest = DigestHandlers(application, store, settings)
    application.bot_data["digest"] = digest
    for name, callback in (
        ("subscribe", digest.subscribe),
        ("unsubscribe", digest.unsubscribe),
        ("settings", digest.show_settings),
        ("digest", digest.preview),
    ):
        application.add_handler(_command(name, callback), group=HANDLER_GROUP)
    application.add_handler(
        ChatMemberHandler(digest.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group=HANDLER_GROUP
    )
    application.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE, digest.migrated), group=HANDLER_GROUP
    )
    if application.job_queue is None:
        log.error("digest: python-telegram-bot has no JobQueue (install its job-queue extra): no digests")
        return
    application.job_queue.run_once(
        digest.start, when=0, name="digest-start", job_kwargs={"misfire_grace_time": None}
    )
