-- Search that forgives: the full-text index stems English words (FTS5's porter tokenizer over unicode61),
-- so "terror" finds "terrorism" and "peacekeepers" finds "peacekeeping"; a vocabulary view of it lets a
-- misspelt word be matched to the words the index holds.  Meetings get an index on their place, so
-- "/meetings New York" is a lookup of the stored places that fit, not a scan.

CREATE VIRTUAL TABLE articles_fts_stemmed USING fts5(
    article_id UNINDEXED, title, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts_stemmed(rowid, article_id, title, body)
    SELECT rowid, article_id, title, body FROM articles_fts;
DROP TABLE articles_fts;
ALTER TABLE articles_fts_stemmed RENAME TO articles_fts;

CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');

CREATE INDEX meetings_place ON meetings(place);
CREATE INDEX meetings_kind ON meetings(kind, date);

-- Events searchable by subject: "/timeline Syria" finds the events whose summary or evidence mention it.
-- Kept in step with events by triggers (article re-ingest deletes its events through the foreign key).
CREATE VIRTUAL TABLE events_fts USING fts5(
    summary, evidence, place,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO events_fts(rowid, summary, evidence, place)
    SELECT id, summary, evidence, coalesce(place, '') FROM events;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, summary, evidence, place)
        VALUES (new.id, new.summary, new.evidence, coalesce(new.place, ''));
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE rowid = old.id;
END;
