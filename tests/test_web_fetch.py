"""Reading the web politely and safely, against the local news site (tests/newssite.py): canonical URLs,
address safety, conditional GET, faults (404/410/500/503, timeouts, redirect loops, size cap, gzip, wrong
charset, robots.txt), feeds, sitemaps and discovery."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from newssite import NewsSite, SiteArticle

from bot.ingest.web.discover import NoSource, discover
from bot.ingest.web.feeds import NotAFeed, read_feed
from bot.ingest.web.fetch import Fetcher, FetchPolicy, decode
from bot.ingest.web.safety import UnsafeURL, check_url
from bot.ingest.web.urls import article_id_for, canonical_url

WORDS = (
    "Foreign Minister of Finland Arvid Tamberg received the Ambassador of Chile Lio Kessany "
    "in Helsinki on Tuesday to discuss the river treaty and the new border crossing."
)


def invented(slug: str, date: str | None = "2024-03-05", mode: str = "meta", n: int = 4) -> SiteArticle:
    paragraphs = [f"{WORDS} Paragraph {i} of the {slug} report adds a further detail." for i in range(n)]
    return SiteArticle(slug=slug, title=f"Envoys meet over the {slug} treaty", paragraphs=paragraphs, date=date,
                       mode=mode)


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with NewsSite([invented("alpha"), invented("beta", mode="time")], slow_seconds=3.0) as s:
        yield s


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(FetchPolicy(host_delay=0, timeout=1.0, max_bytes=200_000, max_redirects=3)) as f:
        yield f


# ---- canonical URLs and ids


def test_canonical_url_drops_tracking_and_fragment_and_sorts_the_query() -> None:
    a = canonical_url("HTTPS://News.Example.ORG:443/a/b?utm_source=x&b=2&fbclid=zz&a=1#top")
    assert a == "https://news.example.org/a/b?a=1&b=2"
    assert canonical_url("http://user:pw@example.org:80/x") == "http://example.org/x"
    assert article_id_for("https://news.example.org/a/b?b=2&a=1&utm_medium=rss") == article_id_for(a)
    assert article_id_for(a).startswith("web_") and len(article_id_for(a)) == 20
    assert article_id_for(a) != article_id_for("https://news.example.org/a/c")


# ---- safety


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://localhost:8080/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://240.0.0.1/",
    ],
)
async def test_private_loopback_link_local_and_reserved_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURL):
        await check_url(url, allow_private=False)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "javascript:alert(1)"])
async def test_only_http_and_https(url: str) -> None:
    with pytest.raises(UnsafeURL):
        await check_url(url, allow_private=True)


async def test_the_setting_lets_local_addresses_through(site: NewsSite) -> None:
    await check_url(site.url("/"), allow_private=True)
    async with Fetcher(FetchPolicy(host_delay=0, allow_private=False)) as strict:
        refused = await strict.get(site.url("/feeds/news.rss"))
        assert not refused.ok and "own network" in (refused.error or "")
        assert site.hits == []  # nothing was sent


# ---- fetching


async def test_conditional_get_answers_304_and_reads_nothing(site: NewsSite, fetcher: Fetcher) -> None:
    first = await fetcher.get(site.url("/feeds/news.rss"))
    assert first.ok and first.etag and first.last_modified
    again = await fetcher.get(site.url("/feeds/news.rss"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    asked = site.requests_to("/feeds/news.rss")[-1].headers
    assert asked["If-None-Match"] == first.etag and asked["If-Modified-Since"] == first.last_modified
    assert "DiplomacyDeskBot" in asked["User-Agent"]


@pytest.mark.parametrize("path,status", [("/fault/404", 404), ("/fault/410", 410), ("/fault/500", 500)])
async def test_http_errors_are_one_line(site: NewsSite, fetcher: Fetcher, path: str, status: int) -> None:
    result = await fetcher.get(site.url(path))
    assert not result.ok and result.status == status and result.error == f"HTTP {status} " + {
        404: "Not Found", 410: "Gone", 500: "Internal Server Error"}[status]


async def test_503_carries_retry_after(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/503"))
    assert result.status == 503 and result.retry_after == 7200


async def test_slow_answer_times_out(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/slow"))
    assert result.status == 0 and "no answer within 1 s" in (result.error or "")


async def test_redirect_loop_is_bounded(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/loop-a"))
    assert result.error == "more than 3 redirects"
    assert len([h for h in site.hits if h.path.startswith("/fault/loop")]) == 4


async def test_redirect_is_followed(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/moved"))
    assert result.ok and result.final_url == site.url(site.articles[0].path)


async def test_page_over_the_size_cap_is_refused(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/big"))
    assert not result.ok and "too large" in (result.error or "") and result.body == b""


async def test_gzip_is_decompressed(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/gzip"))
    assert result.ok and b"Arvid Tamberg" in result.body


async def test_wrong_charset_in_the_header_is_read_as_what_the_bytes_are(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/charset"))
    assert result.charset == "iso-8859-1"
    text = result.text()
    assert "© 2025" in text and "Â©" not in text
    assert any("UTF-8" in w for w in result.warnings)


async def test_meta_charset_is_used_when_not_utf8(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/fault/cp1251"))
    assert "Министр" in result.text()
    assert decode("caf\xe9".encode("latin-1"), "latin-1") == "café"


async def test_robots_txt_is_obeyed(site: NewsSite, fetcher: Fetcher) -> None:
    result = await fetcher.get(site.url("/private/note"))
    assert not result.ok and "robots.txt" in (result.error or "")
    assert site.requests_to("/private/note") == []
    await fetcher.get(site.url("/news/alpha"))
    assert len(site.requests_to("/robots.txt")) == 1  # read once per site


async def test_one_request_at_a_time_per_host_spaced_by_the_delay(site: NewsSite) -> None:
    async with Fetcher(FetchPolicy(host_delay=0.3, obey_robots=False)) as polite:
        import asyncio
        import time

        start = time.monotonic()
        results = await asyncio.gather(*(polite.get(site.url(f"/news/{s}")) for s in ("alpha", "alpha", "alpha")))
        took = time.monotonic() - start
    assert all(r.ok for r in results)
    assert took >= 0.6  # three requests to one host: two waits of the delay between them


# ---- feeds, sitemaps, discovery


async def test_rss_atom_and_sitemap_list_the_same_articles(site: NewsSite, fetcher: Fetcher) -> None:
    links = set()
    for path, kind in (("/feeds/news.rss", "rss"), ("/feeds/news.atom", "atom"), ("/news-sitemap.xml", "sitemap")):
        result = await fetcher.get(site.url(path))
        feed = read_feed(result.body, result.final_url)
        assert feed.kind == kind
        assert [e.title for e in feed.entries] == [a.title for a in site.articles]
        links.add(tuple(e.link for e in feed.entries))
        assert feed.entries[0].date is not None and feed.entries[0].date.iso() == "2024-03-05"
    assert len(links) == 1


async def test_malformed_and_non_feeds_say_so(site: NewsSite, fetcher: Fetcher) -> None:
    with pytest.raises(NotAFeed):
        read_feed((await fetcher.get(site.url("/news/alpha"))).body, site.url("/news/alpha"))
    with pytest.raises(NotAFeed):
        read_feed(b"\x00\x01 not xml at all", site.url("/x"))
    malformed = await fetcher.get(site.url("/feeds/malformed.rss"))
    try:
        feed = read_feed(malformed.body, malformed.final_url)
    except NotAFeed:
        pass
    else:
        assert feed.entries == [] and feed.warnings
    empty = await fetcher.get(site.url("/feeds/empty.rss"))
    assert read_feed(empty.body, empty.final_url).entries == []


async def test_a_home_page_leads_to_its_feed(site: NewsSite, fetcher: Fetcher) -> None:
    found = await discover(fetcher, site.url("/"))
    assert found.url == site.url("/feeds/news.rss") and found.feed.kind == "rss"


async def test_a_page_without_feed_link_leads_to_the_sitemap_in_robots(site: NewsSite, fetcher: Fetcher) -> None:
    found = await discover(fetcher, site.url("/plain/"))
    assert found.feed.kind == "sitemap" and len(found.feed.entries) == 2


async def test_a_site_with_neither_is_said_clearly(fetcher: Fetcher) -> None:
    async with NewsSite([invented("gamma")]) as bare:
        bare.robots_sitemap = False
        bare.publishes_feeds = False
        with pytest.raises(NoSource, match=r"no feed .* and no news sitemap"):
            await discover(fetcher, bare.url("/plain/"))
        with pytest.raises(NoSource, match="HTTP 404"):
            await discover(fetcher, bare.url("/fault/404"))


async def test_a_redirect_into_the_local_network_is_refused_at_the_hop() -> None:
    """A public address (a literal, so no DNS) that redirects to loopback: the second hop is never sent.
    httpx's MockTransport stands in for the public server (no network here)."""
    import httpx

    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/admin"})

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer), follow_redirects=False)
    async with Fetcher(FetchPolicy(host_delay=0, allow_private=False, obey_robots=False), client=client) as f:
        result = await f.get("http://93.184.215.14/story")
    assert sent == ["http://93.184.215.14/story"]
    assert not result.ok and "own network" in (result.error or "") and result.final_url.startswith("http://127.0.0.1")
