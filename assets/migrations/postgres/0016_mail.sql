-- E-mail as a channel, as in a file of schema 16.
CREATE TABLE mail_messages (
    message_id text PRIMARY KEY,
    direction  text NOT NULL CHECK (direction IN ('in', 'out')),
    request_id bigint REFERENCES requests(id),
    outcome    text NOT NULL,
    reason     text,
    sender     text,
    at         bigint NOT NULL
);
CREATE INDEX mail_messages_by_request ON mail_messages (request_id, at);
CREATE INDEX mail_messages_by_arrival ON mail_messages (direction, at);
CREATE TABLE attachments (
    id           bigserial PRIMARY KEY,
    request_id   bigint NOT NULL REFERENCES requests(id),
    event_id     bigint NOT NULL REFERENCES events(id),
    name         text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    content      bytea
);
CREATE INDEX attachments_by_request ON attachments (request_id, id);
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    request_id  bigint NOT NULL REFERENCES requests(id),
    event_id    bigint REFERENCES events(id),
    recipient   text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    message_id  text NOT NULL UNIQUE,
    in_reply_to text,
    refs        text,
    automatic   boolean NOT NULL DEFAULT false,
    queued_at   bigint NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    claimed_by  text,
    claimed_at  bigint,
    sent_at     bigint
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);
UPDATE frontdesk_schema SET version = 16;
