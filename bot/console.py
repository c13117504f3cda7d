"""An interactive console chat over the answers layer: the bot without Telegram.

Line editing and history (~/.diplomacy_desk_history) where readline and a terminal are there; with piped
input it reads lines until EOF, so it can be scripted and tested. 'next'/'prev' (or 'n'/'p') turn pages,
a number picks a numbered choice, 'quit', 'exit' or Ctrl-D leave; Ctrl-C abandons the current line or answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.answers import answer
from bot.answers.render_text import render_plain
from bot.answers.reply import Reply
from bot.config import Settings
from bot.console_follow import COMMANDS as LOCAL_COMMANDS
from bot.console_follow import LocalChat
from bot.store.db import Store

log = logging.getLogger(__name__)

HISTORY = Path("~/.diplomacy_desk_history")
PROMPT = "desk> "
WELCOME = "Diplomacy Desk console. Ask a question or type /help; 'quit' or Ctrl-D to leave."
QUIT = {"quit", "exit", "/quit", "/exit", "q"}
NEXT = {"next", "n", "more"}
PREV = {"prev", "p", "previous", "back"}


def _setup_readline() -> Any | None:
    """readline with history, or None where there is none (Windows, no terminal)."""
    try:
        import readline
    except ImportError:
        return None
    path = HISTORY.expanduser()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)
    return readline


def _save_history(readline: Any | None) -> None:
    if readline is not None:
        with contextlib.suppress(OSError):
            readline.write_history_file(HISTORY.expanduser())


@contextlib.contextmanager
def _interrupts(task: asyncio.Future[Any]) -> Iterator[None]:
    """While an answer is computed, Ctrl-C cancels it (the chat goes on)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGINT, task.cancel)
    except (NotImplementedError, RuntimeError, ValueError):
        yield
        return
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)


class Chat:
    """The state of one console conversation: the last reply, for paging and picking choices."""

    def __init__(self, store: Store, out: TextIO, settings: Settings | None = None) -> None:
        self.store = store
        self.out = out
        self.last: Reply | None = None
        self.local = LocalChat(store, settings)  # /follow, /following, /unfollow, /digest, /settings

    async def local_command(self, text: str) -> bool:
        """The console chat's own commands (follows, digest preview, settings); False for the rest."""
        if not text.startswith("/"):
            return False
        head, _, arg = text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        if name not in LOCAL_COMMANDS:
            return False
        result = await self.local.handle(name, arg.strip())
        if isinstance(result, Reply):
            self.last = result
            self.say(render_plain(result))
        else:
            self.say(result)
        return True

    async def show_alerts(self) -> None:
        """Alerts that came in for this chat (articles ingested meanwhile by any process)."""
        try:
            alerts = await self.local.new_alerts()
        except Exception:
            log.exception("console: alerts failed")
            return
        for text in alerts:
            self.say(text)

    def say(self, text: str) -> None:
        self.out.write(text + "\n\n")
        self.out.flush()

    async def ask(self, text: str, page: int = 0) -> None:
        task = asyncio.ensure_future(answer(self.store, text, page=page))
        with _interrupts(task):
            try:
                reply = await task
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if not task.cancelled() or (current is not None and current.cancelling()):
                    raise
                self.say("(interrupted)")
                return
        self.last = reply
        self.say(render_plain(reply))

    async def handle(self, line: str) -> bool:
        """One typed line; False when the user wants to leave."""
        text = line.strip()
        word = text.lower()
        if not text:
            return True
        if word in QUIT:
            return False
        last = self.last
        if word in NEXT or word in PREV:
            if last is None or len(last.pages) <= 1:
                self.say("There is only one page.")
            else:
                step = 1 if word in NEXT else -1
                target = last.page + step
                if not 0 <= target < len(last.pages):
                    self.say("That was the last page." if step > 0 else "This is the first page.")
                else:
                    await self.ask(last.command, target)
            return True
        if text.isdigit() and last is not None and last.buttons and 1 <= int(text) <= len(last.buttons):
            text = last.buttons[int(text) - 1].action
        if not await self.local_command(text):
            await self.ask(text)
        await self.show_alerts()
        return True


def _read(prompt: str, interactive: bool, stream: TextIO) -> str:
    """One line; EOFError at the end of input."""
    if interactive:
        with _interrupts_sync():
            return input(prompt)
    line = stream.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


@contextlib.contextmanager
def _interrupts_sync() -> Iterator[None]:
    """While reading a line, Ctrl-C raises KeyboardInterrupt (asyncio.run's own handler would not)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


async def chat(store: Store, settings: Settings | None = None) -> None:
    """Talk with the bot on stdin/stdout until 'quit', 'exit' or end of input."""
    stdin, stdout = sys.stdin, sys.stdout
    interactive = stdin.isatty() and stdout.isatty()
    readline = _setup_readline() if interactive else None
    session = Chat(store, stdout, settings)
    main_thread = threading.current_thread() is threading.main_thread()
    original = signal.getsignal(signal.SIGINT) if main_thread else None
    if interactive:
        session.say(WELCOME)
    try:
        while True:
            try:
                line = _read(PROMPT, interactive, stdin)
            except KeyboardInterrupt:
                stdout.write("\n(Ctrl-C: type quit or press Ctrl-D to leave)\n")
                continue
            except EOFError:
                if interactive:
                    stdout.write("\n")
                break
            try:
                if not await session.handle(line):
                    break
            except KeyboardInterrupt:
                session.say("(interrupted)")
            except BrokenPipeError:  # the reader went away (`... | head`): nothing more to say
                break
    finally:
        _save_history(readline)
        if main_thread and original is not None:
            signal.signal(signal.SIGINT, original)
