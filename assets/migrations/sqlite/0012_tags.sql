-- Tags: short words agents put on requests (vpn, printer, onboarding) to
-- find, count and act on them together. Lowercase; one row per request
-- and tag; every change to them is an event in the request's history.
CREATE TABLE request_tags (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    tag        TEXT NOT NULL,
    PRIMARY KEY (request_id, tag)
) WITHOUT ROWID;
CREATE INDEX request_tags_by_tag ON request_tags(tag, request_id);
