//! Satisfaction surveys by mail: one to each requester with an address
//! once their request is resolved, queued by the copy that sends the
//! desk's mail, and the answer read back into a rating when they reply.

use rusqlite::params;
use serde::Serialize;

use super::outbox::{queue_mail, QueuedMail};
use crate::domain::ids::RequestId;
use crate::domain::kpi::SurveyCounts;
use crate::domain::mail::{read_answer, IncomingMail, Letter};
use crate::domain::rating::Rating;
use crate::domain::target::Scope;
use crate::domain::time::rfc3339;
use crate::domain::EventKind;
use crate::store::error::StoreResult;
use crate::store::kernel::Changeset;
use crate::store::sql::{Conn, OptionalExtension};
use crate::store::Store;

/// The desk's setting that says since when surveys are mailed: a day
/// before the first time a copy queues them (so the day's resolutions
/// that led the team to turn surveys on are asked about). Requests
/// resolved before were never promised one, and a desk turning surveys on
/// does not mail its whole past.
const SURVEYS_FROM: &str = "surveys_from";
const FIRST_LOOK_BACK: i64 = 86_400;

/// The requests resolved since `?1` that have an address and no survey.
const DUE: &str =
    "SELECT r.id, r.subject, r.body, p.name FROM requests r JOIN people p ON p.id = r.requester_id
     WHERE r.resolved_at >= ?1 AND r.status IN ('resolved', 'closed') AND r.contact LIKE '%@%'
       AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.request_id = r.id)";

/// Since when surveys are mailed, once they have begun.
fn surveys_from(db: &Conn) -> StoreResult<Option<i64>> {
    let value: Option<String> = db
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([SURVEYS_FROM], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()))
}

/// How the surveys stand over a span of time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyFigures {
    #[serde(flatten)]
    pub counts: SurveyCounts,
    /// The surveys still waiting for an answer, oldest first.
    pub pending: Vec<PendingSurvey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingSurvey {
    pub id: RequestId,
    pub requester: String,
    pub subject: String,
    #[serde(with = "rfc3339")]
    pub sent_at: i64,
}

impl Store {
    /// Queues a survey for every request resolved since surveys began that
    /// has an address and has had none: how many were queued. Two copies
    /// doing this at once queue each survey once (its request is the key).
    pub fn queue_surveys(
        &mut self,
        surveys: &Letter,
        domain: Option<String>,
        now: i64,
    ) -> StoreResult<usize> {
        // The first time, surveys begin; every time after, a look without
        // the write lock, so `mail watch` writes only when one is due.
        let from = match surveys_from(&self.db())? {
            Some(from) => from,
            None => self.write(|tx| {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                    params![SURVEYS_FROM, (now - FIRST_LOOK_BACK).to_string()],
                )?;
                Ok(surveys_from(tx)?.unwrap_or(now))
            })?,
        };
        let any_due: bool = self
            .db()
            .query_row(&format!("SELECT EXISTS ({DUE})"), [from], |r| r.get(0))?;
        if !any_due {
            return Ok(0);
        }
        self.write(|tx| {
            let due: Vec<(RequestId, String, String, String)> = tx
                .prepare_cached(&format!("{DUE} ORDER BY r.id"))?
                .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            let mut queued = 0;
            for (id, subject, body, requester) in due {
                let first_name = requester.split_whitespace().next().unwrap_or(&requester);
                let mail = QueuedMail {
                    request: id,
                    event: None,
                    body: surveys.fill(id, &subject, first_name, &[&subject, &body]),
                    now,
                    automatic: true,
                    domain: domain.clone(),
                };
                let Some(message_id) = queue_mail(tx, mail)? else {
                    continue;
                };
                tx.execute(
                    "INSERT INTO surveys (request_id, message_id, sent_at) VALUES (?1, ?2, ?3)",
                    params![id, message_id, now],
                )?;
                let mut cs = Changeset::begin_system(tx, id, now)?;
                cs.event(
                    EventKind::FollowUp,
                    None,
                    Some("survey".into()),
                    Some("satisfaction survey mailed to the requester".into()),
                );
                cs.commit()?;
                queued += 1;
            }
            Ok(queued)
        })
    }

    /// Surveys sent in `[since, until)` about the requests of `scope`
    /// (the desk, a team, a department), and how many were answered.
    pub fn survey_counts(&self, since: i64, until: i64, scope: &Scope) -> StoreResult<SurveyCounts> {
        let (column, name) = match scope {
            Scope::Desk => ("team", None),
            Scope::Team(t) => ("team", Some(t.as_str())),
            Scope::Department(d) => ("department", Some(d.as_str())),
        };
        let (sent, answered): (i64, i64) = self.db().query_row(
            &format!(
                "SELECT count(*), count(s.answered_at) FROM surveys s JOIN requests r ON r.id = s.request_id
                 WHERE s.sent_at >= ?1 AND s.sent_at < ?2 AND (CAST(?3 AS TEXT) IS NULL OR lower(r.{column}) = lower(CAST(?3 AS TEXT)))"
            ),
            params![since, until, name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(SurveyCounts::new(sent, answered))
    }

    /// Surveys sent since `since`: how many, how many were answered, and
    /// those still waiting.
    pub fn survey_figures(&self, since: i64) -> StoreResult<SurveyFigures> {
        let counts = self.survey_counts(since, i64::MAX, &Scope::Desk)?;
        let pending = self
            .db()
            .prepare_cached(
                "SELECT s.request_id, p.name, r.subject, s.sent_at FROM surveys s
                 JOIN requests r ON r.id = s.request_id JOIN people p ON p.id = r.requester_id
                 WHERE s.sent_at >= ?1 AND s.answered_at IS NULL ORDER BY s.sent_at, s.request_id",
            )?
            .query_map([since], |r| {
                Ok(PendingSurvey {
                    id: r.get(0)?,
                    requester: r.get(1)?,
                    subject: r.get(2)?,
                    sent_at: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(SurveyFigures { counts, pending })
    }
}

/// The survey of request `id` a mail answers: it names the survey's
/// message. None for any other mail on the request.
pub(super) fn answered_survey(tx: &Conn, id: RequestId, mail: &IncomingMail) -> StoreResult<Option<String>> {
    let survey: Option<String> = tx
        .prepare_cached("SELECT message_id FROM surveys WHERE request_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(survey.filter(|sent| {
        mail.in_reply_to
            .iter()
            .chain(&mail.references)
            .any(|named| crate::domain::mail::normal_id(named) == crate::domain::mail::normal_id(sent))
    }))
}

/// What an answer to a survey did.
pub(super) enum SurveyAnswer {
    /// A rating was read from it.
    Rated(i64),
    /// It holds no score: kept as mail, the survey still open.
    NoScore,
}

/// Records the answer to request `id`'s survey as a mail event, and its
/// score as the requester's rating (replacing an earlier answer's). The
/// request stays as it is: a survey answer does not reopen it.
pub(super) fn take_answer(
    tx: &Conn,
    id: RequestId,
    mail: &IncomingMail,
    requester: &str,
    now: i64,
) -> StoreResult<SurveyAnswer> {
    let mut cs = Changeset::begin_system(tx, id, now)?;
    cs.event(
        EventKind::Mail,
        None,
        mail.from_address.clone(),
        Some(mail.new_text.clone()).filter(|t| !t.trim().is_empty()),
    );
    let scores = read_answer(&mail.new_text);
    let answer = match scores {
        Some(scores) => {
            let overall = scores.overall;
            let rating = Rating::from_scores(scores, now, requester)?;
            crate::store::work::keep_rating(&mut cs, &rating)?;
            crate::store::work::follow_up_rating(&mut cs, &rating)?;
            SurveyAnswer::Rated(overall)
        }
        None => SurveyAnswer::NoScore,
    };
    cs.commit()?;
    if let SurveyAnswer::Rated(_) = answer {
        tx.execute(
            "UPDATE surveys SET answered_at = ?2 WHERE request_id = ?1",
            params![id, now],
        )?;
    }
    Ok(answer)
}
