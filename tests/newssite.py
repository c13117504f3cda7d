"""A local news site for tests and benchmarks (aiohttp on 127.0.0.1, port 0): home pages, an RSS feed,
an Atom feed, a news sitemap, cluttered article pages, and the faults a real web has.

Article pages look like real news sites: a cookie banner, header and menus, share buttons, a "Read
also" block inside the text, related stories, tags and a footer, around the article's own paragraphs;
metadata in `og:`/`article:published_time` and JSON-LD, or the date only in a `<time>` element, or only
in the URL, or nowhere. Every line of that page chrome is in CHROME, so tests can prove none of it is
stored. The chrome's sentences are invented.

    async with NewsSite(articles) as site:
        site.url("/feeds/news.rss")
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.ingest.loader import load_article

SITE_NAME = "The Meridian Courier"
DATE_MODES = ("meta", "time", "url", "jsonld")  # where a page states its date (cycled over articles)

COOKIE = "We use cookies to improve your experience on our website and to show you relevant offers."
ACCEPT = "Accept all cookies"
MENU = ["World", "Politics", "Business", "Science", "Culture", "Opinion", "Sport"]
SHARE = ["Share on Facebook", "Share on X", "Share by email", "Copy link"]
READ_ALSO = "Harbour authority extends the summer timetable for the river ferries"
RELATED_HEAD = "Related stories"
RELATED = [
    "Weather service warns of heavy snow across the northern valleys this weekend",
    "City council approves a new cycling lane along the old canal road",
    "Museum of maritime history reopens after a long renovation",
]
TAGS = "Tags: diplomacy, foreign policy, world news"
FOOTER = [
    f"© 2025 {SITE_NAME}. All rights reserved.",
    "Subscribe to our newsletter for the morning briefing",
    "About us",
    "Contact the newsroom",
    "Privacy policy",
    "Terms of use",
]
NEWSLETTER = "Get our weekly digest of analysis delivered to your inbox every Friday morning."
CHROME = [COOKIE, ACCEPT, *SHARE, "Read also", READ_ALSO, RELATED_HEAD, *RELATED, TAGS, *FOOTER, NEWSLETTER]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class SiteArticle:
    slug: str
    title: str
    paragraphs: list[str]
    date: str | None  # ISO, as precise as known
    mode: str = "meta"  # where the page states its date: meta, jsonld, time, url
    stem: str = ""  # the file it was built from
    extra: str = ""  # an invented sentence making the text unique (benchmarks)
    publisher: str = ""  # the outlet a syndicated page names as its own (og:site_name), when not this site

    @property
    def path(self) -> str:
        if self.mode == "url" and self.date:
            parts = self.date.split("-")
            return "/news/" + "/".join(parts) + f"/{self.slug}"
        return f"/news/{self.slug}"


def articles_from_folder(folder: Path, limit: int | None = None) -> list[SiteArticle]:
    """Site articles from `.txt` article files, read with the project's loader (title, date, body);
    the date modes are cycled so every kind of page is there."""
    out: list[SiteArticle] = []
    for i, path in enumerate(sorted(folder.glob("*.txt"))[:limit]):
        loaded = load_article(path)
        slug = path.stem.replace("_", "-").lower()
        # every line its own block, as a page sets them (a pasted page's lines were separate elements)
        paragraphs = [line for line in loaded.body.split("\n") if line.strip()]
        title = loaded.title or f"Newsroom report {i + 1}"  # a page always has a title; the file had none
        out.append(
            SiteArticle(
                slug=slug,
                title=title,
                paragraphs=paragraphs,
                date=loaded.date.iso() if loaded.date else None,
                mode=DATE_MODES[i % len(DATE_MODES)],
                stem=path.stem,
                publisher=loaded.source or "",  # each file's outlet, as its own page would name itself
            )
        )
    return out


def _human(date: str) -> str:
    parts = [int(p) for p in date.split("-")]
    when = datetime(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    return when.strftime("%d %B %Y") if len(parts) == 3 else when.strftime("%B %Y")


def _stamp(date: str | None) -> str:
    """An RFC 3339 timestamp for a full ISO date; a partial one ("2014", "2019-11") stays as it is, as a
    page whose outlet gives only the year or month writes it (valid in `<time datetime>` and schema.org)."""
    if not date:
        return "2001-01-01T00:00:00+00:00"
    if date.count("-") < 2:
        return date
    return f"{date}T08:00:00+00:00"


def page_html(article: SiteArticle, base: str) -> str:
    """A cluttered article page."""
    e = html.escape
    canonical = base + article.path
    head = [
        '<meta charset="utf-8">',
        f"<title>{e(article.title)} | {SITE_NAME}</title>",
        f'<meta property="og:title" content="{e(article.title)}">',
        f'<meta property="og:site_name" content="{e(article.publisher or SITE_NAME)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{canonical}">',
        f'<link rel="canonical" href="{canonical}">',
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="{base}/feeds/news.rss">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ]
    if article.date and article.mode == "meta":
        head.append(f'<meta property="article:published_time" content="{_stamp(article.date)}">')
    if article.mode == "jsonld" or article.mode == "meta":
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "publisher": {"@type": "Organization", "name": article.publisher or SITE_NAME},
        }
        if article.date:
            data["datePublished"] = _stamp(article.date)
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    menu = "".join(f'<li><a href="/section/{m.lower()}">{m}</a></li>' for m in MENU)
    share = "".join(f'<a class="share-{i}" href="#">{s}</a>' for i, s in enumerate(SHARE))
    related = "".join(f'<li><a href="/news/related-{i}">{e(r)}</a></li>' for i, r in enumerate(RELATED))
    byline = ""
    if article.date and article.mode == "time":
        byline = (
            f'<p class="byline">By Staff Reporter · <time datetime="{_stamp(article.date)}">'
            f"{_human(article.date)}</time></p>"
        )
    paragraphs = [f"<p>{e(p)}</p>" for p in article.paragraphs]
    if article.extra:
        paragraphs.append(f"<p>{e(article.extra)}</p>")
    cut = max(1, len(paragraphs) // 2)
    read_also = (
        f'<div class="read-also"><strong>Read also</strong> <a href="/news/ferries">{e(READ_ALSO)}</a></div>'
    )
    body = "".join(paragraphs[:cut]) + read_also + "".join(paragraphs[cut:])
    footer = "".join(f"<li>{e(f)}</li>" for f in FOOTER[1:])
    return (
        "<!doctype html>\n<html lang=\"en\"><head>" + "".join(head) + "</head><body>"
        f'<div id="cookie-banner" class="cookie-consent"><p>{e(COOKIE)}</p><button>{ACCEPT}</button></div>'
        f'<header class="site-header"><a class="logo" href="/">{SITE_NAME}</a>'
        f'<nav class="main-menu"><ul>{menu}</ul></nav>'
        '<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>'
        f'<main><article class="post"><h1 class="entry-title">{e(article.title)}</h1>{byline}'
        f'<div class="share-buttons">{share}</div>'
        f'<div class="entry-content">{body}</div>'
        f'<div class="tags">{e(TAGS)}</div>'
        f'<div class="share-buttons bottom">{share}</div></article>'
        f'<aside class="related"><h2>{RELATED_HEAD}</h2><ul>{related}</ul></aside>'
        f'<div class="newsletter"><p>{e(NEWSLETTER)}</p></div></main>'
        f'<footer class="site-footer"><p>{e(FOOTER[0])}</p><ul>{footer}</ul></footer>'
        "</body></html>"
    )


def rss_xml(title: str, base: str, items: Iterable[tuple[str, str, str | None, str]]) -> str:
    """RSS 2.0: items are (title, link, iso date or None, summary)."""
    e = html.escape
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{e(title)}</title><link>{base}/</link><description>News</description>",
    ]
    for item_title, link, date, summary in items:
        pub = ""
        if date:
            pub = f"<pubDate>{format_datetime(datetime.fromisoformat(_stamp(date)))}</pubDate>"
        out.append(
            f"<item><title>{e(item_title)}</title><link>{e(link)}</link><guid>{e(link)}</guid>{pub}"
            f"<description>{e(summary)}</description></item>"
        )
    out.append("</channel></rss>")
    return "".join(out)


def atom_xml(title: str, base: str, items: Iterable[tuple[str, str, str | None, str]]) -> str:
    e = html.escape
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        f'<title>{e(title)}</title><id>{base}/</id><updated>2025-01-01T00:00:00Z</updated>'
        f'<link href="{base}/"/>',
    ]
    for item_title, link, date, summary in items:
        stamp = _stamp(date)
        out.append(
            f'<entry><title>{e(item_title)}</title><link href="{e(link)}"/><id>{e(link)}</id>'
            f"<updated>{stamp}</updated><summary>{e(summary)}</summary></entry>"
        )
    out.append("</feed>")
    return "".join(out)


def sitemap_xml(items: Iterable[tuple[str, str, str | None]]) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
    ]
    for item_title, link, date in items:
        when = f"<news:publication_date>{_stamp(date)}</news:publication_date>" if date else ""
        out.append(
            f"<url><loc>{html.escape(link)}</loc><news:news><news:publication><news:name>{SITE_NAME}"
            f"</news:name><news:language>en</news:language></news:publication>{when}"
            f"<news:title>{html.escape(item_title)}</news:title></news:news></url>"
        )
    out.append("</urlset>")
    return "".join(out)


def _redirect(location: str, status: int) -> web.Response:
    return web.Response(status=status, headers={"Location": location})


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int


@dataclass
class NewsSite:
    """The site; `articles` are in its feeds, `sections` are extra feeds of their own (benchmarks)."""

    articles: list[SiteArticle] = field(default_factory=list)
    sections: dict[str, list[SiteArticle]] = field(default_factory=dict)
    slow_seconds: float = 5.0
    host: str = "127.0.0.1"
    hits: list[Hit] = field(default_factory=list)
    flaky: dict[str, list[int]] = field(default_factory=dict)  # path -> statuses to answer first, in order
    port: int = 0
    robots_sitemap: bool = True  # robots.txt names the news sitemap
    publishes_feeds: bool = True  # False: no feed and no sitemap anywhere (a site with neither)

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._pages: dict[str, SiteArticle] = {}
        self._reindex()

    def _reindex(self) -> None:
        self._pages = {a.path: a for a in self.articles}
        for name, items in self.sections.items():
            for a in items:
                self._pages[f"/s/{name}{a.path}"] = a

    # -- life

    async def __aenter__(self) -> NewsSite:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, article: SiteArticle) -> None:
        """Publish one more article: it is on its page and at the top of the feeds."""
        self.articles.insert(0, article)
        self._reindex()

    def requests_to(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    # -- content

    def _items(self, articles: list[SiteArticle], prefix: str = "") -> list[tuple[str, str, str | None, str]]:
        return [
            (a.title, self.base + prefix + a.path, a.date if a.mode != "url" else None, a.paragraphs[0][:200])
            for a in articles
        ]

    def _validated(self, request: web.Request, body: bytes, content_type: str) -> web.Response:
        """A 200 with an ETag and Last-Modified, or a 304 when the client already has this version."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        modified = format_datetime(datetime(2025, 1, 1, tzinfo=UTC), usegmt=True)
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type=content_type, charset="utf-8",
                            headers={"ETag": etag, "Last-Modified": modified})

    def _home(self, with_feed: bool) -> str:
        links = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in self.articles[:20])
        alt = (
            f'<link rel="alternate" type="application/rss+xml" title="News" href="{self.base}/feeds/news.rss">'
            if with_feed else ""
        )
        return (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{SITE_NAME}</title>{alt}</head>"
            f"<body><header>{SITE_NAME}</header><ul>{links}</ul><footer>{html.escape(FOOTER[0])}</footer>"
            "</body></html>"
        )

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        response = await self._answer(request)
        self.hits.append(Hit(request.path_qs, dict(request.headers), response.status))
        return response

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        pending = self.flaky.get(path)
        if pending:
            status = pending.pop(0)
            return web.Response(status=status, text=f"status {status}", headers={"Retry-After": "120"})
        if path == "/robots.txt":
            sitemap = f"\nSitemap: {self.base}/news-sitemap.xml\n" if self.robots_sitemap else ""
            return web.Response(text="User-agent: *\nDisallow: /private/\n" + sitemap)
        if path == "/":
            return web.Response(text=self._home(True), content_type="text/html")
        if path == "/plain/":
            return web.Response(text=self._home(False), content_type="text/html")
        if not self.publishes_feeds and (path.startswith("/feeds/") or "sitemap" in path):
            return web.Response(status=404, text="not found")
        if path == "/feeds/news.rss":
            body = rss_xml(SITE_NAME, self.base, self._items(self.articles)).encode()
            return self._validated(request, body, "application/rss+xml")
        if path == "/feeds/news.atom":
            body = atom_xml(SITE_NAME, self.base, self._items(self.articles)).encode()
            return self._validated(request, body, "application/atom+xml")
        if path == "/news-sitemap.xml":
            items = [(a.title, self.base + a.path, a.date) for a in self.articles]
            return self._validated(request, sitemap_xml(items).encode(), "application/xml")
        if path.startswith("/s/") and path.endswith("/feed.rss"):
            name = path.split("/")[2]
            items = self._items(self.sections.get(name, []), f"/s/{name}")
            return self._validated(request, rss_xml(f"Section {name}", self.base, items).encode(),
                                   "application/rss+xml")
        if path in self._pages:
            return self._validated(request, page_html(self._pages[path], self.base).encode(), "text/html")
        return await self._fault(request, path)

    async def _fault(self, request: web.Request, path: str) -> web.StreamResponse:
        if path == "/fault/404":
            return web.Response(status=404, text="not found")
        if path == "/fault/410":
            return web.Response(status=410, text="gone")
        if path == "/fault/500":
            return web.Response(status=500, text="server error")
        if path == "/fault/503":
            return web.Response(status=503, text="busy", headers={"Retry-After": "7200"})
        if path == "/fault/slow":
            await asyncio.sleep(self.slow_seconds)
            return web.Response(text="late")
        if path == "/fault/loop-a":
            return _redirect("/fault/loop-b", 302)
        if path == "/fault/loop-b":
            return _redirect("/fault/loop-a", 302)
        if path == "/fault/moved":
            return _redirect(self.articles[0].path if self.articles else "/", 301)
        if path == "/fault/big":
            filler = "<p>" + "The committee met again to read the long list of the figures. " * 40 + "</p>"
            return web.Response(text="<html><body>" + filler * 400 + "</body></html>", content_type="text/html")
        if path == "/fault/gzip" and self.articles:
            raw = page_html(self.articles[0], self.base).encode()
            return web.Response(body=gzip.compress(raw), content_type="text/html",
                                headers={"Content-Encoding": "gzip"})
        if path == "/fault/charset" and self.articles:
            raw = page_html(self.articles[0], self.base).replace('<meta charset="utf-8">', "").encode("utf-8")
            return web.Response(body=raw, headers={"Content-Type": "text/html; charset=iso-8859-1"})
        if path == "/fault/cp1251":
            text = "<html><head><meta charset='windows-1251'></head><body><article>" + \
                "<p>" + "Министр встретился с послом в столице, чтобы обсудить торговлю и границу. " * 5 + \
                "</p></article></body></html>"
            return web.Response(body=text.encode("cp1251"), headers={"Content-Type": "text/html"})
        if path == "/feeds/malformed.rss":
            broken = "<rss version='2.0'><channel><title>Broken<item><link>"
            return web.Response(text=broken, content_type="application/rss+xml")
        if path == "/feeds/empty.rss":
            return web.Response(text=rss_xml("Empty", self.base, []), content_type="application/rss+xml")
        if path == "/feeds/pdf.rss":
            items = [("A report", self.base + "/files/report.pdf", "2024-02-03", "A report in PDF.")]
            return web.Response(text=rss_xml("Reports", self.base, items), content_type="application/rss+xml")
        if path == "/files/report.pdf":
            return web.Response(body=PDF, content_type="application/pdf")
        if path == "/feeds/robots.rss":
            items = [("Private", self.base + "/private/note", "2024-02-03", "A private note.")]
            return web.Response(text=rss_xml("Private", self.base, items), content_type="application/rss+xml")
        if path.startswith("/private/") and self.articles:
            return web.Response(text=page_html(self.articles[0], self.base), content_type="text/html")
        if path == "/feeds/slow.rss":
            await asyncio.sleep(self.slow_seconds)
            return web.Response(text=rss_xml("Slow", self.base, []), content_type="application/rss+xml")
        if path == "/feeds/moved.rss":
            return _redirect("/feeds/news.rss", 301)
        return web.Response(status=404, text="not found")
