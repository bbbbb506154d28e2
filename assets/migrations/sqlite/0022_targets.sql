-- Frontdesk schema 22: service targets a team is held to (a lead sets
-- them): a figure of the report, its goal, the span from the start to the
-- deadline, and the desk, a team or a department it applies to.
CREATE TABLE targets (
    name TEXT PRIMARY KEY,
    kpi TEXT NOT NULL,
    goal TEXT NOT NULL CHECK (goal IN ('at_least', 'at_most', 'improve')),
    value REAL NOT NULL,
    from_at INTEGER NOT NULL,
    by_at INTEGER NOT NULL CHECK (by_at > from_at),
    team TEXT,
    department TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
