"""The command line: `python -m bot [--db PATH] COMMAND`.

With no command it starts the bot: the Telegram worker when a token is set, else a console chat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot import __version__
from bot.config import Settings, load_settings

log = logging.getLogger("bot")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot",
        description="Diplomacy Desk: reads diplomacy news and answers who met whom, when and about what.",
        epilog="With no command: `run` when TELEGRAM_BOT_TOKEN is set, otherwise `chat`. "
        "Settings come from the environment and config/settings.toml (see config/settings.example.toml).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the SQLite store (env BOT_DB_PATH, default data/bot.sqlite3)")
    parser.add_argument("--config", metavar="FILE", help="a settings TOML file (default config/settings.toml)")
    parser.add_argument("--seeds", metavar="DIR", help="articles loaded into an empty store (env BOT_SEEDS_DIR)")
    parser.add_argument("--log-level", metavar="LEVEL", help="DEBUG, INFO, WARNING or ERROR (env BOT_LOG_LEVEL)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read article files or folders into the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt) or folders of them")
    p.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="processes extracting articles while this one writes the store; about one per CPU core "
        "(env BOT_INGEST_WORKERS, default 1: all in one process)",
    )
    sub.add_parser("export", help="print everything the bot knows as one JSON object")
    p = sub.add_parser("ask", help="send one message through the answers layer and print the reply")
    p.add_argument("text", nargs="+", help='e.g. "/who NAME" or "who met NAME?"')
    p.add_argument("--page", type=int, default=1, help="which page of a long answer (from 1)")
    sub.add_parser("chat", help="an interactive console chat with the bot")
    sub.add_parser("run", help="the Telegram worker (needs TELEGRAM_BOT_TOKEN)")

    p = sub.add_parser("subscribe", help="subscribe a chat or channel to the daily digest")
    p.add_argument("chat_id", type=int, help="Telegram chat id, e.g. -1001234567890 for a channel")
    p.add_argument("--at", default=None, metavar="HH:MM", help="local time of the digest (default from settings)")
    p.add_argument("--tz", default=None, metavar="ZONE", help="IANA zone or UTC+5 (default from settings)")
    p = sub.add_parser("unsubscribe", help="stop a chat's daily digest")
    p.add_argument("chat_id", type=int)
    sub.add_parser("subscriptions", help="list digest subscriptions")

    p = sub.add_parser("follow", help="make a chat follow a person, a state or organisation, or quoted words")
    p.add_argument("chat_id", type=int, help="Telegram chat id")
    p.add_argument("what", nargs="+", help='a name, a country, an organisation, or "quoted words"')
    p = sub.add_parser("unfollow", help="make a chat stop following something")
    p.add_argument("chat_id", type=int)
    p.add_argument("what", nargs="*", help="what it follows, or its number in `following`")
    p = sub.add_parser("following", help="what a chat follows (every chat when no id is given)")
    p.add_argument("chat_id", type=int, nargs="?")
    from bot.sources.cli import add_parsers as add_source_parsers

    add_source_parsers(sub)  # sources add|list|remove, poll, read
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if args.db:
        overrides["db_path"] = Path(args.db)
    if args.seeds:
        overrides["seeds_dir"] = Path(args.seeds)
    if args.log_level:
        overrides["log_level"] = args.log_level
    config = Path(args.config) if args.config else None
    if config is not None and not config.is_file():
        raise FileNotFoundError(f"config file not found: {config}")
    return load_settings(config, **overrides)


def describe_settings_error(exc: ValidationError) -> str:
    """One line naming the bad key(s), never the value (a token could be in it)."""
    env_to_key = {str(f.validation_alias): name for name, f in Settings.model_fields.items()}
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ())) or "settings"
        key = env_to_key.get(loc, loc)
        named = f"{key} (env {loc})" if key != loc else key
        parts.append(f"{named}: {err.get('msg', 'invalid')}")
    return "bad setting: " + "; ".join(parts)


def _workers(text: str) -> int:
    """`ingest --workers N`: a whole number from 1 to 64 (as the setting)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= n <= 64:
        raise argparse.ArgumentTypeError("must be from 1 to 64")
    return n


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = settings_from_args(args)
    except ValidationError as exc:
        print(describe_settings_error(exc), file=sys.stderr)
        return EXIT_USAGE
    except (FileNotFoundError, ValueError) as exc:
        print(f"bad setting: {exc}", file=sys.stderr)
        return EXIT_USAGE
    command = args.command or ("run" if settings.telegram_bot_token else "chat")
    # Quiet by default for the console front ends; the worker logs at the configured level.
    setup_logging(settings.log_level if command in {"run", "ingest", "poll"} else
                  (settings.log_level if args.log_level else "WARNING"))
    from bot.store.db import StoreError

    try:
        return asyncio.run(dispatch(command, args, settings))
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # `ask ... | head`: the reader left. Python's documented recipe: point stdout at devnull so the
        # flush at exit does not fail again, and stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


async def dispatch(command: str, args: argparse.Namespace, settings: Settings) -> int:
    if command == "run":
        from bot.telegram.app import run

        return await run(settings)
    from bot.store import Store

    store = await Store.open(settings.db_path)
    try:
        if command == "ingest":
            workers = args.workers if args.workers is not None else settings.ingest_workers
            return await cmd_ingest(store, [Path(p) for p in args.paths], workers)
        if command == "export":
            return await cmd_export(store)
        if command in {"sources", "poll", "read"}:
            from bot.sources import cli as sources_cli

            return await sources_cli.run(args, store, settings)
        if command in {"ask", "chat"}:
            from bot.ingest.seeds import ensure_seeds

            await ensure_seeds(store, settings.seeds_dir)
            if command == "ask":
                return await cmd_ask(store, " ".join(args.text), args.page)
            from bot.console import chat

            await chat(store, settings)
            return EXIT_OK
        if command in {"follow", "unfollow", "following"}:
            from bot.ingest.seeds import ensure_seeds

            await ensure_seeds(store, settings.seeds_dir)  # names resolve as `ask` resolves them
            return await cmd_follow_admin(command, args, store)
        return await cmd_digest_admin(command, args, store, settings)
    finally:
        await store.close()


async def cmd_ingest(store: Any, paths: list[Path], workers: int = 1) -> int:
    from bot.ingest.pipeline import ingest_paths

    report = await ingest_paths(store, paths, workers=workers)
    for line in report.lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_FAILED


async def cmd_export(store: Any) -> int:
    from bot.store.export import export_all

    data = await export_all(store)
    sys.stdout.write(json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


async def cmd_ask(store: Any, text: str, page: int) -> int:
    from bot.answers import answer
    from bot.answers.render_text import render_plain

    reply = await answer(store, text, page=max(page - 1, 0))
    print(render_plain(reply))
    return EXIT_OK


async def cmd_follow_admin(command: str, args: argparse.Namespace, store: Any) -> int:
    """`follow`, `unfollow`, `following` for operators; a running worker sees the change at its next tick."""
    from bot.answers import follow as follow_answers
    from bot.answers.render_text import render_plain
    from bot.digest.clock import utcnow

    if command == "following" and args.chat_id is None:
        rows = await store.conn.execute_fetchall(
            "SELECT chat_id, kind, label FROM follows ORDER BY chat_id, id"
        )
        if not rows:
            print("no follows")
        for chat_id, kind, label in rows:
            print(f"{chat_id} {kind}: {label}")
        return EXIT_OK
    if command == "follow":
        reply = await follow_answers.follow(store, args.chat_id, " ".join(args.what), utcnow(), created_by="cli")
    elif command == "unfollow":
        reply = await follow_answers.unfollow(store, args.chat_id, " ".join(args.what))
    else:
        reply = await follow_answers.following(store, args.chat_id)
    print(render_plain(reply))
    return EXIT_OK if reply.ok else EXIT_FAILED


async def cmd_digest_admin(command: str, args: argparse.Namespace, store: Any, settings: Settings) -> int:
    from bot.digest import commands

    if command == "subscribe":
        try:
            message: str = await commands.subscribe(
                store, args.chat_id, args.at or settings.digest_default_time, args.tz or settings.digest_default_tz
            )
        except ValueError as exc:
            print(f"subscribe: {exc}", file=sys.stderr)
            return EXIT_USAGE
        print(message)
        return EXIT_OK
    if command == "unsubscribe":
        print(await commands.unsubscribe(store, args.chat_id))
        return EXIT_OK
    rows = await commands.list_subscriptions(store)
    if not rows:
        print("no subscriptions")
    for row in rows:
        print(row)
    return EXIT_OK
