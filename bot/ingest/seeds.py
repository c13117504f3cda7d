"""Seed articles for an empty store, so a fresh deployment (bot or console) answers something."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.ingest.pipeline import ingest_paths
from bot.store.db import Store

log = logging.getLogger(__name__)


async def ensure_seeds(store: Store, seeds_dir: Path) -> int:
    """Load `seeds_dir` into a store that has no articles yet; the number of articles loaded.

    A store that already has articles is left alone (0). A missing folder is one warning and 0.
    """
    rows = await store.conn.execute_fetchall("SELECT EXISTS(SELECT 1 FROM articles)")
    if any(row[0] for row in rows):
        return 0
    if store.read_only:
        log.warning("the store has no articles and is read-only: the seeds are not loaded")
        return 0
    if not seeds_dir.is_dir():
        log.warning("the store has no articles and the seeds folder %s was not found", seeds_dir)
        return 0
    report = await ingest_paths(store, [seeds_dir])
    log.info("loaded %d seed articles from %s", len(report.added), seeds_dir)
    return len(report.added)
