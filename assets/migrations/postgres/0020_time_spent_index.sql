-- Frontdesk schema 20: the minutes spent on a request, summed for every
-- request a queue shows, come from a small index of the time entries
-- alone (the same step as a desk file's).
CREATE INDEX events_time_spent ON events (request_id, new_value) WHERE kind = 'time';
UPDATE frontdesk_schema SET version = 20;
