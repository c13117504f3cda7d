-- Every distinct (person, folded form) of `aliases`, once.  `aliases` holds a row per person, article and
-- form, so a person named in thousands of articles has thousands of rows there; identity lookups ("who
-- holds this surname", "which full forms do they go by") read this table instead: a few rows per person.
-- `multi` is 1 when one of the form's spellings is written as several words ('Jose Marques', not
-- 'Al-Nasser').  Triggers keep it equal to aliases whatever writes there (the writer, merges, cascades).

CREATE TABLE person_keys (
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    multi      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (person_id, key)
) WITHOUT ROWID;
CREATE INDEX person_keys_key ON person_keys(key);

INSERT INTO person_keys(person_id, key, multi)
SELECT person_id, key, max(instr(alias, ' ') > 0) FROM aliases GROUP BY person_id, key;

CREATE TRIGGER person_keys_add AFTER INSERT ON aliases
BEGIN
    INSERT INTO person_keys(person_id, key, multi)
    VALUES (new.person_id, new.key, instr(new.alias, ' ') > 0)
    ON CONFLICT(person_id, key) DO UPDATE SET multi = max(multi, excluded.multi);
END;

CREATE TRIGGER person_keys_drop AFTER DELETE ON aliases
BEGIN
    DELETE FROM person_keys WHERE person_id = old.person_id AND key = old.key
        AND NOT EXISTS (SELECT 1 FROM aliases WHERE person_id = old.person_id AND key = old.key);
    UPDATE person_keys SET multi = EXISTS (
            SELECT 1 FROM aliases WHERE person_id = old.person_id AND key = old.key AND instr(alias, ' ') > 0)
        WHERE person_id = old.person_id AND key = old.key AND multi = 1 AND instr(old.alias, ' ') > 0;
END;
