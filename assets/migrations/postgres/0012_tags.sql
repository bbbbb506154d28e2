-- Tags, as in a file of schema 12: lowercase words on requests, one row
-- per request and tag, every change an event in the request's history.
-- Staff remove a tag by deleting its row (the only rows they may delete):
-- GRANT DELETE ON request_tags TO frontdesk_staff.
CREATE TABLE request_tags (
    request_id bigint NOT NULL REFERENCES requests(id),
    tag        text NOT NULL,
    PRIMARY KEY (request_id, tag)
);
CREATE INDEX request_tags_by_tag ON request_tags (tag, request_id);
UPDATE frontdesk_schema SET version = 12;
