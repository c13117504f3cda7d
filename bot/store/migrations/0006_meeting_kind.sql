-- A meeting's kind: 'meeting' in person, or 'call' (phone or video), which has no place.
ALTER TABLE meetings ADD COLUMN kind TEXT NOT NULL DEFAULT 'meeting';
