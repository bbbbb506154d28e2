-- The login a member of staff acts through: on a server, their database
-- login, which is who they are there. One person per login.
ALTER TABLE people ADD COLUMN login text UNIQUE;

-- What the app refuses, the server refuses too, whoever connects and with
-- whatever client: a login acts only as its own person, and only a lead
-- de-escalates, changes roles, names, logins or the desk's settings. The
-- desk's administrators (members of the role that owns its tables, who
-- could switch any of this off) are not held to it: they move desks in
-- and out, with the history as it was recorded. Each function keeps the
-- search path it was made with, so nobody's own functions stand in for it.

-- The person the connected login acts as, or the login's own name.
CREATE FUNCTION frontdesk_acting_name() RETURNS text LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS $$
    SELECT coalesce((SELECT name::text FROM people WHERE login = session_user), session_user::text)
$$;

CREATE FUNCTION frontdesk_is_admin() RETURNS boolean LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS $$
    SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'requests'::regclass), 'MEMBER')
$$;

-- A lead, or anyone while the desk has no lead (to appoint the first).
CREATE FUNCTION frontdesk_may_lead() RETURNS boolean LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS $$
    SELECT frontdesk_is_admin()
        OR NOT EXISTS (SELECT 1 FROM people WHERE role = 'lead')
        OR EXISTS (SELECT 1 FROM people WHERE login = session_user AND role = 'lead')
$$;

CREATE FUNCTION frontdesk_refuse(what text) RETURNS void LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    RAISE EXCEPTION 'only a team lead may %; % is not a lead', what, frontdesk_acting_name()
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- History says who was connected: the login, and where from. Its actor
-- is the connected person, or Frontdesk itself for automatic changes.
CREATE FUNCTION frontdesk_history_as_connected() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF frontdesk_is_admin() THEN
        NEW.login := coalesce(NEW.login, session_user::text);
        RETURN NEW;
    END IF;
    IF lower(NEW.actor) NOT IN ('frontdesk', lower(frontdesk_acting_name())) THEN
        RAISE EXCEPTION 'the login % acts as %, not as %', session_user, frontdesk_acting_name(), NEW.actor
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.login := session_user::text;
    NEW.host := coalesce(host(inet_client_addr()), 'local');
    RETURN NEW;
END
$$;

CREATE TRIGGER events_as_connected BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION frontdesk_history_as_connected();
CREATE TRIGGER people_events_as_connected BEFORE INSERT ON people_events
    FOR EACH ROW EXECUTE FUNCTION frontdesk_history_as_connected();

CREATE FUNCTION frontdesk_escalation_is_lowered_by_leads() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.escalation_level < OLD.escalation_level AND NOT frontdesk_may_lead() THEN
        PERFORM frontdesk_refuse('de-escalate');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER requests_de_escalated_by_leads BEFORE UPDATE OF escalation_level ON requests
    FOR EACH ROW EXECUTE FUNCTION frontdesk_escalation_is_lowered_by_leads();

-- Anyone records requesters, and themselves as staff the first time they
-- act; roles, names and logins are a lead's to give.
CREATE FUNCTION frontdesk_people_by_leads() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF frontdesk_may_lead() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.login IS NOT NULL
           OR (NEW.role <> 'requester'
               AND NOT (NEW.role = 'agent' AND lower(NEW.name) = lower(frontdesk_acting_name()))) THEN
            PERFORM frontdesk_refuse('add staff or give logins');
        END IF;
    ELSIF NEW.role IS DISTINCT FROM OLD.role OR NEW.login IS DISTINCT FROM OLD.login
          OR NEW.name::text IS DISTINCT FROM OLD.name::text THEN
        PERFORM frontdesk_refuse('change roles, names or logins');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER people_changed_by_leads BEFORE INSERT OR UPDATE ON people
    FOR EACH ROW EXECUTE FUNCTION frontdesk_people_by_leads();

-- The service targets, the calendar and auto-close are the desk's rules.
CREATE FUNCTION frontdesk_settings_by_leads() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF NOT frontdesk_may_lead() THEN
        PERFORM frontdesk_refuse('change the desk''s settings');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER settings_changed_by_leads BEFORE INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION frontdesk_settings_by_leads();

UPDATE frontdesk_schema SET version = 11;
