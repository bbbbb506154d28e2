//! The spreadsheet the team kept before: a Chinese Excel sheet saved as
//! CSV (GBK) with Chinese headers, taken in whole or not at all.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};

const SHEET: &str = "编号,标题,申请人,部门,状态,优先级,处理人,创建时间,解决时间,备注
101,打印机卡纸,李娜,人事部,已解决,高,,2026/11/2 9:15,2026/11/2 11:00,三楼
102,VPN 连不上,王芳,研发中心,处理中,中,bo,2026-11-20 14:00,,
103,申请新显示器,张伟,财务部,待处理,低,,46340,,
";

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

fn desk_with_bo() -> Desk {
    let desk = Desk::new();
    desk.ok(&["init"]);
    desk.ok(&["people", "add", "bo", "--role", "agent"]);
    desk
}

#[test]
fn a_gbk_sheet_with_chinese_headers_comes_in_with_its_dates_status_and_owner() {
    let desk = desk_with_bo();
    let file = desk.path("工单.csv");
    std::fs::write(&file, gbk(SHEET)).unwrap();
    let dry = desk.ok(&["import-requests", file.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("as GBK (GB18030): 3 rows"), "{dry}");
    assert!(dry.contains("编号 → number, 标题 → subject, 申请人 → requester, 部门 → department, 状态 → status, 优先级 → urgency, 处理人 → assignee, 创建时间 → created, 解决时间 → resolved, 备注 → (not taken)"), "{dry}");
    assert!(
        dry.contains(
            "row 3: \"VPN 连不上\" from 王芳 (研发中心), open, created 2026-11-20 14:00, assigned to bo"
        ),
        "{dry}"
    );
    assert!(
        dry.ends_with("problems: none\nnothing was written (--dry-run)\n"),
        "{dry}"
    );
    assert_eq!(desk.listed(&["--status", "new,open,waiting,resolved,closed"]), 0);
    let done = desk.ok(&["import-requests", file.to_str().unwrap()]);
    assert!(done.starts_with("imported 3 requests from"), "{done}");
    assert!(
        done.trim_end().ends_with("read as GBK (GB18030) (#1–#3)"),
        "{done}"
    );
    let first = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(first["subject"], "打印机卡纸");
    assert_eq!(first["department"], "人事部");
    assert_eq!(first["status"], "resolved");
    assert_eq!(first["urgency"], "high");
    assert_eq!(first["created_at"], "2026-11-02T09:15:00Z");
    assert_eq!(first["resolved_at"], "2026-11-02T11:00:00Z");
    assert_eq!(first["tags"], serde_json::json!(["no-101"]));
    assert_eq!(
        first["follow_up_at"],
        serde_json::Value::Null,
        "no call back for old work"
    );
    assert!(desk.ok(&["show", "1"]).contains("imported from 工单.csv, row 2"));
    let second = desk.json(&["show", "2", "--format", "json"]);
    assert_eq!(
        (second["status"].as_str(), second["assignee"].as_str()),
        (Some("open"), Some("bo"))
    );
    assert_eq!(
        desk.json(&["show", "3", "--format", "json"])["created_at"],
        "2026-11-14T00:00:00Z"
    );
    // Its missed targets are history, not escalations.
    desk.ok(&["sweep"]);
    assert_eq!(desk.listed(&["--escalated"]), 0);
}

#[test]
fn a_row_that_breaks_a_rule_refuses_the_whole_file_naming_row_and_column() {
    let desk = desk_with_bo();
    let file = desk.path("sheet.csv");
    let bad = SHEET.replace("处理中", "搁置").replace("46340", "next week");
    std::fs::write(&file, bad.as_bytes()).unwrap();
    let dry = desk.ok(&["import-requests", file.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("as UTF-8: 1 rows"), "{dry}");
    assert!(
        dry.contains("problems (2):\n  row 3, column 状态: '搁置' is not a status"),
        "{dry}"
    );
    assert!(
        dry.contains("  row 4, column 创建时间: 'next week' is not a date"),
        "{dry}"
    );
    let out = desk.run(&["import-requests", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let said = one_line_error(&out);
    assert!(
        said.contains("row 3, column 状态: '搁置' is not a status"),
        "{said}"
    );
    assert!(
        said.contains("(and 1 more problems: --dry-run lists them all); nothing was imported"),
        "{said}"
    );
    // An owner who is not staff is found only by the desk: still nothing.
    std::fs::write(&file, SHEET.replace(",bo,", ",nobody,")).unwrap();
    let out = desk.run(&["import-requests", file.to_str().unwrap()]);
    assert!(
        one_line_error(&out).contains("row 3: no member of staff is called 'nobody'"),
        "{}",
        one_line_error(&out)
    );
    assert_eq!(desk.listed(&["--status", "new,open,waiting,resolved,closed"]), 0);
}

#[test]
fn unknown_headers_are_named_and_map_says_which_is_which() {
    let desk = desk_with_bo();
    let file = desk.path("sheet.csv");
    std::fs::write(&file, "Was,Wer\nDrucker kaputt,Jonas\n").unwrap();
    let out = desk.run(&["import-requests", file.to_str().unwrap()]);
    assert!(
        one_line_error(&out).contains("no column is the subject (columns: Was, Wer)"),
        "{}",
        one_line_error(&out)
    );
    desk.ok(&[
        "import-requests",
        file.to_str().unwrap(),
        "--map",
        "Was=subject,Wer=requester",
    ]);
    assert_eq!(
        desk.json(&["show", "1", "--format", "json"])["requester"],
        "Jonas"
    );
    let bad_map = desk.run(&["import-requests", file.to_str().unwrap(), "--map", "Wo=subject"]);
    assert_eq!(code(&bad_map), 2);
    assert!(one_line_error(&bad_map).contains("has no column 'Wo'"));
}
