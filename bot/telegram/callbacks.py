"""Button callback data: compact, at most 64 bytes, and nothing in it that can't be rebuilt.

A button carries the command that rebuilds its answer: `p|<page>|<command>` (a page of a long
answer) or `c|<command>` (a choice). When that is over Telegram's 64 bytes the button carries a
short hash instead (`P|<page>|<key>`, `C|<key>`), looked up in a small in-memory LRU. After a
restart, or once evicted, such a key is unknown: the user is asked to send the command again.
"""

from __future__ import annotations

import base64
import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

MAX_BYTES = 64
MAX_PAGE = 9999


@dataclass(frozen=True)
class Press:
    """A decoded button: run `command` (a choice) or show page `page` of it."""

    kind: Literal["page", "action"]
    command: str
    page: int = 0


@dataclass(frozen=True)
class Unusable:
    """Callback data we can't act on: `expired` (a key we no longer hold) or `invalid` (forged)."""

    reason: Literal["expired", "invalid"]


class CallbackCodec:
    """Encodes commands into callback data and back; keeps the last `capacity` long commands."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._commands: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._commands)

    def _key(self, command: str) -> str:
        digest = hashlib.sha256(command.encode("utf-8")).digest()
        key = base64.urlsafe_b64encode(digest[:9]).decode("ascii")  # 12 characters
        self._commands[key] = command
        self._commands.move_to_end(key)
        while len(self._commands) > self.capacity:
            self._commands.popitem(last=False)
        return key

    def encode_page(self, command: str, page: int) -> str:
        page = max(0, min(page, MAX_PAGE))
        data = f"p|{page}|{command}"
        if _fits(data):
            return data
        return f"P|{page}|{self._key(command)}"

    def encode_action(self, action: str) -> str:
        data = f"c|{action}"
        if _fits(data):
            return data
        return f"C|{self._key(action)}"

    def decode(self, data: str | None) -> Press | Unusable:
        if not data or len(data.encode("utf-8")) > MAX_BYTES:
            return Unusable("invalid")
        kind, _, rest = data.partition("|")
        if kind in {"p", "P"}:
            page_text, sep, tail = rest.partition("|")
            if not sep or not page_text.isascii() or not page_text.isdigit() or int(page_text) > MAX_PAGE:
                return Unusable("invalid")
            command = tail if kind == "p" else self._lookup(tail)
            if command is None:
                return Unusable("expired")
            return Press("page", command, int(page_text)) if _plausible(command) else Unusable("invalid")
        if kind in {"c", "C"}:
            command = rest if kind == "c" else self._lookup(rest)
            if command is None:
                return Unusable("expired")
            return Press("action", command) if _plausible(command) else Unusable("invalid")
        return Unusable("invalid")

    def _lookup(self, key: str) -> str | None:
        command = self._commands.get(key)
        if command is not None:
            self._commands.move_to_end(key)
        return command


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_BYTES


def _plausible(command: str) -> bool:
    """Buttons only ever carry commands: anything else did not come from us."""
    return command.startswith("/") and len(command) > 1 and command.isprintable()
