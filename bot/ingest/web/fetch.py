"""Polite HTTP fetching with httpx: conditional GET, a timeout, a size cap, gzip, a bounded number of
redirects (each checked for safety), an identifying User-Agent, robots.txt obeyed, and at most one
request at a time and one per `host_delay` seconds for each host.

`Fetcher.get` never raises for what a server or the network does: the result's `error` says it in one
line (`status` is then 0 for a network failure, or the HTTP status).
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import re
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from bot import __version__
from bot.ingest.web.safety import Unresolvable, UnsafeURL, check_scheme, check_url
from bot.ingest.web.urls import host_of

log = logging.getLogger(__name__)

USER_AGENT = f"DiplomacyDeskBot/{__version__} (+https://github.com/diplomacy-desk; news reader)"
ROBOTS_TTL = 3600.0
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = USER_AGENT
    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    host_delay: float = 1.0  # seconds between two requests to one host
    allow_private: bool = True  # the operator's CLI; Telegram passes False unless BOT_FETCH_ALLOW_PRIVATE
    obey_robots: bool = True


@dataclass
class FetchResult:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int  # 0: no HTTP answer
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None  # from the Content-Type header
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None  # seconds, from a 429/503
    error: str | None = None  # one line, when the fetch did not give a usable 200
    lasting: bool = False  # a refusal asking again soon will not change (robots.txt, unsafe, too large, 404/410)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body as text: see `decode`."""
        return decode(self.body, self.charset, self.warnings)


def decode(body: bytes, header_charset: str | None, warnings: list[str] | None = None) -> str:
    """Bytes to text. Valid UTF-8 with non-ASCII bytes is UTF-8 whatever a header says (a header
    naming latin-1 for a UTF-8 page is the commonest wrong charset); then the header's charset, then a
    `<meta charset>` or XML declaration, then UTF-8 with replacement."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        named = (header_charset or "utf-8").lower().replace("_", "-")
        if named not in {"utf-8", "utf8", "us-ascii", "ascii"} and not body.isascii() and warnings is not None:
            warnings.append(f"header says {header_charset}, text is UTF-8: read as UTF-8")
        return text
    head = body[:4096]
    declared = [header_charset]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m:
            declared.append(m.group(1).decode("ascii", errors="ignore"))
    for name in declared:
        if not name:
            continue
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    if warnings is not None:
        warnings.append("charset unknown: read as UTF-8 with replacements")
    return body.decode("utf-8", errors="replace")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


class _HostGate:
    """One request at a time per host, `delay` seconds apart."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.locks: dict[str, asyncio.Lock] = {}
        self.last: dict[str, float] = {}

    def lock(self, host: str) -> asyncio.Lock:
        return self.locks.setdefault(host, asyncio.Lock())

    async def wait_turn(self, host: str) -> None:
        if self.delay <= 0:
            return
        wait = self.last.get(host, 0.0) + self.delay - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    def done(self, host: str) -> None:
        self.last[host] = time.monotonic()


class Fetcher:
    """One shared httpx client with the policy above; use `async with Fetcher(policy) as f`."""

    def __init__(self, policy: FetchPolicy | None = None, *, client: httpx.AsyncClient | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.client = client or httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
            trust_env=False,
        )
        self.gate = _HostGate(self.policy.host_delay)
        self.robots: dict[str, tuple[float, RobotFileParser | None]] = {}
        self.requests = 0  # every HTTP request sent, robots.txt included (the benchmark counts them)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self.client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool | None = None,
        accept: str = "*/*",
    ) -> FetchResult:
        """GET `url` (conditionally when `etag`/`last_modified` are given), following redirects."""
        private = self.policy.allow_private if allow_private is None else allow_private
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            try:
                await check_url(current, allow_private=private)
            except UnsafeURL as exc:
                return FetchResult(url, current, 0, error=str(exc), lasting=not isinstance(exc, Unresolvable))
            if self.policy.obey_robots and not await self._robots_allow(current, private):
                return FetchResult(
                    url, current, 0, error="robots.txt does not allow reading this page", lasting=True
                )
            headers = {"Accept": accept}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            result = await self._request(url, current, headers)
            if result.status in {301, 302, 303, 307, 308} and result.error is None:
                target = result.final_url
                if not target:
                    return FetchResult(url, current, result.status, error="redirect without a Location")
                current = target
                continue
            return result
        return FetchResult(url, current, 0, error=f"more than {self.policy.max_redirects} redirects", lasting=True)

    async def _request(self, asked: str, url: str, headers: dict[str, str]) -> FetchResult:
        host = host_of(url)
        async with self.gate.lock(host):
            await self.gate.wait_turn(host)
            try:
                return await asyncio.wait_for(self._send(asked, url, headers), self.policy.timeout)
            except TimeoutError:
                return FetchResult(asked, url, 0, error=f"no answer within {self.policy.timeout:g} s")
            except httpx.HTTPError as exc:
                text = " ".join(str(exc).split())[:160] or "no detail"
                return FetchResult(asked, url, 0, error=f"{type(exc).__name__}: {text}")
            finally:
                self.gate.done(host)

    async def _send(self, asked: str, url: str, headers: dict[str, str]) -> FetchResult:
        self.requests += 1
        async with self.client.stream("GET", url, headers=headers) as resp:
            content_type = resp.headers.get("content-type", "")
            result = FetchResult(
                asked,
                url,
                resp.status_code,
                content_type=content_type.split(";", 1)[0].strip().lower(),
                charset=_charset(content_type),
                etag=resp.headers.get("etag"),
                last_modified=resp.headers.get("last-modified"),
                retry_after=_retry_after(resp.headers.get("retry-after")),
            )
            if resp.is_redirect:
                location = resp.headers.get("location")
                result.final_url = urljoin(url, location) if location else ""
                if result.final_url:
                    try:
                        check_scheme(result.final_url)
                    except UnsafeURL as exc:
                        result.error = f"redirected to an unusable link: {exc}"
                return result
            if resp.status_code == 304:
                return result
            if resp.status_code != 200:
                result.error = f"HTTP {resp.status_code}" + (
                    f" {resp.reason_phrase}" if resp.reason_phrase else ""
                )
                result.lasting = resp.status_code in {404, 410}
                return result
            declared = resp.headers.get("content-length", "")
            cap = self.policy.max_bytes
            if declared.isdigit() and int(declared) > cap:
                result.error = f"too large: {int(declared):,} bytes (limit {cap:,})"
                result.lasting = True
                return result
            chunks: list[bytes] = []
            size = 0
            async for chunk in resp.aiter_bytes():  # decompressed: the cap holds against gzip bombs too
                size += len(chunk)
                if size > cap:
                    result.error = f"too large: over {cap:,} bytes"
                    result.lasting = True
                    return result
                chunks.append(chunk)
            result.body = b"".join(chunks)
            return result

    async def _robots_allow(self, url: str, private: bool) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self.robots.get(origin)
        now = time.monotonic()
        if cached is None or now - cached[0] > ROBOTS_TTL:
            parser: RobotFileParser | None = None
            result = await self._request(origin + "/robots.txt", origin + "/robots.txt", {"Accept": "text/plain"})
            if result.ok:
                parser = RobotFileParser()
                parser.parse(result.text().splitlines())
            # 4xx, 5xx and network errors: no robots.txt to obey (a failing site fails on the page itself)
            cached = (now, parser)
            self.robots[origin] = cached
        parser = cached[1]
        return parser is None or parser.can_fetch(self.policy.user_agent, url)
