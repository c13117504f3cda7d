-- Chats the bot can no longer reach, written by the Telegram front end: 403 (blocked by the user,
-- kicked from the group), 400 "chat not found", and groups upgraded to supergroups (migrated_to).
-- Logged once when recorded; a chat that writes to the bot again (or re-adds it) is removed from here.
-- The digest reads it to pause deliveries.

CREATE TABLE chat_status (
    chat_id      INTEGER PRIMARY KEY,
    status       TEXT NOT NULL CHECK (status IN ('blocked', 'kicked', 'not_found', 'migrated')),
    reason       TEXT NOT NULL DEFAULT '',
    migrated_to  INTEGER,
    since        TEXT NOT NULL,        -- UTC ISO 8601, first time recorded with this status
    updated_at   TEXT NOT NULL
);
CREATE INDEX chat_status_status ON chat_status(status);
