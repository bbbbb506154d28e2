-- Frontdesk schema 25: recurring requests (the same step as a desk
-- file's). A rule is a lead's to make, change or remove; any copy's sweep
-- moves its last and next occurrence on.
CREATE TABLE recurring (
    name TEXT PRIMARY KEY,
    template TEXT NOT NULL,
    cron TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_made BIGINT,
    next_due BIGINT NOT NULL
);
CREATE INDEX recurring_by_next_due ON recurring (next_due);
CREATE TABLE recurring_made (
    rule TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    request_id BIGINT NOT NULL REFERENCES requests(id),
    PRIMARY KEY (rule, due_at)
);

CREATE FUNCTION frontdesk_recurring_by_leads() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF (TG_OP <> 'UPDATE' OR NEW.cron IS DISTINCT FROM OLD.cron OR NEW.template IS DISTINCT FROM OLD.template)
       AND NOT frontdesk_may_lead() THEN
        PERFORM frontdesk_refuse('set recurring requests');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER recurring_by_leads BEFORE INSERT OR UPDATE OR DELETE ON recurring
    FOR EACH ROW EXECUTE FUNCTION frontdesk_recurring_by_leads();

UPDATE frontdesk_schema SET version = 25;
