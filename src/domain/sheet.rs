//! The spreadsheet a team kept before Frontdesk: its columns recognised
//! by their headers (English or Chinese, as a Chinese Excel sheet names
//! them), its cells read as requests — statuses, priorities and dates in
//! the forms spreadsheets hold them — and every problem named by row and
//! column, so a file comes in whole or not at all.

use chrono::{Duration, Local, LocalResult, NaiveDate, NaiveDateTime, TimeZone};

use super::request::tag;
use super::{NewRequest, Status, Urgency};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Their own number for the request (kept as a tag, `no-12`).
    Number,
    Subject,
    Body,
    Requester,
    Department,
    Contact,
    Category,
    Status,
    /// Priority or urgency.
    Urgency,
    Assignee,
    Created,
    Resolved,
}

/// The fields `--map` names, and the column each means.
pub const FIELDS: &[(&str, Column)] = &[
    ("number", Column::Number),
    ("subject", Column::Subject),
    ("body", Column::Body),
    ("requester", Column::Requester),
    ("department", Column::Department),
    ("contact", Column::Contact),
    ("category", Column::Category),
    ("status", Column::Status),
    ("urgency", Column::Urgency),
    ("assignee", Column::Assignee),
    ("created", Column::Created),
    ("resolved", Column::Resolved),
];

impl Column {
    pub fn field(self) -> &'static str {
        FIELDS.iter().find(|(_, c)| *c == self).map_or("?", |(f, _)| f)
    }
}

/// The column a header names, in English or Chinese.
pub fn recognise(header: &str) -> Option<Column> {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    let h = h.trim_end_matches([':', '：']).trim();
    let is = |names: &[&str]| names.contains(&h);
    Some(
        if is(&["编号", "序号", "id", "no", "no.", "number", "#", "ticket"]) {
            Column::Number
        } else if is(&["标题", "主题", "问题", "subject", "title", "summary", "issue"]) {
            Column::Subject
        } else if is(&[
            "描述",
            "内容",
            "详情",
            "description",
            "details",
            "body",
            "content",
        ]) {
            Column::Body
        } else if is(&[
            "申请人",
            "报告人",
            "提出人",
            "requester",
            "reporter",
            "requested by",
            "name",
            "from",
        ]) {
            Column::Requester
        } else if is(&["部门", "department", "dept"]) {
            Column::Department
        } else if is(&["联系方式", "电话", "邮箱", "contact", "phone", "email", "e-mail"]) {
            Column::Contact
        } else if is(&["类别", "分类", "category", "type"]) {
            Column::Category
        } else if is(&["状态", "status", "state"]) {
            Column::Status
        } else if is(&["优先级", "紧急程度", "priority", "urgency"]) {
            Column::Urgency
        } else if is(&["处理人", "负责人", "assignee", "owner", "assigned to", "handler"]) {
            Column::Assignee
        } else if is(&[
            "创建时间",
            "提交时间",
            "日期",
            "created",
            "created at",
            "date",
            "opened",
            "submitted",
        ]) {
            Column::Created
        } else if is(&[
            "解决时间",
            "完成时间",
            "resolved",
            "resolved at",
            "closed at",
            "completed",
            "done at",
        ]) {
            Column::Resolved
        } else {
            return None;
        },
    )
}

/// A status as a sheet says it.
pub fn status(cell: &str) -> Option<Status> {
    let c = cell.trim().to_lowercase();
    Some(match c.as_str() {
        "待处理" | "新建" | "新" | "new" | "to do" | "todo" => Status::New,
        "处理中" | "进行中" | "open" | "in progress" | "doing" | "assigned" => Status::Open,
        "等待" | "挂起" | "waiting" | "on hold" | "pending" => Status::Waiting,
        "已解决" | "已完成" | "resolved" | "done" | "fixed" | "completed" => Status::Resolved,
        "已关闭" | "关闭" | "closed" => Status::Closed,
        _ => return None,
    })
}

/// An urgency as a sheet says it (a priority P1–P4 becomes the urgency
/// that gives it at medium impact).
pub fn urgency(cell: &str) -> Option<Urgency> {
    let c = cell.trim().to_lowercase();
    Some(match c.as_str() {
        "特急" | "非常紧急" | "critical" | "p1" | "1" => Urgency::Critical,
        "高" | "紧急" | "high" | "urgent" | "p2" | "2" => Urgency::High,
        "中" | "一般" | "普通" | "medium" | "normal" | "p3" | "3" => Urgency::Medium,
        "低" | "不急" | "low" | "p4" | "4" => Urgency::Low,
        _ => return None,
    })
}

/// A date and time as spreadsheets hold them, in local time:
/// `2026-03-02 09:15`, `2026/3/2`, `2026.3.2 9:15`, `2026年3月2日`, or an
/// Excel serial number (days since 1899-12-30, the fraction the time).
pub fn when(cell: &str) -> Option<i64> {
    let c = cell.trim();
    if let Ok(serial) = c.parse::<f64>() {
        if (1.0..100_000.0).contains(&serial) {
            let day = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
            let at = day + Duration::seconds((serial * 86_400.0).round() as i64);
            return local(at);
        }
        return None;
    }
    if let Ok(t) = super::time::parse_rfc3339(c) {
        return Some(t);
    }
    let normal = c.replace(['/', '.', '年', '月'], "-").replace(['日', 'T'], " ");
    let normal = normal.trim();
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(normal, f) {
            return local(t);
        }
    }
    NaiveDate::parse_from_str(normal, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .and_then(local)
}

fn local(t: NaiveDateTime) -> Option<i64> {
    match Local.from_local_datetime(&t) {
        LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => Some(x.timestamp()),
        LocalResult::None => None,
    }
    .filter(|t| (super::time::FIRST_DATE..super::time::AFTER_LAST_DATE).contains(t))
}

/// One row of the sheet, read: the request it records and what it
/// carries besides.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// Its row in the file (the header is row 1).
    pub row: usize,
    pub new: NewRequest,
    pub status: Status,
    pub assignee: Option<String>,
    pub created_at: Option<i64>,
    pub resolved_at: Option<i64>,
    /// Their own number, as a tag.
    pub number_tag: Option<String>,
}

/// Reads row `row` (its `cells`, under `columns`): the request, or each
/// problem as "row N, column HEADER: what is wrong".
pub fn read_row(
    row: usize,
    headers: &[String],
    columns: &[Option<Column>],
    cells: &[String],
) -> Result<SheetRow, Vec<String>> {
    let mut problems = Vec::new();
    let mut out = SheetRow {
        row,
        new: NewRequest::default(),
        status: Status::New,
        assignee: None,
        created_at: None,
        resolved_at: None,
        number_tag: None,
    };
    let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    for (i, column) in columns.iter().enumerate() {
        let (Some(column), Some(cell)) = (column, cells.get(i)) else {
            continue;
        };
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let mut problem = |what: String| problems.push(format!("row {row}, column {}: {what}", headers[i]));
        match column {
            Column::Number => match tag(&format!("no-{cell}")) {
                Ok(t) => out.number_tag = Some(t),
                Err(_) => problem(format!("'{cell}' cannot be kept as a number (letters, digits, - _ . /)")),
            },
            Column::Subject => out.new.subject = cell.to_string(),
            Column::Body => out.new.body = cell.to_string(),
            Column::Requester => out.new.requester = cell.to_string(),
            Column::Department => out.new.department = text(cell),
            Column::Contact => out.new.contact = text(cell),
            Column::Category => out.new.category = text(cell),
            Column::Assignee => out.assignee = text(cell),
            Column::Status => match status(cell) {
                Some(s) => out.status = s,
                None => problem(format!(
                    "'{cell}' is not a status (待处理/新建, 处理中/进行中, 等待/挂起, 已解决/已完成, 已关闭, or new, open, waiting, resolved, closed)"
                )),
            },
            Column::Urgency => match urgency(cell) {
                Some(u) => out.new.urgency = u,
                None => problem(format!("'{cell}' is not a priority (高, 中, 低, 特急; high, medium, low, critical; P1–P4)")),
            },
            Column::Created | Column::Resolved => match when(cell) {
                Some(t) if *column == Column::Created => out.created_at = Some(t),
                Some(t) => out.resolved_at = Some(t),
                None => problem(format!("'{cell}' is not a date (2026-03-02 09:15, 2026/3/2, or an Excel date)")),
            },
        }
    }
    if out.new.subject.trim().is_empty() {
        problems.push(format!("row {row}: no subject"));
    }
    if out.new.requester.trim().is_empty() {
        problems.push(format!("row {row}: no requester"));
    }
    if let (Some(c), Some(r)) = (out.created_at, out.resolved_at) {
        if r < c {
            problems.push(format!("row {row}: resolved before it was created"));
        }
    }
    if problems.is_empty() {
        match out.new.clone().validated() {
            Ok(n) => out.new = n,
            Err(e) => problems.push(format!("row {row}: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// `--map "标题=subject,人=requester"`: each named header and its column.
pub fn parse_map(map: &str) -> Result<Vec<(String, Column)>, String> {
    map.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            let (header, field) = pair
                .split_once('=')
                .ok_or_else(|| format!("'{pair}' is not COLUMN=field"))?;
            let column = FIELDS
                .iter()
                .find(|(f, _)| f.eq_ignore_ascii_case(field.trim()))
                .map(|(_, c)| *c)
                .ok_or_else(|| {
                    let known: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
                    format!("'{}' is not a field (fields: {})", field.trim(), known.join(", "))
                })?;
            Ok((header.trim().to_string(), column))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_headers_are_recognised() {
        assert_eq!(recognise("标题"), Some(Column::Subject));
        assert_eq!(recognise("\u{feff}编号"), Some(Column::Number));
        assert_eq!(recognise("申请人："), Some(Column::Requester));
        assert_eq!(recognise("Resolved at"), Some(Column::Resolved));
        assert_eq!(recognise("备注"), None);
    }

    #[test]
    fn statuses_priorities_and_dates_as_sheets_hold_them() {
        assert_eq!(status("处理中"), Some(Status::Open));
        assert_eq!(status("挂起"), Some(Status::Waiting));
        assert_eq!(status("已完成"), Some(Status::Resolved));
        assert_eq!(status("搁置"), None);
        assert_eq!(urgency("高"), Some(Urgency::High));
        assert_eq!(urgency("P1"), Some(Urgency::Critical));
        std::env::set_var("TZ", "UTC");
        let at = |s: &str| when(s).map(crate::domain::time::rfc3339);
        assert_eq!(at("2026-03-02 09:15").as_deref(), Some("2026-03-02T09:15:00Z"));
        assert_eq!(at("2026/3/2").as_deref(), Some("2026-03-02T09:00:00Z"));
        assert_eq!(at("2026年3月2日 14:30").as_deref(), Some("2026-03-02T14:30:00Z"));
        assert_eq!(at("46083.5").as_deref(), Some("2026-03-02T12:00:00Z"));
        assert_eq!(when("next week"), None);
    }

    #[test]
    fn a_row_names_each_problem_by_row_and_column() {
        let headers: Vec<String> = ["标题", "申请人", "状态", "创建时间"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        let columns: Vec<Option<Column>> = headers.iter().map(|h| recognise(h)).collect();
        let cells = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        let ok = read_row(
            2,
            &headers,
            &columns,
            &cells(&["打印机卡纸", "李娜", "已解决", "2026-03-02"]),
        )
        .unwrap();
        assert_eq!(
            (ok.new.subject.as_str(), ok.status),
            ("打印机卡纸", Status::Resolved)
        );
        let bad = read_row(3, &headers, &columns, &cells(&["", "李娜", "搁置", "tomorrow"])).unwrap_err();
        assert!(
            bad[0].starts_with("row 3, column 状态: '搁置' is not a status"),
            "{bad:?}"
        );
        assert!(
            bad[1].starts_with("row 3, column 创建时间: 'tomorrow' is not a date"),
            "{bad:?}"
        );
        assert_eq!(bad[2], "row 3: no subject");
        assert_eq!(
            parse_map("Titel=subject, Wer=requester").unwrap()[1].1,
            Column::Requester
        );
        assert!(parse_map("Titel=topic")
            .unwrap_err()
            .contains("fields: number, subject"));
    }
}
