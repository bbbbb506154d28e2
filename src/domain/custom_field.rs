//! Custom fields: what a team records on its requests beyond the desk's
//! own fields (the site a laptop goes to, the asset number, the cost
//! centre). A lead defines each one with its type; every value is checked
//! against it before it is kept, and kept in one normal form so the
//! query language finds it however it was typed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;
use super::query::FIELDS as QUERY_FIELDS;
use super::DomainError;

labelled_enum!(
    /// What a custom field holds.
    FieldType, "field type" { Text => "text", Number => "number", Date => "date", Choice => "choice" }
);

/// A custom field as a lead defined it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// The values a choice field takes, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// Longest name, in characters.
const NAME_LIMIT: usize = 30;
/// Longest text value, in characters: one line of a form.
const VALUE_LIMIT: usize = 200;

/// Words the query language and the request's own fields already use: a
/// custom field of that name could never be searched for.
const RESERVED: &[&str] = &[
    "id",
    "subject",
    "body",
    "description",
    "contact",
    "urgency",
    "impact",
    "created",
    "resolved",
    "text",
];

/// A field's name as kept: lowercase letters and hyphens, so that
/// `site:Beijing` in a query reads as the field (a term with digits or
/// other letters before its colon stays text), and never a built-in one.
pub fn field_name(name: &str) -> Result<String, DomainError> {
    let name = name.trim().to_ascii_lowercase();
    let shaped = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        && name.chars().count() <= NAME_LIMIT;
    if !shaped {
        return Err(DomainError::Rule(format!(
            "'{name}' cannot name a field: letters and hyphens, at most {NAME_LIMIT} (site, cost-centre)"
        )));
    }
    if QUERY_FIELDS.contains(&name.as_str()) || RESERVED.contains(&name.as_str()) {
        return Err(DomainError::Rule(format!(
            "'{name}' is one of the desk's own fields (a query's {name}: would mean that one); choose another name"
        )));
    }
    Ok(name)
}

impl CustomField {
    /// The definition with its name and choices checked.
    pub fn checked(self) -> Result<CustomField, DomainError> {
        let name = field_name(&self.name)?;
        let mut choices: Vec<String> = Vec::new();
        for c in &self.choices {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            if c.chars().count() > VALUE_LIMIT || c.contains(['\n', ',', '|']) {
                return Err(DomainError::Rule(format!(
                    "the choice '{c}' cannot be kept: one line without commas or bars"
                )));
            }
            if !choices.iter().any(|k| k.eq_ignore_ascii_case(c)) {
                choices.push(c.to_string());
            }
        }
        match (self.kind, choices.is_empty()) {
            (FieldType::Choice, true) => Err(DomainError::Rule(format!(
                "a choice field needs its choices: --choices a,b,c for '{name}'"
            ))),
            (FieldType::Choice, false) => Ok(CustomField {
                name,
                kind: self.kind,
                choices,
            }),
            (_, false) => Err(DomainError::Rule(format!(
                "only a choice field takes choices ('{name}' is {})",
                self.kind
            ))),
            (_, true) => Ok(CustomField {
                name,
                kind: self.kind,
                choices,
            }),
        }
    }

    /// `value` in the form it is kept in, or why it does not fit: a
    /// number as a number, a date as YYYY-MM-DD, a choice as it was
    /// defined (whatever its case when typed).
    pub fn value(&self, value: &str) -> Result<String, DomainError> {
        let v = value.trim();
        let bad = |valid: String| DomainError::InvalidValue {
            field: "field value",
            value: format!("{}={v}", self.name),
            valid,
        };
        match self.kind {
            FieldType::Text => {
                if v.chars().count() > VALUE_LIMIT || v.contains(['\n', '\r']) {
                    return Err(bad(format!("one line of at most {VALUE_LIMIT} characters")));
                }
                Ok(v.to_string())
            }
            FieldType::Number => v
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|n| n.to_string())
                .ok_or_else(|| bad("a number, such as 12 or 3.5".into())),
            FieldType::Date => ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
                .map(|d| d.format("%Y-%m-%d").to_string())
                .ok_or_else(|| bad("a date, YYYY-MM-DD".into())),
            FieldType::Choice => self
                .choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(v))
                .cloned()
                .ok_or_else(|| bad(self.choices.join(", "))),
        }
    }

    /// How the field is described in lists and help: `site (text)`,
    /// `laptop (choice: mac, thinkpad)`.
    pub fn described(&self) -> String {
        if self.choices.is_empty() {
            format!("{} ({})", self.name, self.kind)
        } else {
            format!("{} ({}: {})", self.name, self.kind, self.choices.join(", "))
        }
    }
}

/// `NAME=VALUE` as typed after `--field`: the name and the value (empty
/// to clear it).
pub fn assignment(text: &str) -> Result<(String, String), DomainError> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| DomainError::Rule(format!("--field takes NAME=VALUE (got '{text}')")))?;
    Ok((name.trim().to_ascii_lowercase(), value.trim().to_string()))
}

/// The field called `name` among `fields`, or an error naming them.
pub fn find<'f>(fields: &'f [CustomField], name: &str) -> Result<&'f CustomField, DomainError> {
    let wanted = name.trim().to_ascii_lowercase();
    fields.iter().find(|f| f.name == wanted).ok_or_else(|| {
        DomainError::Rule(format!(
            "no field is called '{wanted}' (fields: {}); a lead adds one with `frontdesk fields add`",
            if fields.is_empty() {
                "none yet".to_string()
            } else {
                fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, kind: FieldType, choices: &[&str]) -> CustomField {
        CustomField {
            name: name.into(),
            kind,
            choices: choices.iter().map(|c| (*c).to_string()).collect(),
        }
    }

    #[test]
    fn values_are_checked_and_kept_in_one_form() {
        let cost = field("cost", FieldType::Number, &[]);
        assert_eq!(cost.value(" 12.50 ").unwrap(), "12.5");
        assert!(cost.value("twelve").is_err());
        assert!(cost.value("NaN").is_err());
        let due = field("start", FieldType::Date, &[]);
        assert_eq!(due.value("2026/3/2").unwrap(), "2026-03-02");
        assert!(due.value("2026-02-30").is_err());
        let laptop = field("laptop", FieldType::Choice, &["Mac", "ThinkPad"]);
        assert_eq!(laptop.value("thinkpad").unwrap(), "ThinkPad");
        let e = laptop.value("dell").unwrap_err().to_string();
        assert!(e.contains("Mac, ThinkPad"), "{e}");
    }

    #[test]
    fn a_name_is_letters_and_never_a_built_in_field() {
        assert_eq!(field_name("Cost-Centre").unwrap(), "cost-centre");
        assert!(field_name("status")
            .unwrap_err()
            .to_string()
            .contains("desk's own"));
        assert!(field_name("site 2").is_err());
        assert!(field_name("资产").is_err());
    }

    #[test]
    fn only_a_choice_field_has_choices() {
        assert!(field("laptop", FieldType::Choice, &[]).checked().is_err());
        assert!(field("site", FieldType::Text, &["a"]).checked().is_err());
        let f = field("os", FieldType::Choice, &["mac", " Mac ", "linux", ""])
            .checked()
            .unwrap();
        assert_eq!(f.choices, vec!["mac", "linux"]);
    }
}
