"""What reading an article can fail with; the article record itself lives in `bot.articles`."""

from __future__ import annotations


class ArticleError(Exception):
    """A file that cannot be read as an article; the message says why in one line."""
