-- Links and copied people, as in a file of schema 15 (GRANT DELETE ON
-- request_links TO frontdesk_staff lets staff unlink).
CREATE TABLE request_links (
    from_id bigint NOT NULL REFERENCES requests(id),
    to_id   bigint NOT NULL REFERENCES requests(id),
    kind    text NOT NULL CHECK (kind IN ('related', 'parent', 'duplicate')),
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX request_links_to ON request_links (to_id, from_id);
CREATE TABLE request_ccs (
    request_id bigint NOT NULL REFERENCES requests(id),
    person_id  bigint NOT NULL REFERENCES people(id),
    PRIMARY KEY (request_id, person_id)
);
UPDATE frontdesk_schema SET version = 15;
