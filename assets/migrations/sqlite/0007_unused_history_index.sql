-- Frontdesk schema 7: drop the index of the history by kind and time.
-- Nothing reads it since the KPIs keep their counters on the request
-- (schema 5), and every reply, note and status change paid to keep it.
DROP INDEX IF EXISTS events_by_kind_time;
