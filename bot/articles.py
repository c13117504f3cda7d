"""An article as read from any source (a file, a web page), before extraction.

It sits below both the reading layer (`bot.ingest`, which fills it) and the store (`bot.store`, which keeps
it), so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dates import PartialDate


@dataclass
class LoadedArticle:
    id: str  # file name without extension, or an id derived from the canonical URL
    body: str  # boilerplate removed; paragraphs separated by one blank line
    title: str | None = None
    date: PartialDate | None = None  # publication date, never the ingest day
    source: str | None = None
    url: str | None = None
    path: str = ""
    content_hash: str = ""  # sha256 of the raw bytes
    warnings: list[str] = field(default_factory=list)  # e.g. "decoded as cp1251"
