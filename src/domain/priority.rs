use super::labels::labelled_enum;

labelled_enum!(
    /// How soon the requester needs it.
    Urgency, "urgency" { Low => "low", Medium => "medium", High => "high", Critical => "critical" }
);
labelled_enum!(
    /// How many people or how much of the business it touches.
    Impact, "impact" { Low => "low", Medium => "medium", High => "high" }
);
labelled_enum!(
    /// P1 is the most pressing. Ordering follows the declaration, so P1 < P4.
    Priority, "priority" { P1 => "P1", P2 => "P2", P3 => "P3", P4 => "P4" }
);

impl Priority {
    /// One level more pressing, never above P1.
    pub fn raised(self) -> Priority {
        match self {
            Priority::P1 | Priority::P2 => Priority::P1,
            Priority::P3 => Priority::P2,
            Priority::P4 => Priority::P3,
        }
    }
}

/// The urgency × impact matrix (documented in the README); a key customer is
/// raised one level.
pub fn priority_for(urgency: Urgency, impact: Impact, key_customer: bool) -> Priority {
    use Impact as I;
    use Priority::{P1, P2, P3, P4};
    use Urgency as U;
    let base = match (urgency, impact) {
        (U::Critical, I::Low) => P2,
        (U::Critical, _) => P1,
        (U::High, I::Low) => P3,
        (U::High, I::Medium) => P2,
        (U::High, I::High) => P1,
        (U::Medium, I::Low) => P4,
        (U::Medium, I::Medium) => P3,
        (U::Medium, I::High) => P2,
        (U::Low, I::High) => P3,
        (U::Low, _) => P4,
    };
    if key_customer {
        base.raised()
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_matches_the_documented_table() {
        let table = [
            (Urgency::Critical, [Priority::P2, Priority::P1, Priority::P1]),
            (Urgency::High, [Priority::P3, Priority::P2, Priority::P1]),
            (Urgency::Medium, [Priority::P4, Priority::P3, Priority::P2]),
            (Urgency::Low, [Priority::P4, Priority::P4, Priority::P3]),
        ];
        for (urgency, row) in table {
            for (impact, expected) in [Impact::Low, Impact::Medium, Impact::High].into_iter().zip(row) {
                assert_eq!(
                    priority_for(urgency, impact, false),
                    expected,
                    "{urgency} × {impact}"
                );
            }
        }
    }

    #[test]
    fn key_customer_is_raised_one_level_but_never_above_p1() {
        assert_eq!(priority_for(Urgency::Low, Impact::Low, true), Priority::P3);
        assert_eq!(priority_for(Urgency::Medium, Impact::Medium, true), Priority::P2);
        assert_eq!(priority_for(Urgency::High, Impact::Medium, true), Priority::P1);
        assert_eq!(priority_for(Urgency::Critical, Impact::High, true), Priority::P1);
    }

    #[test]
    fn labels_parse_case_insensitively_and_bad_ones_list_the_valid() {
        assert_eq!("HIGH".parse::<Urgency>().unwrap(), Urgency::High);
        assert_eq!("p2".parse::<Priority>().unwrap(), Priority::P2);
        let err = "urgentish".parse::<Urgency>().unwrap_err().to_string();
        assert_eq!(
            err,
            "invalid urgency 'urgentish' (valid: low, medium, high, critical)"
        );
    }
}
