-- Frontdesk schema 23: the team's day. How each team's new work is
-- assigned (and whose turn came last), who is away until when and who
-- covers for them, who watches a request, each person's inbox of what
-- others did on their requests, and the approvals a lead is asked for.
CREATE TABLE teams (
    name TEXT PRIMARY KEY,
    assign TEXT NOT NULL DEFAULT 'off' CHECK (assign IN ('off', 'round-robin', 'least-loaded')),
    -- The member the team's last turn went to; round-robin goes on after them.
    last_turn TEXT
);
-- When an away person is back (unix seconds), and whose "my requests"
-- shows theirs meanwhile.
ALTER TABLE people ADD COLUMN away_until INTEGER;
-- (No REFERENCES: a column in a foreign key can never be dropped again.)
ALTER TABLE people ADD COLUMN cover_id INTEGER;
CREATE TABLE watchers (
    request_id INTEGER NOT NULL REFERENCES requests(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    since INTEGER NOT NULL,
    PRIMARY KEY (request_id, person_id)
);
-- One row per event a person should hear of, and why ('assigned',
-- 'watching', 'mentioned', 'approval', 'covering').
CREATE TABLE inbox (
    person_id INTEGER NOT NULL REFERENCES people(id),
    event_id INTEGER NOT NULL REFERENCES events(id),
    reason TEXT NOT NULL,
    read_at INTEGER,
    PRIMARY KEY (person_id, event_id)
);
CREATE INDEX inbox_unread ON inbox (person_id, read_at);
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    approver_id INTEGER NOT NULL REFERENCES people(id),
    reason TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    asked_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    decided_by TEXT,
    decided_at INTEGER,
    note TEXT
);
-- A request waits on one approval at a time.
CREATE UNIQUE INDEX approvals_pending ON approvals (request_id) WHERE state = 'pending';
