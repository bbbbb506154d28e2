use serde::{Deserialize, Serialize};

use super::DomainError;

/// How satisfied the requester was, recorded after resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub overall: u8,
    pub speed: Option<u8>,
    pub quality: Option<u8>,
    pub communication: Option<u8>,
    pub recommend: Option<u8>,
    pub comment: Option<String>,
    #[serde(with = "super::time::rfc3339")]
    pub rated_at: i64,
    pub rated_by: String,
}

fn check_range(field: &'static str, value: Option<i64>, lo: i64, hi: i64) -> Result<Option<u8>, DomainError> {
    match value {
        None => Ok(None),
        Some(v) if (lo..=hi).contains(&v) => Ok(Some(v as u8)),
        Some(v) => Err(DomainError::InvalidValue {
            field,
            value: v.to_string(),
            valid: format!("{lo} to {hi}"),
        }),
    }
}

/// The scores as typed, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    pub overall: i64,
    pub speed: Option<i64>,
    pub quality: Option<i64>,
    pub communication: Option<i64>,
    pub recommend: Option<i64>,
    pub comment: Option<String>,
}

impl Rating {
    /// Overall, speed, quality and communication are 1–5; recommend is 0–10.
    pub fn from_scores(scores: Scores, rated_at: i64, rated_by: &str) -> Result<Rating, DomainError> {
        let comment = scores.comment.filter(|c| !c.trim().is_empty());
        if let Some(c) = &comment {
            super::request::check_length("comment", c)?;
        }
        Ok(Rating {
            overall: check_range("overall score", Some(scores.overall), 1, 5)?.unwrap_or(1),
            speed: check_range("speed score", scores.speed, 1, 5)?,
            quality: check_range("quality score", scores.quality, 1, 5)?,
            communication: check_range("communication score", scores.communication, 1, 5)?,
            recommend: check_range("recommend score", scores.recommend, 0, 10)?,
            comment,
            rated_at,
            rated_by: rated_by.to_string(),
        })
    }

    /// Short summary used as the rating event's value.
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("overall {}/5", self.overall)];
        for (name, v) in [
            ("speed", self.speed),
            ("quality", self.quality),
            ("communication", self.communication),
        ] {
            if let Some(v) = v {
                parts.push(format!("{name} {v}/5"));
            }
        }
        if let Some(r) = self.recommend {
            parts.push(format!("recommend {r}/10"));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_out_of_range_are_refused_with_the_range() {
        let err = Rating::from_scores(
            Scores {
                overall: 6,
                ..Default::default()
            },
            0,
            "a",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "invalid overall score '6' (valid: 1 to 5)");
        let err = Rating::from_scores(
            Scores {
                overall: 3,
                recommend: Some(11),
                ..Default::default()
            },
            0,
            "a",
        )
        .unwrap_err();
        assert!(err.to_string().contains("recommend"));
    }

    #[test]
    fn summary_lists_the_given_scores() {
        let r = Rating::from_scores(
            Scores {
                overall: 4,
                speed: Some(5),
                recommend: Some(9),
                ..Default::default()
            },
            0,
            "a",
        )
        .unwrap();
        assert_eq!(r.summary(), "overall 4/5, speed 5/5, recommend 9/10");
    }
}
