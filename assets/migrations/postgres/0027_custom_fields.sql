-- Frontdesk schema 27: custom fields (the same step as a desk file's).
-- Defining or removing a field is a lead's; any agent sets values.
CREATE TABLE custom_fields (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
    choices TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE request_fields (
    request_id BIGINT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    name TEXT NOT NULL REFERENCES custom_fields(name) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (request_id, name)
);
CREATE INDEX request_fields_by_value ON request_fields (name, value);

CREATE FUNCTION frontdesk_fields_by_leads() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
BEGIN
    IF NOT frontdesk_may_lead() THEN
        PERFORM frontdesk_refuse('define custom fields');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER custom_fields_by_leads BEFORE INSERT OR UPDATE OR DELETE ON custom_fields
    FOR EACH ROW EXECUTE FUNCTION frontdesk_fields_by_leads();

UPDATE frontdesk_schema SET version = 27;
