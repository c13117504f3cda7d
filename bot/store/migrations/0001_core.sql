-- Core schema: articles with full-text search, people and their aliases, roles, mentions,
-- meetings with participants, events with their people.  Dates are ISO text ('YYYY', 'YYYY-MM'
-- or 'YYYY-MM-DD'), so they sort and range-filter as strings: date >= '2018-01' AND date < '2018-02'.

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    title         TEXT,
    date          TEXT,
    source        TEXT,
    url           TEXT,
    path          TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL,
    body          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL            -- UTC, ISO 8601 with seconds
);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_ingested ON articles(ingested_at);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    article_id UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE people (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,                -- fullest form seen
    key      TEXT NOT NULL UNIQUE,         -- fold(name)
    country  TEXT                          -- state or organisation served (latest known)
);

CREATE TABLE aliases (
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,             -- as written, e.g. 'Jose Marques', 'Marques'
    key         TEXT NOT NULL,             -- fold(alias)
    PRIMARY KEY (person_id, article_id, key)
);
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_article ON aliases(article_id);

CREATE TABLE mentions (
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    count       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (person_id, article_id)
);
CREATE INDEX mentions_article ON mentions(article_id);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    country     TEXT,
    date        TEXT,
    evidence    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX roles_person ON roles(person_id, date);
CREATE INDEX roles_article ON roles(article_id);

CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date            TEXT,
    date_qualifier  TEXT,                  -- 'late', 'early', ... from the text
    place           TEXT,
    topics          TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    evidence        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meetings_date ON meetings(date);
CREATE INDEX meetings_article ON meetings(article_id);

CREATE TABLE meeting_participants (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,  -- order as in the text
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_participants_person ON meeting_participants(person_id);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date            TEXT,
    date_qualifier  TEXT,
    summary         TEXT NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'event',
    place           TEXT,
    evidence        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_month_day ON events(substr(date, 6, 5));

CREATE TABLE event_people (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_people_person ON event_people(person_id);

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
