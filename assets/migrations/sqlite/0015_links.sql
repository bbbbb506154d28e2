-- Links between requests (related, parent of, duplicate of) and the
-- people copied on a request (a merged duplicate's requester stays on the
-- request it was merged into). Each change is also an event.
CREATE TABLE request_links (
    from_id    INTEGER NOT NULL REFERENCES requests(id),
    to_id      INTEGER NOT NULL REFERENCES requests(id),
    kind       TEXT NOT NULL CHECK (kind IN ('related', 'parent', 'duplicate')),
    PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX request_links_to ON request_links(to_id, from_id);
CREATE TABLE request_ccs (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (request_id, person_id)
) WITHOUT ROWID;
