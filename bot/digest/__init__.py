"""Daily digests: subscriptions per chat with their own hour and zone, scheduling, exactly-once delivery.

Telegram-free: the transport is an injected `send(chat_id, thread_id, html)`; the Telegram binding and
commands live in bot/telegram/digest_handlers.py.  Modules: timeparse (what /subscribe accepts),
subscriptions (the table), queries + compose (what a digest says), limiter + deliver (sending exactly once),
schedule (cron triggers per zone), stats (/stats lines), commands (the CLI's functions).
"""
