"""The Telegram worker: `build_application` wires the handlers, `run` is `python -m bot run`.

Long polling by default, a webhook when `BOT_WEBHOOK_URL` is set. SIGTERM/SIGINT stop it cleanly:
the updater stops fetching, updates being answered are finished, then the store is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
import sys
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    BaseRateLimiter,
    CallbackQueryHandler,
    ChatMemberHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

import bot.answers as answers
from bot.config import Settings
from bot.ingest.seeds import ensure_seeds
from bot.store.db import Store, StoreError
from bot.telegram import digest_handlers, follow_handlers, handlers, source_handlers
from bot.telegram.errors import RetryingRateLimiter, on_error, polling_error
from bot.telegram.logging_setup import protect_secret, quiet_noisy_loggers
from bot.telegram.webhook import WebhookServer

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DIGEST_MENU: list[tuple[str, str]] = [
    ("subscribe", "daily digest in this chat: /subscribe 09:00 Asia/Almaty"),
    ("unsubscribe", "stop the daily digest"),
    ("settings", "this chat's digest time and zone"),
    ("digest", "the digest this chat would get now"),
    ("follow", "alerts on a person, state or words: /follow Kazakhstan"),
    ("following", "what this chat follows"),
    ("unfollow", "stop following something"),
]
LOG_GROUP, MAIN_GROUP, TRACK_GROUP = -10, 0, 10


class StartupError(Exception):
    """A startup failure worth one line and an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def token_of(settings: Settings) -> str:
    secret = settings.telegram_bot_token
    token = secret.get_secret_value().strip() if secret is not None else ""
    if not token:
        raise StartupError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and set its token", 2)
    return token


def webhook_secret(settings: Settings, token: str) -> str:
    """BOT_WEBHOOK_SECRET, or one derived from the token (stable across restarts, never the token)."""
    if settings.webhook_secret is not None and settings.webhook_secret.get_secret_value().strip():
        return settings.webhook_secret.get_secret_value().strip()
    return hashlib.sha256(f"diplomacy-desk-webhook:{token}".encode()).hexdigest()


def _file_url(base_url: str) -> str:
    return base_url[: -len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url


def build_application(
    settings: Settings,
    store: Store,
    *,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> App:
    """The Application with every handler; nothing is sent until it is initialised and started."""
    token = token_of(settings)
    protect_secret(token)
    quiet_noisy_loggers(settings.log_level)
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(_file_url(settings.telegram_base_url))
        .defaults(
            Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
        )
        .rate_limiter(rate_limiter or RetryingRateLimiter())
        .concurrent_updates(True)
    )
    if request is not None:
        builder = builder.request(request)
    else:
        builder = builder.connect_timeout(10).read_timeout(20).write_timeout(20).pool_timeout(10)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app: App = builder.build()

    desk = handlers.Desk(
        settings=settings,
        store=store,
        digest_commands=frozenset(name for name, _ in DIGEST_MENU),
    )
    app.bot_data["desk"] = desk
    app.add_handler(TypeHandler(Update, handlers.log_update), group=LOG_GROUP)
    digest_handlers.register(app, store, settings)  # the digest's commands first: the catch-all comes after
    source_handlers.register(app, store, settings)  # /sources, /addsource, /removesource, /read, bare links
    follow_handlers.register(app, store, settings)  # /follow, /following, /unfollow, their buttons, alerts
    text_messages = filters.TEXT & (filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST)
    app.add_handler(MessageHandler(text_messages, handlers.on_message), group=MAIN_GROUP)
    app.add_handler(CallbackQueryHandler(handlers.on_callback), group=MAIN_GROUP)
    app.add_handler(InlineQueryHandler(handlers.on_inline), group=MAIN_GROUP)
    app.add_handler(
        ChatMemberHandler(handlers.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER), group=TRACK_GROUP
    )
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, handlers.on_migrate), group=TRACK_GROUP)
    app.add_error_handler(on_error)
    return app


def menu(with_digest: bool) -> list[BotCommand]:
    """The command menu, from the answers layer's help (first description of each command)."""
    seen: dict[str, str] = {}
    for entry in getattr(answers, "HELP", []):
        usage, what = str(entry[0]), str(entry[1])
        name = usage.split()[0].lstrip("/").lower()
        if name and name not in seen:
            seen[name] = what[:256]
    if not seen:
        seen = {"help": "what I answer"}
    if with_digest:
        for name, what in DIGEST_MENU:
            seen.setdefault(name, what)
    for name, what in source_handlers.MENU:
        seen.setdefault(name, what)
    return [BotCommand(name, what) for name, what in seen.items()]


async def set_commands(app: App) -> None:
    desk: handlers.Desk = app.bot_data["desk"]
    commands = menu(bool(desk.digest_commands))
    private = [c for c in commands]
    group = [c for c in commands if c.command not in {"subscribe", "unsubscribe"}]
    admins = commands
    await app.bot.set_my_commands(private, scope=BotCommandScopeAllPrivateChats())
    await app.bot.set_my_commands(group, scope=BotCommandScopeAllGroupChats())
    await app.bot.set_my_commands(admins, scope=BotCommandScopeAllChatAdministrators())


async def startup(app: App, *, bootstrap_retries: int = 4) -> None:
    """Initialise (getMe: the token is checked here), register the menu, start handling updates."""
    delay = 1.0
    for attempt in range(bootstrap_retries + 1):
        try:
            await app.initialize()
            break
        except InvalidToken as exc:
            raise StartupError("Telegram refused the bot token (check TELEGRAM_BOT_TOKEN)", 2) from exc
        except NetworkError as exc:
            if attempt == bootstrap_retries:
                raise StartupError(f"cannot reach the Telegram Bot API: {type(exc).__name__}", 1) from exc
            log.warning(
                "cannot reach the Telegram Bot API (%s); retrying in %.0f s", type(exc).__name__, delay
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
    desk: handlers.Desk = app.bot_data["desk"]
    await desk.book.load()
    try:
        await set_commands(app)
    except TelegramError as exc:  # a menu is nice to have, not a reason to stop
        log.warning("could not register the command menu: %s", exc)
    await app.start()


async def shutdown(app: App) -> None:
    """Stop fetching, finish the updates in hand, release the connections."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    await source_handlers.close(app)


async def serve(app: App, settings: Settings, stop: asyncio.Event, *, listen: str = "0.0.0.0") -> None:
    """Fetch updates (polling, or the webhook when configured) until `stop` is set."""
    assert app.updater is not None
    if settings.webhook_url:
        token = token_of(settings)
        secret = webhook_secret(settings, token)
        server = WebhookServer(app, urlsplit(settings.webhook_url).path, secret)
        try:
            server.start(listen, settings.port)
        except OSError as exc:
            why = exc.strerror or str(exc)
            raise StartupError(f"PORT {settings.port}: cannot listen for the webhook ({why})", 2) from None
        try:
            await app.bot.set_webhook(settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
            log.info("@%s is answering through the webhook on port %s", app.bot.username, settings.port)
            await stop.wait()
        finally:
            await server.stop()
        return
    await app.updater.start_polling(
        allowed_updates=Update.ALL_TYPES, timeout=30, error_callback=polling_error
    )
    log.info("@%s is answering (long polling)", app.bot.username)
    await stop.wait()


def _install_stop_signals(stop: asyncio.Event) -> list[int]:
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    return installed


async def run(settings: Settings, *, stop: asyncio.Event | None = None) -> int:
    """`python -m bot run`: 0 after a clean stop, 2 for a missing or refused token, 1 otherwise."""
    try:
        token = token_of(settings)
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    protect_secret(token)
    quiet_noisy_loggers(settings.log_level)
    stop = stop or asyncio.Event()
    signals = _install_stop_signals(stop)
    try:
        store = await Store.open(settings.db_path)
    except StoreError as exc:  # before Telegram is contacted
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    app: App | None = None
    try:
        await ensure_seeds(store, settings.seeds_dir)
        app = build_application(settings, store)
        await startup(app)
        await serve(app, settings, stop)
        log.info("stopping: finishing the updates in hand")
        return EXIT_OK
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    finally:
        if app is not None:
            with contextlib.suppress(Exception):
                await shutdown(app)
        await store.close()
        loop = asyncio.get_running_loop()
        for sig in signals:
            loop.remove_signal_handler(sig)
