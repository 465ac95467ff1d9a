//! Recording a change: its row, its timeline entry and its confirmation message, all in the
//! transaction that applies it.

use serde_json::json;
use serde_json::value::RawValue;

use super::Plan;
use crate::clock::db_time;
use crate::db::rows::{self, Val};
use crate::db::{Tx, new_id};
use crate::error::{AppError, AppResult};
use crate::outbox::{self, Message};
use crate::timeline::{self, Actor, Entry};

pub struct Recorded {
    pub change_id: String,
    pub created_at: String,
    pub timeline_id: String,
}

pub struct NewChange<'a> {
    pub customer_id: &'a str,
    pub actor: &'a Actor,
    pub plan: &'a Plan,
    /// completed | scheduled | pending_review
    pub status: &'a str,
    /// What a scheduled or reviewed change applies later (JSON).
    pub request: Option<String>,
    pub summary: String,
    /// The timeline entry's stable event code and parameters (`timeline::event`).
    pub event: &'a str,
    pub params: serde_json::Value,
    /// The confirmation email's template, if one goes out.
    pub confirmation: Option<&'a str>,
    pub at: time::OffsetDateTime,
}

/// The plan as `PlanView` serializes, around steps serialized once (they go into the change row
/// and into its timeline entry; a large plan's JSON was a good part of its commit's cost).
#[derive(serde::Serialize)]
struct PlanJson<'a> {
    kind: &'a str,
    effective_on: &'a Option<String>,
    steps: &'a RawValue,
}

pub async fn record(tx: &mut Tx, c: NewChange<'_>) -> AppResult<Recorded> {
    let made = made(c)?;
    let recorded = Recorded {
        change_id: made.change_id.clone(),
        created_at: made.created_at.clone(),
        timeline_id: made.entry.id.clone(),
    };
    insert(tx, vec![made]).await?;
    Ok(recorded)
}

/// A change made, not yet written: a bulk job writes many with one [`insert`].
pub struct Made {
    pub change_id: String,
    pub created_at: String,
    row: Vec<Val>,
    entry: timeline::Row,
    confirmation: Option<Vec<Val>>,
}

/// A change's row, in the order [`made`] gives its values.
pub const COLUMNS: [&str; 14] = [
    "id",
    "customer_id",
    "kind",
    "status",
    "plan",
    "effective_on",
    "actor_kind",
    "actor_id",
    "on_behalf_reason",
    "channel",
    "created_at",
    "completed_at",
    "version",
    "request",
];

/// The change's row, its timeline entry and its confirmation, as [`record`] writes them.
pub fn made(c: NewChange<'_>) -> AppResult<Made> {
    let change_id = new_id();
    let json = |e: serde_json::Error| AppError::Internal(e.into());
    // Serialized once, not parsed again (`RawValue::from_string` would validate it).
    let steps = serde_json::value::to_raw_value(&c.plan.steps).map_err(json)?;
    let plan = serde_json::to_string(&PlanJson {
        kind: &c.plan.kind,
        effective_on: &c.plan.effective_on,
        steps: &steps,
    })
    .map_err(json)?;
    let created_at = db_time(c.at);
    let completed_at = (c.status == "completed").then(|| created_at.clone());
    let row = vec![
        Val::from(change_id.as_str()),
        c.customer_id.into(),
        c.plan.kind.as_str().into(),
        c.status.into(),
        plan.into(),
        c.plan.effective_on.clone().into(),
        c.actor.kind.into(),
        c.actor.id.clone().unwrap_or_default().into(),
        c.actor.on_behalf_reason.clone().into(),
        c.actor.channel().into(),
        created_at.as_str().into(),
        completed_at.into(),
        1.into(),
        c.request.into(),
    ];
    let entry = timeline::row(
        Entry {
            customer_id: c.customer_id,
            at: c.at,
            kind: "change",
            actor: c.actor,
            summary: c.summary,
            data: timeline::event(
                json!({
                    "change_id": change_id,
                    "change_kind": c.plan.kind,
                    "status": c.status,
                    "effective_on": c.plan.effective_on,
                }),
                c.event,
                c.params,
            ),
            internal: false,
        },
        Some(("steps", &steps)),
    )
    .map_err(json)?;
    let confirmation = c.confirmation.map(|template| {
        outbox::row(Message {
            customer_id: c.customer_id,
            topic: "email",
            dedupe_key: format!("change:{change_id}:confirmation"),
            payload: json!({
                "template": template,
                "change_id": change_id,
                "status": c.status,
                "moved": super::count(c.plan, super::Action::Move),
            }),
            at: c.at,
        })
    });
    Ok(Made {
        change_id,
        created_at,
        row,
        entry,
        confirmation,
    })
}

/// Writes the changes, their timeline entries and their confirmations: one statement each,
/// however many changes.
pub async fn insert(tx: &mut Tx, changes: Vec<Made>) -> AppResult<()> {
    let (mut rows, mut entries, mut confirmations) = (Vec::new(), Vec::new(), Vec::new());
    for m in changes {
        rows.push(m.row);
        entries.push(m.entry);
        confirmations.extend(m.confirmation);
    }
    rows::insert(tx, "changes", &COLUMNS, rows).await?;
    timeline::insert(tx, entries).await?;
    if !confirmations.is_empty() {
        outbox::enqueue_rows(tx, confirmations).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::{Action, Step};

    #[test]
    fn the_plan_reads_as_the_api_type_writes_it() {
        let plan = Plan {
            kind: "card_activation".into(),
            effective_on: Some("2027-01-01".into()),
            steps: vec![Step {
                dependent_kind: "recurring_payment".into(),
                dependent_id: "rp-1".into(),
                label: "Zeit Online (9.99 EUR) \u{201c}quoted\u{201d}".into(),
                action: Action::Move,
                before: Some("Visa •••• 1111".into()),
                after: None,
                choices: vec![Action::Move, Action::Cancel],
            }],
        };
        let steps = RawValue::from_string(serde_json::to_string(&plan.steps).unwrap()).unwrap();
        let ours = serde_json::to_string(&PlanJson {
            kind: &plan.kind,
            effective_on: &plan.effective_on,
            steps: &steps,
        })
        .unwrap();
        assert_eq!(ours, serde_json::to_string(&plan).unwrap());
    }
}
