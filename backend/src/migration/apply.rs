//! Applying a planned card activation inside one transaction: set-based writes (one statement per
//! dependent kind, however many rows), then the invariants, then the records. Any error rolls
//! the whole transaction back.

use super::record::{self, NewChange};
use super::{Action, CARD_KINDS, Plan, Snapshot};
use crate::AppState;
use crate::db::Tx;
use crate::error::{AppError, AppResult};
use crate::failpoint::Steps;
use crate::timeline::Actor;

pub struct Applied {
    pub change_id: String,
    pub created_at: String,
}

fn card_step(plan: &Plan, action: Action) -> Option<&str> {
    plan.steps
        .iter()
        .find(|s| s.dependent_kind == "card" && s.action == action)
        .map(|s| s.dependent_id.as_str())
}

pub async fn card_activation(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    before: &Snapshot,
    plan: &Plan,
) -> AppResult<Applied> {
    let mut steps = Steps::new(&state.failpoints);
    let cards = carry_over(tx, &mut steps, before, plan).await?;
    let now = state.clock.now();
    let moved = super::count(plan, Action::Move);
    let new_label = plan
        .steps
        .iter()
        .find(|s| s.dependent_id == cards.new)
        .map(|s| s.label.clone())
        .unwrap_or_default();
    let recorded = record::record(
        tx,
        NewChange {
            customer_id: &before.customer_id,
            actor,
            plan,
            status: "completed",
            request: None,
            summary: format!("New card {new_label} activated; {moved} items carried over"),
            event: "card_activated",
            params: serde_json::json!({"card": new_label, "moved": moved}),
            confirmation: Some("card_activated"),
            at: now,
        },
    )
    .await?;
    steps.done()?;
    cards.check(tx, before, plan).await?;
    steps.done()?;
    Ok(Applied {
        change_id: recorded.change_id,
        created_at: recorded.created_at,
    })
}

/// The two cards of an activation: the one that becomes active and the one it replaces.
pub struct Carried<'p> {
    pub new: &'p str,
    pub old: Option<&'p str>,
}

impl Carried<'_> {
    /// The activation's invariants, counted, not read back: the check costs the same for 10
    /// items as for 10,000. Every moved item is on the timeline by construction (the record
    /// writes the plan's steps into the entry).
    pub async fn check(&self, tx: &mut Tx, before: &Snapshot, plan: &Plan) -> AppResult<()> {
        super::counts::check_activation(tx, before, plan, self.new, self.old).await
    }
}

/// The writes of a planned activation (a customer's, or a bank's reissue with carry-over): the
/// dependents move set-based, the new card becomes active and the old one replaced. The caller
/// records the change and then checks [`Carried::check`], in the same transaction.
pub async fn carry_over<'p>(
    tx: &mut Tx,
    steps: &mut Steps<'_>,
    before: &Snapshot,
    plan: &'p Plan,
) -> AppResult<Carried<'p>> {
    let new = card_step(plan, Action::Move)
        .ok_or_else(|| anyhow::anyhow!("plan has no card to activate"))?;
    let old = card_step(plan, Action::Cancel);
    // One statement per kind that has rows to move: the snapshot was read under the customer's
    // lock, and the counts of [`Carried::check`] would catch a row it missed.
    let has = |card: &str, kind: &str| before.on_card(card).any(|d| d.kind == kind);
    if let Some(old) = old {
        for kind in CARD_KINDS {
            if has(old, kind.name) {
                sqlx::query(kind.move_sql)
                    .bind(new)
                    .bind(old)
                    .execute(&mut **tx)
                    .await?;
            }
            steps.done()?;
        }
    }
    // What waits on the new card itself resumes: moving a card's rows onto the same card sets
    // them active (the kinds that wait are the kinds whose move reactivates).
    for kind in CARD_KINDS
        .iter()
        .filter(|k| k.wait_sql.is_some() && has(new, k.name))
    {
        sqlx::query(kind.move_sql)
            .bind(new)
            .bind(new)
            .execute(&mut **tx)
            .await?;
    }
    steps.done()?;
    let activated = sqlx::query(
        "UPDATE cards SET status = 'active', version = version + 1 WHERE id = $1 AND status = 'issued'",
    )
    .bind(new)
    .execute(&mut **tx)
    .await?;
    if activated.rows_affected() != 1 {
        return Err(AppError::Conflict(
            "The card is no longer waiting to be activated.".into(),
        ));
    }
    steps.done()?;
    if let Some(old) = old {
        sqlx::query("UPDATE cards SET status = 'replaced', version = version + 1 WHERE id = $1")
            .bind(old)
            .execute(&mut **tx)
            .await?;
    }
    steps.done()?;
    sqlx::query("UPDATE customers SET version = version + 1 WHERE id = $1")
        .bind(&before.customer_id)
        .execute(&mut **tx)
        .await?;
    steps.done()?;

    Ok(Carried { new, old })
}
