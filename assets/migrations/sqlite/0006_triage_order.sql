-- Frontdesk schema 6: the triage order (open work by due time, then
-- waiting, then done) as one indexed key, so any window of a long queue
-- is read from the index instead of sorting every open request.
ALTER TABLE requests ADD COLUMN triage_key INTEGER;
UPDATE requests SET triage_key = (CASE WHEN status IN ('new', 'open') THEN 0 WHEN status = 'waiting' THEN 1 ELSE 2 END)
    * 10000000000 + coalesce(due_at, 9999999999);
CREATE INDEX requests_by_triage ON requests(triage_key, status);
-- The lead's queue, in its own order, read from the index alone.
CREATE INDEX requests_lead_queue ON requests(escalation_level DESC, key_customer DESC, due_at, status)
    WHERE escalation_level > 0;
