-- Frontdesk schema 27: custom fields, what a team records on its requests
-- beyond the desk's own fields. A lead defines each with its type; a
-- request keeps at most one value per field, checked against it.
CREATE TABLE custom_fields (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
    -- A choice field's choices, one per line.
    choices TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE request_fields (
    request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    name TEXT NOT NULL REFERENCES custom_fields(name) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (request_id, name)
);
CREATE INDEX request_fields_by_value ON request_fields (name, value);
