-- Macros: canned replies and the changes that go with them, kept under
-- a name for the whole team; {requester}, {first_name}, {id}, {agent},
-- {due} and {subject} are filled in when one is applied.
CREATE TABLE macros (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    reply      TEXT,
    note       TEXT,
    status     TEXT,
    assign     TEXT,
    team       TEXT,
    tags       TEXT NOT NULL DEFAULT '',
    minutes    INTEGER CHECK (minutes BETWEEN 1 AND 1440),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
