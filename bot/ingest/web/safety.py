"""Which URLs a Telegram user may make the bot fetch: http(s) only, and never an address inside the
network the bot runs in (loopback, private, link-local, reserved, multicast), checked after DNS
resolution and again for every redirect. The operator's CLI may fetch anything; BOT_FETCH_ALLOW_PRIVATE
lifts the address check for tests and private deployments.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeURL(ValueError):
    """A URL the bot will not fetch; the message says why in one line."""


class Unresolvable(UnsafeURL):
    """A host name that does not resolve now (which may pass)."""


def _blocked(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


def check_scheme(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"}:
        raise UnsafeURL(f"only http and https links can be read, not {parts.scheme or 'a bare name'!r}")
    if not parts.hostname:
        raise UnsafeURL("the link has no host name")


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeURL unless `url` is http(s) and (unless `allow_private`) every address its host
    resolves to is a public one."""
    check_scheme(url)
    if allow_private:
        return
    host = urlsplit(url.strip()).hostname or ""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise Unresolvable(f"cannot resolve {host}: {exc.__class__.__name__}") from exc
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise UnsafeURL(f"{host} has no address")
    for address in addresses:
        if _blocked(address):
            raise UnsafeURL(f"{host} points inside the bot's own network ({address}); not fetched")
