//! Recording a change: its row, its timeline entry and its confirmation message, all in the
//! transaction that applies it.

use serde_json::json;
use serde_json::value::RawValue;

use super::Plan;
use crate::clock::db_time;
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
    let change_id = new_id();
    let json = |e: serde_json::Error| AppError::Internal(e.into());
    let steps =
        RawValue::from_string(serde_json::to_string(&c.plan.steps).map_err(json)?).map_err(json)?;
    let plan = serde_json::to_string(&PlanJson {
        kind: &c.plan.kind,
        effective_on: &c.plan.effective_on,
        steps: &steps,
    })
    .map_err(json)?;
    let created_at = db_time(c.at);
    let completed_at = (c.status == "completed").then(|| created_at.clone());
    sqlx::query(
        "INSERT INTO changes (id, customer_id, kind, status, plan, effective_on, actor_kind, actor_id, \
         on_behalf_reason, channel, created_at, completed_at, version, request) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13)",
    )
    .bind(&change_id)
    .bind(c.customer_id)
    .bind(&c.plan.kind)
    .bind(c.status)
    .bind(plan)
    .bind(c.plan.effective_on.clone())
    .bind(c.actor.kind)
    .bind(c.actor.id.clone().unwrap_or_default())
    .bind(c.actor.on_behalf_reason.clone())
    .bind(c.actor.channel())
    .bind(&created_at)
    .bind(completed_at)
    .bind(c.request)
    .execute(&mut **tx)
    .await?;
    let timeline_id = timeline::record_with(
        tx,
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
    .await?;
    if let Some(template) = c.confirmation {
        outbox::enqueue(
            tx,
            Message {
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
            },
        )
        .await?;
    }
    Ok(Recorded {
        change_id,
        created_at,
        timeline_id,
    })
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
