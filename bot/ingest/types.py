"""An article as read from a file: header facts plus a clean body, before extraction."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dates import PartialDate


@dataclass
class LoadedArticle:
    id: str  # file name without extension
    body: str  # boilerplate removed; paragraphs separated by one blank line
    title: str | None = None
    date: PartialDate | None = None  # publication date, never the ingest day
    source: str | None = None
    url: str | None = None
    path: str = ""
    content_hash: str = ""  # sha256 of the raw file bytes
    warnings: list[str] = field(default_factory=list)  # e.g. "decoded as cp1251"


class ArticleError(Exception):
    """A file that cannot be read as an article; the message says why in one line."""
