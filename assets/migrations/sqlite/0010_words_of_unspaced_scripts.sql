-- Schema 10: Han, kana and Hangul are written without spaces, so the
-- search index saw a run of them as one word and found 卡纸 only at the
-- start of 打印机卡纸. Every indexed value now passes through
-- frontdesk_search_words (a function Frontdesk registers), which makes
-- each such character a word of its own; a search for a run of them is a
-- phrase. The triggers change and the index is rebuilt.

DROP TRIGGER request_text_on_insert;
DROP TRIGGER request_text_on_edit;
DROP TRIGGER request_text_on_event;
INSERT INTO request_text (request_text) VALUES ('delete-all');

INSERT INTO request_text (rowid, subject, body, conversation)
SELECT r.id, frontdesk_search_words(r.subject), frontdesk_search_words(r.body),
       frontdesk_search_words(coalesce(c.text, '')) FROM requests r
LEFT JOIN (SELECT request_id, group_concat(body, char(10)) AS text
           FROM (SELECT request_id, body FROM events WHERE body IS NOT NULL AND body <> '' ORDER BY request_id, id)
           GROUP BY request_id) c ON c.request_id = r.id;

CREATE TRIGGER request_text_on_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO request_text (rowid, subject, body, conversation)
    VALUES (new.id, frontdesk_search_words(new.subject), frontdesk_search_words(new.body), '');
END;

CREATE TRIGGER request_text_on_edit AFTER UPDATE OF subject, body ON requests
BEGIN
    INSERT INTO request_text (request_text, rowid, subject, body, conversation)
    VALUES ('delete', old.id, frontdesk_search_words(old.subject), frontdesk_search_words(old.body),
        frontdesk_search_words(coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = old.id AND body IS NOT NULL AND body <> '' ORDER BY id)), '')));
    INSERT INTO request_text (rowid, subject, body, conversation)
    VALUES (new.id, frontdesk_search_words(new.subject), frontdesk_search_words(new.body),
        frontdesk_search_words(coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = new.id AND body IS NOT NULL AND body <> '' ORDER BY id)), '')));
END;

CREATE TRIGGER request_text_on_event AFTER INSERT ON events WHEN new.body IS NOT NULL AND new.body <> ''
BEGIN
    INSERT INTO request_text (request_text, rowid, subject, body, conversation)
    SELECT 'delete', r.id, frontdesk_search_words(r.subject), frontdesk_search_words(r.body),
        frontdesk_search_words(coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = new.request_id AND id < new.id AND body IS NOT NULL AND body <> '' ORDER BY id)), ''))
    FROM requests r WHERE r.id = new.request_id;
    INSERT INTO request_text (rowid, subject, body, conversation)
    SELECT r.id, frontdesk_search_words(r.subject), frontdesk_search_words(r.body),
        frontdesk_search_words(coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM events
         WHERE request_id = new.request_id AND id <= new.id AND body IS NOT NULL AND body <> '' ORDER BY id)), ''))
    FROM requests r WHERE r.id = new.request_id;
END;
