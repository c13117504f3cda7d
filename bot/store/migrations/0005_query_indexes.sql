-- Indexes for the hot read queries at archive scale (100,000 articles, hundreds of thousands of meetings).
--
-- (person_id, meeting_id) / (person_id, event_id): "meetings (events) of this person" and their count are
-- answered from the index alone; the single-column indexes they replace had to read every row of the
-- table for the other id.  people(country) and roles(country, person_id): "people serving this country"
-- (/meetings COUNTRY, /timeline COUNTRY) was a scan of both tables.

CREATE INDEX meeting_participants_person_meeting ON meeting_participants(person_id, meeting_id);
DROP INDEX IF EXISTS meeting_participants_person;

CREATE INDEX event_people_person_event ON event_people(person_id, event_id);
DROP INDEX IF EXISTS event_people_person;

CREATE INDEX people_country ON people(country);
CREATE INDEX roles_country ON roles(country, person_id);
