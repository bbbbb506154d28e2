-- Frontdesk schema 4: make the sweep that every command runs on open an
-- index lookup rather than a scan.
-- next_breach_at: the earliest target of an open request that has not yet
-- been escalated automatically (NULL when none can breach).
ALTER TABLE requests ADD COLUMN next_breach_at INTEGER;

UPDATE requests SET next_breach_at = min(
    CASE WHEN first_response_at IS NULL AND breaches_escalated & 1 = 0 THEN response_due_at END,
    CASE WHEN breaches_escalated & 2 = 0 THEN resolve_due_at END)
WHERE status IN ('new', 'open');
-- min() of two values is NULL when either is; fix the single-target rows.
UPDATE requests SET next_breach_at = coalesce(
    CASE WHEN first_response_at IS NULL AND breaches_escalated & 1 = 0 THEN response_due_at END,
    CASE WHEN breaches_escalated & 2 = 0 THEN resolve_due_at END)
WHERE status IN ('new', 'open') AND next_breach_at IS NULL;

CREATE INDEX requests_next_breach ON requests(next_breach_at) WHERE next_breach_at IS NOT NULL;
-- Resolved requests still waiting for their rating call, for auto-close.
CREATE INDEX requests_unrated ON requests(resolved_at) WHERE status = 'resolved' AND follow_up_kind = 'rating';
