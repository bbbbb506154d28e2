-- E-mail as a channel. Every message the desk has handled or sent, by
-- Message-ID: a message is never handled twice, and a reply threads to
-- its request through the ids it names.
CREATE TABLE mail_messages (
    message_id TEXT PRIMARY KEY,
    direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    request_id INTEGER REFERENCES requests(id),
    outcome    TEXT NOT NULL,
    reason     TEXT,
    sender     TEXT,
    at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mail_messages_by_request ON mail_messages(request_id, at);
CREATE INDEX mail_messages_by_arrival ON mail_messages(direction, at);
-- Files that came with an event (a mail's attachments); content is NULL
-- when one was over the size limit, and only its name and size are kept.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests(id),
    event_id     INTEGER NOT NULL REFERENCES events(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB
);
CREATE INDEX attachments_by_request ON attachments(request_id, id);
-- Mail waiting to leave: written with the reply it carries, sent after,
-- so a reply is never lost when the mail server is down. A sender claims
-- a row before sending, so two copies never send one mail twice.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    event_id    INTEGER REFERENCES events(id),
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    message_id  TEXT NOT NULL UNIQUE,
    in_reply_to TEXT,
    refs        TEXT,
    automatic   INTEGER NOT NULL DEFAULT 0,
    queued_at   INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    claimed_by  TEXT,
    claimed_at  INTEGER,
    sent_at     INTEGER
);
CREATE INDEX outbox_unsent ON outbox(sent_at, id);
