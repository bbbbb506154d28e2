-- Frontdesk schema 18: each file kept with a request carries the SHA-256
-- of its bytes, and the link of the event it came with covers it (with its
-- name, type and size), so a file changed in the desk or in an export is
-- found like an edited event. Files kept before have none and are not
-- chained.
ALTER TABLE attachments ADD COLUMN sha256 BLOB;

-- Rights follow a person's history from now on (a role set by another
-- tool gives none, and doctor names it): the roles and logins people
-- hold when their desk reaches schema 18, from before changes to people
-- were history, are recorded as found.
INSERT INTO people_events (person, at, actor, field, old_value, new_value)
SELECT p.name, CAST(strftime('%s', 'now') AS INTEGER), 'frontdesk', 'role', NULL, p.role || ' (as found at schema 18)'
FROM people p
WHERE p.role <> 'requester'
  AND NOT EXISTS (SELECT 1 FROM people_events e WHERE e.person = p.name AND e.field = 'role');
INSERT INTO people_events (person, at, actor, field, old_value, new_value)
SELECT p.name, CAST(strftime('%s', 'now') AS INTEGER), 'frontdesk', 'login', NULL, p.login
FROM people p
WHERE p.login IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM people_events e WHERE e.person = p.name AND e.field = 'login');
