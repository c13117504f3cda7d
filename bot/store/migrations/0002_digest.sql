-- Daily digests: who gets one (subscriptions) and what was sent on which local day (digest_deliveries).
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SS+00:00'; local_date is the subscriber's own calendar day.

CREATE TABLE subscriptions (
    chat_id        INTEGER PRIMARY KEY,
    chat_type      TEXT NOT NULL DEFAULT 'unknown',   -- private, group, supergroup, channel, unknown (CLI)
    thread_id      INTEGER,                           -- forum topic the digest goes to, NULL for the chat
    at             TEXT NOT NULL,                     -- 'HH:MM' local time
    tz             TEXT NOT NULL,                     -- IANA name ('Asia/Almaty') or fixed offset ('UTC+05:00')
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    paused_reason  TEXT,
    subscribed_at  TEXT NOT NULL,                     -- first subscription: the first digest looks 7 days back
    active_since   TEXT NOT NULL,                     -- last (re)activation: no catch-up for fire times before it
    last_sent_at   TEXT,                              -- end of the window the last delivered digest covered
    created_by     TEXT                               -- 'user:ID', 'channel', 'cli'
);
CREATE INDEX subscriptions_status ON subscriptions(status);

-- One row per chat and local day, written by the claim (INSERT OR IGNORE inside BEGIN IMMEDIATE):
-- whoever inserts it sends, nobody else does.  window_* fix what the digest covers, so a resumed
-- send after a crash composes the same messages and continues at parts_sent.
CREATE TABLE digest_deliveries (
    chat_id      INTEGER NOT NULL,
    local_date   TEXT NOT NULL,                       -- 'YYYY-MM-DD' in the subscription's zone
    status       TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'empty', 'failed')),
    claimed_at   TEXT NOT NULL,                       -- also the heartbeat while sending
    sent_at      TEXT,
    error        TEXT,
    attempts     INTEGER NOT NULL DEFAULT 1,
    worker       TEXT NOT NULL DEFAULT '',
    window_from  TEXT NOT NULL,
    window_to    TEXT NOT NULL,
    parts_total  INTEGER NOT NULL DEFAULT 0,
    parts_sent   INTEGER NOT NULL DEFAULT 0,
    parts        TEXT,                                -- JSON list of the composed messages while sending
    PRIMARY KEY (chat_id, local_date)
);
CREATE INDEX digest_deliveries_status ON digest_deliveries(status, claimed_at);
CREATE INDEX digest_deliveries_day ON digest_deliveries(local_date);
CREATE INDEX digest_deliveries_sent ON digest_deliveries(sent_at);
