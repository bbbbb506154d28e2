-- Frontdesk schema 25: recurring requests. A rule records a template's
-- request on a schedule (five-field cron in the desk's time zone); each
-- occurrence is made once (a unique key per rule and time), whichever
-- copy sweeps first after it.
CREATE TABLE recurring (
    name TEXT PRIMARY KEY,
    template TEXT NOT NULL,
    cron TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_made INTEGER,
    -- The next occurrence to make: the sweep looks here first.
    next_due INTEGER NOT NULL
);
CREATE INDEX recurring_by_next_due ON recurring (next_due);
CREATE TABLE recurring_made (
    rule TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    PRIMARY KEY (rule, due_at)
);
