-- Frontdesk schema 24: repeatable work. A template is a request the team
-- records again and again (an onboarding, a weekly check), with the
-- checklist its work follows; each request keeps its own checklist, item
-- by item: done, skipped with a reason, or open.
CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    subject TEXT,
    body TEXT,
    category TEXT,
    team TEXT,
    urgency TEXT,
    impact TEXT,
    -- The checklist's items, one per line.
    items TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE checklist_items (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    -- 'removed' items keep their number: nothing at a help desk is deleted.
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'skipped', 'removed')),
    done_by TEXT,
    done_at INTEGER,
    reason TEXT,
    PRIMARY KEY (request_id, number)
);
