"""The CLI's web commands: `sources add|list|remove`, `poll` and `read` (bot/cli.py hands them here).

The operator's CLI may fetch any address (a feed on the local network, a test site); Telegram may not.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.store.db import Store

if TYPE_CHECKING:  # the web stack (httpx, trafilatura, lxml) is imported only by these commands
    from bot.ingest.web.fetch import Fetcher

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = frozenset({"sources", "poll", "read"})


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sources", help="feeds and sites the worker polls: add, list, remove")
    actions = p.add_subparsers(dest="sources_action", metavar="ACTION", required=True)
    a = actions.add_parser("add", help="add a feed (RSS/Atom), a news sitemap, or a site whose feed is found")
    a.add_argument("url", metavar="URL")
    a.add_argument("--name", default=None, help="a name to show (default: the feed's title)")
    a.add_argument("--every", type=float, default=None, metavar="MINUTES",
                   help="poll interval in minutes (default BOT_SOURCE_MINUTES, 30)")
    actions.add_parser("list", help="id, name, URL, kind, interval, last success, last error, failures")
    r = actions.add_parser("remove", help="stop polling a source (what was read from it stays)")
    r.add_argument("source_id", type=int, metavar="ID")
    p = sub.add_parser("poll", help="poll sources now: every source, or one")
    p.add_argument("--source", type=int, default=None, metavar="ID", help="only this source")
    p = sub.add_parser("read", help="read web pages (article URLs) into the store now")
    p.add_argument("urls", nargs="+", metavar="URL")


def _minutes(value: float) -> str:
    return f"{value:g} min"


async def run(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    from bot.ingest.web.fetch import Fetcher
    from bot.sources.manage import fetch_policy
    from bot.store.sources import remove_source

    policy = fetch_policy(settings, allow_private=True)
    async with Fetcher(policy) as fetcher:
        if args.command == "read":
            return await _read(store, fetcher, args.urls)
        if args.command == "poll":
            return await _poll(store, fetcher, args.source)
        if args.sources_action == "add":
            return await _add(store, fetcher, args, settings)
        if args.sources_action == "remove":
            if await remove_source(store, args.source_id):
                print(f"removed source {args.source_id}")
                return EXIT_OK
            print(f"sources remove: no source {args.source_id}", file=sys.stderr)
            return EXIT_USAGE
        return await _list(store)


async def _add(store: Store, fetcher: Fetcher, args: argparse.Namespace, settings: Settings) -> int:
    from bot.sources.manage import NoSource, add_from_url

    minutes = args.every if args.every is not None else settings.source_default_minutes
    if not 0 < minutes <= 10080:
        print("sources add: --every must be more than 0 and at most 10080 minutes (a week)", file=sys.stderr)
        return EXIT_USAGE
    try:
        source, new = await add_from_url(
            store, fetcher, args.url, name=args.name, interval_seconds=max(1, round(minutes * 60)), added_by="cli"
        )
    except NoSource as exc:
        print(f"sources add: {exc}", file=sys.stderr)
        return EXIT_USAGE
    lead = "added" if new else "already polled as"
    print(f"{lead} source {source.id}: {source.kind} {source.name!r} {source.url} "
          f"every {_minutes(source.interval_seconds / 60)}")
    return EXIT_OK


async def _list(store: Store) -> int:
    from bot.store.sources import list_sources

    sources = await list_sources(store)
    if not sources:
        print("no sources (add one with: sources add URL)")
    for s in sources:
        print(
            f"{s.id}\t{s.name}\t{s.url}\t{s.kind}\tevery {_minutes(s.interval_seconds / 60)}\t"
            f"last success {s.last_success or 'never'}\tlast error {s.last_error or '-'}\tfailures {s.failures}"
        )
    return EXIT_OK


async def _poll(store: Store, fetcher: Fetcher, source_id: int | None) -> int:
    from bot.sources.poll import poll_many
    from bot.store.sources import get_source, list_sources

    if source_id is not None:
        one = await get_source(store, source_id)
        if one is None:
            print(f"poll: no source {source_id}", file=sys.stderr)
            return EXIT_USAGE
        sources = [one]
    else:
        sources = await list_sources(store)
    if not sources:
        print("no sources to poll (add one with: sources add URL)")
        return EXIT_OK
    results = await poll_many(store, fetcher, sources, allow_private=True)
    for result in results:
        print(result.line())
    return EXIT_FAILED if all(r.status == "failed" for r in results) else EXIT_OK


async def _read(store: Store, fetcher: Fetcher, urls: list[str]) -> int:
    from bot.sources.read import PageTask, read_pages

    outcomes = await read_pages(store, fetcher, [PageTask(u) for u in urls], allow_private=True)
    for outcome in outcomes:
        print(outcome.line())
    good = {"added", "updated", "unchanged", "not modified", "duplicate"}
    done = sum(o.status in good for o in outcomes)
    print(f"{done} of {len(outcomes)} read")
    return EXIT_OK if done else EXIT_FAILED
