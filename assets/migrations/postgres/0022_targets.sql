-- Frontdesk schema 22: service targets a team is held to (the same step
-- as a desk file's; staff may remove one, and the desk lets only a lead).
CREATE TABLE targets (
    name TEXT PRIMARY KEY,
    kpi TEXT NOT NULL,
    goal TEXT NOT NULL CHECK (goal IN ('at_least', 'at_most', 'improve')),
    value DOUBLE PRECISION NOT NULL,
    from_at BIGINT NOT NULL,
    by_at BIGINT NOT NULL CHECK (by_at > from_at),
    team TEXT,
    department TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
UPDATE frontdesk_schema SET version = 22;
