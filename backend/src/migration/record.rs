//! Recording a change: its row, its timeline entry and its confirmation message, all in the
//! transaction that applies it.

use serde_json::json;

use super::Plan;
use crate::clock::db_time;
use crate::db::{Tx, new_id};
use crate::error::AppResult;
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

pub async fn record(tx: &mut Tx, c: NewChange<'_>) -> AppResult<Recorded> {
    let change_id = new_id();
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
    .bind(serde_json::to_string(c.plan).map_err(anyhow::Error::from)?)
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
    let timeline_id = timeline::record(
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
                    "steps": c.plan.steps,
                }),
                c.event,
                c.params,
            ),
            internal: false,
        },
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
