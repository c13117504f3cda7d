"""Follows on Telegram: /follow, /following, /unfollow, their buttons, and the alert job.

The replies come from the answers layer (bot/answers/follow.py) and are rendered like every answer; the
alerts (bot/digest/alerts.py) go out through the digest's transport and rate limiter, so alerts, digests
and answers share Telegram's limits.  Who may change what a chat follows: as for /subscribe (the user in
a private chat, administrators in groups, whoever can post in a channel).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]
from telegram import Chat, ChatMember, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ChatMemberHandler, CommandHandler, MessageHandler, filters

import bot.answers.follow as follow_answers
from bot.answers.reply import Reply
from bot.config import Settings
from bot.digest.alerts import AlertService
from bot.digest.clock import utcnow
from bot.digest.follows import move_chat, pause_alerts, resume_alerts
from bot.store.db import Store
from bot.telegram import handlers
from bot.telegram.callbacks import Press
from bot.telegram.digest_handlers import (
    ADMIN_STATUSES,
    GONE_STATUSES,
    App,
    Callback,
    Ctx,
    DigestHandlers,
    JobQueueSink,
)
from bot.telegram.render_html import render

log = logging.getLogger(__name__)

HANDLER_GROUP = 0  # with the digest's commands, before the front end's catch-all
TRACK_GROUP = 11  # membership changes, after the front end's own book-keeping (group 10)
ALERT_JOB = "follow-alerts"
ONLY_ADMINS = "Only this group's administrators can change what it follows."
CHANGES = {"follow", "unfollow"}


class FollowHandlers:
    """The follow commands for one application; kept in `application.bot_data["follow"]`."""

    def __init__(self, application: App, store: Store, settings: Settings, digest: DigestHandlers) -> None:
        self.store = store
        self.settings = settings
        self.digest = digest
        deliverer = digest.deliverer
        self.alerts = AlertService(store, settings, deliverer.send, limiter=deliverer.limiter)

    async def run(self, chat: Chat, message: Message | None, command: str, arg: str, who: str) -> Reply:
        thread = message.message_thread_id if message is not None and message.is_topic_message else None
        if command == "follow":
            reply = await follow_answers.follow(
                self.store, chat.id, arg, utcnow(), chat_type=chat.type, thread_id=thread, created_by=who
            )
        elif command == "unfollow":
            reply = await follow_answers.unfollow(self.store, chat.id, arg)
        else:
            reply = await follow_answers.following(self.store, chat.id)
        if command == "follow" and reply.ok:
            await resume_alerts(self.store, chat.id)
        return reply

    def _who(self, message: Message) -> str:
        user = message.from_user
        return f"user:{user.id}" if user is not None and message.chat.type != Chat.CHANNEL else message.chat.type

    async def command(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        desk = handlers.desk_of(context)
        if not await handlers.allowed(desk, update, context):
            return
        text = message.text
        name = (handlers.command_name(text) or "").lower()
        arg = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
        if name in CHANGES and not await self.digest.may_change(message, context):
            await self.digest.reply(message, context, html.escape(ONLY_ADMINS))
            return
        reply = await self.run(message.chat, message, name, arg, self._who(message))
        await handlers.send_reply(desk, message, reply)

    async def press(self, update: Update, context: Ctx) -> None:
        """A /follow #ID or /unfollow f:ID button."""
        query = update.callback_query
        if query is None or not isinstance(query.message, Message):
            return
        desk = handlers.desk_of(context)
        if not await handlers.allowed(desk, update, context):
            return
        decoded = desk.codec.decode(query.data)
        if not isinstance(decoded, Press):
            await query.answer(handlers.EXPIRED)
            return
        message = query.message
        name, _, arg = decoded.command[1:].partition(" ")
        if name in CHANGES and not await self._may_press(message.chat, query.from_user.id, context):
            await query.answer(ONLY_ADMINS[:200])
            return
        reply = await self.run(message.chat, message, name, arg, f"user:{query.from_user.id}")
        await handlers.edit_or_send(desk, message, render(reply, desk.codec))
        await query.answer()

    async def _may_press(self, chat: Chat, user_id: int, context: Ctx) -> bool:
        if chat.type in {Chat.PRIVATE, Chat.CHANNEL}:
            return True
        try:
            member = await context.bot.get_chat_member(chat.id, user_id)
        except TelegramError as exc:
            log.warning("follow: chat %s: cannot check admin rights: %s", chat.id, exc.message)
            return False
        return member.status in ADMIN_STATUSES

    async def my_chat_member(self, update: Update, context: Ctx) -> None:
        change = update.my_chat_member
        if change is None:
            return
        chat, status = change.chat, change.new_chat_member.status
        if status in GONE_STATUSES:
            await pause_alerts(self.store, chat.id, f"bot {status}")
        elif status in {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER}:
            await resume_alerts(self.store, chat.id)

    async def migrated(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is not None and message.migrate_to_chat_id:
            await move_chat(self.store, message.chat.id, int(message.migrate_to_chat_id))

    async def tick(self) -> None:
        try:
            await self.alerts.tick()
        except Exception:
            log.exception("follow: alert tick failed; will try again")

    async def start(self, context: Ctx) -> None:
        job_queue = context.application.job_queue
        if job_queue is None:
            return
        JobQueueSink(job_queue).add(
            ALERT_JOB, "follow alerts", IntervalTrigger(seconds=self.settings.alerts_poll_seconds), self.tick,
            coalesce=True, max_instances=1,
        )
        await self.tick()


def _is_follow_press(app: App, data: object) -> bool:
    if not isinstance(data, str):
        return False
    desk = app.bot_data.get("desk")
    if not isinstance(desk, handlers.Desk):
        return False
    decoded = desk.codec.decode(data)
    return isinstance(decoded, Press) and decoded.command.split(" ", 1)[0] in {"/follow", "/unfollow", "/following"}


def _command(name: str, callback: Callback) -> CommandHandler[Any, None]:
    posts = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    return CommandHandler(name, callback, filters=posts)


def register(application: App, store: Store, settings: Settings) -> None:
    """After digest_handlers.register: the follow commands, their buttons, membership, the alert job."""
    digest = application.bot_data.get("digest")
    if not isinstance(digest, DigestHandlers):
        log.error("follow: the digest handlers are not registered: no follows")
        return
    follows = FollowHandlers(application, store, settings, digest)
    application.bot_data["follow"] = follows
    for name in ("follow", "following", "unfollow"):
        application.add_handler(_command(name, follows.command), group=HANDLER_GROUP)
    application.add_handler(
        CallbackQueryHandler(follows.press, pattern=lambda data: _is_follow_press(application, data)),
        group=HANDLER_GROUP,
    )
    application.add_handler(
        ChatMemberHandler(follows.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group=TRACK_GROUP
    )
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, follows.migrated), group=TRACK_GROUP)
    if application.job_queue is None:
        log.error("follow: python-telegram-bot has no JobQueue (install its job-queue extra): no alerts")
        return
    application.job_queue.run_once(
        follows.start, when=0, name="follow-start", job_kwargs={"misfire_grace_time": None}
    )
