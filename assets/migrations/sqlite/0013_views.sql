-- Saved views: a query (and a sort, and a number key in the app) a person
-- keeps under a name, for themselves or shared with the team. They live in
-- the desk, so they follow their owner to any machine.
CREATE TABLE views (
    id         INTEGER PRIMARY KEY,
    -- Whose view; '' for one shared with the team.
    owner      TEXT NOT NULL COLLATE NOCASE,
    name       TEXT NOT NULL COLLATE NOCASE,
    query      TEXT NOT NULL,
    sort       TEXT,
    number     INTEGER CHECK (number BETWEEN 1 AND 9),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX views_by_name ON views(owner, name);
