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
import multiprocessing
import os
import pickle
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
CHUNK = 16  # articles sent to an extraction worker process at a time (fewer, larger messages)


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
    workers: int = 1,
) -> IngestReport:
    """Ingest files and folders into the store with `extractor` (default: bot.extract.extract, imported
    only when needed). `force` re-extracts unchanged files too (for a new extraction engine).

    `workers` > 1 extracts in that many worker processes while this one reads and writes (setting
    `ingest_workers`): the same articles in the same order, each in its own savepoint, the same store as
    with 1. An extractor that cannot be sent to another process (a local function) runs here."""
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
        return await _ingest(store, paths, extractor=extractor, force=force, workers=workers)
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
    workers: int = 1,
) -> IngestReport:
    """The ingest itself; see `ingest_paths`."""
    if extractor is None:
        from bot.extract import extract

        extractor = extract
    run: Extractor = extractor
    report = IngestReport()
    manifests = _Manifests(report)
    ids: dict[str, str] = {}
    flow = _Flow(store, run, report, workers)
    try:
        await _each_file(store, paths, report, manifests, ids, flow, force)
        await flow.finish()
    finally:
        flow.close()
    return report


async def _each_file(
    store: Store,
    paths: Sequence[Path],
    report: IngestReport,
    manifests: _Manifests,
    ids: dict[str, str],
    flow: _Flow,
    force: bool,
) -> None:
    from bot.extract.engine import MAX_EXTRACT_CHARS, within_budget

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
        previous, stored_path = await _stored(store, article.id)
        if previous is not None and not force and previous == _version(article):
            report.skipped.append(article.id)  # the same text from another copy of the file is no clash
            continue
        clash = _elsewhere(stored_path, path)
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
        await flow.add(shown, article, previous is None)


_Item = tuple[str, PartialDate | None, str | None, str | None]  # what an extractor reads: body, date, title, source


def _extract_chunk(run: Extractor, items: list[_Item]) -> list[Extraction | Exception]:
    """In a worker process: each article's extraction, or the exception it raised."""
    out: list[Extraction | Exception] = []
    for body, date, title, source in items:
        try:
            out.append(run(body, date, title, source))
        except Exception as exc:
            out.append(exc)
    return out


def _warm_up() -> None:
    """A worker process loads the lexicons once, before its first article."""
    from bot.extract.lexicon import load

    load()


def _can_send(run: Extractor) -> bool:
    try:
        pickle.dumps(run)
    except Exception:
        return False
    return True


_Queued = tuple[str, LoadedArticle, bool]  # (shown, article, new)


class _Flow:
    """Articles on their way to the store, in the order given: extracted (here, or in `workers` worker
    processes, up to two batches ahead), then written `BATCH_SIZE` at a time. A failed extraction is one
    rejected line, as is a failed write."""

    def __init__(self, store: Store, run: Extractor, report: IngestReport, workers: int) -> None:
        self.store, self.run, self.report = store, run, report
        self.workers = workers if workers > 1 and _can_send(run) else 1
        self.pool: Executor | None = None
        self.chunk: list[_Queued] = []
        self.sent: deque[tuple[list[_Queued], asyncio.Future[list[Extraction | Exception]]]] = deque()
        self.pending: list[_Pending] = []

    async def add(self, shown: str, article: LoadedArticle, new: bool) -> None:
        if self.workers == 1:
            try:
                extraction = await asyncio.to_thread(
                    self.run, article.body, article.date, article.title, article.source
                )
            except Exception as exc:
                await self._take(shown, article, new, exc)
            else:
                await self._take(shown, article, new, extraction)
            return
        self.chunk.append((shown, article, new))
        if len(self.chunk) >= CHUNK:
            self._send()
        while len(self.sent) * CHUNK > 2 * BATCH_SIZE:
            await self._receive()

    async def finish(self) -> None:
        """Everything still in flight extracted and written."""
        if self.chunk:
            self._send()
        while self.sent:
            await self._receive()
        await _store_batch(self.store, self.pending, self.report)
        self.pending = []

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def _send(self) -> None:
        if self.pool is None:
            # "spawn": a fresh interpreter per worker, never a fork of this process and its threads
            ctx = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_warm_up)
        items = [(a.body, a.date, a.title, a.source) for _, a, _ in self.chunk]
        future = asyncio.get_running_loop().run_in_executor(self.pool, _extract_chunk, self.run, items)
        self.sent.append((self.chunk, future))
        self.chunk = []

    async def _receive(self) -> None:
        chunk, future = self.sent.popleft()
        try:
            results = await future
        except Exception as exc:
            # a worker died (killed, out of memory): this chunk is extracted here, the rest too from now on;
            # any other failure of the hand-over (a result that cannot be sent back): this chunk only
            if isinstance(exc, BrokenProcessPool):
                log.warning("an extraction worker process stopped; extracting in this process")
                self.workers = 1
            else:
                log.debug("extraction in a worker process failed; extracting here", exc_info=True)
            items = [(a.body, a.date, a.title, a.source) for _, a, _ in chunk]
            results = await asyncio.to_thread(_extract_chunk, self.run, items)
        for (shown, article, new), result in zip(chunk, results, strict=True):
            await self._take(shown, article, new, result)
        if self.workers == 1:
            self.close()
            for chunk, _ in self.sent:  # already sent to the dead pool: extracted here, in order
                for shown, article, new in chunk:
                    await self.add(shown, article, new)
            self.sent.clear()
            leftover, self.chunk = self.chunk, []
            for shown, article, new in leftover:
                await self.add(shown, article, new)

    async def _take(self, shown: str, article: LoadedArticle, new: bool, result: Extraction | Exception) -> None:
        """One article's extraction into the batch (a failure is one rejected line); a full batch is stored."""
        if isinstance(result, Exception):
            log.debug("extraction failed for %s", shown, exc_info=result)  # the report has the one line
            self.report.rejected.append(Rejected(path=shown, reason=f"extraction failed: {_one_line(result)}"))
            return
        self.pending.append(_Pending(shown, article, result, new))
        if len(self.pending) >= BATCH_SIZE:
            await _store_batch(self.store, self.pending, self.report)
            self.pending = []


_Version = tuple[str, str | None, str | None, str | None, str | None]


async def _stored(store: Store, article_id: str) -> tuple[_Version | None, str]:
    """`stored_version` of the article and the path it was read from ("" when none), in one query."""
    rows = list(
        await store.conn.execute_fetchall(
            "SELECT content_hash, title, date, source, url, path FROM articles WHERE id = ?", (article_id,)
        )
    )
    if not rows:
        return None, ""
    row = rows[0]
    return (str(row[0]), row[1], row[2], row[3], row[4]), str(row[5]) if row[5] else ""


def _elsewhere(old: str, path: Path) -> str | None:
    """`old`, the path a stored article was read from, when that is another file than `path`."""
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
    flow = _Flow(store, run, report, 1)
    for article in articles:
        shown = article.path or article.id
        report.warnings.extend(f"{shown}: {w}" for w in article.warnings)
        previous = await stored_version(store, article.id)
        if previous is not None and not force and previous == _version(article):
            report.skipped.append(article.id)
            continue
        await flow.add(shown, article, previous is None)
    await flow.finish()
    return report
