//! Filters on top of the view: status, priority, department, team,
//! assignee.

use super::{labels, optional};
use crate::domain::{Priority, Status};
use crate::tui::app::ExtraFilter;
use crate::tui::form::{Field, FieldId, Form, Purpose, Suggest};

const ANY: &str = "any";

pub fn filter(current: &ExtraFilter) -> Form {
    let mut statuses = vec![ANY.to_string()];
    statuses.extend(labels(Status::ALL));
    let mut priorities = vec![ANY.to_string()];
    priorities.extend(labels(Priority::ALL));
    let mut form = Form::new(
        Purpose::Filter,
        "Filter the queue (on top of the view)",
        vec![
            Field::choice(FieldId::Status, statuses, 0),
            Field::choice(FieldId::Priority, priorities, 0),
            Field::text(FieldId::Department, current.department.as_deref().unwrap_or(""))
                .suggesting(Suggest::Departments),
            Field::text(FieldId::Team, current.team.as_deref().unwrap_or("")).suggesting(Suggest::Teams),
            Field::text(FieldId::Assignee, current.assignee.as_deref().unwrap_or(""))
                .suggesting(Suggest::Staff),
        ],
    );
    if let (Some(f), Some(s)) = (form.field_mut(FieldId::Status), current.status) {
        f.set_choice(s.as_str());
    }
    if let (Some(f), Some(p)) = (form.field_mut(FieldId::Priority), current.priority) {
        f.set_choice(p.as_str());
    }
    form
}

pub(super) fn read_filter(form: &Form) -> ExtraFilter {
    ExtraFilter {
        status: form.value(FieldId::Status).parse().ok(),
        priority: form.value(FieldId::Priority).parse().ok(),
        department: optional(form, FieldId::Department),
        team: optional(form, FieldId::Team),
        assignee: optional(form, FieldId::Assignee),
    }
}
