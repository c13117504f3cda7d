"""A folder's `manifest.toml`: facts about its article files that the files themselves lack.

    [articles."002_10e9182044884280"]
    date = "2018-01"
    source = "The Astana Times"
    url = "https://..."
    title = "..."
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

MANIFEST_NAME = "manifest.toml"


class ManifestError(Exception):
    """A manifest that cannot be read; the message says why in one line."""


class ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    title: str | None = None
    date: str | None = None  # 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' or 'unknown'
    source: str | None = None
    url: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        """TOML's bare dates (`date = 2018-01-03`) arrive as date objects."""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    articles: dict[str, ManifestEntry] = {}

    def get(self, article_id: str) -> ManifestEntry | None:
        return self.articles.get(article_id)


def read_manifest(path: Path) -> Manifest:
    """Parse one manifest file; ManifestError names the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Manifest.model_validate(data)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read manifest: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ManifestError(f"{path}: bad manifest entry {where}: {first['msg']}") from exc


def manifest_for(folder: Path) -> Manifest | None:
    """The manifest in `folder`, or None when there is none."""
    path = folder / MANIFEST_NAME
    return read_manifest(path) if path.is_file() else None
