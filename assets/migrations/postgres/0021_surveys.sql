-- Frontdesk schema 21: the satisfaction survey mailed to a requester once
-- their request is resolved (the same step as a desk file's).
CREATE TABLE surveys (
    request_id BIGINT PRIMARY KEY REFERENCES requests(id),
    message_id TEXT NOT NULL UNIQUE,
    sent_at BIGINT NOT NULL,
    answered_at BIGINT
);
UPDATE frontdesk_schema SET version = 21;
