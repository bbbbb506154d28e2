//! Follow-ups after resolution, service recovery, auto-close and survey
//! imports, on the fixed clock (Wednesday 2026-11-25 10:00 UTC).

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};

fn resolved(desk: &Desk, subject: &str, kind: &str) -> String {
    let id = desk
        .ok(&["new", "--subject", subject, "--requester", "Ben", "--kind", kind])
        .trim()
        .to_string();
    desk.ok(&["resolve", &id, "--resolution", "fixed"]);
    id
}

#[test]
fn resolving_schedules_a_follow_up_call_the_next_business_day() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    let id = desk
        .ok(&[
            "new",
            "--subject",
            "s",
            "--requester",
            "Ben",
            "--kind",
            "complaint",
        ])
        .trim()
        .to_string();
    desk.ok(&["update", &id, "--assign", "bob"]);
    desk.ok(&["resolve", &id, "--resolution", "done"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["follow_up_at"], "2026-11-26T10:00:00Z");
    assert_eq!(r["follow_up_kind"], "rating");
    assert_eq!(r["follow_up_owner"], "bob");
    let list = desk.ok(&["followups"]);
    assert!(list.contains("rating") && list.contains("bob"), "{list}");
    // Friday afternoon → Monday.
    let late = desk
        .ok_at(
            "2026-11-27T17:00:00Z",
            &["new", "--subject", "t", "--requester", "B"],
        )
        .trim()
        .to_string();
    desk.ok_at(
        "2026-11-27T17:00:00Z",
        &["resolve", &late, "--resolution", "done"],
    );
    assert_eq!(
        desk.json(&["show", &late, "--format", "json"])["follow_up_at"],
        "2026-11-30T17:00:00Z"
    );
}

#[test]
fn a_good_rating_completes_the_follow_up_and_can_close() {
    let desk = Desk::new();
    let id = resolved(&desk, "s", "request");
    desk.ok(&["rate", &id, "--score", "5", "--close"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert!(r["follow_up_at"].is_null());
    assert_eq!(r["status"], "closed");
    assert!(desk
        .json(&["followups", "--format", "json"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_low_score_opens_service_recovery_for_the_team_lead() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "zoe", "--role", "lead", "--team", "Facilities"]);
    // Once the desk has a lead, only a lead appoints another.
    desk.cmd_as("zoe")
        .args(["people", "add", "lena", "--role", "lead", "--team", "Network"])
        .assert()
        .success();
    let id = resolved(&desk, "slow fix", "complaint");
    desk.ok(&["update", &id, "--team", "Network"]);
    desk.ok(&["rate", &id, "--score", "2", "--comment", "took a week", "--close"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["status"], "closed");
    assert_eq!(r["follow_up_kind"], "recovery");
    assert_eq!(r["follow_up_owner"], "lena", "the lead of the request's team");
    let last = r["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "follow_up");
    assert_eq!(last["body"], "overall 2/5: lena calls back to put it right");
    desk.cmd_as("lena")
        .args(["followup-done", &id, "--note", "apologised, spare laptop lent"])
        .assert()
        .success();
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert!(r["follow_up_at"].is_null());
    let out = desk.run(&["followup-done", &id]);
    assert_eq!(code(&out), 1);
}

#[test]
fn resolved_requests_nobody_rated_close_themselves() {
    let desk = Desk::new();
    let id = resolved(&desk, "s", "request");
    let rated = resolved(&desk, "r", "request");
    desk.ok(&["rate", &rated, "--score", "4"]);
    assert_eq!(
        desk.json_at("2026-12-01T10:00:00Z", &["show", &id, "--format", "json"])["status"],
        "resolved"
    );
    let r = desk.json_at("2026-12-02T10:00:01Z", &["show", &id, "--format", "json"]);
    assert_eq!(r["status"], "closed");
    let last = r["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "closed automatically: not rated within 7 days");
    assert_eq!(last["actor"], "frontdesk");
    assert_eq!(
        desk.json_at("2026-12-02T10:00:01Z", &["show", &rated, "--format", "json"])["status"],
        "resolved"
    );
    desk.ok(&["auto-close", "--days", "2"]);
    assert!(desk.ok(&["auto-close"]).contains("after 2 days"));
    let out = desk.run(&["auto-close", "--days", "0"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn survey_imports_take_good_rows_and_report_bad_ones_by_line() {
    let desk = Desk::new();
    let a = resolved(&desk, "a", "request");
    let b = resolved(&desk, "b", "request");
    let c = resolved(&desk, "c", "request");
    let open = desk.new_request("still open");
    desk.ok(&["rate", &c, "--score", "3"]);
    let file = desk.path("survey.csv");
    std::fs::write(
        &file,
        format!(
            "Request ID,Overall,Speed,Quality,Communication,Recommend,Comment\n\
             {a},5,5,4,5,10,\"Great, quick\"\n\
             999,4,,,,,\n\
             {b},7,,,,,\n\
             {c},4,,,,,\n\
             {open},4,,,,,\n\
             {b},4,,,,9,ok\n\
             {a},3,,,,,again\n"
        ),
    )
    .unwrap();
    let out = desk.run(&["import-ratings", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "imported 2 ratings, refused 5 rows\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "line 3: request 999 does not exist",
        "line 4: invalid overall score '7' (valid: 1 to 5)",
        &format!("line 5: request {c} already has a rating"),
        &format!("line 6: request {open} is new; only resolved requests are rated"),
        &format!("line 8: request {a} appears twice in the file"),
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    assert_eq!(
        desk.json(&["show", &a, "--format", "json"])["rating"]["comment"],
        "Great, quick"
    );
    assert_eq!(
        desk.json(&["show", &b, "--format", "json"])["rating"]["recommend"],
        9
    );
}

#[test]
fn reports_in_every_format_agree_and_the_html_page_has_every_chart() {
    let desk = Desk::new();
    desk.ok_at("2026-11-01T09:00:00Z", &["init", "--demo", "150"]);
    let json = desk.json(&["report", "--by", "dept", "--format", "json"]);
    let volume = json["overall"]["volume"].as_u64().unwrap();
    assert!(volume > 0);
    let groups = json["groups"].as_array().unwrap();
    assert!(groups.len() > 2);
    let summed: u64 = groups.iter().map(|g| g["volume"].as_u64().unwrap()).sum();
    assert_eq!(summed, volume, "groups add up to the whole");
    assert_eq!(json["by_priority"].as_array().unwrap().len(), 4);
    assert!(json["weekly"].as_array().unwrap().len() >= 13);

    let table = desk.ok(&["report", "--by", "dept"]);
    assert!(
        table.contains(&format!("Requests                     {volume}")),
        "{table}"
    );
    let csv = desk.ok(&["report", "--by", "dept", "--format", "csv"]);
    assert!(csv.starts_with("department,Requests,Backlog"));
    assert!(csv.lines().nth(1).unwrap().starts_with(&format!("all,{volume},")));
    assert_eq!(csv.lines().count(), groups.len() + 2);

    let page = desk.path("report.html");
    desk.ok(&[
        "report",
        "--by",
        "team",
        "--format",
        "html",
        "--out",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: no scripts, links or fetched resources; the only
    // addresses are XML namespace names.
    assert!(!html.contains("<script") && !html.contains("<link"));
    assert_eq!(html.matches("http").count(), html.matches("xmlns=\"http").count());
    assert!(!html.contains("src=") && !html.contains("@import") && !html.contains("url("));
    let xml = html.trim_start_matches("<!DOCTYPE html>\n");
    let doc = roxmltree::Document::parse(xml).expect("well-formed page");
    let by_id = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id));
    for chart in ["chart-volume", "chart-csat", "chart-sla", "chart-distribution"] {
        let svg = by_id(chart).unwrap_or_else(|| panic!("no {chart}"));
        assert_eq!(svg.tag_name().name(), "svg");
    }
    // Every week a point; the week still under way (the fixed clock is a
    // Wednesday) hollow and named "so far", not plotted as a drop.
    let volume_chart = by_id("chart-volume").unwrap();
    let class_count = |class: &str| {
        volume_chart
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .count()
    };
    assert_eq!(
        class_count("point") + class_count("point partial"),
        json["weekly"].as_array().unwrap().len()
    );
    assert_eq!(class_count("point partial"), 1);
    assert!(volume_chart
        .descendants()
        .any(|n| n.text().is_some_and(|t| t.ends_with("(so far)"))));
    // Both ends of the axis are labelled.
    for chart in ["chart-volume", "chart-csat", "chart-sla"] {
        let svg = by_id(chart).unwrap();
        let label = |class: &str| {
            svg.descendants()
                .find(|n| n.attribute("class") == Some(class))
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        assert!(label("axis-top").is_some(), "{chart}");
        assert!(
            label("axis-bottom").is_some_and(|t| t.starts_with('0')),
            "{chart}"
        );
    }
    // Split by team as asked, and by department always.
    let departments = by_id("departments").expect("a table by department");
    let rows = departments
        .descendants()
        .filter(|n| n.tag_name().name() == "tr")
        .count();
    assert_eq!(rows, groups.len() + 1, "a row per department and the heading");
    let bars: Vec<_> = by_id("chart-distribution")
        .unwrap()
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar"))
        .collect();
    assert_eq!(bars.len(), 5);
    let tiles: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("tile"))
        .collect();
    assert_eq!(tiles.len(), 19);
    let requests_tile = tiles
        .iter()
        .find(|t| t.attribute("data-kpi") == Some("requests"))
        .unwrap();
    let value = requests_tile
        .descendants()
        .find(|n| n.attribute("class") == Some("v"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(value, volume.to_string());
    let csat = tiles
        .iter()
        .find(|t| t.attribute("data-kpi") == Some("csat"))
        .unwrap();
    assert!(csat
        .descendants()
        .any(|n| n.text().is_some_and(|t| t.ends_with('%'))));
    for table in ["priorities", "groups", "weeks"] {
        let rows = by_id(table)
            .unwrap()
            .descendants()
            .filter(|n| n.tag_name().name() == "tr")
            .count();
        assert!(rows > 1, "{table} has rows");
    }
}

#[test]
fn the_per_priority_section_agrees_with_a_report_split_by_priority() {
    let desk = Desk::new();
    let id = resolved(&desk, "slow fix", "request");
    desk.ok(&["rate", &id, "--score", "5"]);
    let whole = desk.json(&["report", "--format", "json"]);
    let split = desk.json(&["report", "--by", "priority", "--format", "json"]);
    let section = whole["by_priority"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["ratings"] == 1)
        .cloned();
    let group = split["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["ratings"] == 1)
        .cloned();
    let (section, group) = (
        section.expect("the rating in the per-priority section"),
        group.expect("a group"),
    );
    assert_eq!(section["name"], group["name"]);
    assert_eq!(section["csat"], group["csat"]);
    let table = desk.ok(&["report"]);
    assert!(
        !table.lines().next().unwrap().contains('T'),
        "local dates in the heading: {table}"
    );
}

/// What unhappy requesters say: on a desk whose low ratings mention 等太久
/// in seven comments, it is the first theme, said seven times; reopen
/// reasons count too, and what the desk's requests are about does not.
#[test]
fn the_theme_most_low_ratings_share_comes_first() {
    let desk = Desk::new();
    let comments = [
        "等太久了，问题还在",
        "还可以，但是等太久了",
        "等太久了，打了好几次电话",
        "响应慢，等太久",
        "等太久！",
        "printer fixed, but 等太久了",
        "等太久了，没人回电话",
        "没人回电话，响应慢",
        "Fine, thanks",
    ];
    for (n, comment) in comments.iter().enumerate() {
        let id = resolved(&desk, &format!("Printer {n} jams"), "incident");
        let score = if n == 8 { "5" } else { "2" };
        desk.ok(&["rate", &id, "--score", score, "--comment", comment]);
    }
    let reopened = resolved(&desk, "Printer 9 jams", "incident");
    desk.ok(&["reopen", &reopened, "--reason", "响应慢，又坏了"]);
    let themes = desk.json(&["report", "--themes", "--format", "json"]);
    assert_eq!(themes["low_ratings"], 8);
    assert_eq!(themes["reopened"], 1);
    let first = &themes["themes"][0];
    assert_eq!(first["theme"], "等太久", "{themes}");
    assert_eq!(first["count"], 7);
    assert_eq!(first["share_of_low"], 87.5);
    assert_eq!(first["examples"].as_array().unwrap().len(), 3);
    let named: Vec<&str> = themes["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["theme"].as_str().unwrap())
        .collect();
    assert!(
        named.contains(&"响应慢") && named.contains(&"没人回电话"),
        "{named:?}"
    );
    assert!(!named.contains(&"printer"), "what requests are about: {named:?}");
    let table = desk.ok(&["report", "--themes"]);
    assert!(
        table.contains("8 low ratings (1–3), 1 reopened with a reason"),
        "{table}"
    );
    let html = desk.ok(&["report", "--format", "html"]);
    assert!(
        html.contains("<h2>What unhappy requesters say</h2>") && html.contains("<td>等太久</td>"),
        "{html}"
    );
    let wrong = desk.run(&["report", "--themes", "--by", "agent"]);
    assert_eq!(common::code(&wrong), 2);
}

/// A service target: the figure over its span so far, against its goal,
/// with a verdict that follows the clock — on track, met once the
/// deadline passes, missed for one set too high; only a lead sets one.
#[test]
fn a_target_shows_its_current_figure_and_a_verdict() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "lena", "--role", "lead"]);
    let at = "2026-11-02T10:00:00Z";
    for score in ["5", "4", "2"] {
        let id = desk
            .ok_at(at, &["new", "--subject", "Laptop", "--requester", "Ben"])
            .trim()
            .to_string();
        desk.ok_at(at, &["resolve", &id, "--resolution", "fixed"]);
        desk.ok_at(at, &["rate", &id, "--score", score]);
    }
    let set = |name: &str, goal: &[&str]| {
        let mut args = vec!["targets", "set", name, "--kpi", "csat"];
        args.extend_from_slice(goal);
        args.extend_from_slice(&["--from", "2026-11-01", "--by", "2026-11-30"]);
        desk.cmd_as("lena")
            .env("FRONTDESK_NOW", at)
            .args(&args)
            .output()
            .unwrap()
    };
    assert!(set("good", &["--at-least", "60"]).status.success());
    assert!(set("high", &["--at-least", "90"]).status.success());
    let refused = desk.run(&[
        "targets",
        "set",
        "mine",
        "--kpi",
        "csat",
        "--at-least",
        "1",
        "--by",
        "2027-01-01",
    ]);
    assert_eq!(common::code(&refused), 1);
    assert!(
        one_line_error(&refused).contains("only a team lead"),
        "{}",
        one_line_error(&refused)
    );

    let listed = |now: &str| -> Vec<(String, f64, String)> {
        desk.json_at(now, &["targets", "list", "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().unwrap().to_string(),
                    (t["current"].as_f64().unwrap() * 10.0).round() / 10.0,
                    t["verdict"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // Two of three rated 4 or 5: CSAT 66.7%.
    assert_eq!(
        listed("2026-11-10T10:00:00Z"),
        [
            ("good".into(), 66.7, "on track".into()),
            ("high".into(), 66.7, "at risk".into())
        ]
    );
    assert_eq!(
        listed("2026-12-05T10:00:00Z"),
        [
            ("good".into(), 66.7, "met".into()),
            ("high".into(), 66.7, "missed".into())
        ]
    );
    let table = desk.ok_at("2026-11-10T10:00:00Z", &["targets", "list"]);
    assert!(
        table.contains("good") && table.contains("≥ 60.0%") && table.contains("on track"),
        "{table}"
    );
    desk.cmd_as("lena")
        .args(["targets", "remove", "high"])
        .assert()
        .success();
    assert_eq!(listed("2026-11-10T10:00:00Z").len(), 1);
}
