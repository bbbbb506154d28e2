//! Service targets a team is held to: a figure of the report, a goal for
//! it ("CSAT at least 85", "first response 10% faster"), a start and a
//! deadline, and for the whole desk, a team or a department. Whether it is
//! met, on track, at risk or missed is worked out here from the figure at
//! the start and now; the store keeps the targets and the report reads
//! the figures.

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::kpi::Kpis;
use super::labels::labelled_enum;

labelled_enum!(
    /// The report's figures a target can be set on.
    TargetKpi, "target figure" {
        Csat => "csat",
        Nps => "nps",
        FirstResponseMedian => "first-response-median",
        FirstResponseP90 => "first-response-p90",
        ResolutionMedian => "resolution-median",
        SlaResponse => "sla-response",
        SlaResolution => "sla-resolution",
        ReopenRate => "reopen-rate",
        Backlog => "backlog",
        SurveyResponseRate => "survey-response-rate",
    }
);

impl TargetKpi {
    /// Whether more is better (CSAT, compliance) rather than less (times,
    /// reopens, backlog).
    pub fn higher_is_better(self) -> bool {
        matches!(
            self,
            TargetKpi::Csat
                | TargetKpi::Nps
                | TargetKpi::SlaResponse
                | TargetKpi::SlaResolution
                | TargetKpi::SurveyResponseRate
        )
    }

    /// The figure out of a report's KPIs (times in minutes); the survey
    /// response rate is counted apart and given as `surveys`.
    pub fn of(self, k: &Kpis, surveys: Option<f64>) -> Option<f64> {
        let minutes = |s: Option<i64>| s.map(|s| s as f64 / 60.0);
        match self {
            TargetKpi::Csat => k.csat,
            TargetKpi::Nps => k.nps,
            TargetKpi::FirstResponseMedian => minutes(k.first_response_median),
            TargetKpi::FirstResponseP90 => minutes(k.first_response_p90),
            TargetKpi::ResolutionMedian => minutes(k.resolution_median),
            TargetKpi::SlaResponse => k.sla_response,
            TargetKpi::SlaResolution => k.sla_resolution,
            TargetKpi::ReopenRate => k.reopen_rate,
            TargetKpi::Backlog => Some(k.backlog as f64),
            TargetKpi::SurveyResponseRate => surveys,
        }
    }

    /// The unit its values are shown in.
    pub fn unit(self) -> &'static str {
        match self {
            TargetKpi::FirstResponseMedian | TargetKpi::FirstResponseP90 | TargetKpi::ResolutionMedian => {
                " min"
            }
            TargetKpi::Nps | TargetKpi::Backlog => "",
            _ => "%",
        }
    }
}

/// What the figure must come to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "goal", content = "value")]
pub enum Goal {
    AtLeast(f64),
    AtMost(f64),
    /// Better by this many percent than the figure over the same length
    /// of time before the target began.
    Improve(f64),
}

/// Where a target applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "scope", content = "name")]
pub enum Scope {
    Desk,
    Team(String),
    Department(String),
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Desk => f.write_str("the desk"),
            Scope::Team(t) => write!(f, "team {t}"),
            Scope::Department(d) => write!(f, "dept {d}"),
        }
    }
}

/// A target as kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub name: String,
    pub kpi: TargetKpi,
    pub goal: Goal,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub from: i64,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub by: i64,
    pub scope: Scope,
    pub created_by: String,
}

impl Target {
    /// Checks what a target must have: a name, a deadline after its start,
    /// a goal that is a number (an improvement above zero).
    pub fn checked(self) -> Result<Target, DomainError> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(DomainError::Empty { field: "name" });
        }
        if name.chars().count() > 60 || name.chars().any(char::is_control) {
            return Err(DomainError::Rule(
                "a target's name is one line of at most 60 characters".into(),
            ));
        }
        if self.by <= self.from {
            return Err(DomainError::Rule(
                "the deadline (--by) must come after the start (--from)".into(),
            ));
        }
        let value = match self.goal {
            Goal::AtLeast(v) | Goal::AtMost(v) | Goal::Improve(v) => v,
        };
        if !value.is_finite() || matches!(self.goal, Goal::Improve(v) if v <= 0.0 || v > 100.0) {
            return Err(DomainError::Rule(
                "a goal is a number; an improvement is a percentage above 0 and at most 100".into(),
            ));
        }
        Ok(Target { name, ..self })
    }

    /// The span the figure at the start is read over: as long as the
    /// target's own, just before it.
    pub fn before(&self) -> (i64, i64) {
        (self.from - (self.by - self.from), self.from)
    }

    /// The value the figure must reach, given where it started.
    pub fn aim(&self, start: Option<f64>) -> Option<f64> {
        match self.goal {
            Goal::AtLeast(v) | Goal::AtMost(v) => Some(v),
            Goal::Improve(p) => {
                let start = start?;
                let step = start.abs() * p / 100.0;
                Some(if self.kpi.higher_is_better() {
                    start + step
                } else {
                    start - step
                })
            }
        }
    }

    fn reached(&self, value: f64, aim: f64) -> bool {
        match self.goal {
            Goal::AtLeast(_) => value >= aim,
            Goal::AtMost(_) => value <= aim,
            Goal::Improve(_) if self.kpi.higher_is_better() => value >= aim,
            Goal::Improve(_) => value <= aim,
        }
    }

    /// Where the target stands at `now`, from the figure at the start and
    /// the figure over the target's span so far.
    pub fn standing(&self, start: Option<f64>, current: Option<f64>, now: i64) -> Standing {
        let aim = self.aim(start);
        let reached = matches!((current, aim), (Some(c), Some(a)) if self.reached(c, a));
        // Progress is the way from the start to the goal; a figure that
        // started at the goal and left it has come none of the way.
        let started_there = matches!((start, aim), (Some(s), Some(a)) if self.reached(s, a));
        let progress = match (start, current, aim) {
            (_, Some(_), Some(_)) if reached => Some(100.0),
            // Not at the goal and not started there: the start and the aim
            // differ, and the way between them is the measure.
            (Some(s), Some(c), Some(a)) if !started_there => {
                Some(((c - s) / (a - s) * 100.0).clamp(0.0, 100.0))
            }
            (_, Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        let elapsed = ((now - self.from) as f64 / (self.by - self.from) as f64).clamp(0.0, 1.0) * 100.0;
        let verdict = if now >= self.by {
            if reached {
                Verdict::Met
            } else {
                Verdict::Missed
            }
        } else if reached || progress.is_some_and(|p| p >= elapsed) {
            Verdict::OnTrack
        } else {
            Verdict::AtRisk
        };
        Standing {
            start,
            aim,
            current,
            progress,
            elapsed,
            verdict,
        }
    }
}

labelled_enum!(
    /// Where a target stands: met or missed once its deadline passed;
    /// before, on track when the figure has come as far as the time has
    /// (a straight line from the start to the goal), else at risk.
    Verdict, "verdict" {
        Met => "met",
        OnTrack => "on track",
        AtRisk => "at risk",
        Missed => "missed",
    }
);

/// A target's numbers at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// The figure over the span before the target began.
    pub start: Option<f64>,
    /// The value it must reach.
    pub aim: Option<f64>,
    /// The figure over the target's span so far.
    pub current: Option<f64>,
    /// How far from the start to the goal the figure has come, percent.
    pub progress: Option<f64>,
    /// How much of the target's time has gone, percent.
    pub elapsed: f64,
    pub verdict: Verdict,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    const FROM: i64 = 1_795_392_000;

    fn target(kpi: TargetKpi, goal: Goal) -> Target {
        Target {
            name: "q1".into(),
            kpi,
            goal,
            from: FROM,
            by: FROM + 90 * DAY,
            scope: Scope::Desk,
            created_by: "lena".into(),
        }
    }

    #[test]
    fn a_target_is_met_on_track_at_risk_or_missed() {
        let csat = target(TargetKpi::Csat, Goal::AtLeast(85.0));
        // A third of the way, two thirds of the climb: on track.
        let s = csat.standing(Some(70.0), Some(80.0), FROM + 30 * DAY);
        assert_eq!(
            (s.verdict, s.progress.map(f64::round)),
            (Verdict::OnTrack, Some(67.0))
        );
        // Two thirds of the way, a third of the climb: at risk.
        let s = csat.standing(Some(70.0), Some(75.0), FROM + 60 * DAY);
        assert_eq!(s.verdict, Verdict::AtRisk);
        // Past the deadline: met or missed.
        assert_eq!(
            csat.standing(Some(70.0), Some(86.0), FROM + 91 * DAY).verdict,
            Verdict::Met
        );
        assert_eq!(
            csat.standing(Some(70.0), Some(84.0), FROM + 91 * DAY).verdict,
            Verdict::Missed
        );
        // Already there before the deadline: on track.
        assert_eq!(
            csat.standing(Some(70.0), Some(90.0), FROM + DAY).verdict,
            Verdict::OnTrack
        );
        // Nothing measured yet: at risk, not a guess.
        assert_eq!(
            csat.standing(Some(70.0), None, FROM + DAY).verdict,
            Verdict::AtRisk
        );
    }

    #[test]
    fn an_improvement_is_better_up_for_satisfaction_and_down_for_times() {
        let csat = target(TargetKpi::Csat, Goal::Improve(10.0));
        assert_eq!(csat.aim(Some(80.0)), Some(88.0));
        let wait = target(TargetKpi::FirstResponseMedian, Goal::Improve(10.0));
        assert_eq!(wait.aim(Some(60.0)), Some(54.0));
        let s = wait.standing(Some(60.0), Some(57.0), FROM + 45 * DAY);
        assert_eq!((s.verdict, s.progress), (Verdict::OnTrack, Some(50.0)));
        assert_eq!(
            wait.standing(Some(60.0), Some(55.0), FROM + 91 * DAY).verdict,
            Verdict::Missed
        );
        // NPS can start below zero: better is still up.
        let nps = target(TargetKpi::Nps, Goal::Improve(50.0));
        assert_eq!(nps.aim(Some(-20.0)), Some(-10.0));
        // Without a figure at the start, an improvement has no aim.
        assert_eq!(csat.standing(None, Some(90.0), FROM + DAY).aim, None);
    }

    #[test]
    fn a_target_needs_a_deadline_after_its_start_and_a_sensible_goal() {
        let mut t = target(TargetKpi::Csat, Goal::AtLeast(85.0));
        t.by = t.from;
        assert!(t.checked().is_err());
        assert!(target(TargetKpi::Csat, Goal::Improve(0.0)).checked().is_err());
        assert!(target(TargetKpi::Csat, Goal::AtLeast(f64::NAN))
            .checked()
            .is_err());
        assert_eq!("sla-response".parse::<TargetKpi>(), Ok(TargetKpi::SlaResponse));
        assert!("speed".parse::<TargetKpi>().is_err());
    }
}
