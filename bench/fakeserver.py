"""The project's fake Bot API (tests/fakebotapi.py) in its own process, so its work is not the bot's.

Prints {"base_url", "token"} on its first line, then answers commands read from standard input, one a line:
`stats` prints what it received as one JSON line, `quit` stops it.

    python bench/fakeserver.py --time-scale 10     # Telegram's limits times 10, enforced with 429s
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakebotapi import FakeBotAPI, RateLimits  # noqa: E402


def stats(api: FakeBotAPI) -> dict[str, Any]:
    ok: Counter[int] = Counter()
    times: list[float] = []
    too_many = other = 0
    for call in api.calls:
        if call.method != "sendMessage":
            continue
        if call.status == 200:
            ok[int(call.chat_id or 0)] += 1
            times.append(call.at)
        elif call.status == 429:
            too_many += 1
        else:
            other += 1
    return {"sent": sum(ok.values()), "per_chat": {str(k): v for k, v in ok.items()}, "429s": too_many,
            "other_errors": other, "first": min(times) if times else None,
            "last": max(times) if times else None,
            "violations": api.rate_limits.violations if api.rate_limits else 0}


async def serve(scale: float) -> None:
    api = FakeBotAPI()
    await api.start()
    api.enforce_rate_limits(RateLimits(per_group_per_minute=round(20 * scale),
                                       global_per_second=round(30 * scale)))
    print(json.dumps({"base_url": api.base_url, "token": api.token}), flush=True)
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            command = line.strip()
            if command == "stats":
                print(json.dumps(stats(api)), flush=True)
            elif command in {"quit", ""}:
                break
    finally:
        await api.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--time-scale", type=float, default=1.0)
    args = ap.parse_args()
    asyncio.run(serve(args.time_scale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
