-- Sources the worker polls (feeds and news sitemaps) and the web pages read from them or from single
-- links.  Times are UTC ISO 8601 text with seconds, so they compare as strings.

CREATE TABLE sources (
    id                INTEGER PRIMARY KEY,
    url               TEXT NOT NULL UNIQUE,      -- the feed or sitemap polled
    given_url         TEXT NOT NULL,             -- what the operator gave (a site's home page, say)
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,             -- 'rss', 'atom' or 'sitemap'
    interval_seconds  INTEGER NOT NULL DEFAULT 1800,
    etag              TEXT,
    last_modified     TEXT,
    last_success      TEXT,
    last_error        TEXT,
    failures          INTEGER NOT NULL DEFAULT 0, -- consecutive
    next_due          TEXT NOT NULL,
    added_by          TEXT,
    added_at          TEXT NOT NULL
);
CREATE INDEX sources_due ON sources(next_due);

CREATE TABLE web_pages (
    url            TEXT PRIMARY KEY,             -- canonical URL (tracking parameters dropped)
    article_id     TEXT,                         -- the article it is stored as (another URL's for the same text)
    source_id      INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    entry_stamp    TEXT,                         -- the feed entry's updated/published text when read
    etag           TEXT,
    last_modified  TEXT,
    outcome        TEXT NOT NULL,                -- 'read', 'duplicate' or 'skipped: why'
    fetched_at     TEXT NOT NULL
);
CREATE INDEX web_pages_article ON web_pages(article_id);

-- "The same text under two URLs is one article": found by the body's hash.
CREATE INDEX articles_content_hash ON articles(content_hash);
