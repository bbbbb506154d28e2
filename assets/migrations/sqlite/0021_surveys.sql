-- Frontdesk schema 21: the satisfaction survey mailed to a requester once
-- their request is resolved (one a request: the key makes two copies that
-- mail at once send it once), by the Message-ID a reply names, and when it
-- was answered.
CREATE TABLE surveys (
    request_id INTEGER PRIMARY KEY REFERENCES requests(id),
    message_id TEXT NOT NULL UNIQUE,
    sent_at INTEGER NOT NULL,
    answered_at INTEGER
);
