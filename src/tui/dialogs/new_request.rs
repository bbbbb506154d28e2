//! The phone-record form: a new request, with the priority and the due
//! time its urgency and impact give shown as they change.

use super::{field_for, labels, optional};
use crate::domain::custom_field::CustomField;
use crate::domain::duplicates::PossibleDuplicate;
use crate::domain::template::Template;
use crate::domain::text::inert_line;
use crate::domain::time::parse_datetime;
use crate::domain::{Channel, Impact, Kind, NewRequest, Person, Priority, Request, RequestId, Urgency};
use crate::tui::form::Suggest;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

/// The form, with a line for each of the desk's `custom` fields before
/// the subject.
pub fn new_request(custom: &[CustomField]) -> Form {
    let mut fields = vec![
        Field::text(FieldId::Template, "").suggesting(Suggest::Templates),
        Field::text(FieldId::Requester, "").suggesting(Suggest::People),
        Field::text(FieldId::Department, "").suggesting(Suggest::Departments),
        Field::text(FieldId::Contact, ""),
        Field::choice(FieldId::Channel, labels(Channel::ALL), 0),
        Field::choice(FieldId::Kind, labels(Kind::ALL), 0),
        Field::text(FieldId::Category, "").suggesting(Suggest::Categories),
        Field::text(FieldId::Team, "").suggesting(Suggest::Teams),
        Field::choice(FieldId::Urgency, labels(Urgency::ALL), 1),
        Field::choice(FieldId::Impact, labels(Impact::ALL), 1),
        Field::choice(FieldId::KeyCustomer, vec!["no".into(), "yes".into()], 0),
        Field::text(FieldId::ReplyBy, ""),
    ];
    fields.extend(super::custom_fields::fields(custom, &Default::default()));
    fields.extend([
        Field::text(FieldId::Subject, ""),
        Field::multiline(FieldId::Description),
    ]);
    let mut form = Form::new(Purpose::NewRequest, "New request", fields);
    // The caller's name comes first; the template (↑ or Shift-Tab) is
    // for the work the team records again and again.
    form.focus = 1;
    form
}

/// The priority the form's urgency and impact give, as they stand (a key
/// customer's request one level higher), for dialogs that set them.
pub fn resulting_priority(form: &Form, key_customer: bool) -> Option<Priority> {
    if !matches!(form.purpose, Purpose::NewRequest | Purpose::Reprioritise) {
        return None;
    }
    let urgency: Urgency = form.value(FieldId::Urgency).parse().ok()?;
    let impact: Impact = form.value(FieldId::Impact).parse().ok()?;
    let key = key_customer || form.value(FieldId::KeyCustomer) == "yes";
    Some(crate::domain::priority_for(urgency, impact, key))
}

/// When the request would fall due with the form's priority: the target
/// that runs now (the first response until there is one, then the
/// resolution) on the desk's calendar, from `now` for a new request.
pub fn resulting_due(
    priority: Priority,
    request: Option<&Request>,
    policy: &crate::domain::sla::SlaPolicy,
    now: i64,
) -> (i64, crate::domain::sla::DueSource) {
    use crate::domain::sla::{active_due, ClockInput};
    let input = match request {
        Some(r) => ClockInput {
            priority,
            created_at: r.created_at,
            clock_started_at: r.clock.started_at,
            paused_seconds: r.paused_seconds,
        },
        None => ClockInput {
            priority,
            created_at: now,
            clock_started_at: now,
            paused_seconds: 0,
        },
    };
    let dues = policy.dues(input);
    let (first, created) = request.map_or((None, now), |r| (r.first_response_at, r.created_at));
    let (source, due_at, _) = active_due(&dues, first, created, None);
    (due_at, source)
}

/// Tab on the Template field took `index`'s template name: the form
/// takes what the template says (the live priority and due time follow
/// from its urgency and impact).
pub fn apply_template(form: &mut Form, index: usize, templates: &[Template]) {
    if form.purpose != Purpose::NewRequest || form.fields.get(index).map(|f| f.id) != Some(FieldId::Template)
    {
        return;
    }
    let name = form.fields[index].value();
    let Some(t) = templates.iter().find(|t| t.name == name.trim()) else {
        return;
    };
    for (id, value) in [
        (FieldId::Subject, &t.subject),
        (FieldId::Category, &t.category),
        (FieldId::Team, &t.team),
        (FieldId::Description, &t.body),
    ] {
        if let (Some(v), Some(f)) = (value, form.field_mut(id)) {
            f.set_text(v);
        }
    }
    if let (Some(u), Some(f)) = (t.urgency, form.field_mut(FieldId::Urgency)) {
        f.set_choice(u.as_str());
    }
    if let (Some(i), Some(f)) = (t.impact, form.field_mut(FieldId::Impact)) {
        f.set_choice(i.as_str());
    }
}

/// The first choice of "Same as": none of them.
const NEW_ONE: &str = "none — record it as a new request";

/// Offers the open requests the one being typed may repeat, as a last
/// field: Enter on one opens it instead of recording a new one.
pub fn offer_duplicates(form: &mut Form, found: &[PossibleDuplicate], now: i64) {
    form.fields.retain(|f| f.id != FieldId::SameAs);
    if found.is_empty() {
        return;
    }
    let mut options = vec![NEW_ONE.to_string()];
    options.extend(found.iter().map(|d| inert_line(&d.line(now))));
    form.fields.push(Field::choice(FieldId::SameAs, options, 0));
    form.focus = form.focus.min(form.fields.len() - 1);
}

/// The request chosen in "Same as", when one is.
pub(super) fn chosen_duplicate(form: &Form) -> Option<RequestId> {
    let chosen = form.value(FieldId::SameAs);
    chosen.strip_prefix('#')?.split_whitespace().next()?.parse().ok()
}

pub(super) fn read(
    form: &mut Form,
    people: &[Person],
    templates: &[Template],
    custom: &[CustomField],
) -> Option<Command> {
    let template = optional(form, FieldId::Template);
    let checklist = match template
        .as_deref()
        .map(|name| templates.iter().find(|t| t.name == name))
    {
        None => Vec::new(),
        Some(Some(t)) => t.items.clone(),
        Some(None) => {
            let known: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
            form.fail(
                FieldId::Template,
                format!(
                    "no template is called that (templates: {})",
                    if known.is_empty() {
                        "none yet".into()
                    } else {
                        known.join(", ")
                    }
                ),
            );
            return None;
        }
    };
    let reply_by = match optional(form, FieldId::ReplyBy) {
        None => None,
        Some(text) => {
            if let Ok(t) = parse_datetime(&text) {
                Some(t)
            } else {
                form.fail(FieldId::ReplyBy, "use YYYY-MM-DD HH:MM");
                return None;
            }
        }
    };
    let mut fields = super::custom_fields::read(form, custom)?;
    fields.retain(|(_, v)| !v.is_empty());
    let requester = form.value(FieldId::Requester).trim().to_string();
    let known_key = people
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(&requester) && p.key_customer);
    let new = NewRequest {
        subject: form.value(FieldId::Subject),
        body: form.value(FieldId::Description),
        requester,
        department: optional(form, FieldId::Department),
        contact: optional(form, FieldId::Contact),
        channel: form.value(FieldId::Channel).parse().unwrap_or(Channel::Phone),
        kind: form.value(FieldId::Kind).parse().unwrap_or(Kind::Request),
        category: optional(form, FieldId::Category),
        urgency: form.value(FieldId::Urgency).parse().unwrap_or(Urgency::Medium),
        impact: form.value(FieldId::Impact).parse().unwrap_or(Impact::Medium),
        key_customer: form.value(FieldId::KeyCustomer) == "yes" || known_key,
        reply_by,
        team: optional(form, FieldId::Team),
        checklist,
        fields,
    };
    // Check every field, so all mistakes show at once.
    let mut ok = true;
    for (label, probe) in [
        (
            FieldId::Requester,
            NewRequest {
                subject: "x".into(),
                ..new.clone()
            },
        ),
        (
            FieldId::Subject,
            NewRequest {
                requester: "x".into(),
                ..new.clone()
            },
        ),
    ] {
        if let Err(e) = probe.validated() {
            form.fail(field_for(&e).unwrap_or(label), e.to_string());
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    match new.validated() {
        Ok(valid) => Some(Command::Create(valid)),
        Err(e) => {
            form.fail(field_for(&e).unwrap_or(FieldId::Subject), e.to_string());
            None
        }
    }
}
