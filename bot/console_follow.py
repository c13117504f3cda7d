"""The console chat as one local chat (id 0): /follow, /following, /unfollow, /digest (a preview, or the
filter) and /settings, and the alerts that chat would get, printed before the next prompt.

The console's alerts are claimed and marked sent in SQLite exactly as the Telegram worker's are; the
worker never sends to the console's chat, and the console never sends to anyone else.
"""

from __future__ import annotations

import html
import re

from bot.answers import follow as follow_answers
from bot.answers.reply import Reply
from bot.config import Settings
from bot.digest.alerts import CONSOLE_CHAT, AlertService
from bot.digest.clock import utcnow
from bot.digest.deliver import Deliverer
from bot.digest.limiter import RateLimiter
from bot.store.db import Store

COMMANDS = {"follow", "following", "unfollow", "digest", "settings"}
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>')


def plain(text: str) -> str:
    """Telegram HTML as console text: links as 'title <url>', tags dropped, entities decoded."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(_TAG.sub("", text))


class LocalChat:
    """What the console needs for its one chat: replies to the follow commands, and its alerts."""

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.outbox: list[str] = []

        async def send(chat_id: int, thread_id: int | None, text: str) -> None:
            self.outbox.append(plain(text))

        fast = RateLimiter(per_second=1000, private_per_second=1000, group_per_minute=1000)
        self.alerts = AlertService(store, self.settings, send, limiter=fast, local=True)
        self.deliverer = Deliverer(store, self.settings, send, limiter=fast)

    async def handle(self, name: str, arg: str) -> Reply | str:
        """A reply for a follow command, or plain text (the digest preview)."""
        chat = CONSOLE_CHAT
        if name == "follow":
            return await follow_answers.follow(self.store, chat, arg, utcnow(), chat_type="private",
                                               created_by="console")
        if name == "unfollow":
            return await follow_answers.unfollow(self.store, chat, arg)
        if name == "following":
            return await follow_answers.following(self.store, chat)
        if name == "settings":
            return "\n".join(["Settings of this console chat", *await follow_answers.settings_lines(self.store, chat)])
        if arg.strip():
            value = follow_answers.digest_filter_arg(arg)
            if value is None:
                return "/digest previews the digest; /digest only followed or /digest all sets what it carries."
            return await follow_answers.digest_filter(self.store, chat, value, chat_type="private")
        messages = await self.deliverer.preview(chat)
        if not messages:
            return "Nothing new for this chat right now: no new articles, nothing on this day, nothing coming up."
        return "\n\n".join(plain(m) for m in messages)

    async def new_alerts(self) -> list[str]:
        """Alerts that came in for the console's chat since the last look (claimed and marked sent)."""
        await self.alerts.scan()
        await self.alerts.deliver_chat(CONSOLE_CHAT)
        out, self.outbox = self.outbox, []
        return out
