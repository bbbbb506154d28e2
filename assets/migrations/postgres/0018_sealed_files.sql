-- Frontdesk schema 18: each file carries the SHA-256 of its bytes, covered
-- by its event's link, as in a file of schema 18.
ALTER TABLE attachments ADD COLUMN sha256 bytea;

-- Rights follow a person's history from now on: the roles and logins
-- people hold, from before changes to people were history, are recorded
-- as found.
INSERT INTO people_events (person, at, actor, field, old_value, new_value)
SELECT p.name, extract(epoch FROM now())::bigint, 'frontdesk', 'role', NULL, p.role || ' (as found at schema 18)'
FROM people p
WHERE p.role <> 'requester'
  AND NOT EXISTS (SELECT 1 FROM people_events e WHERE e.person = p.name AND e.field = 'role');
INSERT INTO people_events (person, at, actor, field, old_value, new_value)
SELECT p.name, extract(epoch FROM now())::bigint, 'frontdesk', 'login', NULL, p.login
FROM people p
WHERE p.login IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM people_events e WHERE e.person = p.name AND e.field = 'login');
UPDATE frontdesk_schema SET version = 18;
