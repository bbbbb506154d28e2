-- Frontdesk schema 19: a request's row never changes on the server without
-- the event that explains it. Staff could UPDATE requests with psql (close
-- a new request, rewrite a subject, set a priority that does not follow
-- urgency × impact) and the history said nothing. Now:
--   * a priority always follows urgency × impact, one level up for a key
--     customer (a check on every row written from now on);
--   * each change a person makes to a field the history records must be
--     matched, by the time the transaction commits, by an event of that
--     transaction recording it (Frontdesk writes some events after the row,
--     so the check waits for the commit);
--   * what no event records (the requester, department, channel, kind,
--     creation time, key-customer mark) staff do not change at all.
-- The desk's administrators (who own the tables, and could switch this
-- off) move desks in and out and are not held to it.

CREATE FUNCTION frontdesk_priority(urgency text, impact text, key_customer boolean) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN NOT key_customer OR base = 'P1' THEN base
        ELSE 'P' || (substr(base, 2)::int - 1)::text
    END
    FROM (SELECT CASE
        WHEN urgency = 'critical' AND impact = 'low' THEN 'P2'
        WHEN urgency = 'critical' THEN 'P1'
        WHEN urgency = 'high' AND impact = 'low' THEN 'P3'
        WHEN urgency = 'high' AND impact = 'medium' THEN 'P2'
        WHEN urgency = 'high' AND impact = 'high' THEN 'P1'
        WHEN urgency = 'medium' AND impact = 'low' THEN 'P4'
        WHEN urgency = 'medium' AND impact = 'medium' THEN 'P3'
        WHEN urgency = 'medium' AND impact = 'high' THEN 'P2'
        WHEN urgency = 'low' AND impact = 'high' THEN 'P3'
        ELSE 'P4'
    END AS base) AS matrix
$$;
ALTER TABLE requests ADD CONSTRAINT requests_priority_follows_the_matrix
    CHECK (priority = frontdesk_priority(urgency, impact, key_customer)) NOT VALID;

-- Whether this transaction recorded a `kind` event on request `req` (with
-- these values, where given).
CREATE FUNCTION frontdesk_recorded(req bigint, what text, was text, now_is text, any_value boolean)
    RETURNS boolean LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT EXISTS (
        SELECT 1 FROM events e
        WHERE e.request_id = req AND e.kind = what
          AND e.xmin::text::bigint = txid_current() % 4294967296
          AND (any_value OR (e.new_value IS NOT DISTINCT FROM now_is
                             AND (was IS NULL OR e.old_value IS NOT DISTINCT FROM was))))
$$;

CREATE FUNCTION frontdesk_request_change_is_history() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
DECLARE
    unrecorded text;
BEGIN
    IF frontdesk_is_admin() THEN
        RETURN NULL;
    END IF;
    IF NEW.requester_id IS DISTINCT FROM OLD.requester_id OR NEW.department IS DISTINCT FROM OLD.department
       OR NEW.channel IS DISTINCT FROM OLD.channel OR NEW.kind IS DISTINCT FROM OLD.kind
       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.key_customer IS DISTINCT FROM OLD.key_customer THEN
        RAISE EXCEPTION 'request %: its requester, department, channel, kind, creation time and key-customer mark are kept as recorded', NEW.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    unrecorded := CASE
        WHEN NEW.status IS DISTINCT FROM OLD.status
             AND NOT frontdesk_recorded(NEW.id, 'status', OLD.status, NEW.status, false) THEN 'status'
        WHEN NEW.subject IS DISTINCT FROM OLD.subject
             AND NOT frontdesk_recorded(NEW.id, 'subject', NULL, NEW.subject, false) THEN 'subject'
        WHEN NEW.body IS DISTINCT FROM OLD.body
             AND NOT frontdesk_recorded(NEW.id, 'description', NULL, NEW.body, false) THEN 'description'
        WHEN NEW.urgency IS DISTINCT FROM OLD.urgency
             AND NOT frontdesk_recorded(NEW.id, 'urgency', NULL, NEW.urgency, false) THEN 'urgency'
        WHEN NEW.impact IS DISTINCT FROM OLD.impact
             AND NOT frontdesk_recorded(NEW.id, 'impact', NULL, NEW.impact, false) THEN 'impact'
        WHEN NEW.priority IS DISTINCT FROM OLD.priority
             AND NOT frontdesk_recorded(NEW.id, 'priority', NULL, NEW.priority, false) THEN 'priority'
        WHEN NEW.team IS DISTINCT FROM OLD.team
             AND NOT frontdesk_recorded(NEW.id, 'team', NULL, NEW.team, false) THEN 'team'
        WHEN NEW.category IS DISTINCT FROM OLD.category
             AND NOT frontdesk_recorded(NEW.id, 'category', NULL, NEW.category, false) THEN 'category'
        WHEN NEW.contact IS DISTINCT FROM OLD.contact
             AND NOT frontdesk_recorded(NEW.id, 'contact', NULL, NEW.contact, false) THEN 'contact'
        WHEN NEW.reply_by IS DISTINCT FROM OLD.reply_by
             AND NOT frontdesk_recorded(NEW.id, 'reply_by', NULL, NULL, true) THEN 'reply-by time'
        WHEN NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
             AND NOT frontdesk_recorded(NEW.id, 'assignee', NULL, NULL, true) THEN 'assignee'
        WHEN NEW.escalation_level IS DISTINCT FROM OLD.escalation_level
             AND NOT frontdesk_recorded(NEW.id, 'escalation', NULL, NEW.escalation_level::text, false) THEN 'escalation'
    END;
    IF unrecorded IS NOT NULL THEN
        RAISE EXCEPTION 'request %: its % changed without the event that records it; change requests through Frontdesk, whose history explains every change', NEW.id, unrecorded
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER requests_change_with_history AFTER UPDATE ON requests
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION frontdesk_request_change_is_history();

-- Views and macros are made by whoever is connected: the server says who.
CREATE FUNCTION frontdesk_own_view(owner text) RETURNS void LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF owner <> '' AND lower(owner) <> lower(frontdesk_acting_name()) THEN
        RAISE EXCEPTION 'a view of one''s own is kept for oneself; % is not %', frontdesk_acting_name(), owner
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
CREATE FUNCTION frontdesk_made_by_the_connected() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF frontdesk_is_admin() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        NEW.created_by := OLD.created_by;
        NEW.created_at := OLD.created_at;
    ELSE
        NEW.created_by := frontdesk_acting_name();
    END IF;
    IF TG_TABLE_NAME = 'views' THEN
        -- (Checked apart: a macro has no owner to read.)
        PERFORM frontdesk_own_view(to_jsonb(NEW) ->> 'owner');
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER views_made_by_the_connected BEFORE INSERT OR UPDATE ON views
    FOR EACH ROW EXECUTE FUNCTION frontdesk_made_by_the_connected();
CREATE TRIGGER macros_made_by_the_connected BEFORE INSERT OR UPDATE ON macros
    FOR EACH ROW EXECUTE FUNCTION frontdesk_made_by_the_connected();
UPDATE frontdesk_schema SET version = 19;
