"""What a digest sender may raise.  The Telegram binding maps Bot API errors onto these, so the digest
layer decides retries and pauses without importing telegram."""

from __future__ import annotations


class DigestSendError(Exception):
    """Sending failed for good (e.g. 400 Bad Request): the chat's digest is failed for the day."""


class DigestRetryAfter(DigestSendError):
    """429 Too Many Requests: wait `seconds`, then try again."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds:g} s")
        self.seconds = float(seconds)


class TransientSendError(DigestSendError):
    """A timeout, network error or 5xx: retried with backoff."""


class ChatGone(DigestSendError):
    """403 (blocked, kicked), chat or topic not found: the subscription is paused."""


class ChatMoved(DigestSendError):
    """The group became a supergroup with a new id: the subscription moves and the send is retried."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"chat migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id
