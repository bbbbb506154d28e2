-- Frontdesk schema 3: follow-ups after resolution, and paused time on the
-- wall clock (the KPIs exclude it from resolution time).

ALTER TABLE requests ADD COLUMN follow_up_at INTEGER;
-- 'rating' (call the requester for their rating) or 'recovery' (service
-- recovery after a low score, owned by a team lead).
ALTER TABLE requests ADD COLUMN follow_up_kind TEXT CHECK (follow_up_kind IN ('rating', 'recovery'));
ALTER TABLE requests ADD COLUMN follow_up_owner_id INTEGER REFERENCES people(id);
ALTER TABLE requests ADD COLUMN paused_wall_seconds INTEGER NOT NULL DEFAULT 0;

CREATE INDEX requests_by_follow_up ON requests(follow_up_at) WHERE follow_up_at IS NOT NULL;
CREATE INDEX ratings_by_time ON ratings(rated_at);
