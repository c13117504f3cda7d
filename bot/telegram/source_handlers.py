"""Sources and links on Telegram: /sources, /addsource, /removesource, /read, and a bare link sent in a
private chat; plus the worker's source polling on the JobQueue (bot/sources/schedule.py).

Who may do what: anyone may have a link read (/read is rate-limited per user); adding sources is for
admins (BOT_ADMIN_IDS everywhere, a group's administrators in their group), and a group's admins may
remove only the sources added in their group. Links from Telegram may not point inside the bot's own
network unless BOT_FETCH_ALLOW_PRIVATE is set (bot/ingest/web/safety.py).
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
import time
from typing import Any

from telegram import Chat, ChatMember, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

import bot.answers as answers
from bot.config import Settings
from bot.ingest.web.fetch import Fetcher
from bot.ingest.web.safety import UnsafeURL, check_url
from bot.sources.manage import NoSource, add_from_url, fetch_policy
from bot.sources.read import PageTask, read_pages
from bot.sources.schedule import SourceScheduler
from bot.store.db import Store
from bot.store.sources import get_source, list_sources, remove_source
from bot.telegram import handlers
from bot.telegram.digest_handlers import JobQueueSink
from bot.telegram.ratelimit import UserRateLimiter
from bot.telegram.render_html import Rendered

log = logging.getLogger(__name__)

Ctx = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]
HANDLER_GROUP = 0  # registered before the front end's catch-all, in the same group
MIN_MINUTES = 5  # the shortest interval a Telegram user may ask for
LINK = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)
ADMIN_STATUSES = {ChatMember.ADMINISTRATOR, ChatMember.OWNER}

MENU: list[tuple[str, str]] = [("read", "read an article from a link: /read URL (or send the link)")]
ONLY_ADMINS = "Only the bot's admins (and a group's administrators, in their group) can manage sources."
ADD_USAGE = "Send /addsource URL [every MINUTES], e.g. /addsource https://example.org/feed.xml every 60"
READ_USAGE = "Send /read and a link to an article, e.g. /read https://example.org/news/story.html"
READ_SLOW = "You have asked me to read many links; please wait about {minutes} min, then send it again."


class SourceHandlers:
    """The source commands for one application; kept in `application.bot_data["sources"]`."""

    def __init__(self, application: App, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = Fetcher(fetch_policy(settings, allow_private=False))
        # /read's budget is per hour: a limiter whose clock runs 60 times slower turns per-minute into per-hour
        self.read_limit = UserRateLimiter(settings.read_rate_per_hour, clock=lambda: time.monotonic() / 60.0)
        job_queue = application.job_queue
        self.schedule: SourceScheduler | None = (
            SourceScheduler(
                JobQueueSink(job_queue), store, self.fetcher,
                allow_private=settings.fetch_allow_private, sweep_seconds=settings.source_sweep_seconds,
            )
            if job_queue is not None
            else None
        )

    # -- who may

    async def is_admin(self, message: Message, context: Ctx) -> bool:
        user = message.from_user
        if user is not None and user.id in self.settings.admin_ids:
            return True
        chat = message.chat
        if chat.type not in {Chat.GROUP, Chat.SUPERGROUP}:
            return False
        if message.sender_chat is not None:
            return message.sender_chat.id == chat.id  # an anonymous admin posts as the group
        if user is None:
            return False
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
        except TelegramError as exc:
            log.warning("sources: chat %s: cannot check admin rights: %s", chat.id, exc.message)
            return False
        return member.status in ADMIN_STATUSES

    def added_by(self, message: Message) -> str:
        user = message.from_user.id if message.from_user else 0
        if message.chat.type in {Chat.GROUP, Chat.SUPERGROUP}:
            return f"chat:{message.chat.id}/user:{user}"
        return f"user:{user}"

    # -- commands

    async def sources(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        if not await self.is_admin(message, context):
            await self.say(message, context, ONLY_ADMINS)
            return
        rows = await list_sources(self.store)
        if not rows:
            await self.say(message, context, "No sources yet. /addsource URL adds a feed or a news site.")
            return
        lines = ["<b>Sources</b>"]
        for s in rows[:50]:
            state = f"⚠️ {html.escape(s.last_error)} ({s.failures} failures)" if s.failures and s.last_error else (
                f"ok {s.last_success[:16].replace('T', ' ')} UTC" if s.last_success else "not polled yet"
            )
            lines.append(
                f"{s.id}. {html.escape(s.name)} — {s.kind}, every {s.interval_seconds // 60} min\n"
                f"   {html.escape(s.url)}\n   {state}"
            )
        await self.say(message, context, "\n".join(lines), escape=False)

    async def addsource(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        if not await self.is_admin(message, context):
            await self.say(message, context, ONLY_ADMINS)
            return
        args = list(context.args or [])
        minutes = self.settings.source_default_minutes
        if len(args) >= 3 and args[-2].lower() == "every":
            try:
                minutes = float(args[-1])
            except ValueError:
                minutes = -1
            args = args[:-2]
        if len(args) != 1 or not LINK.match(args[0]):
            await self.say(message, context, ADD_USAGE)
            return
        if not MIN_MINUTES <= minutes <= 10080:
            await self.say(message, context, f"The interval must be {MIN_MINUTES} to 10080 minutes (a week).")
            return
        await self.typing(message, context)
        try:
            source, new = await add_from_url(
                self.store, self.fetcher, args[0], interval_seconds=round(minutes * 60),
                added_by=self.added_by(message), allow_private=self.settings.fetch_allow_private,
            )
        except NoSource as exc:
            await self.say(message, context, f"I can't use that as a source: {exc}")
            return
        if self.schedule is not None:
            self.schedule.add(source)
        lead = "Added" if new else "Already polled"
        await self.say(
            message, context,
            f"{lead}: source {source.id}, {source.kind} “{source.name}”, every {source.interval_seconds // 60} min.\n"
            f"{source.url}\nNew articles go into answers and the next digest. /removesource {source.id} stops it.",
        )

    async def removesource(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        if not await self.is_admin(message, context):
            await self.say(message, context, ONLY_ADMINS)
            return
        args = list(context.args or [])
        if len(args) != 1 or not args[0].isdigit():
            await self.say(message, context, "Send /removesource ID (the ids are in /sources).")
            return
        source = await get_source(self.store, int(args[0]))
        if source is None:
            await self.say(message, context, f"There is no source {args[0]}.")
            return
        global_admin = message.from_user is not None and message.from_user.id in self.settings.admin_ids
        if not global_admin and not (source.added_by or "").startswith(f"chat:{message.chat.id}/"):
            await self.say(message, context, "A group's administrators can remove only the sources added there.")
            return
        await remove_source(self.store, source.id)
        if self.schedule is not None:
            self.schedule.remove(source.id)
        await self.say(message, context, f"Removed source {source.id} ({source.name}). What was read stays.")

    async def read(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None:
            return
        args = list(context.args or [])
        if len(args) != 1 or not LINK.match(args[0]):
            await self.say(message, context, READ_USAGE)
            return
        await self.read_link(message, context, args[0])

    async def bare_link(self, update: Update, context: Ctx) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        found = LINK.match(message.text)
        if found:
            await self.read_link(message, context, found.group(1))

    async def read_link(self, message: Message, context: Ctx, url: str) -> None:
        who = message.from_user.id if message.from_user else message.chat.id
        verdict = self.read_limit.check(who)
        if verdict != "ok":
            if verdict == "note":
                minutes = max(1, self.read_limit.seconds_until_next(who))
                await self.say(message, context, READ_SLOW.format(minutes=minutes))
            return
        try:
            await check_url(url, allow_private=self.settings.fetch_allow_private)
        except UnsafeURL as exc:
            await self.say(message, context, f"I can't read that link: {exc}")
            return
        await self.typing(message, context)
        outcome = (
            await read_pages(
                self.store, self.fetcher, [PageTask(url)], allow_private=self.settings.fetch_allow_private
            )
        )[0]
        if outcome.article_id is None or outcome.status in {"failed", "skipped"}:
            await self.say(message, context, f"I could not read that page: {outcome.detail or outcome.status}")
            return
        reply = await answers.answer(self.store, f"/article {outcome.article_id}")
        desk = handlers.desk_of(context)
        await handlers.send_reply(desk, message, reply)

    # -- sending

    async def typing(self, message: Message, context: Ctx) -> None:
        with contextlib.suppress(TelegramError):
            await context.bot.send_chat_action(message.chat.id, "typing")

    async def say(self, message: Message, context: Ctx, text: str, *, escape: bool = True) -> None:
        desk = handlers.desk_of(context)
        body = html.escape(text) if escape else text
        await handlers.send_rendered(
            desk, message, Rendered(body, None),
            thread=message.message_thread_id if message.is_topic_message else None,
        )

    # -- life

    async def start(self, context: Ctx) -> None:
        if self.schedule is not None:
            await self.schedule.start()

    async def close(self) -> None:
        await self.fetcher.close()


def register(application: App, store: Store, settings: Settings) -> None:
    """Add the source commands, the bare-link handler for private chats, and the polling schedule."""
    sources = SourceHandlers(application, store, settings)
    application.bot_data["sources"] = sources
    posts = filters.UpdateType.MESSAGE
    for name, callback in (
        ("sources", sources.sources),
        ("addsource", sources.addsource),
        ("removesource", sources.removesource),
        ("read", sources.read),
    ):
        application.add_handler(CommandHandler(name, callback, filters=posts), group=HANDLER_GROUP)
    link = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.Regex(LINK)
    application.add_handler(MessageHandler(link, sources.bare_link), group=HANDLER_GROUP)
    if application.job_queue is None:
        log.error("sources: python-telegram-bot has no JobQueue (install its job-queue extra): no polling")
        return
    application.job_queue.run_once(
        sources.start, when=0, name="sources-start", job_kwargs={"misfire_grace_time": None}
    )


async def close(application: App) -> None:
    sources = application.bot_data.get("sources")
    if isinstance(sources, SourceHandlers):
        await sources.close()
