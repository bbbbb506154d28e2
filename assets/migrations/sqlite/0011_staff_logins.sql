-- The login a member of staff acts through on a database server (or any
-- single sign-on to come): one person per login.
ALTER TABLE people ADD COLUMN login TEXT;
CREATE UNIQUE INDEX people_by_login ON people(login) WHERE login IS NOT NULL;
