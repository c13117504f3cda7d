"""Digest fan-out benchmark: one digest to each of N chats through bot.digest.deliver, over
python-telegram-bot, against the fake Bot API (in its own process) with Telegram's limits enforced.

With --time-scale S both the fake server's limits and the bot's pacing are S times Telegram's (30 messages/s
overall, 20/min per group), so 10,000 chats take 333 s / S; the figure is the achieved rate as a share of
the allowed one. Prints one JSON object as its last line:

    python bench/bench_fanout.py --chats 10000 --time-scale 10 --db bench/out/fanout.sqlite3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, emit

GROUP_SHARE = 10  # one chat in this many is a group (negative id, 20 a minute)


class FakeServer:
    """bench/fakeserver.py as a child process, driven through its standard input."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.proc: asyncio.subprocess.Process | None = None
        self.base_url = ""
        self.token = ""

    async def __aenter__(self) -> FakeServer:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "bench" / "fakeserver.py"), "--time-scale", str(self.scale),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=str(ROOT), limit=1 << 26)
        info = json.loads(await self._line())
        self.base_url, self.token = info["base_url"], info["token"]
        return self

    async def _line(self) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        line = await asyncio.wait_for(self.proc.stdout.readline(), 60)
        if not line:
            raise RuntimeError("the fake Bot API server exited")
        return line.decode()

    async def stats(self) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(b"stats\n")
        await self.proc.stdin.drain()
        result: dict[str, Any] = json.loads(await self._line())
        return result

    async def __aexit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.write(b"quit\n")
            await self.proc.stdin.drain()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()


def telegram_sender(bot: Any) -> Any:
    """send(chat_id, thread_id, html) over python-telegram-bot, mapping Bot API errors onto
    bot.digest.errors as the Telegram binding does."""
    from telegram.constants import ParseMode
    from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

    from bot.digest.errors import ChatGone, ChatMoved, DigestRetryAfter, DigestSendError, TransientSendError

    async def send(chat_id: int, thread_id: int | None, text: str) -> None:
        try:
            await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, message_thread_id=thread_id,
                                   disable_web_page_preview=True)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
            raise DigestRetryAfter(seconds) from exc
        except ChatMigrated as exc:
            raise ChatMoved(int(exc.new_chat_id)) from exc
        except Forbidden as exc:
            raise ChatGone(str(exc)) from exc
        except BadRequest as exc:
            if "not found" in str(exc).lower():
                raise ChatGone(str(exc)) from exc
            raise DigestSendError(str(exc)) from exc
        except NetworkError as exc:  # TimedOut is a NetworkError
            raise TransientSendError(str(exc)) from exc
        except TelegramError as exc:
            raise DigestSendError(str(exc)) from exc

    return send


async def seed_store(db: Path, chats: list[int]) -> None:
    """A store with a day's worth of articles (so digests have content) and `chats` subscribed."""
    from bot.digest.subscriptions import upsert_subscription
    from bot.digest.timeparse import DigestTime
    from bot.store.db import Store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = await Store.open(db)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            from corpus import generate

            generate(Path(tmp), 12, seed=99, pool_size=500)
            try:
                from bot.ingest.pipeline import ingest_paths
            except ImportError:
                ingest_paths = None
            if ingest_paths is not None:
                await ingest_paths(store, sorted(Path(tmp).glob("*.txt")))
        now = datetime.now(UTC)
        when = DigestTime("09:00", "UTC")
        for chat in chats:
            await upsert_subscription(store, chat, when, now, chat_type="group" if chat < 0 else "private",
                                      created_by="bench")
    finally:
        await store.close()


async def run(chats_n: int, scale: float, db: Path, concurrency: int | None,
              per_second: float | None = None) -> dict[str, Any]:
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.config import Settings
    from bot.digest.deliver import Deliverer, Outcome
    from bot.digest.limiter import RateLimiter
    from bot.store.db import Store

    chats = [(-1_000_000_000_000 - i) if i % GROUP_SHARE == GROUP_SHARE - 1 else 10_000_000 + i
             for i in range(chats_n)]
    t0 = time.perf_counter()
    await seed_store(db, chats)
    setup_s = time.perf_counter() - t0

    settings = Settings(digest_when_empty="note")
    allowed = 30 * scale
    limiter = RateLimiter(per_second=round(per_second or 30 * scale), group_per_minute=round(20 * scale),
                   private_per_second=max(1, round(scale)))
    store = await Store.open(db)
    try:
        async with FakeServer(scale) as server:
            request = HTTPXRequest(connection_pool_size=64, read_timeout=30, write_timeout=30,
                                   pool_timeout=30)
            bot = Bot(server.token, base_url=server.base_url, request=request)
            async with bot:
                kwargs: dict[str, Any] = {"limiter": limiter}
                if concurrency:
                    kwargs["max_concurrent"] = concurrency
                send = telegram_sender(bot)
                deliverer = Deliverer(store, settings, send, **kwargs)
                t1 = time.perf_counter()
                outcomes = await deliverer.deliver_many((chat, None) for chat in chats)
                wall = time.perf_counter() - t1
            stats = await server.stats()
        async with store.conn.execute("SELECT chat_id, status, parts_total FROM digest_deliveries") as cur:
            rows = {int(r[0]): (str(r[1]), int(r[2])) for r in await cur.fetchall()}
    finally:
        await store.close()

    per_chat = {int(k): v for k, v in stats["per_chat"].items()}
    duplicates = sum(max(0, per_chat.get(c, 0) - rows.get(c, ("", 0))[1]) for c in chats)
    missing = sum(1 for c in chats if rows.get(c, ("", 0))[0] != "sent" or per_chat.get(c, 0) == 0)
    span = (stats["last"] - stats["first"]) if stats["first"] is not None else 0.0
    sent = stats["sent"]
    # n messages spaced at the allowed rate span (n - 1) / rate seconds
    rate = (sent - 1) / span if span > 0 and sent > 1 else 0.0
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[str(outcome)] = counts.get(str(outcome), 0) + 1
    return {
        "fanout_chats": chats_n,
        "fanout_time_scale": scale,
        "fanout_limiter": f"{round(per_second or 30 * scale)}/s, each send counted until 1 s after its answer",
        "fanout_concurrency": concurrency or "default",
        "fanout_parts_per_chat": round(sent / max(1, chats_n), 2),
        "fanout_allowed_per_s": allowed,
        "fanout_msgs_per_s": round(rate, 1),
        "fanout_rate_share": round(rate / allowed, 3) if allowed else None,
        "fanout_messages": sent,
        "fanout_seconds": round(wall, 2),
        "fanout_429s": stats["429s"],
        "fanout_other_errors": stats["other_errors"],
        "fanout_duplicates": duplicates,
        "fanout_missing": missing,
        "fanout_outcomes": counts,
        "fanout_sent_share": round(counts.get(str(Outcome.SENT), 0) / max(1, chats_n), 3),
        "fanout_setup_s": round(setup_s, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chats", type=int, default=10_000)
    ap.add_argument("--time-scale", type=float, default=10.0)
    ap.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "fanout.sqlite3")
    ap.add_argument("--concurrency", type=int, default=0, help="Deliverer max_concurrent (0: its default)")
    ap.add_argument("--limiter-per-second", type=float, default=0,
                    help="the bot's pace overall (0: Telegram's 30/s times the time scale)")
    args = ap.parse_args(argv)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    import logging

    logging.basicConfig(level=logging.WARNING)
    emit(asyncio.run(run(args.chats, args.time_scale, args.db, args.concurrency or None,
                         args.limiter_per_second or None)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
