-- Frontdesk schema 20: the minutes spent on a request, summed for every
-- request a queue shows, come from a small index of the time entries
-- alone. Summed from the whole history by request, the queue read every
-- event of each shown request (most of a `list`'s page reads).
CREATE INDEX events_time_spent ON events(request_id, new_value) WHERE kind = 'time';
