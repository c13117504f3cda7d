"""Sources end to end below the front ends: article pages read without their chrome, dates from the
right place, one article per canonical URL and per text, polling with conditional requests, back-off,
and the CLI's `sources`, `poll` and `read` commands, all against the local news site."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from newssite import CHROME, NewsSite, articles_from_folder
from test_web_fetch import WORDS as WORD_SENTENCE
from test_web_fetch import invented

from bot.dates import PartialDate
from bot.ingest.web.fetch import Fetcher, FetchPolicy
from bot.ingest.web.page import Hints, read_page
from bot.sources.poll import poll_many, poll_source
from bot.sources.read import PageTask, read_pages
from bot.store.db import Store
from bot.store.sources import add_source, backoff_seconds, get_source, now_utc

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "eval" / "real" / "articles"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(tmp_path / "web.sqlite3")
    yield s
    await s.close()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(FetchPolicy(host_delay=0, timeout=1.0, max_bytes=500_000)) as f:
        yield f


async def bodies(store: Store) -> dict[str, str]:
    rows = await store.conn.execute_fetchall("SELECT id, body FROM articles")
    return {str(r[0]): str(r[1]) for r in rows}


async def article_row(store: Store, article_id: str) -> dict[str, object]:
    rows = list(await store.conn.execute_fetchall(
        "SELECT id, title, date, source, url FROM articles WHERE id = ?", (article_id,)))
    return dict(rows[0]) if rows else {}


# ---- pages


async def test_real_articles_as_cluttered_pages_keep_no_chrome(store: Store, fetcher: Fetcher) -> None:
    if not REAL.is_dir():
        pytest.skip("../shared/eval/real/articles is not beside the clone")
    articles = articles_from_folder(REAL)
    async with NewsSite(articles) as site:
        outcomes = await read_pages(store, fetcher, [PageTask(site.url(a.path)) for a in articles])
    assert [o.status for o in outcomes] == ["added"] * len(articles)
    stored = await bodies(store)
    assert len(stored) == len(articles)
    for article_id, body in stored.items():
        for line in CHROME:
            assert line not in body, f"{article_id}: page chrome {line!r} stored"
    # the article's own text is there: its longest paragraph, whole
    for article, outcome in zip(articles, outcomes, strict=True):
        longest = max(article.paragraphs, key=len)
        assert " ".join(longest.split()) in " ".join(stored[outcome.article_id or ""].split())


async def test_dates_come_from_the_page_then_the_feed_then_the_url_never_today(
    store: Store, fetcher: Fetcher
) -> None:
    pages = [
        invented("meta", date="2023-04-05", mode="meta"),
        invented("jsonld", date="2022-06-07", mode="jsonld"),
        invented("time", date="2021-08-09", mode="time"),
        invented("inurl", date="2020-10-11", mode="url"),
        invented("nowhere", date=None, mode="meta"),
    ]
    async with NewsSite(pages) as site:
        outcomes = await read_pages(store, fetcher, [PageTask(site.url(p.path)) for p in pages])
        dates = [(await article_row(store, o.article_id or ""))["date"] for o in outcomes]
        assert dates == ["2023-04-05", "2022-06-07", "2021-08-09", "2020-10-11", None]
        html = (await fetcher.get(site.url(pages[3].path))).text()
        page_url = site.url(pages[3].path)
    feed_date = PartialDate(2020, 10, 12)
    assert read_page(html, page_url, Hints(date=feed_date)).date == feed_date  # the feed's over the URL's


async def test_page_date_wins_over_the_feed(store: Store, fetcher: Fetcher) -> None:
    async with NewsSite([invented("meta", date="2023-04-05")]) as site:
        html = (await fetcher.get(site.url("/news/meta"))).text()
    read = read_page(html, site.url("/news/meta"), Hints(date=PartialDate(2019, 1, 1), title="Feed title"))
    assert read.date == PartialDate(2023, 4, 5)
    assert read.title == "Envoys meet over the meta treaty"  # the page's title wins too
    assert read.source == "The Meridian Courier" and read.url == site.url("/news/meta")


async def test_tracking_parameters_and_two_urls_of_one_text_make_one_article(store: Store, fetcher: Fetcher) -> None:
    twin = invented("alpha")
    twin.slug = "alpha-copy"  # the same text under another URL
    async with NewsSite([invented("alpha"), twin]) as site:
        tasks = [PageTask(site.url("/news/alpha?utm_source=feed&utm_medium=rss")), PageTask(site.url("/news/alpha"))]
        first = await read_pages(store, fetcher, tasks)
        assert [o.status for o in first] == ["added", "unchanged"]
        assert first[0].article_id == first[1].article_id
        copy = await read_pages(store, fetcher, [PageTask(site.url("/news/alpha-copy"))])
        assert copy[0].status == "duplicate" and copy[0].article_id == first[0].article_id
        again = await read_pages(store, fetcher, [PageTask(site.url("/news/alpha"))])
        assert again[0].status == "not modified"  # conditional GET on a page read before
    assert len(await bodies(store)) == 1
    row = await article_row(store, first[0].article_id or "")
    assert row["url"] == site.url("/news/alpha")  # the canonical URL is the source link


async def test_a_changed_page_replaces_what_was_read(store: Store, fetcher: Fetcher) -> None:
    article = invented("alpha")
    async with NewsSite([article]) as site:
        first = (await read_pages(store, fetcher, [PageTask(site.url("/news/alpha"))]))[0]
        article.paragraphs.append("A correction: the talks were held in Turku, not in Helsinki, the ministry said.")
        second = (await read_pages(store, fetcher, [PageTask(site.url("/news/alpha"))]))[0]
    assert (first.status, second.status) == ("added", "updated")
    assert first.article_id == second.article_id
    assert "correction" in (await bodies(store))[second.article_id or ""]


async def test_the_feed_summary_stands_in_for_a_page_with_too_little_text(fetcher: Fetcher) -> None:
    stub = invented("stub", n=1)
    stub.paragraphs = ["Photo gallery."]
    async with NewsSite([stub]) as site:
        html = (await fetcher.get(site.url("/news/stub"))).text()
    summary = " ".join(f"{WORD_SENTENCE} Item {i}." for i in range(3))
    read = read_page(html, site.url("/news/stub"), Hints(summary=summary, title="From the feed"))
    assert "Arvid Tamberg" in read.body and "Photo gallery" not in read.body
    assert read.title == "Envoys meet over the stub treaty"


async def test_pages_that_are_not_articles_are_skipped_with_a_reason(store: Store, fetcher: Fetcher) -> None:
    async with NewsSite([invented("alpha")]) as site:
        tasks = [PageTask(site.url(p)) for p in ("/files/report.pdf", "/fault/404", "/fault/500", "/plain/",
                                                  "/private/x", "/fault/big")]
        outcomes = await read_pages(store, fetcher, tasks)
    got = [(o.status, o.detail) for o in outcomes]
    assert got[0] == ("skipped", "not an HTML page (application/pdf)")
    assert got[1] == ("skipped", "HTTP 404 Not Found")
    assert got[2] == ("failed", "HTTP 500 Internal Server Error")
    assert got[3][0] == "skipped" and "no article text" in got[3][1]
    assert got[4] == ("skipped", "robots.txt does not allow reading this page")
    assert got[5][0] == "skipped" and "too large" in got[5][1]
    assert await bodies(store) == {}


# ---- polling


async def add(store: Store, site: NewsSite, path: str, name: str = "Courier", every: int = 60) -> int:
    source, _ = await add_source(store, url=site.url(path), given_url=site.url("/"), name=name, kind="rss",
                                 interval_seconds=every, added_by="cli")
    return source.id


async def test_poll_reads_new_entries_then_costs_one_conditional_request(store: Store, fetcher: Fetcher) -> None:
    async with NewsSite([invented("alpha"), invented("beta")]) as site:
        source_id = await add(store, site, "/feeds/news.rss")
        source = await get_source(store, source_id)
        assert source is not None
        first = await poll_source(store, fetcher, source)
        assert first.status == "added" and first.detail == "2 added" and len(first.new_ids) == 2
        site.hits.clear()
        source = await get_source(store, source_id)
        assert source is not None and source.etag and source.last_success and source.failures == 0
        second = await poll_source(store, fetcher, source)
        assert second.status == "not modified"
        assert [h.path for h in site.hits] == ["/feeds/news.rss"] and site.hits[0].status == 304
        site.add(invented("gamma"))
        site.hits.clear()
        source = await get_source(store, source_id)
        assert source is not None
        third = await poll_source(store, fetcher, source)
        assert third.status == "added" and third.detail == "1 added"
        assert [h.path for h in site.hits] == ["/feeds/news.rss", "/news/gamma"]  # only the new page
    assert len(await bodies(store)) == 3


async def test_atom_and_sitemap_sources_and_the_feed_fills_what_the_page_lacks(store: Store, fetcher: Fetcher) -> None:
    bare = invented("nodate", date=None)
    async with NewsSite([bare]) as site:
        atom = await add(store, site, "/feeds/news.atom", "Atom")
        result = await poll_source(store, fetcher, (await get_source(store, atom)))  # type: ignore[arg-type]
        assert result.status == "added"
        # the Atom entry's <updated> is the only date there is
        row = await article_row(store, result.new_ids[0])
        assert row["date"] == "2001-01-01"
        sitemap = await add(store, site, "/news-sitemap.xml", "Sitemap")
        again = await poll_source(store, fetcher, (await get_source(store, sitemap)))  # type: ignore[arg-type]
        assert again.status == "unchanged"  # the same page, already read through the other source


async def test_failing_sources_back_off_and_do_not_hold_up_the_others(store: Store) -> None:
    async with NewsSite([invented("alpha")], slow_seconds=3.0) as site:
        ok = await add(store, site, "/feeds/news.rss", "Good")
        slow = await add(store, site, "/feeds/slow.rss", "Slow")
        busy = await add(store, site, "/fault/503", "Busy")
        gone = await add(store, site, "/fault/410", "Gone")
        broken = await add(store, site, "/feeds/malformed.rss", "Broken")
        pdf = await add(store, site, "/feeds/pdf.rss", "Reports")
        empty = await add(store, site, "/feeds/empty.rss", "Empty")
        async with Fetcher(FetchPolicy(host_delay=0, timeout=1.0)) as fetcher:
            sources = [await get_source(store, i) for i in (ok, slow, busy, gone, broken, pdf, empty)]
            before = now_utc()
            results = await poll_many(store, fetcher, [s for s in sources if s is not None])
    by_name = {r.source.name: r for r in results}
    assert by_name["Good"].status == "added"
    assert by_name["Slow"].status == "failed" and "no answer within 1 s" in by_name["Slow"].detail
    assert by_name["Busy"].detail == "HTTP 503 Service Unavailable"
    assert by_name["Gone"].detail == "HTTP 410 Gone"
    assert by_name["Reports"].status == "unchanged" and "1 skipped" in by_name["Reports"].detail
    assert by_name["Empty"].status == "unchanged"
    assert by_name["Broken"].status == "unchanged"  # malformed XML: what could be read (nothing), said so
    assert "feed is not well-formed (SAXParseException)" in by_name["Broken"].detail
    busy_now = await get_source(store, busy)
    assert busy_now is not None and busy_now.failures == 1 and busy_now.last_error == "HTTP 503 Service Unavailable"
    from datetime import datetime

    wait = datetime.fromisoformat(busy_now.next_due) - before
    assert wait >= timedelta(seconds=7200 - 5)  # Retry-After: 7200 beats the 2-minute back-off
    slow_now = await get_source(store, slow)
    assert slow_now is not None and slow_now.failures == 1
    assert timedelta(seconds=115) <= datetime.fromisoformat(slow_now.next_due) - before <= timedelta(seconds=130)


def test_back_off_doubles_up_to_a_day() -> None:
    assert [backoff_seconds(1800, n) for n in (1, 2, 3, 4, 5, 6)] == [3600, 7200, 14400, 28800, 57600, 86400]
    assert backoff_seconds(1800, 40) == 86400
    assert backoff_seconds(60, 1, retry_after=600) == 600


# ---- the CLI


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    env.update(PYTHONPATH=str(REPO), BOT_DB_PATH=str(tmp_path / "cli.sqlite3"), BOT_FETCH_HOST_DELAY_SECONDS="0")
    return env


async def bot(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=cli_env(tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_cli_sources_poll_and_read(tmp_path: Path) -> None:
    async with NewsSite([invented("alpha"), invented("beta")]) as site:
        code, out, _ = await bot(tmp_path, "sources", "add", site.url("/"), "--every", "45")
        assert code == 0 and out.startswith("added source 1: rss 'The Meridian Courier'")
        assert site.url("/feeds/news.rss") in out and "every 45 min" in out
        code, out, err = await bot(tmp_path, "sources", "add", site.url("/news/alpha"))
        assert code == 0  # an article page of a site with a feed: its feed
        assert out.startswith("already polled as source 1")
        code, out, err = await bot(tmp_path, "sources", "add", site.url("/files/report.pdf"))
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "not an RSS or Atom feed" in err
        code, out, _ = await bot(tmp_path, "sources", "add", site.url("/fault/503"), "--name", "Busy")
        assert code == 2
        code, out, _ = await bot(tmp_path, "sources", "add", site.url("/feeds/empty.rss"), "--name", "Quiet")
        assert code == 0 and "added source 2: rss 'Quiet'" in out
        code, out, _ = await bot(tmp_path, "poll")
        assert code == 0
        assert out.splitlines() == ["1 The Meridian Courier: added: 2 added", "2 Quiet: unchanged: 0 entries, none new"]
        code, out, _ = await bot(tmp_path, "poll", "--source", "1")
        assert (code, out.strip()) == (0, "1 The Meridian Courier: not modified")
        code, out, _ = await bot(tmp_path, "sources", "list")
        lines = out.splitlines()
        assert len(lines) == 2 and lines[0].startswith("1\tThe Meridian Courier\t") and "failures 0" in lines[0]
        assert "last success never" not in lines[0]
        code, out, _ = await bot(tmp_path, "sources", "remove", "2")
        assert (code, out.strip()) == (0, "removed source 2")
        code, _, err = await bot(tmp_path, "sources", "remove", "2")
        assert code == 2 and "no source 2" in err
        site.add(invented("gamma"))
        code, out, _ = await bot(tmp_path, "read", site.url("/news/gamma"), site.url("/fault/404"))
        assert code == 0
        assert out.splitlines()[0].startswith(f"added {site.url('/news/gamma')} -> web_")
        assert out.splitlines()[-1] == "1 of 2 read"
        code, out, _ = await bot(tmp_path, "export")
        data = json.loads(out)
        assert len(data["articles"]) == 3
        assert {a["url"] for a in data["articles"]} == {site.url(f"/news/{s}") for s in ("alpha", "beta", "gamma")}
        assert any(p["name"] == "Arvid Tamberg" for p in data["people"])
        code, out, _ = await bot(tmp_path, "ask", "/who Arvid Tamberg")
        assert "Arvid Tamberg" in out and "Finland" in out


async def test_poll_exit_code_is_1_when_every_source_failed(tmp_path: Path) -> None:
    async with NewsSite([invented("alpha")]) as site:
        code, _, _ = await bot(tmp_path, "sources", "add", site.url("/feeds/news.rss"))
        assert code == 0
        site.flaky["/feeds/news.rss"] = [500]
        code, out, _ = await bot(tmp_path, "poll")
        assert code == 1 and out.strip() == "1 The Meridian Courier: failed: HTTP 500 Internal Server Error"
        code, out, _ = await bot(tmp_path, "sources", "list")
        assert "last error HTTP 500 Internal Server Error" in out and "failures 1" in out


def test_help_names_the_web_commands() -> None:
    from bot.cli import build_parser

    text = build_parser().format_help()
    for name in ("sources", "poll", "read"):
        assert name in text


async def test_the_schedule_has_one_job_per_source_and_skips_a_source_backing_off(store: Store) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.digest.schedule import SchedulerSink
    from bot.sources.schedule import JOB_PREFIX, SourceScheduler
    from bot.store.sources import record_failure, remove_source

    async with NewsSite([invented("alpha")]) as site, Fetcher(FetchPolicy(host_delay=0)) as fetcher:
        first = await add(store, site, "/feeds/news.rss", every=600)
        second = await add(store, site, "/feeds/news.atom", "Atom", every=600)
        scheduler = AsyncIOScheduler()
        sources = SourceScheduler(SchedulerSink(scheduler), store, fetcher, allow_private=False)
        assert await sources.rebuild() == 2
        assert {j.id for j in scheduler.get_jobs()} == {f"{JOB_PREFIX}{first}", f"{JOB_PREFIX}{second}"}
        polled = await sources.poll(first)
        assert polled is not None and polled.status == "added"
        failing = await get_source(store, second)
        assert failing is not None
        await record_failure(store, failing, "HTTP 500")  # due again in 2 x 600 s
        site.hits.clear()
        assert await sources.poll(second) is None and site.hits == []  # backing off: the fire is skipped
        await remove_source(store, first)
        await sources.rebuild()
        assert [j.id for j in scheduler.get_jobs()] == [f"{JOB_PREFIX}{second}"]


def test_a_page_that_gives_only_its_year_is_dated_by_that_year() -> None:
    words = " ".join(["The ministers of Norland and Vellmar discussed river transport and trade."] * 8)
    page = (
        '<html><head><title>Talks on the river</title><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Talks on the river", '
        '"datePublished": "2014"}</script></head><body><article><h1>Talks on the river</h1>'
        f"<p>{words}</p><p>{words}</p></article></body></html>"
    )
    article = read_page(page, "https://news.example.org/talks-on-the-river")
    assert str(article.date) == "2014"
