"""Placeholder: the extraction engine is being written (issue 3)."""

from __future__ import annotations

from bot.dates import PartialDate
from bot.extract.types import Extraction


def extract(body: str, published: PartialDate | None = None, title: str | None = None) -> Extraction:
    """Read one article body; returns people, meetings and events."""
    return Extraction()
