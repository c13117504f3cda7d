"""Canonical URLs: one article per canonical URL, and a stable article id derived from it.

Canonical means: lower-case scheme and host, no default port, no fragment, no tracking parameters
(`utm_*`, click ids and the like, listed in bot/data/tracking_params.txt), the remaining query sorted.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ID_PREFIX = "web_"


@cache
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact names, prefixes ending in '*') from the data file."""
    text = (resources.files("bot") / "data" / "tracking_params.txt").read_text(encoding="utf-8")
    names = [line.split("#", 1)[0].strip().lower() for line in text.splitlines()]
    exact = frozenset(n for n in names if n and not n.endswith("*"))
    prefixes = tuple(n[:-1] for n in names if n.endswith("*"))
    return exact, prefixes


def is_tracking(name: str) -> bool:
    exact, prefixes = _tracking()
    low = name.lower()
    return low in exact or low.startswith(prefixes)


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL (other URLs are returned stripped, unchanged)."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    # credentials (user:pass@) never belong in a stored URL: the netloc is rebuilt without them
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def article_id_for(url: str) -> str:
    """A stable article id for a web page: `web_` and 16 hex digits of its canonical URL's hash."""
    digest = hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:16]


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")
