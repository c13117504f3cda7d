"""Ingesting files and folders: load, skip what is unchanged, extract, save, and say what happened.

Extracted articles are saved in batches of `BATCH_SIZE`, one transaction per batch (a COMMIT per article
was a quarter of the store's time), each article inside its own savepoint: a failure on one file rolls
back that article alone, the other files still go in, and a crash leaves whole articles only (the
uncommitted batch is simply absent and goes in on the next ingest). Nothing is lost silently: every file
ends up added, updated, skipped as unchanged, or rejected with one line saying why.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from bot.articles import LoadedArticle
from bot.dates import PartialDate
from bot.extract.types import Extraction
from bot.ingest.loader import load_article
from bot.ingest.manifest import MANIFEST_NAME, Manifest, ManifestError, manifest_for
from bot.ingest.types import ArticleError
from bot.store.db import Store
from bot.store.writer import article_batch, save_article, stored_version

log = logging.getLogger(__name__)

# body, publication date, title, outlet's name -> what the article says
Extractor = Callable[[str, PartialDate | None, str | None, str | None], Extraction]

BATCH_SIZE = 250  # articles per write transaction (~0.5 s of writing at 100,000 articles)
WAL_PAGES = 10_000  # checkpoint the WAL every ~40 MB while ingesting (SQLite's default: 1,000 pages)
INGEST_CACHE_KIB = -131_072  # page cache while ingesting: 128 MB (negative: KiB; SQLite's default 2 MB)


class Rejected(BaseModel):
    path: str
    reason: str


class IngestReport(BaseModel):
    """What an ingest did, file by file. `ok` is false only when nothing at all could be read."""

    added: list[str] = Field(default_factory=list)  # article ids
    updated: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)  # unchanged since the last ingest
    rejected: list[Rejected] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)  # "path: what was odd"

    @property
    def ok(self) -> bool:
        return bool(self.added or self.updated or self.skipped)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.skipped)} unchanged, "
            f"{len(self.rejected)} rejected"
        )

    def lines(self) -> list[str]:
        """One line per event worth telling a person, then the summary."""
        out = [f"added {a}" for a in self.added]
        out += [f"updated {a}" for a in self.updated]
        out += [f"skipped {a} (unchanged)" for a in self.skipped]
        out += [f"warning: {w}" for w in self.warnings]
        out += [f"rejected {r.path}: {r.reason}" for r in self.rejected]
        out.append(self.summary())
        return out


def discover(paths: Sequence[Path], report: IngestReport) -> Iterator[Path]:
    """Article files under the given paths: files as given, folders searched for `*.txt` (sorted,
    recursively, hidden files and folders left out). Each file once."""
    seen: set[Path] = set()
    for given in paths:
        given = Path(given)
        if given.is_dir():
            found = _walk(given, report)
            if not found:
                report.rejected.append(Rejected(path=str(given), reason="folder holds no .txt article files"))
        elif given.exists():
            found = [given] if given.name != MANIFEST_NAME else []
        else:
            report.rejected.append(Rejected(path=str(given), reason="no such file or folder"))
            continue
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield path


def _walk(folder: Path, report: IngestReport) -> list[Path]:
    """The `*.txt` regular files under `folder` (sorted, hidden ones and symlinked folders left out, as
    Path.rglob does); a subfolder that cannot be read, a broken link or a `.txt` that is no regular file
    (a FIFO, a device) is one line each, never skipped silently."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = exc.filename or folder
        report.rejected.append(Rejected(path=str(where), reason=f"folder cannot be read: {exc.strerror or exc}"))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(top, d)))
        for name in files:
            if name.startswith(".") or not name.endswith(".txt"):
                continue
            path = Path(top) / name
            if path.is_file():
                found.append(path)
            elif path.is_symlink() and not path.exists():
                report.rejected.append(Rejected(path=str(path), reason="broken symbolic link"))
            elif not path.is_dir():
                report.rejected.append(Rejected(path=str(path), reason="not a regular file (a FIFO or device)"))
    return sorted(found)


class _Manifests:
    """Each folder's manifest, read once; a broken one is a warning, not a stop."""

    def __init__(self, report: IngestReport) -> None:
        self.report = report
        self.cache: dict[Path, Manifest | None] = {}

    def get(self, folder: Path) -> Manifest | None:
        key = folder.resolve()
        if key not in self.cache:
            try:
                self.cache[key] = manifest_for(folder)
            except ManifestError as exc:
                self.report.warnings.append(f"{exc} (ignored)")
                self.cache[key] = None
        return self.cache[key]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}: {text[:200]}"


def _read(path: Path, manifest: Manifest | None) -> LoadedArticle:
    return load_article(path, manifest)


async def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    extractor: Extractor | None = None,
    force: bool = False,
) -> IngestReport:
    """Ingest files and folders into the store with `extractor` (default: bot.extract.extract, imported
    only when needed). `force` re-extracts unchanged files too (for a new extraction engine)."""
    conn = store.conn
    rows = list(await conn.execute_fetchall("PRAGMA wal_autocheckpoint"))
    before = int(rows[0][0]) if rows else 1000
    rows = list(await conn.execute_fetchall("PRAGMA cache_size"))
    cache_before = int(rows[0][0]) if rows else -2000
    # Fewer, larger checkpoints while many batches go in: each one syncs the file, and pages written by
    # several batches are copied back once. A larger page cache while writing: at 100,000 articles every
    # article's writes touch index pages all over a store of a gigabyte or more (7% faster at that size).
    await conn.execute(f"PRAGMA wal_autocheckpoint = {max(before, WAL_PAGES)}")
    await conn.execute(f"PRAGMA cache_size = {INGEST_CACHE_KIB}")
    try:
        return await _ingest(store, paths, extractor=extractor, force=force)
    finally:
        try:
            await conn.execute(f"PRAGMA wal_autocheckpoint = {before}")
            await conn.execute(f"PRAGMA cache_size = {cache_before}")
        except (sqlite3.Error, ValueError):  # the connection is gone: nothing to restore
            log.debug("could not restore wal_autocheckpoint", exc_info=True)


async def _ingest(
    store: Store,
    paths: Sequence[Path],
    *,
    extractor: Extractor | None = None,
    force: bool = False,
) -> IngestReport:
    """The ingest itself; see `ingest_paths`."""
    from bot.extract.engine import MAX_EXTRACT_CHARS, within_budget

    if extractor is None:
        from bot.extract import extract

        extractor = extract
    run: Extractor = extractor
    report = IngestReport()
    manifests = _Manifests(report)
    ids: dict[str, str] = {}
    pending: list[_Pending] = []
    for path in discover(paths, report):
        shown = str(path)
        try:
            article = await asyncio.to_thread(_read, path, manifests.get(path.parent))
        except ArticleError as exc:
            report.rejected.append(Rejected(path=shown, reason=str(exc)))
            continue
        except Exception as exc:  # a loader bug must not stop the other files
            log.debug("reading %s failed", shown, exc_info=True)
            report.rejected.append(Rejected(path=shown, reason=f"could not be read: {_one_line(exc)}"))
            continue
        if article.id in ids:
            report.rejected.append(Rejected(path=shown, reason=f"same article id as {ids[article.id]}"))
            continue
        ids[article.id] = shown
        previous = await stored_version(store, article.id)
        if previous is not None and not force and previous == _version(article):
            report.skipped.append(article.id)  # the same text from another copy of the file is no clash
            continue
        clash = await _stored_elsewhere(store, article.id, path)
        if clash is not None:
            if Path(clash).is_file():  # two files, one id: replacing one with the other would lose it
                reason = f"article id {article.id} is already stored from {clash}: rename one file to keep both"
                report.rejected.append(Rejected(path=shown, reason=reason))
                continue
            report.warnings.append(f"{shown}: article {article.id} was read from {clash}, which is gone (moved?)")
        report.warnings.extend(f"{shown}: {w}" for w in article.warnings)
        if within_budget(article.body)[1]:
            report.warnings.append(
                f"{shown}: {len(article.body):,} characters: people, meetings and events are read from the first "
                f"{MAX_EXTRACT_CHARS:,} only (the per-article budget); /search finds the whole text"
            )
        pending = await _extract_one(store, run, shown, article, previous is None, pending, report)
    await _store_batch(store, pending, report)
    return report


async def _extract_one(
    store: Store,
    run: Extractor,
    shown: str,
    article: LoadedArticle,
    new: bool,
    pending: list[_Pending],
    report: IngestReport,
) -> list[_Pending]:
    """Extract one article into the batch (a failure is one rejected line); a full batch is stored.
    Returns the batch still pending."""
    try:
        extraction = await asyncio.to_thread(run, article.body, article.date, article.title, article.source)
    except Exception as exc:
        log.debug("extraction failed for %s", shown, exc_info=True)  # the report has the one line
        report.rejected.append(Rejected(path=shown, reason=f"extraction failed: {_one_line(exc)}"))
        return pending
    pending.append(_Pending(shown, article, extraction, new))
    if len(pending) >= BATCH_SIZE:
        await _store_batch(store, pending, report)
        return []
    return pending


async def _stored_elsewhere(store: Store, article_id: str, path: Path) -> str | None:
    """The path the stored article `article_id` was read from, when that is another file than `path`."""
    rows = list(await store.conn.execute_fetchall("SELECT path FROM articles WHERE id = ?", (article_id,)))
    old = str(rows[0][0]) if rows and rows[0][0] else ""
    if not old or old == str(path):
        return None
    try:
        if Path(old).is_file() and os.path.samefile(old, path):
            return None
    except OSError:
        pass
    return old


@dataclass(frozen=True)
class _Pending:
    shown: str
    article: LoadedArticle
    extraction: Extraction
    new: bool


async def _store_batch(store: Store, batch: list[_Pending], report: IngestReport) -> None:
    """Save extracted articles in one transaction, each whole or not at all, and report each."""
    if not batch:
        return
    failed: dict[int, Exception] = {}
    try:
        async with article_batch(store) as writer:
            for i, item in enumerate(batch):
                try:
                    await writer.save(item.article, item.extraction)
                except Exception as exc:
                    log.debug("saving %s failed", item.shown, exc_info=True)
                    failed[i] = exc
                    if writer.broken:
                        raise
    except Exception:
        # The transaction itself failed (SQLite ended it, or the COMMIT did not go through): none of the
        # batch is stored, so each article is saved again on its own.
        log.debug("batch of %d articles failed; saving them one by one", len(batch), exc_info=True)
        for i, item in enumerate(batch):
            if i in failed:
                continue
            try:
                await save_article(store, item.article, item.extraction)
            except Exception as exc:
                log.debug("saving %s failed", item.shown, exc_info=True)
                failed[i] = exc
    for i, item in enumerate(batch):
        if i in failed:
            reason = f"could not be stored: {_one_line(failed[i])}"
            report.rejected.append(Rejected(path=item.shown, reason=reason))
        else:
            (report.added if item.new else report.updated).append(item.article.id)


def _version(article: LoadedArticle) -> tuple[str, str | None, str | None, str | None, str | None]:
    """What makes a stored article current: the file's bytes plus the facts a manifest may change."""
    return (
        article.content_hash,
        article.title,
        article.date.iso() if article.date else None,
        article.source,
        article.url,
    )


async def ingest_articles(
    store: Store,
    articles: Sequence[LoadedArticle],
    *,
    extractor: Extractor | None = None,
    force: bool = False,
) -> IngestReport:
    """Articles already read by another reader (web pages): skipped when unchanged, else extracted and
    saved in batches exactly as files are. Rejections name the article's `path` (its URL)."""
    if extractor is None:
        from bot.extract import extract

        extractor = extract
    run: Extractor = extractor
    report = IngestReport()
    pending: list[_Pending] = []
    for article in articles:
        shown = article.path or article.id
        report.warnings.extend(f"{shown}: {w}" for w in article.warnings)
        previous = await stored_version(store, article.id)
        if previous is not None and not force and previous == _version(article):
            report.skipped.append(article.id)
            continue
        pending = await _extract_one(store, run, shown, article, previous is None, pending, report)
    await _store_batch(store, pending, report)
    return report
