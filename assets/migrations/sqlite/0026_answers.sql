-- Frontdesk schema 26: answers, a knowledge base grown from resolved
-- requests: what to tell the fortieth person who asks, kept under a
-- title, counted each time it goes into a reply.
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- The resolved request it was taken from, if any.
    source_request INTEGER,
    uses INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
