-- Meetings and events by country as index ranges: "/meetings Russia", "/meetings Russia and China" and
-- "/timeline Russia" at archive scale listed every meeting (event) of every person serving the country
-- before taking a page.  A meeting (event) belongs to a country when one of its people serves it: by the
-- person's own country (people.country) or by the country of one of their roles.
--
--   person_countries   (person, country) for every country a person serves, as just defined
--   meeting_countries  (meeting, country, the meeting's date): a country's page is a range of
--                      meeting_countries_page, newest first, with no sort and no list of its people
--   event_countries    the same for events (dated events oldest first: event_countries_page)
--
-- Triggers keep the three equal to that definition whatever writes (the writer, merges of people,
-- refreshes of a person's country, the cascades of an article's re-ingest or deletion). Every delete
-- trigger re-checks the whole condition rather than trusting the order cascades run in.

CREATE TABLE person_countries (
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    country    TEXT NOT NULL,
    PRIMARY KEY (person_id, country)
) WITHOUT ROWID;

CREATE TABLE meeting_countries (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    country     TEXT NOT NULL,
    date        TEXT,                      -- the meeting's date (meetings' dates are never updated)
    PRIMARY KEY (meeting_id, country)
) WITHOUT ROWID;
CREATE INDEX meeting_countries_page ON meeting_countries(country, date, meeting_id);

CREATE TABLE event_countries (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    country   TEXT NOT NULL,
    date      TEXT,                        -- the event's date (events' dates are never updated)
    PRIMARY KEY (event_id, country)
) WITHOUT ROWID;
CREATE INDEX event_countries_page ON event_countries(country, date, event_id);

-- Backfill from what the store holds.
INSERT OR IGNORE INTO person_countries(person_id, country)
    SELECT id, country FROM people WHERE country IS NOT NULL
    UNION SELECT person_id, country FROM roles WHERE country IS NOT NULL;
INSERT OR IGNORE INTO meeting_countries(meeting_id, country, date)
    SELECT mp.meeting_id, pc.country, m.date
    FROM meeting_participants mp
    JOIN person_countries pc ON pc.person_id = mp.person_id
    JOIN meetings m ON m.id = mp.meeting_id;
INSERT OR IGNORE INTO event_countries(event_id, country, date)
    SELECT ep.event_id, pc.country, e.date
    FROM event_people ep
    JOIN person_countries pc ON pc.person_id = ep.person_id
    JOIN events e ON e.id = ep.event_id;

-- person_countries follows people.country and roles.country.
CREATE TRIGGER person_countries_role_add AFTER INSERT ON roles WHEN new.country IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO person_countries(person_id, country) VALUES (new.person_id, new.country);
END;

CREATE TRIGGER person_countries_role_drop AFTER DELETE ON roles WHEN old.country IS NOT NULL
BEGIN
    DELETE FROM person_countries WHERE person_id = old.person_id AND country = old.country
        AND NOT EXISTS (SELECT 1 FROM roles WHERE country = old.country AND person_id = old.person_id)
        AND NOT EXISTS (SELECT 1 FROM people WHERE id = old.person_id AND country = old.country);
END;

CREATE TRIGGER person_countries_role_move AFTER UPDATE OF person_id, country ON roles
BEGIN
    DELETE FROM person_countries WHERE old.country IS NOT NULL
        AND person_id = old.person_id AND country = old.country
        AND NOT EXISTS (SELECT 1 FROM roles WHERE country = old.country AND person_id = old.person_id)
        AND NOT EXISTS (SELECT 1 FROM people WHERE id = old.person_id AND country = old.country);
    INSERT OR IGNORE INTO person_countries(person_id, country)
        SELECT new.person_id, new.country WHERE new.country IS NOT NULL;
END;

CREATE TRIGGER person_countries_person_add AFTER INSERT ON people WHEN new.country IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO person_countries(person_id, country) VALUES (new.id, new.country);
END;

CREATE TRIGGER person_countries_person_country AFTER UPDATE OF country ON people
    WHEN old.country IS NOT new.country
BEGIN
    DELETE FROM person_countries WHERE old.country IS NOT NULL
        AND person_id = old.id AND country = old.country
        AND NOT EXISTS (SELECT 1 FROM roles WHERE country = old.country AND person_id = old.id);
    INSERT OR IGNORE INTO person_countries(person_id, country)
        SELECT new.id, new.country WHERE new.country IS NOT NULL;
END;

-- A person's new country reaches their meetings and events; a lost one leaves those no one else of the
-- meeting (event) serves.
CREATE TRIGGER country_rows_add AFTER INSERT ON person_countries
BEGIN
    INSERT OR IGNORE INTO meeting_countries(meeting_id, country, date)
        SELECT m.id, new.country, m.date FROM meeting_participants mp JOIN meetings m ON m.id = mp.meeting_id
        WHERE mp.person_id = new.person_id;
    INSERT OR IGNORE INTO event_countries(event_id, country, date)
        SELECT e.id, new.country, e.date FROM event_people ep JOIN events e ON e.id = ep.event_id
        WHERE ep.person_id = new.person_id;
END;

CREATE TRIGGER country_rows_drop AFTER DELETE ON person_countries
BEGIN
    DELETE FROM meeting_countries WHERE country = old.country
        AND meeting_id IN (SELECT meeting_id FROM meeting_participants WHERE person_id = old.person_id)
        AND NOT EXISTS (
            SELECT 1 FROM meeting_participants mp JOIN person_countries pc ON pc.person_id = mp.person_id
            WHERE mp.meeting_id = meeting_countries.meeting_id AND pc.country = old.country);
    DELETE FROM event_countries WHERE country = old.country
        AND event_id IN (SELECT event_id FROM event_people WHERE person_id = old.person_id)
        AND NOT EXISTS (
            SELECT 1 FROM event_people ep JOIN person_countries pc ON pc.person_id = ep.person_id
            WHERE ep.event_id = event_countries.event_id AND pc.country = old.country);
END;

-- A meeting's (event's) new participant brings their countries; one who leaves takes those no one else
-- of it serves. (Rows of a deleted meeting or event go with it: foreign keys.)
CREATE TRIGGER meeting_countries_add AFTER INSERT ON meeting_participants
BEGIN
    INSERT OR IGNORE INTO meeting_countries(meeting_id, country, date)
        SELECT new.meeting_id, pc.country, (SELECT date FROM meetings WHERE id = new.meeting_id)
        FROM person_countries pc WHERE pc.person_id = new.person_id;
END;

CREATE TRIGGER meeting_countries_drop AFTER DELETE ON meeting_participants
BEGIN
    DELETE FROM meeting_countries WHERE meeting_id = old.meeting_id
        AND NOT EXISTS (
            SELECT 1 FROM meeting_participants mp JOIN person_countries pc ON pc.person_id = mp.person_id
            WHERE mp.meeting_id = old.meeting_id AND pc.country = meeting_countries.country);
END;

CREATE TRIGGER event_countries_add AFTER INSERT ON event_people
BEGIN
    INSERT OR IGNORE INTO event_countries(event_id, country, date)
        SELECT new.event_id, pc.country, (SELECT date FROM events WHERE id = new.event_id)
        FROM person_countries pc WHERE pc.person_id = new.person_id;
END;

CREATE TRIGGER event_countries_drop AFTER DELETE ON event_people
BEGIN
    DELETE FROM event_countries WHERE event_id = old.event_id
        AND NOT EXISTS (
            SELECT 1 FROM event_people ep JOIN person_countries pc ON pc.person_id = ep.person_id
            WHERE ep.event_id = old.event_id AND pc.country = event_countries.country);
END;
