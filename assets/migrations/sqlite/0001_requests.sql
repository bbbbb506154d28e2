-- Frontdesk schema 1: people, requests, their append-only history, ratings,
-- shared settings and the full-text index. Times are unix seconds, UTC.

CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    department   TEXT,
    contact      TEXT,
    team         TEXT,
    key_customer INTEGER NOT NULL DEFAULT 0 CHECK (key_customer IN (0, 1)),
    role         TEXT NOT NULL DEFAULT 'requester' CHECK (role IN ('requester', 'agent', 'lead'))
);

CREATE TABLE requests (
    id                INTEGER PRIMARY KEY,
    subject           TEXT NOT NULL,
    body              TEXT NOT NULL DEFAULT '',
    requester_id      INTEGER NOT NULL REFERENCES people(id),
    department        TEXT,
    contact           TEXT,
    channel           TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'walk-in', 'chat', 'web')),
    kind              TEXT NOT NULL CHECK (kind IN ('request', 'incident', 'question', 'complaint')),
    category          TEXT,
    urgency           TEXT NOT NULL CHECK (urgency IN ('low', 'medium', 'high', 'critical')),
    impact            TEXT NOT NULL CHECK (impact IN ('low', 'medium', 'high')),
    key_customer      INTEGER NOT NULL DEFAULT 0 CHECK (key_customer IN (0, 1)),
    priority          TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
    status            TEXT NOT NULL CHECK (status IN ('new', 'open', 'waiting', 'resolved', 'closed')),
    assignee_id       INTEGER REFERENCES people(id),
    team              TEXT,
    escalation_level  INTEGER NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
    created_at        INTEGER NOT NULL,
    first_response_at INTEGER,
    resolved_at       INTEGER,
    reply_by          INTEGER,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);

-- One index per queue view and sort, so every view reads a window, not the table.
CREATE INDEX requests_by_status   ON requests(status, priority, created_at);
CREATE INDEX requests_by_assignee ON requests(assignee_id, status);
CREATE INDEX requests_by_created  ON requests(created_at);
CREATE INDEX requests_by_updated  ON requests(updated_at);
CREATE INDEX requests_by_dept     ON requests(department, status);
CREATE INDEX requests_by_team     ON requests(team, status);
CREATE INDEX requests_escalated   ON requests(escalation_level) WHERE escalation_level > 0;
CREATE INDEX requests_by_requester ON requests(requester_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    body       TEXT
);
CREATE INDEX events_by_request ON events(request_id, id);
CREATE INDEX events_by_kind_time ON events(kind, at);

-- History is append-only: nothing, not even Frontdesk, edits or deletes it.
CREATE TRIGGER events_are_never_edited BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE TABLE ratings (
    request_id    INTEGER PRIMARY KEY REFERENCES requests(id),
    overall       INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    speed         INTEGER CHECK (speed BETWEEN 1 AND 5),
    quality       INTEGER CHECK (quality BETWEEN 1 AND 5),
    communication INTEGER CHECK (communication BETWEEN 1 AND 5),
    recommend     INTEGER CHECK (recommend BETWEEN 0 AND 10),
    comment       TEXT,
    rated_at      INTEGER NOT NULL,
    rated_by      TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Search over what was asked and everything said since (replies, notes,
-- resolutions). Kept by triggers so every writer keeps it right.
CREATE VIRTUAL TABLE request_text USING fts5(
    subject, body, conversation,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER request_text_on_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO request_text(rowid, subject, body, conversation) VALUES (new.id, new.subject, new.body, '');
END;
CREATE TRIGGER request_text_on_edit AFTER UPDATE OF subject, body ON requests
BEGIN
    UPDATE request_text SET subject = new.subject, body = new.body WHERE rowid = new.id;
END;
CREATE TRIGGER request_text_on_event AFTER INSERT ON events WHEN new.body IS NOT NULL AND new.body <> ''
BEGIN
    UPDATE request_text SET conversation = conversation || char(10) || new.body WHERE rowid = new.request_id;
END;
