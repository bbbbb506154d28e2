-- The login a member of staff acts through: on a server, their database
-- login, which is who they are there. One person per login.
ALTER TABLE people ADD COLUMN login text UNIQUE;
UPDATE frontdesk_schema SET version = 11;
