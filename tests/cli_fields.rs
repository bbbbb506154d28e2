//! Custom fields on the command line: a lead defines them, every value is
//! checked against its field, the query language finds them, and export
//! and import carry them.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};

fn defined(desk: &Desk) {
    desk.ok(&["init"]);
    desk.ok(&["people", "add", "ana", "--role", "lead"]);
    desk.ok(&["people", "add", "bo", "--role", "agent"]);
    desk.ok(&["fields", "add", "site", "--type", "text"]);
    desk.ok(&[
        "fields",
        "add",
        "laptop",
        "--type",
        "choice",
        "--choices",
        "Mac,ThinkPad",
    ]);
    desk.ok(&["fields", "add", "cost", "--type", "number"]);
    desk.ok(&["fields", "add", "start", "--type", "date"]);
}

/// Records a request with one field's value.
fn recorded(desk: &Desk, subject: &str, requester: &str, field: &str) {
    desk.ok(&[
        "new",
        "--subject",
        subject,
        "--requester",
        requester,
        "--field",
        field,
    ]);
}

#[test]
fn a_lead_defines_fields_and_an_agent_may_not() {
    let desk = Desk::new();
    defined(&desk);
    assert_eq!(
        desk.ok(&["fields", "list"]),
        "site (text)\nlaptop (choice: Mac, ThinkPad)\ncost (number)\nstart (date)\n"
    );
    let json = desk.json(&["fields", "list", "--format", "json"]);
    assert_eq!(json[1]["type"], "choice");
    assert_eq!(json[1]["choices"][1], "ThinkPad");
    let refused = desk
        .cmd_as("bo")
        .args(["fields", "add", "asset", "--type", "text"])
        .output()
        .unwrap();
    assert_eq!(code(&refused), 1);
    assert!(one_line_error(&refused).contains("only a team lead may define custom fields"));
    // A built-in field's name would make `status:` mean two things.
    let clash = desk.run(&["fields", "add", "status", "--type", "text"]);
    assert!(
        one_line_error(&clash).contains("one of the desk's own fields"),
        "{}",
        one_line_error(&clash)
    );
    let no_choices = desk.run(&["fields", "add", "os", "--type", "choice"]);
    assert!(one_line_error(&no_choices).contains("needs its choices"));
}

#[test]
fn values_are_checked_kept_in_one_form_and_each_change_is_history() {
    let desk = Desk::new();
    defined(&desk);
    let id = desk.ok(&[
        "new",
        "--subject",
        "New starter",
        "--requester",
        "Li Na",
        "--field",
        "site=Beijing",
        "--field",
        "laptop=thinkpad",
        "--field",
        "cost=1200.50",
    ]);
    let id = id.trim();
    let shown = desk.json(&["show", id, "--format", "json"]);
    assert_eq!(shown["fields"]["laptop"], "ThinkPad");
    assert_eq!(shown["fields"]["cost"], "1200.5");
    for (given, says) in [
        ("laptop=dell", "(valid: Mac, ThinkPad)"),
        ("cost=lots", "a number"),
        ("start=2026-02-30", "a date, YYYY-MM-DD"),
        (
            "colour=red",
            "no field is called 'colour' (fields: site, laptop, cost, start)",
        ),
        ("site", "--field takes NAME=VALUE"),
    ] {
        let out = desk.run(&["update", id, "--field", given]);
        assert_ne!(code(&out), 0, "{given}");
        assert!(
            one_line_error(&out).contains(says),
            "{given}: {}",
            one_line_error(&out)
        );
    }
    desk.ok(&["update", id, "--field", "start=2026/3/2", "--field", "site="]);
    let shown = desk.json(&["show", id, "--format", "json"]);
    assert_eq!(shown["fields"]["start"], "2026-03-02");
    assert!(shown["fields"].get("site").is_none(), "site= clears it");
    let text = desk.ok(&["show", id]);
    assert!(text.contains("\nstart        2026-03-02\n"), "{text}");
    assert!(text.contains("site Beijing → (none)"), "{text}");
    assert!(text.contains("start 2026-03-02"), "{text}");
    // Nothing changed, nothing recorded.
    let before = desk.json(&["show", id, "--format", "json"])["version"].clone();
    let same = desk.run(&["update", id, "--field", "laptop=THINKPAD"]);
    assert!(one_line_error(&same).contains("already has those values"));
    assert_eq!(desk.json(&["show", id, "--format", "json"])["version"], before);
}

#[test]
fn the_query_language_finds_requests_by_their_fields() {
    let desk = Desk::new();
    defined(&desk);
    for (subject, site, laptop) in [
        ("one", "Beijing", "Mac"),
        ("two", "Shanghai", "ThinkPad"),
        ("three", "", ""),
    ] {
        let mut args = vec!["new", "--subject", subject, "--requester", "Li Na"];
        let (s, l) = (format!("site={site}"), format!("laptop={laptop}"));
        if !site.is_empty() {
            args.extend(["--field", &s, "--field", &l]);
        }
        desk.ok(&args);
    }
    let subjects = |query: &str| -> Vec<String> {
        desk.json(&["list", "--query", query, "--format", "json", "--sort", "created"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["subject"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(subjects("site:beijing"), ["one"]);
    assert_eq!(subjects("laptop:mac,thinkpad"), ["two", "one"]);
    assert_eq!(subjects("-site:Beijing"), ["three", "two"]);
    let bad = desk.run(&["list", "--query", "laptop:dell"]);
    assert_eq!(code(&bad), 2);
    assert!(one_line_error(&bad).contains("valid: laptop (choice: Mac, ThinkPad)"));
    let unknown = desk.run(&["list", "--query", "colour:red"]);
    assert!(
        one_line_error(&unknown).contains("the desk's own: site, laptop, cost, start"),
        "{}",
        one_line_error(&unknown)
    );
    // A saved view may narrow by a custom field.
    desk.ok(&["views", "add", "beijing", "--query", "site:Beijing"]);
    assert_eq!(desk.listed(&["--view", "beijing"]), 1);
}

#[test]
fn export_and_import_carry_the_fields_and_csv_has_a_column_for_each() {
    let desk = Desk::new();
    defined(&desk);
    recorded(&desk, "one", "Li Na", "site=Beijing");
    recorded(&desk, "two", "Bo Wang", "laptop=Mac");
    let csv = desk.ok(&["export", "--format", "csv"]);
    let mut sheet = csv::Reader::from_reader(csv.as_bytes());
    let header = sheet.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = sheet.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()), "{csv}");
    assert_eq!((&rows[0][at("site")], &rows[0][at("laptop")]), ("Beijing", ""));
    assert_eq!((&rows[1][at("site")], &rows[1][at("laptop")]), ("", "Mac"));

    let file = desk.path("desk.json");
    desk.ok(&["export", "--out", file.to_str().unwrap()]);
    let other = Desk::new();
    other.ok(&["init"]);
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["fields", "list"]), desk.ok(&["fields", "list"]));
    assert_eq!(
        other.json(&["show", "1", "--format", "json"])["fields"]["site"],
        "Beijing"
    );

    // A value its field does not take refuses the whole file.
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"Mac\"\n", "\"Dell\"\n");
    std::fs::write(&file, text).unwrap();
    let third = Desk::new();
    third.ok(&["init"]);
    let refused = third.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&refused), 1);
    let why = one_line_error(&refused);
    assert!(
        why.contains("request 2 (record 2)") && why.contains("laptop=Dell"),
        "{why}"
    );
    assert_eq!(third.listed(&[]), 0);
}

#[test]
fn removing_a_field_takes_its_values_and_a_type_is_kept() {
    let desk = Desk::new();
    defined(&desk);
    recorded(&desk, "one", "Li Na", "site=Beijing");
    let retyped = desk.run(&["fields", "add", "site", "--type", "number"]);
    assert!(one_line_error(&retyped).contains("remove it first"));
    recorded(&desk, "two", "Li Na", "laptop=Mac");
    let narrowed = desk.run(&[
        "fields",
        "add",
        "laptop",
        "--type",
        "choice",
        "--choices",
        "ThinkPad",
    ]);
    assert!(one_line_error(&narrowed).contains("request 2 keeps laptop=Mac"));
    assert_eq!(
        desk.ok(&["fields", "remove", "site"]),
        "field site removed, with its values\n"
    );
    assert!(desk
        .json(&["show", "1", "--format", "json"])
        .get("fields")
        .is_none());
}
