//! What the themes of unhappy requesters are read from: the comments of
//! low ratings and the reasons requests were reopened in a span, and the
//! subjects of the requests made in it (what requests are about).

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::SYSTEM_ACTOR;
use super::kpi::KpiGroup;
use super::Store;
use crate::domain::kpi::themes::Comment;
use crate::domain::kpi::Window;

/// A rating of this much or less is a low one.
const LOW: i64 = 3;

/// What the themes of a span are read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeSources {
    pub comments: Vec<Comment>,
    pub subjects: Vec<String>,
    /// Low ratings given in the span, with or without a comment.
    pub low_ratings: usize,
    /// Requests reopened in the span by a person, with a reason.
    pub reopened: usize,
}

impl Store {
    /// The comments of low ratings and the reasons of reopens in `window`,
    /// each with its request's category, department or team when `by`
    /// asks for one of them.
    pub fn theme_sources(&self, window: Window, by: Option<KpiGroup>) -> StoreResult<ThemeSources> {
        let group = match by {
            None => "NULL",
            Some(KpiGroup::Category) => "r.category",
            Some(KpiGroup::Department) => "r.department",
            Some(KpiGroup::Team) => "r.team",
            Some(_) => {
                return Err(StoreError::Invalid(
                    "themes are split by category, dept or team".into(),
                ))
            }
        };
        let db = self.db();
        let mut low_ratings = 0;
        let mut comments: Vec<Comment> = Vec::new();
        db.prepare(&format!(
            "SELECT g.request_id, g.comment, {group} FROM ratings g JOIN requests r ON r.id = g.request_id
             WHERE g.rated_at >= ?1 AND g.rated_at < ?2 AND g.overall <= ?3 ORDER BY g.request_id"
        ))?
        .for_each(params![window.since, window.until, LOW], |row| {
            low_ratings += 1;
            // Without words it still counts as a low rating.
            let text: Option<String> = row.get(1)?;
            comments.push(Comment {
                request: row.get(0)?,
                text: text.unwrap_or_default(),
                low_rating: true,
                group: row.get(2)?,
            });
            Ok(true)
        })?;
        let before = comments.len();
        // Reopened by a person with a reason (the desk's own "the
        // requester wrote again by mail" says nothing of what went wrong).
        db.prepare(&format!(
            "SELECT e.request_id, e.body, {group} FROM requests r JOIN events e ON e.request_id = r.id
             WHERE r.reopen_count > 0 AND e.kind = 'status' AND e.new_value = 'open'
               AND e.old_value IN ('resolved', 'closed') AND e.at >= ?1 AND e.at < ?2
               AND e.actor <> ?3 AND e.body IS NOT NULL AND e.body <> ''
             ORDER BY e.request_id, e.id"
        ))?
        .for_each(params![window.since, window.until, SYSTEM_ACTOR], |row| {
            comments.push(Comment {
                request: row.get(0)?,
                text: row.get(1)?,
                low_rating: false,
                group: row.get(2)?,
            });
            Ok(true)
        })?;
        let reopened = comments.len() - before;
        let subjects = db
            .prepare("SELECT subject FROM requests WHERE created_at >= ?1 AND created_at < ?2")?
            .query_map([window.since, window.until], |row| row.get(0))?
            .collect::<StoreResult<Vec<String>>>()?;
        Ok(ThemeSources {
            comments,
            subjects,
            low_ratings,
            reopened,
        })
    }
}
