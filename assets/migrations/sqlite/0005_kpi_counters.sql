-- Frontdesk schema 5: counters the KPIs read for every request, kept on the
-- request so a 90-day report is one scan rather than a probe into the
-- history per request.
ALTER TABLE requests ADD COLUMN escalated_ever INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;

UPDATE requests SET escalated_ever = 1 WHERE id IN (
    SELECT request_id FROM events WHERE kind = 'escalation' AND CAST(new_value AS INTEGER) > CAST(old_value AS INTEGER));
UPDATE requests SET reopen_count = (
    SELECT count(*) FROM events e WHERE e.request_id = requests.id AND e.kind = 'status'
    AND e.new_value = 'open' AND e.old_value IN ('resolved', 'closed'))
WHERE id IN (SELECT request_id FROM events WHERE kind = 'status' AND new_value = 'open' AND old_value IN ('resolved', 'closed'));

-- Everything an ungrouped KPI report reads, so it scans a narrow index
-- instead of whole rows with their text.
CREATE INDEX requests_kpi ON requests(created_at, resolved_at, first_response_at, status, response_due_at,
    resolve_due_at, paused_wall_seconds, priority, escalated_ever, reopen_count);
CREATE INDEX ratings_kpi ON ratings(rated_at, overall, speed, quality, communication, recommend, request_id);
DROP INDEX ratings_by_time;
