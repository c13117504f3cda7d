-- Follows and alerts: what each chat follows (a person, a state or organisation, a keyword phrase), its
-- per-chat preferences (digest filter, alerts paused), and one alert row per (chat, article).
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS+00:00' as in 0002_digest.sql.

CREATE TABLE follows (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('person', 'country', 'phrase')),
    ref         TEXT NOT NULL,                 -- person id, canonical country or organisation, folded phrase
    label       TEXT NOT NULL,                 -- what /following shows
    terms       TEXT NOT NULL DEFAULT '[]',    -- JSON: folded spellings matched in the text (evidence, FTS)
    since_rowid INTEGER NOT NULL,              -- articles.rowid when followed: only later articles alert
    created_at  TEXT NOT NULL,
    created_by  TEXT,
    UNIQUE (chat_id, kind, ref)
);
CREATE INDEX follows_kind_ref ON follows(kind, ref);

-- One row per chat that ever followed something: where alerts go and how its digest is filtered.
CREATE TABLE follow_chats (
    chat_id        INTEGER PRIMARY KEY,
    chat_type      TEXT NOT NULL DEFAULT 'unknown',
    thread_id      INTEGER,
    digest_filter  TEXT NOT NULL DEFAULT 'all' CHECK (digest_filter IN ('all', 'followed')),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    paused_reason  TEXT
);

-- One alert per (chat, article), however many followed things the article names.  Written 'pending' by
-- the scan of new articles; a sender claims it (status 'claimed' with its message stored in `text`) in a
-- BEGIN IMMEDIATE transaction before sending, so a restart or a second worker never sends it twice and a
-- stale claim (a crash between claim and send) is taken over and sent.  'rolled': sent inside one
-- "and N more" message (rows of one such message share `batch`).
CREATE TABLE alerts (
    chat_id        INTEGER NOT NULL,
    article_id     TEXT NOT NULL,
    article_rowid  INTEGER NOT NULL,
    matched        TEXT NOT NULL DEFAULT '[]', -- JSON list of follows.id that matched
    status         TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'claimed', 'sent', 'rolled', 'failed')),
    created_at     TEXT NOT NULL,
    claimed_at     TEXT,                      -- also the heartbeat while sending
    worker         TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    batch          TEXT,
    text           TEXT,                      -- the message, fixed at the claim
    sent_at        TEXT,
    error          TEXT,
    PRIMARY KEY (chat_id, article_id)
);
-- Partial indexes: the scan writes up to a row per (chat, article) matched, so only the rows a sender
-- looks for are indexed (open ones; sent ones for the hourly count).
CREATE INDEX alerts_open ON alerts(chat_id) WHERE status IN ('pending', 'claimed');
CREATE INDEX alerts_sent ON alerts(chat_id, sent_at) WHERE sent_at IS NOT NULL;

-- How far the scan for new articles has gone (articles.rowid); starts at the articles already read.
INSERT OR IGNORE INTO meta(key, value)
SELECT 'alerts_watermark', CAST(coalesce(max(rowid), 0) AS TEXT) FROM articles;
