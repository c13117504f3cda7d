"""Adding a source: find what to poll behind the URL (a feed, a news sitemap, a site's feed) and store
it, due at once. Shared by the CLI and Telegram."""

from __future__ import annotations

from urllib.parse import urlsplit

from bot.config import Settings
from bot.ingest.web.discover import NoSource, discover
from bot.ingest.web.fetch import Fetcher, FetchPolicy
from bot.ingest.web.safety import UnsafeURL, check_scheme
from bot.ingest.web.urls import canonical_url
from bot.store.db import Store
from bot.store.sources import Source, add_source

__all__ = ["NoSource", "add_from_url", "fetch_policy"]


def fetch_policy(settings: Settings, *, allow_private: bool) -> FetchPolicy:
    """The fetch settings; `allow_private` is True for the operator's CLI, the setting for Telegram."""
    return FetchPolicy(
        user_agent=settings.fetch_user_agent or FetchPolicy().user_agent,
        timeout=settings.fetch_timeout_seconds,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        host_delay=settings.fetch_host_delay_seconds,
        allow_private=allow_private or settings.fetch_allow_private,
        obey_robots=True,
    )


async def add_from_url(
    store: Store,
    fetcher: Fetcher,
    url: str,
    *,
    name: str | None = None,
    interval_seconds: int,
    added_by: str | None = None,
    allow_private: bool | None = None,
) -> tuple[Source, bool]:
    """Discover and store the source behind `url`; NoSource (or UnsafeURL) says why it cannot be used."""
    try:
        check_scheme(url)
    except UnsafeURL as exc:
        raise NoSource(f"{url}: {exc}") from exc
    found = await discover(fetcher, url, allow_private=allow_private)
    title = name or found.feed.title or urlsplit(found.url).hostname or found.url
    return await add_source(
        store,
        url=canonical_url(found.url),
        given_url=url,
        name=" ".join(title.split())[:120],
        kind=found.feed.kind,
        interval_seconds=interval_seconds,
        added_by=added_by,
    )
