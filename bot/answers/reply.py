"""A structured reply: what every front end renders, in plain text (console) or HTML (Telegram).

Text pieces are plain, unescaped strings; each front end escapes them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Span:
    """A piece of a line: plain text, optionally bold or a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


@dataclass
class Line:
    """One line of text. `quote` lines are evidence quoted from an article: Telegram shows a run of them as
    an expandable quote, the console indents them."""

    spans: list[Span] = field(default_factory=list)
    quote: bool = False

    @classmethod
    def of(cls, *parts: str | Span) -> Line:
        return cls([p if isinstance(p, Span) else Span(p) for p in parts])

    def plain(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Button:
    """An inline button. `action` is a short command the answers layer understands again
    (e.g. "/who #12" or "page:/meetings Orlov:2"): at most 64 bytes, rebuildable, no hidden state."""

    label: str
    action: str


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)


@dataclass
class Reply:
    """One answer, with all its pages; `page` is the index to show first.

    `buttons` are choices (disambiguation); paging buttons are made by the front end from
    `page`, `len(pages)` and `command` (the normalised command that rebuilds the reply).
    """

    title: str
    pages: list[Page] = field(default_factory=lambda: [Page()])
    page: int = 0
    command: str = ""  # e.g. "/meetings lavrov": answer(command, page=n) rebuilds page n
    buttons: list[Button] = field(default_factory=list)
    ok: bool = True  # False for "no match", errors in input, etc.
    # False when the result is large and only pages[page] was built (the others are empty placeholders):
    # front ends show another page by calling answer(store, command, page=n) again.
    complete: bool = True

    @property
    def current(self) -> Page:
        """The page to show (`page` clamped to the pages there are)."""
        if not self.pages:
            return Page()
        return self.pages[max(0, min(self.page, len(self.pages) - 1))]
