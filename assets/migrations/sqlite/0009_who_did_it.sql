-- Schema 9: who did it. Every event records the operating-system login and
-- host that made it beside the name it acted as, and carries a hash that
-- chains it to the event before, so doctor can tell since when the history
-- is intact. Changes to people (roles above all) are history too.

ALTER TABLE events ADD COLUMN login TEXT;
ALTER TABLE events ADD COLUMN host TEXT;
-- The first 16 bytes of SHA-256 over the previous event's hash and this
-- event's fields; written once, by Frontdesk, in the transaction that
-- records the event.
ALTER TABLE events ADD COLUMN hash BLOB;
CREATE INDEX events_unsealed ON events(id) WHERE hash IS NULL;

-- Still append-only, with one exception: the hash of an event that has
-- none yet, everything else unchanged.
DROP TRIGGER events_are_never_edited;
CREATE TRIGGER events_are_never_edited BEFORE UPDATE ON events
WHEN NOT (old.hash IS NULL AND new.hash IS NOT NULL
          AND new.id = old.id AND new.request_id = old.request_id AND new.at = old.at
          AND new.actor = old.actor AND new.kind = old.kind
          AND new.old_value IS old.old_value AND new.new_value IS old.new_value AND new.body IS old.body
          AND new.login IS old.login AND new.host IS old.host)
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE TABLE people_events (
    id        INTEGER PRIMARY KEY,
    person    TEXT NOT NULL,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    login     TEXT,
    host      TEXT,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX people_events_by_person ON people_events(person, id);
CREATE TRIGGER people_events_are_never_edited BEFORE UPDATE ON people_events
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER people_events_are_never_deleted BEFORE DELETE ON people_events
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
