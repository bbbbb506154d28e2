-- Frontdesk schema 8: the search index keeps no copy of the text it
-- indexes (content = ''), nor per-column sizes (only used for ranking,
-- which the queue does not do). The text is in requests and events
-- already; the copy doubled what every write and every bulk load stored.
--
-- A contentless index forgets a document by being told its old text, so
-- the triggers rebuild the conversation (the bodies of the request's
-- events, in order, one per line) to take the old document out before
-- putting the new one in. History is append-only, so the conversation
-- before an event is exactly what was indexed.
DROP TRIGGER IF EXISTS request_text_on_insert;
DROP TRIGGER IF EXISTS request_text_on_edit;
DROP TRIGGER IF EXISTS request_text_on_event;
DROP TABLE request_text;

CREATE VIRTUAL TABLE request_text USING fts5(
    subject, body, conversation,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3',
    content = '',
    columnsize = 0
);

INSERT INTO request_text (rowid, subject, body, conversation)
SELECT r.id, r.subject, r.body, coalesce(c.text, '') FROM requests r
LEFT JOIN (SELECT request_id, group_concat(body, char(10)) AS text
           FROM (SELECT request_id, body FROM events WHERE body IS NOT NULL AND body <> '' ORDER BY request_id, id)
           GROUP BY request_id) c ON c.request_id = r.id;

CREATE TRIGGER request_text_on_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO request_text (rowid, subject, body, conversation) VALUES (new.id, new.subject, new.body, '');
END;

CREATE TRIGGER request_text_on_edit AFTER UPDATE OF subject, body ON requests
BEGIN
    INSERT INTO request_text (request_text, rowid, subject, body, conversation)
    VALUES ('delete', old.id, old.subject, old.body, coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = old.id AND body IS NOT NULL AND body <> '' ORDER BY id)), ''));
    INSERT INTO request_text (rowid, subject, body, conversation)
    VALUES (new.id, new.subject, new.body, coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = new.id AND body IS NOT NULL AND body <> '' ORDER BY id)), ''));
END;

CREATE TRIGGER request_text_on_event AFTER INSERT ON events WHEN new.body IS NOT NULL AND new.body <> ''
BEGIN
    INSERT INTO request_text (request_text, rowid, subject, body, conversation)
    SELECT 'delete', r.id, r.subject, r.body, coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = new.request_id AND id < new.id AND body IS NOT NULL AND body <> '' ORDER BY id)), '')
    FROM requests r WHERE r.id = new.request_id;
    INSERT INTO request_text (rowid, subject, body, conversation)
    SELECT r.id, r.subject, r.body, coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = new.request_id AND id <= new.id AND body IS NOT NULL AND body <> '' ORDER BY id)), '')
    FROM requests r WHERE r.id = new.request_id;
END;
