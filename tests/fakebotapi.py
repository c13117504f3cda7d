"""A fake Telegram Bot API server for tests and benchmarks: aiohttp on 127.0.0.1, a random port.

It speaks `/bot<TOKEN>/<method>` like api.telegram.org, validates like Telegram (HTML entities, text
length, callback data, inline results), records every call, and lets a test inject failures (429, 403,
"chat not found", a migrated group, a delay, a conflict) and switch on Telegram's rate limits.

Typical use::

    async with FakeBotAPI() as api:
        app = Application.builder().token(api.token).base_url(api.base_url)...
        mark = api.mark()
        api.private_text(user_id=10, text="/help")
        call = await api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == 10, after=mark)

`base_url` is what python-telegram-bot's `base_url(...)` / TELEGRAM_BASE_URL expects (it appends the
token). Without HTTP, `InProcessRequest(api)` is a PTB transport calling the same fake directly.

Feeding updates (each returns the update id; getUpdates or the webhook delivers them):
    private_text, group_text (reply_to=, message_thread_id=, sender_chat= for anonymous admins),
    channel_post, press (a button: returns the callback query id), inline_query, my_chat_member.
Answers the bot gets: set_member(chat, user, status) for getChatMember; any chat id is accepted
unless `strict_chats=True`.
Failures (next `times` matching calls; times=None for all): fail_retry_after, fail_blocked,
    fail_kicked, fail_chat_not_found, fail_migrated, fail_delay, fail_server_error, fail_conflict,
    or inject(Failure(...)); clear_failures().
Limits: enforce_rate_limits(RateLimits(per_group_per_minute=20, global_per_second=30)) → 429s,
    counted in `.violations`.
Looking at what happened: calls (Call: method, params, status, text after HTML parsing, entities,
    buttons()), calls_to(method, chat), sent_texts(chat), messages[(chat, id)] (current state, edits
    applied), rejected() (400s from validation, not injected), wait_for / wait_count / wait_method /
    wait_received (asyncio conditions, never sleeps), commands (per scope), webhook.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_x1y2z3w4v5u6"
BOT_ID = 123456789
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_INLINE_RESULTS = 50
MAX_CALLBACK_ANSWER = 200

# Parameters that Telegram expects as JSON (PTB sends them JSON-encoded in form fields).
_JSON_PARAMS = {
    "reply_markup",
    "commands",
    "scope",
    "results",
    "allowed_updates",
    "link_preview_options",
    "entities",
    "reply_parameters",
    "button",
    "caption_entities",
    "media",
}
_INT_PARAMS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "user_id",
    "cache_time",
    "message_thread_id",
    "reply_to_message_id",
    "from_chat_id",
    "max_connections",
}
_BOOL_PARAMS = {
    "disable_notification",
    "protect_content",
    "show_alert",
    "is_personal",
    "drop_pending_updates",
    "disable_web_page_preview",
    "allow_sending_without_reply",
}
SEND_METHODS = {
    "sendMessage",
    "editMessageText",
    "copyMessage",
    "forwardMessage",
    "sendPhoto",
    "sendDocument",
}


# --------------------------------------------------------------------------------------------------
# HTML parse mode, as strict as Telegram (stricter about a bare "&": it must form an entity).
# --------------------------------------------------------------------------------------------------


class EntityParseError(ValueError):
    pass


_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_TAG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTR_RE = re.compile(r"""\s*([A-Za-z_][A-Za-z0-9_-]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entities(raw: str, base_offset: int) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "&":
            m = _ENTITY_RE.match(raw, i)
            if not m:
                raise EntityParseError(
                    f"Character '&' is reserved and must be escaped with the preceding '&amp;' "
                    f"at byte offset {base_offset + len(raw[:i].encode())}"
                )
            if m.group(1):
                out.append(_NAMED_ENTITIES[m.group(1)])
            else:
                code = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
                if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    raise EntityParseError(f"Invalid HTML entity at byte offset {base_offset + i}")
                out.append(chr(code))
            i = m.end()
        elif ch == "<":
            raise EntityParseError(f"Unexpected '<' in attribute at byte offset {base_offset + i}")
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """HTML text → (plain text, entities with UTF-16 offsets), or EntityParseError like Telegram."""
    text: list[str] = []
    length16 = 0  # utf-16 length of the text so far
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    n = len(source)

    def byte_offset(pos: int) -> int:
        return len(source[:pos].encode())

    while i < n:
        ch = source[i]
        if ch == "&":
            m = _ENTITY_RE.match(source, i)
            if not m:
                raise EntityParseError(
                    f"Character '&' is reserved and must be escaped with the preceding '&amp;' "
                    f"at byte offset {byte_offset(i)}"
                )
            piece = _decode_entities(m.group(0), byte_offset(i))
            text.append(piece)
            length16 += utf16_len(piece)
            i = m.end()
            continue
        if ch != "<":
            j = i
            while j < n and source[j] not in "<&":
                j += 1
            piece = source[i:j]
            text.append(piece)
            length16 += utf16_len(piece)
            i = j
            continue
        # a tag
        if source.startswith("</", i):
            end = source.find(">", i)
            name = source[i + 2 : end].strip().lower() if end != -1 else ""
            if end == -1 or not _TAG_NAME_RE.fullmatch(name):
                raise EntityParseError(f"Unclosed end tag at byte offset {byte_offset(i)}")
            if not stack:
                raise EntityParseError(f'Unexpected end tag "{name}" at byte offset {byte_offset(i)}')
            open_name, start16, attrs = stack.pop()
            if open_name != name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {byte_offset(i)}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            kind = _TAGS[open_name]
            entity: dict[str, Any] = {"type": kind, "offset": start16, "length": length16 - start16}
            if kind == "text_link":
                entity["url"] = attrs.get("href", "")
            if kind == "pre" and attrs.get("language"):
                entity["language"] = attrs["language"]
            if kind == "blockquote" and "expandable" in attrs:
                entity["type"] = "expandable_blockquote"
            if entity["length"] > 0:
                entities.append(entity)
            i = end + 1
            continue
        m = _TAG_NAME_RE.match(source, i + 1)
        if not m:
            raise EntityParseError(f'Unsupported start tag "" at byte offset {byte_offset(i)}')
        name = m.group(0).lower()
        if name not in _TAGS:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {byte_offset(i)}')
        j = m.end()
        attrs: dict[str, str] = {}
        while True:
            while j < n and source[j].isspace():
                j += 1
            if j >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(i)}")
            if source[j] == ">":
                j += 1
                break
            am = _ATTR_RE.match(source, j)
            if not am or am.end() == j:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {byte_offset(j)}'
                )
            value = next((g for g in am.group(2, 3, 4) if g is not None), "")
            attrs[am.group(1).lower()] = _decode_entities(value, byte_offset(j))
            j = am.end()
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError('Tag "span" must have class "tg-spoiler"')
        if (
            name == "code"
            and stack
            and stack[-1][0] == "pre"
            and attrs.get("class", "").startswith("language-")
        ):
            stack[-1][2]["language"] = attrs["class"][len("language-") :]
        stack.append((name, length16, attrs))
        i = j
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(text), entities


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w)")
_URL_RE = re.compile(r"https?://[^\s<>\"]+")


def detect_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's clients add to incoming text: bot_command, mention, url (UTF-16 offsets)."""
    found: list[dict[str, Any]] = []
    for kind, rx in (("bot_command", _COMMAND_RE), ("mention", _MENTION_RE), ("url", _URL_RE)):
        for m in rx.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: m.start()]),
                    "length": utf16_len(m.group(0)),
                }
            )
    found.sort(key=lambda e: e["offset"])
    return found


# --------------------------------------------------------------------------------------------------
# Records and failures
# --------------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One request the bot made: what it asked and what it got back."""

    index: int
    method: str
    params: dict[str, Any]
    at: float
    status: int | None = None  # HTTP status once answered
    response: dict[str, Any] | None = None
    text: str | None = None  # plain text after HTML parsing (sendMessage/editMessageText)
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def error(self) -> str | None:
        return None if self.response is None or self.response.get("ok") else self.response.get("description")

    @property
    def result(self) -> Any:
        return None if self.response is None else self.response.get("result")

    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard buttons sent with this call, row after row."""
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]


@dataclass
class Failure:
    """An injected failure: the next `times` matching calls (None = all of them) get this answer."""

    status: int
    description: str
    method: str | None = None
    chat_id: int | str | None = None
    times: int | None = 1
    parameters: dict[str, Any] | None = None
    delay: float = 0.0  # seconds to wait before answering (also used alone, with status 200, for timeouts)
    hits: int = 0

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id


@dataclass
class RateLimits:
    """Telegram's documented limits: ~30 messages a second overall, 20 a minute per group or channel."""

    per_group_per_minute: int = 20
    global_per_second: int = 30
    per_private_per_second: int | None = None
    violations: int = 0


def _now() -> int:
    return int(time.time())


# --------------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------------


class FakeBotAPI:
    """The fake server: `async with FakeBotAPI() as api:` (or `await api.start()` and `api.stop()`)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = "DeskTestBot",
        first_name: str = "Diplomacy Desk",
        strict_chats: bool = False,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else BOT_ID
        self.username = username
        self.first_name = first_name
        self.strict_chats = strict_chats  # True: sending to a chat never seen answers "chat not found"
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.rate_limits: RateLimits | None = None
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope type (+chat) -> commands
        self.webhook: dict[str, Any] | None = None
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self.chats: dict[int, dict[str, Any]] = {}
        self.members: dict[tuple[int, int], str] = {}  # (chat, user) -> status
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, message_id) -> message
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.inline_queries: dict[str, dict[str, Any]] = {}
        self.updates: deque[dict[str, Any]] = deque()
        self._next_update_id = 1000
        self._next_message_id: dict[int, int] = {}
        self._next_query_id = 1
        self._changed = asyncio.Condition()
        self._updates_added = asyncio.Event()
        self._polling: asyncio.Future[None] | None = None
        self._sends_global: deque[float] = deque()
        self._sends_chat: dict[int, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0

    # ---- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._polling is not None and not self._polling.done():
            self._polling.set_result(None)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For `Application.builder().base_url(...)` / TELEGRAM_BASE_URL: PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def url(self) -> str:
        return f"{self.base_url}{self.token}"

    # ---- failures and limits -------------------------------------------------------------------

    def inject(self, failure: Failure) -> Failure:
        self.failures.append(failure)
        return failure

    def fail_retry_after(
        self,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
        *,
        times: int | None = 1,
        retry_after: int = 1,
    ) -> Failure:
        return self.inject(
            Failure(
                429,
                f"Too Many Requests: retry after {retry_after}",
                method,
                chat_id,
                times,
                {"retry_after": retry_after},
            )
        )

    def fail_blocked(
        self, chat_id: int | None = None, method: str | None = None, *, times: int | None = None
    ) -> Failure:
        return self.inject(Failure(403, "Forbidden: bot was blocked by the user", method, chat_id, times))

    def fail_kicked(
        self, chat_id: int | None = None, method: str | None = None, *, times: int | None = None
    ) -> Failure:
        return self.inject(
            Failure(403, "Forbidden: bot was kicked from the group chat", method, chat_id, times)
        )

    def fail_chat_not_found(
        self, chat_id: int | None = None, method: str | None = None, *, times: int | None = None
    ) -> Failure:
        return self.inject(Failure(400, "Bad Request: chat not found", method, chat_id, times))

    def fail_migrated(
        self, chat_id: int, new_chat_id: int, method: str | None = None, *, times: int | None = None
    ) -> Failure:
        return self.inject(
            Failure(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                method,
                chat_id,
                times,
                {"migrate_to_chat_id": new_chat_id},
            )
        )

    def fail_delay(
        self,
        seconds: float,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
        *,
        times: int | None = 1,
    ) -> Failure:
        """Answer (successfully) only after `seconds`: a client with a shorter timeout sees a timeout."""
        return self.inject(Failure(200, "", method, chat_id, times, delay=seconds))

    def fail_server_error(
        self, method: str | None = "sendMessage", chat_id: int | None = None, *, times: int | None = 1
    ) -> Failure:
        return self.inject(Failure(502, "Bad Gateway", method, chat_id, times))

    def fail_conflict(self, *, times: int | None = 1) -> Failure:
        return self.inject(
            Failure(
                409,
                "Conflict: terminated by other getUpdates request; make sure that "
                "only one bot instance is running",
                "getUpdates",
                None,
                times,
            )
        )

    def clear_failures(self) -> None:
        self.failures.clear()

    def enforce_rate_limits(self, limits: RateLimits | None = None) -> RateLimits:
        """Answer 429 when a chat or the bot as a whole goes over Telegram's limits; `None` switches off."""
        self.rate_limits = limits or RateLimits()
        return self.rate_limits

    # ---- waiting for the bot -------------------------------------------------------------------

    def mark(self) -> int:
        """The index the next call will get: pass it as `after=` to wait only for what follows."""
        return len(self.calls)

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, after: int = 0, timeout: float = 10.0
    ) -> Call:
        """The first answered call from `after` on that matches; TimeoutError after `timeout` seconds."""
        found = await self.wait_count(predicate, 1, after=after, timeout=timeout)
        return found[0]

    async def wait_count(
        self,
        predicate: Callable[[Call], bool],
        count: int,
        *,
        after: int = 0,
        timeout: float = 10.0,
        answered: bool = True,
    ) -> list[Call]:
        """`count` matching calls from `after` on; `answered=False` also counts calls still waiting
        for their answer (a long poll in progress)."""

        def matching() -> list[Call]:
            return [c for c in self.calls[after:] if (c.status is not None or not answered) and predicate(c)]

        async def wait() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(matching()) >= count)
                return matching()[:count]

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            seen = [(c.method, c.chat_id, c.status, c.error) for c in self.calls[after:]]
            raise TimeoutError(
                f"waited {timeout}s for {count} matching call(s); calls since: {seen}"
            ) from None

    async def wait_received(
        self, predicate: Callable[[Call], bool], *, after: int = 0, timeout: float = 10.0
    ) -> Call:
        """The first call from `after` on that matches, answered or not (e.g. a pending getUpdates)."""
        found = await self.wait_count(predicate, 1, after=after, timeout=timeout, answered=False)
        return found[0]

    async def wait_method(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        after: int = 0,
        timeout: float = 10.0,
        ok: bool | None = None,
    ) -> Call:
        return await self.wait_for(
            lambda c: (
                c.method == method
                and (chat_id is None or c.chat_id == chat_id)
                and (ok is None or c.ok == ok)
            ),
            after=after,
            timeout=timeout,
        )

    async def wait_updates_consumed(self, timeout: float = 10.0) -> None:
        """Until the bot has confirmed (by offset) every update pushed so far."""

        async def wait() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: not self.updates)

        await asyncio.wait_for(wait(), timeout)

    def calls_to(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Plain texts of successful sendMessage calls (to one chat, or all)."""
        return [c.text or "" for c in self.calls_to("sendMessage", chat_id) if c.ok]

    def rejected(self) -> list[Call]:
        """Calls answered 400 by validation (not by an injected failure): a bot bug in a test."""
        return [c for c in self.calls if c.status == 400 and "_injected" not in c.params]

    # ---- building updates ----------------------------------------------------------------------

    def user(
        self, user_id: int, first_name: str | None = None, username: str | None = None
    ) -> dict[str, Any]:
        data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}"}
        if username:
            data["username"] = username
        return data

    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def chat(
        self, chat_id: int, chat_type: str | None = None, title: str | None = None, is_forum: bool = False
    ) -> dict[str, Any]:
        """The chat object for `chat_id`, registering it; the type is guessed from the id if not given."""
        if chat_id in self.chats and chat_type is None:
            return self.chats[chat_id]
        kind = chat_type or (
            "private" if chat_id > 0 else "supergroup" if str(chat_id).startswith("-100") else "group"
        )
        data: dict[str, Any] = {"id": chat_id, "type": kind}
        if kind == "private":
            data["first_name"] = f"User{chat_id}"
        else:
            data["title"] = title or f"Chat {chat_id}"
        if is_forum:
            data["is_forum"] = True
        self.chats[chat_id] = data
        return data

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update (its `update_id` is set); delivered by getUpdates or to the webhook."""
        self._next_update_id += 1
        update = {"update_id": self._next_update_id, **{k: v for k, v in update.items() if k != "update_id"}}
        if self.webhook is not None:
            asyncio.get_running_loop().create_task(self._deliver_webhook(update))
        else:
            self.updates.append(update)
            self._updates_added.set()
        return self._next_update_id

    def _message(
        self, chat: dict[str, Any], text: str, sender: dict[str, Any] | None, **extra: Any
    ) -> dict[str, Any]:
        chat_id = int(chat["id"])
        message_id = self._new_message_id(chat_id)
        msg: dict[str, Any] = {"message_id": message_id, "date": _now(), "chat": chat, "text": text}
        if sender is not None:
            msg["from"] = sender
        entities = detect_entities(text)
        if entities:
            msg["entities"] = entities
        msg.update({k: v for k, v in extra.items() if v is not None})
        self.messages[(chat_id, message_id)] = msg
        return msg

    def private_text(
        self, user_id: int, text: str, *, first_name: str | None = None, username: str | None = None
    ) -> int:
        """A user writes to the bot in a private chat (chat id = user id). Returns the update id."""
        sender = self.user(user_id, first_name, username)
        chat = self.chat(user_id, "private")
        return self.push_update({"message": self._message(chat, text, sender)})

    def group_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        chat_type: str = "supergroup",
        title: str | None = None,
        reply_to: dict[str, Any] | None = None,
        message_thread_id: int | None = None,
        sender_chat: dict[str, Any] | None = None,
    ) -> int:
        """A member writes in a group; `reply_to` is a message dict (e.g. one the bot sent)."""
        chat = self.chat(chat_id, chat_type, title, is_forum=message_thread_id is not None)
        extra: dict[str, Any] = {"reply_to_message": reply_to, "sender_chat": sender_chat}
        if message_thread_id is not None:
            extra["message_thread_id"] = message_thread_id
            extra["is_topic_message"] = True
        sender = None if sender_chat is not None else self.user(user_id)
        if sender_chat is not None:  # anonymous admin: Telegram sets `from` to GroupAnonymousBot
            sender = {
                "id": 1087968824,
                "is_bot": True,
                "first_name": "Group",
                "username": "GroupAnonymousBot",
            }
        return self.push_update({"message": self._message(chat, text, sender, **extra)})

    def channel_post(
        self, chat_id: int, text: str, *, title: str | None = None, author_signature: str | None = None
    ) -> int:
        """A post in a channel (no `from`; sender_chat is the channel)."""
        chat = self.chat(chat_id, "channel", title)
        msg = self._message(chat, text, None, sender_chat=chat, author_signature=author_signature)
        return self.push_update({"channel_post": msg})

    def press(self, message: dict[str, Any], data: str, user_id: int) -> str:
        """A user presses an inline button with `data` under `message`. Returns the callback query id."""
        query_id = str(self._new_query_id())
        chat = message["chat"]
        query = {
            "id": query_id,
            "from": self.user(user_id),
            "chat_instance": f"ci{chat['id']}",
            "message": self.messages.get((int(chat["id"]), int(message["message_id"])), message),
            "data": data,
        }
        self.callback_queries[query_id] = {"query": query, "answered": False}
        self.push_update({"callback_query": query})
        return query_id

    def inline_query(self, user_id: int, query: str, offset: str = "") -> str:
        """A user types `@bot <query>` in any chat. Returns the inline query id."""
        query_id = str(self._new_query_id())
        data = {
            "id": query_id,
            "from": self.user(user_id),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        self.inline_queries[query_id] = {"query": data, "answered": False}
        self.push_update({"inline_query": data})
        return query_id

    def my_chat_member(
        self, chat_id: int, user_id: int, old_status: str, new_status: str, *, chat_type: str | None = None
    ) -> int:
        """The bot's own membership changed (added, removed, blocked, promoted)."""
        chat = self.chat(chat_id, chat_type)
        self.members[(chat_id, self.bot_id)] = new_status
        return self.push_update(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": self.user(user_id),
                    "date": _now(),
                    "old_chat_member": self._member_dict(self.bot_user(), old_status),
                    "new_chat_member": self._member_dict(self.bot_user(), new_status),
                }
            }
        )

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers: creator, administrator, member, restricted, left or kicked."""
        self.members[(chat_id, user_id)] = status

    def message_from(self, call: Call) -> dict[str, Any]:
        """The message a successful sendMessage/editMessageText call produced (its current state)."""
        result = call.result
        assert isinstance(result, dict), f"{call.method} had no message result: {call.error}"
        return self.messages.get((int(result["chat"]["id"]), int(result["message_id"])), result)

    # ---- internals -----------------------------------------------------------------------------

    def _new_message_id(self, chat_id: int) -> int:
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    def _new_query_id(self) -> int:
        self._next_query_id += 1
        return 7_000_000 + self._next_query_id

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _deliver_webhook(self, update: dict[str, Any]) -> None:
        assert self.webhook is not None
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {"Content-Type": "application/json"}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        try:
            async with self._session.post(self.webhook["url"], data=json.dumps(update), headers=headers) as r:
                status = r.status
        except aiohttp.ClientError:
            status = 0
        self.webhook_deliveries.append((int(update["update_id"]), status))
        await self._notify()

    @staticmethod
    def _decode_params(raw: dict[str, str]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if key in _JSON_PARAMS:
                try:
                    params[key] = json.loads(value) if isinstance(value, str) else value
                except json.JSONDecodeError:
                    params[key] = value
            elif key in _INT_PARAMS:
                try:
                    params[key] = int(value)
                except (TypeError, ValueError):
                    params[key] = value  # "@channelusername"
            elif key in _BOOL_PARAMS and isinstance(value, str):
                params[key] = value.lower() == "true"
            else:
                params[key] = value
        return params

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            ctype = request.content_type
            if ctype == "application/json":
                body = await request.json()
                raw.update(
                    {
                        k: v if isinstance(v, str) or k not in _JSON_PARAMS else json.dumps(v)
                        for k, v in body.items()
                    }
                )
                raw.update({k: v for k, v in body.items() if k in _INT_PARAMS or k in _BOOL_PARAMS})
            else:
                form = await request.post()
                raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        return self._decode_params(raw)

    async def _handle(self, request: web.Request) -> web.Response:
        params = await self._read_params(request)
        status, body = await self.dispatch(request.match_info["token"], request.match_info["method"], params)
        return web.json_response(body, status=status)

    async def dispatch(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call (HTTP or in-process): (HTTP status, JSON body)."""
        call = Call(len(self.calls), method, params, time.monotonic())
        self.calls.append(call)
        await self._notify()
        if not re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", token):
            return await self._finish(call, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
        if token != self.token:
            return await self._finish(
                call, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
        failure = next((f for f in self.failures if f.matches(method, params)), None)
        if failure is not None:
            failure.hits += 1
            if failure.delay:
                await asyncio.sleep(failure.delay)
            if failure.status != 200:
                body: dict[str, Any] = {
                    "ok": False,
                    "error_code": failure.status,
                    "description": failure.description,
                }
                if failure.parameters:
                    body["parameters"] = failure.parameters
                call.params["_injected"] = True
                return await self._finish(call, failure.status, body)
        limited = self._rate_limited(method, params)
        if limited is not None:
            call.params["_injected"] = "rate-limit"
            return await self._finish(
                call,
                429,
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {limited}",
                    "parameters": {"retry_after": limited},
                },
            )
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return await self._finish(call, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
        try:
            result = await handler(call, params)
        except _ApiError as exc:
            body = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return await self._finish(call, exc.status, body)
        return await self._finish(call, 200, {"ok": True, "result": result})

    async def _finish(self, call: Call, status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        call.status = status
        call.response = body
        await self._notify()
        return status, body

    def _rate_limited(self, method: str, params: dict[str, Any]) -> int | None:
        limits = self.rate_limits
        if limits is None or method not in SEND_METHODS:
            return None
        now = time.monotonic()
        window = self._sends_global
        while window and now - window[0] >= 1.0:
            window.popleft()
        if len(window) >= limits.global_per_second:
            limits.violations += 1
            return 1
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int):
            per_chat = self._sends_chat.setdefault(chat_id, deque())
            span, allowed = (
                (60.0, limits.per_group_per_minute)
                if chat_id < 0
                else ((1.0, limits.per_private_per_second) if limits.per_private_per_second else (0.0, 0))
            )
            if allowed:
                while per_chat and now - per_chat[0] >= span:
                    per_chat.popleft()
                if len(per_chat) >= allowed:
                    limits.violations += 1
                    return max(1, math.ceil(span - (now - per_chat[0])))
                per_chat.append(now)
        window.append(now)
        return None

    def _known_chat(self, params: dict[str, Any]) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        if self.strict_chats and chat_id not in self.chats:
            raise _ApiError(400, "Bad Request: chat not found")
        self.chat(chat_id)
        return chat_id

    def _check_text(self, call: Call, params: dict[str, Any], key: str = "text") -> tuple[str, list[Any]]:
        raw = params.get(key)
        if not isinstance(raw, str):
            raise _ApiError(400, "Bad Request: message text is empty")
        mode = (params.get("parse_mode") or "").lower()
        if mode == "html":
            try:
                text, entities = parse_html(raw)
            except EntityParseError as exc:
                raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        elif mode in {"markdown", "markdownv2"}:
            text, entities = raw, []  # not validated by this fake
        elif mode:
            raise _ApiError(400, f'Bad Request: unsupported parse_mode "{params["parse_mode"]}"')
        else:
            text, entities = raw, []
        if not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise _ApiError(400, "Bad Request: message is too long")
        call.text, call.entities = text, entities
        return text, entities

    @staticmethod
    def _check_markup(params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or len(rows) > 100:
            raise _ApiError(400, "Bad Request: REPLY_MARKUP_TOO_LONG")
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise _ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                        raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                elif "url" in button:
                    if not re.match(r"(https?|tg)://", str(button["url"])):
                        raise _ApiError(400, "Bad Request: BUTTON_URL_INVALID")
                elif not any(
                    k in button
                    for k in (
                        "switch_inline_query",
                        "switch_inline_query_current_chat",
                        "copy_text",
                        "web_app",
                        "login_url",
                        "pay",
                    )
                ):
                    raise _ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard",
                    )
        return markup

    def _member_dict(self, user: dict[str, Any], status: str) -> dict[str, Any]:
        if status == "creator":
            return {"status": "creator", "user": user, "is_anonymous": False}
        if status == "administrator":
            rights = dict.fromkeys(
                (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                    "can_post_messages",
                    "can_edit_messages",
                    "can_pin_messages",
                    "can_manage_topics",
                ),
                True,
            )
            rights["can_be_edited"] = rights["is_anonymous"] = False
            return {"status": "administrator", "user": user, **rights}
        if status == "kicked":
            return {"status": "kicked", "user": user, "until_date": 0}
        if status == "restricted":
            perms = dict.fromkeys(
                (
                    "is_member",
                    "can_send_messages",
                    "can_send_audios",
                    "can_send_documents",
                    "can_send_photos",
                    "can_send_videos",
                    "can_send_video_notes",
                    "can_send_voice_notes",
                    "can_send_polls",
                    "can_send_other_messages",
                    "can_add_web_page_previews",
                    "can_change_info",
                    "can_invite_users",
                    "can_pin_messages",
                    "can_manage_topics",
                ),
                False,
            )
            perms["is_member"] = True
            return {"status": "restricted", "user": user, "until_date": 0, **perms}
        return {"status": status, "user": user}

    # ---- methods -------------------------------------------------------------------------------

    async def _m_getMe(self, call: Call, p: dict[str, Any]) -> Any:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_logOut(self, call: Call, p: dict[str, Any]) -> Any:
        return True

    async def _m_close(self, call: Call, p: dict[str, Any]) -> Any:
        return True

    @staticmethod
    def _scope_key(p: dict[str, Any]) -> str:
        scope = p.get("scope") or {"type": "default"}
        key = str(scope.get("type", "default"))
        if "chat_id" in scope:
            key += f":{scope['chat_id']}"
        if p.get("language_code"):
            key += f"/{p['language_code']}"
        return key

    async def _m_setMyCommands(self, call: Call, p: dict[str, Any]) -> Any:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for c in commands:
            name, desc = str(c.get("command", "")), str(c.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(desc) <= 256:
                raise _ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(p)] = commands
        return True

    async def _m_deleteMyCommands(self, call: Call, p: dict[str, Any]) -> Any:
        self.commands.pop(self._scope_key(p), None)
        return True

    async def _m_getMyCommands(self, call: Call, p: dict[str, Any]) -> Any:
        return self.commands.get(self._scope_key(p), [])

    async def _m_setWebhook(self, call: Call, p: dict[str, Any]) -> Any:
        url = str(p.get("url", ""))
        if not url:
            self.webhook = None
            return True
        if not re.match(r"https?://", url):
            raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _ApiError(400, "Bad Request: bad webhook: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": p.get("allowed_updates")}
        if p.get("drop_pending_updates"):
            self.updates.clear()
        else:  # what was queued for polling now goes to the webhook
            pending, self.updates = list(self.updates), deque()
            for update in pending:
                asyncio.get_running_loop().create_task(self._deliver_webhook(update))
        if self._polling is not None and not self._polling.done():
            self._polling.set_result(None)
        return True

    async def _m_deleteWebhook(self, call: Call, p: dict[str, Any]) -> Any:
        self.webhook = None
        if p.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _m_getWebhookInfo(self, call: Call, p: dict[str, Any]) -> Any:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def _m_getUpdates(self, call: Call, p: dict[str, Any]) -> Any:
        if self.webhook is not None:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if self._polling is not None and not self._polling.done():
            self._polling.set_exception(
                _ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot "
                    "instance is running",
                )
            )
        offset = int(p.get("offset") or 0)
        limit = max(1, min(100, int(p.get("limit") or 100)))
        timeout = max(0, int(p.get("timeout") or 0))
        allowed = p.get("allowed_updates")
        if offset:
            while self.updates and self.updates[0]["update_id"] < offset:
                self.updates.popleft()
            await self._notify()

        def ready() -> list[dict[str, Any]]:
            out = [u for u in self.updates if not allowed or any(k in u for k in allowed)]
            return out[:limit]

        found = ready()
        if not found and timeout:
            me: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._polling = me
            deadline = time.monotonic() + timeout
            while not found and not me.done():
                self._updates_added.clear()
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                waiter = asyncio.ensure_future(self._updates_added.wait())
                await asyncio.wait({waiter, me}, timeout=left, return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
                found = ready()
            if me.done() and me.exception() is not None:
                raise me.exception()  # type: ignore[misc]
            if not me.done():
                me.set_result(None)
        return found

    async def _m_sendMessage(self, call: Call, p: dict[str, Any]) -> Any:
        chat_id = self._known_chat(p)
        text, entities = self._check_text(call, p)
        markup = self._check_markup(p)
        chat = self.chat(chat_id)
        msg: dict[str, Any] = {
            "message_id": self._new_message_id(chat_id),
            "date": _now(),
            "chat": chat,
            "from": self.bot_user(),
            "text": text,
        }
        if entities:
            msg["entities"] = entities
        if markup and "inline_keyboard" in markup:
            msg["reply_markup"] = markup
        if p.get("message_thread_id"):
            msg["message_thread_id"] = p["message_thread_id"]
        reply = p.get("reply_parameters") or {}
        reply_to = reply.get("message_id") or p.get("reply_to_message_id")
        if reply_to:
            original = self.messages.get((chat_id, int(reply_to)))
            if original is None and not (
                reply.get("allow_sending_without_reply") or p.get("allow_sending_without_reply")
            ):
                raise _ApiError(400, "Bad Request: message to be replied not found")
            if original is not None:
                msg["reply_to_message"] = {k: v for k, v in original.items() if k != "reply_to_message"}
        self.messages[(chat_id, msg["message_id"])] = msg
        return msg

    async def _m_editMessageText(self, call: Call, p: dict[str, Any]) -> Any:
        if p.get("inline_message_id"):
            self._check_text(call, p)
            self._check_markup(p)
            return True
        chat_id = self._known_chat(p)
        message_id = p.get("message_id")
        msg = self.messages.get((chat_id, int(message_id or 0)))
        if msg is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if msg.get("from", {}).get("id") != self.bot_id:
            raise _ApiError(400, "Bad Request: message can't be edited")
        text, entities = self._check_text(call, p)
        markup = self._check_markup(p)
        new_markup = markup if markup and "inline_keyboard" in markup else None
        if (
            text == msg.get("text")
            and entities == msg.get("entities", [])
            and new_markup == msg.get("reply_markup")
        ):
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        msg = {**msg, "text": text, "edit_date": _now()}
        msg.pop("entities", None)
        msg.pop("reply_markup", None)
        if entities:
            msg["entities"] = entities
        if new_markup:
            msg["reply_markup"] = new_markup
        self.messages[(chat_id, int(msg["message_id"]))] = msg
        return msg

    async def _m_answerCallbackQuery(self, call: Call, p: dict[str, Any]) -> Any:
        entry = self.callback_queries.get(str(p.get("callback_query_id", "")))
        if entry is None or entry["answered"]:
            raise _ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(p.get("text") or "")) > MAX_CALLBACK_ANSWER:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        entry["answered"] = True
        entry["answer"] = p
        return True

    async def _m_answerInlineQuery(self, call: Call, p: dict[str, Any]) -> Any:
        entry = self.inline_queries.get(str(p.get("inline_query_id", "")))
        if entry is None or entry["answered"]:
            raise _ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        results = p.get("results")
        if not isinstance(results, list):
            raise _ApiError(400, "Bad Request: can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        if len(str(p.get("next_offset") or "").encode()) > 64:
            raise _ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        seen: set[str] = set()
        for result in results:
            rid = str(result.get("id", ""))
            if not 1 <= len(rid.encode()) <= 64 or rid in seen:
                raise _ApiError(
                    400,
                    "Bad Request: RESULT_ID_INVALID"
                    if rid not in seen
                    else "Bad Request: RESULT_ID_DUPLICATE",
                )
            seen.add(rid)
            if result.get("type") == "article" and not str(result.get("title", "")).strip():
                raise _ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                self._check_text(
                    Call(-1, "inline", {}, 0.0),
                    {"text": content["message_text"], "parse_mode": content.get("parse_mode")},
                )
            self._check_markup({"reply_markup": result.get("reply_markup")})
        entry["answered"] = True
        entry["answer"] = p
        return True

    async def _m_getChat(self, call: Call, p: dict[str, Any]) -> Any:
        chat_id = self._known_chat(p)
        chat = self.chat(chat_id)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _m_getChatMember(self, call: Call, p: dict[str, Any]) -> Any:
        chat_id = self._known_chat(p)
        user_id = int(p.get("user_id") or 0)
        default = "administrator" if user_id == self.bot_id else "member"
        status = self.members.get((chat_id, user_id), default)
        user = self.bot_user() if user_id == self.bot_id else self.user(user_id)
        return self._member_dict(user, status)

    async def _m_getChatAdministrators(self, call: Call, p: dict[str, Any]) -> Any:
        chat_id = self._known_chat(p)
        admins = [
            (u, s) for (c, u), s in self.members.items() if c == chat_id and s in {"creator", "administrator"}
        ]
        return [
            self._member_dict(self.bot_user() if u == self.bot_id else self.user(u), s) for u, s in admins
        ]

    async def _m_sendChatAction(self, call: Call, p: dict[str, Any]) -> Any:
        self._known_chat(p)
        return True

    async def _m_deleteMessage(self, call: Call, p: dict[str, Any]) -> Any:
        chat_id = self._known_chat(p)
        if self.messages.pop((chat_id, int(p.get("message_id") or 0)), None) is None:
            raise _ApiError(400, "Bad Request: message to delete not found")
        return True


class InProcessRequest(BaseRequest):
    """A python-telegram-bot transport that calls the fake directly, without HTTP: the same answers and
    validation, for unit tests of handlers. `Application.builder().request(InProcessRequest(api))`."""

    def __init__(self, api: FakeBotAPI, *, read_timeout: float | None = 5.0) -> None:
        self.api = api
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        match = re.search(r"/bot([^/]*)/([^/?]+)$", url)
        if match is None:
            return 404, b'{"ok": false, "error_code": 404, "description": "Not Found"}'
        raw = request_data.json_parameters if request_data is not None else {}
        params = self.api._decode_params(raw)
        timeout = read_timeout if isinstance(read_timeout, int | float) else self._read_timeout
        if match.group(2) == "getUpdates" and timeout is not None:
            timeout += float(params.get("timeout") or 0)
        try:
            status, body = await asyncio.wait_for(
                self.api.dispatch(match.group(1), match.group(2), params), timeout
            )
        except TimeoutError:
            raise TimedOut("Timed out (in-process fake)") from None
        return status, json.dumps(body).encode()


class _ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def texts(calls: Iterable[Call]) -> list[str]:
    return [c.text or "" for c in calls]


async def eventually(
    check: Callable[[], Awaitable[bool] | bool], timeout: float = 10.0, api: FakeBotAPI | None = None
) -> None:
    """Wait until `check()` is true, re-checking whenever the fake server records something."""

    async def truthy() -> bool:
        value = check()
        if asyncio.iscoroutine(value) or isinstance(value, Awaitable):
            value = await value
        return bool(value)

    async def loop() -> None:
        while not await truthy():
            if api is not None:
                async with api._changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(api._changed.wait(), 0.5)
            else:
                await asyncio.sleep(0.05)

    await asyncio.wait_for(loop(), timeout)
