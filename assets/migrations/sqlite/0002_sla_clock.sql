-- Frontdesk schema 2: each request's SLA clock. The due and at-risk
-- instants are computed by Frontdesk from the shared policy (settings key
-- 'sla_policy') and stored so the queue can sort and filter by them with
-- an index. due_at/risk_at are those of the active promise (response until
-- the first reply, then resolution; an earlier reply-by wins).

ALTER TABLE requests ADD COLUMN clock_started_at INTEGER;
ALTER TABLE requests ADD COLUMN waiting_since INTEGER;
ALTER TABLE requests ADD COLUMN paused_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN response_due_at INTEGER;
ALTER TABLE requests ADD COLUMN resolve_due_at INTEGER;
ALTER TABLE requests ADD COLUMN due_at INTEGER;
ALTER TABLE requests ADD COLUMN risk_at INTEGER;
ALTER TABLE requests ADD COLUMN due_source TEXT;
-- Which breaches were already escalated automatically: 1 response, 2 resolution.
ALTER TABLE requests ADD COLUMN breaches_escalated INTEGER NOT NULL DEFAULT 0;

UPDATE requests SET clock_started_at = created_at;

CREATE INDEX requests_by_due ON requests(status, due_at);
