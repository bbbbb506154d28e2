//! Working a request: replies, internal notes, escalation, resolution,
//! reopening and the requester's rating.

use crate::domain::decide::{refusal, Act};
use crate::domain::ids::RequestId;
use crate::store::kernel::Changeset;
use crate::store::sql::{Conn, OptionalExtension};
use rusqlite::params;

use super::error::StoreResult;
use super::kernel::Stamp;
use super::Store;
use crate::domain::rating::Scores;
use crate::domain::request::{optional_text, required_text};
use crate::domain::{DomainError, EventKind, FollowUpKind, Rating, Request, Status};

/// The highest escalation level: 1 is the team lead, 2 the manager.
pub const MAX_ESCALATION: u8 = 2;

impl Store {
    /// A reply the requester sees. It is the first response if none was
    /// given yet, and it starts work on a new request. On a request that
    /// came by mail it also goes to the requester, through the outbox.
    pub(crate) fn reply(&mut self, id: RequestId, text: &str, stamp: Stamp<'_>) -> StoreResult<Request> {
        let text = required_text("text", text)?;
        let domain = self.mail_domain.clone();
        self.write(|tx| {
            let mut cs = super::kernel::Changeset::begin_adding(tx, id, stamp)?;
            if cs.before.status == Status::New {
                cs.move_status(Status::Open, None)?;
            }
            cs.event(EventKind::Reply, None, None, Some(text.clone()));
            let request = cs.commit()?;
            // A request that came by mail is answered by mail.
            super::mail::queue_reply_mail(tx, &request, &text, stamp.now, domain.clone())?;
            Ok(request)
        })
    }

    /// An internal note: history for the staff, never a response.
    pub(crate) fn note(&mut self, id: RequestId, text: &str, stamp: Stamp<'_>) -> StoreResult<Request> {
        let text = required_text("text", text)?;
        self.change(id, stamp, |cs| {
            cs.event(EventKind::Note, None, None, Some(text.clone()));
            Ok(())
        })
    }

    /// Raises the escalation level by one, with the reason recorded.
    pub(crate) fn escalate(&mut self, id: RequestId, reason: &str, stamp: Stamp<'_>) -> StoreResult<Request> {
        let reason = required_text("reason", reason)?;
        self.change(id, stamp, |cs| {
            let level = cs.before.escalation_level;
            if cs.before.status.is_done() {
                return Err(DomainError::Rule(format!(
                    "request {id} is {}; reopen it before escalating",
                    cs.before.status
                ))
                .into());
            }
            if level >= MAX_ESCALATION {
                return Err(DomainError::Rule(format!(
                    "request {id} is already at the top escalation level ({MAX_ESCALATION}, manager)"
                ))
                .into());
            }
            cs.set("escalation_level", level + 1);
            cs.event(
                EventKind::Escalation,
                Some(level.to_string()),
                Some((level + 1).to_string()),
                Some(reason.clone()),
            );
            Ok(())
        })
    }

    pub(crate) fn resolve(
        &mut self,
        id: RequestId,
        resolution: Option<&str>,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let resolution = optional_text("resolution", resolution)?;
        self.change(id, stamp, |cs| {
            // A parent with open children is resolved only saying why.
            let children = super::links::open_children(cs.tx(), id)?;
            if !children.is_empty() && resolution.is_none() {
                let list: Vec<String> = children.iter().map(|c| format!("#{c}")).collect();
                return Err(DomainError::Rule(format!(
                    "request {id} has open child requests ({}); resolve them first, or say why it is resolved anyway with a resolution",
                    list.join(", ")
                ))
                .into());
            }
            cs.move_status(Status::Resolved, resolution.clone())?;
            Ok(())
        })
    }

    /// Closes a request that should not have been worked at all (a
    /// duplicate, or recorded by mistake). Requests are never deleted; this
    /// closes it from any open status, with the reason in its history.
    pub(crate) fn close_as_mistake(
        &mut self,
        id: RequestId,
        reason: &str,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let reason = required_text("reason", reason)?;
        self.change(id, stamp, |cs| {
            if cs.before.status.is_done() {
                return Err(
                    DomainError::Rule(format!("request {id} is already {}", cs.before.status)).into(),
                );
            }
            cs.close_without_resolution(format!("closed without resolution: {reason}"));
            Ok(())
        })
    }

    /// Back to open work from resolved or closed.
    pub(crate) fn reopen(
        &mut self,
        id: RequestId,
        reason: Option<&str>,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let reason = optional_text("reason", reason)?;
        self.change(id, stamp, |cs| {
            if let Some(why) = refusal(Act::Reopen, &cs.before, None) {
                return Err(DomainError::Rule(why).into());
            }
            cs.move_status(Status::Open, reason.clone())?;
            Ok(())
        })
    }

    /// Records how satisfied the requester was. Only a resolved or closed
    /// request can be rated; a second rating replaces the first, and the
    /// event keeps what it replaced.
    /// A score this low opens a service-recovery follow-up for a team lead.
    pub const LOW_SCORE: u8 = 2;

    /// Records the rating (`then_close`: and closes the request, as the
    /// follow-up call ends). A low score opens a service-recovery follow-up
    /// owned by a team lead; any other score completes the follow-up.
    pub(crate) fn rate(
        &mut self,
        id: RequestId,
        scores: Scores,
        then_close: bool,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let rating = Rating::from_scores(scores, stamp.now, stamp.actor)?;
        self.change(id, stamp, |cs| {
            if let Some(why) = refusal(Act::Rate, &cs.before, None) {
                return Err(DomainError::Rule(why).into());
            }
            keep_rating(cs, &rating)?;
            if then_close && cs.before.status == Status::Resolved {
                cs.move_status(Status::Closed, Some("closed after the follow-up call".into()))?;
            }
            follow_up_rating(cs, &rating)
        })
    }

    pub fn rating(&self, id: RequestId) -> StoreResult<Option<Rating>> {
        rating_in(&self.db(), id)
    }
}

/// Keeps `rating` for the changeset's request (replacing an earlier one,
/// which the event names): the same whether an agent typed it or the
/// requester answered the survey.
pub(super) fn keep_rating(cs: &mut Changeset<'_>, rating: &Rating) -> StoreResult<()> {
    let id = cs.before.id;
    let previous = rating_in(cs.tx(), id)?;
    cs.tx().execute(
        "INSERT INTO ratings (request_id, overall, speed, quality, communication, recommend, comment, rated_at, rated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (request_id) DO UPDATE SET overall = excluded.overall, speed = excluded.speed,
         quality = excluded.quality, communication = excluded.communication, recommend = excluded.recommend,
         comment = excluded.comment, rated_at = excluded.rated_at, rated_by = excluded.rated_by",
        params![id, rating.overall, rating.speed, rating.quality, rating.communication, rating.recommend, rating.comment, rating.rated_at, rating.rated_by],
    )?;
    cs.event(
        EventKind::Rating,
        previous.map(|p| p.summary()),
        Some(rating.summary()),
        rating.comment.clone(),
    );
    Ok(())
}

/// After a rating: the service-recovery call for a low score, else no
/// call is owed any more.
pub(super) fn follow_up_rating(cs: &mut Changeset<'_>, rating: &Rating) -> StoreResult<()> {
    if rating.overall <= Store::LOW_SCORE {
        let lead: Option<(i64, String)> = cs
            .tx()
            .query_row(
                "SELECT id, name FROM people WHERE role = 'lead' ORDER BY team IS NOT DISTINCT FROM ?1 DESC, name LIMIT 1",
                [cs.before.team.as_deref()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        cs.schedule_follow_up(FollowUpKind::Recovery, lead.as_ref().map(|l| l.0));
        let who = lead.map_or_else(|| "a team lead".into(), |l| l.1);
        cs.event(
            EventKind::FollowUp,
            None,
            Some("service recovery".into()),
            Some(format!(
                "overall {}/5: {who} calls back to put it right",
                rating.overall
            )),
        );
    } else {
        cs.clear_follow_up(false);
    }
    Ok(())
}

pub(super) fn rating_in(conn: &Conn, id: RequestId) -> StoreResult<Option<Rating>> {
    conn.prepare_keyed(
        "SELECT overall, speed, quality, communication, recommend, comment, rated_at, rated_by FROM ratings WHERE request_id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Rating {
            overall: r.get(0)?,
            speed: r.get(1)?,
            quality: r.get(2)?,
            communication: r.get(3)?,
            recommend: r.get(4)?,
            comment: r.get(5)?,
            rated_at: r.get(6)?,
            rated_by: r.get(7)?,
        })
    })
    .optional()
}
