//! A batch's customers reissued together: the same plans, records and letters as
//! [`customer::reissue`] makes one customer at a time, each write one statement for the whole
//! batch and the invariants counted per customer in one query. A statement per customer was
//! most of what a run cost (a row per statement through the driver), not the writes.
//!
//! All or nothing: the caller runs this in a savepoint; if anything fails (a statement, a
//! conditional write that finds the state moved, an invariant), the batch is rolled back whole
//! and its customers go through [`customer::reissue`] one by one, so that a failing customer
//! still fails alone and the others are done.

use std::collections::HashMap;

use super::customer::{self, Item, Outcome};
use crate::AppState;
use crate::cards::{CARD_COLUMNS, replacement};
use crate::db::Tx;
use crate::db::rows::{self, placeholders};
use crate::error::{AppError, AppResult};
use crate::migration::bulk::{self, Activation};
use crate::migration::{CardSnap, Plan, Snapshot, record, reissue, snapshot};
use crate::outbox;
use crate::timeline::Actor;

/// One customer's part: their reissued card, or nothing left to do.
struct Planned {
    before: Snapshot,
    old: CardSnap,
    new: CardSnap,
    plan: Plan,
}

/// Reissues the customers of `items` (one selected card each) and marks them done. Returns how
/// many there were; any error leaves the caller to roll the batch back.
pub async fn reissue(
    state: &AppState,
    tx: &mut Tx,
    run_id: &str,
    carry_over: bool,
    items: &[&Item],
) -> AppResult<usize> {
    if items.is_empty() {
        return Ok(0);
    }
    let now = state.clock.now();
    let ids: Vec<&str> = items.iter().map(|i| i.customer_id.as_str()).collect();
    lock(tx, &ids).await?;
    let mut snaps: HashMap<String, Snapshot> = snapshot::load_many(tx, &ids)
        .await?
        .into_iter()
        .map(|s| (s.customer_id.clone(), s))
        .collect();

    let new_status = if carry_over { "active" } else { "issued" };
    let (mut planned, mut card_rows, mut outcomes) = (Vec::new(), Vec::new(), Vec::new());
    for item in items {
        let before = snaps.remove(&item.customer_id).ok_or(AppError::NotFound)?;
        let card_id = item.card_ids().next().unwrap_or_default();
        let Some(old) = customer::still_to_reissue(&before, card_id) else {
            outcomes.push((item.customer_id.as_str(), Outcome::Skipped));
            continue;
        };
        // The plan is made from the snapshot with the replacement as the planner knows it,
        // waiting to be activated; with carry-over it is written active at once, as the
        // activation would leave it.
        let (mut new, row) = replacement(state, &item.customer_id, &old, new_status, now);
        new.status = "issued".into();
        let mut before = before;
        before.cards.push(new.clone());
        let plan = reissue::plan(&before, &new.id, carry_over)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("no plan for card {card_id}: {e}")))?;
        card_rows.push(row);
        planned.push(Planned {
            before,
            old,
            new,
            plan,
        });
    }

    rows::insert(tx, "cards", &CARD_COLUMNS, card_rows).await?;
    let actor = Actor::bank();
    let (mut changes, mut letters) = (Vec::new(), Vec::new());
    for p in &planned {
        let (made, letter, moved) = customer::made(
            &actor,
            &p.before.customer_id,
            &p.old,
            &p.new,
            &p.plan,
            carry_over,
            now,
        )?;
        changes.push(made);
        letters.push(letter);
        outcomes.push((
            p.before.customer_id.as_str(),
            if carry_over {
                Outcome::CarriedOver { cards: 1, moved }
            } else {
                Outcome::Issued { cards: 1 }
            },
        ));
    }
    if carry_over {
        let activations: Vec<Activation> = planned
            .iter()
            .map(|p| Activation {
                before: &p.before,
                plan: &p.plan,
                new: &p.new.id,
                old: &p.old.id,
            })
            .collect();
        bulk::carry_over(tx, &activations).await?;
        replace_old_cards(tx, &activations).await?;
        record::insert(tx, changes).await?;
        outbox::enqueue_rows(tx, letters).await?;
        bulk::check(tx, &activations).await?;
    } else {
        record::insert(tx, changes).await?;
        outbox::enqueue_rows(tx, letters).await?;
    }
    customer::mark_done(tx, run_id, &outcomes, now).await?;
    Ok(items.len())
}

/// The customers' rows, versions moved: every plan of the batch was made from what these
/// versions saw. All of them, or the batch goes one by one.
async fn lock(tx: &mut Tx, ids: &[&str]) -> AppResult<()> {
    let sql = format!(
        "UPDATE customers SET version = version + 1 WHERE id IN ({})",
        placeholders(1, ids.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(*id);
    }
    if q.execute(&mut **tx).await?.rows_affected() != ids.len() as u64 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Each old card turns `replaced`, and only from `active`: a card that moved on since the
/// snapshot fails the batch.
async fn replace_old_cards(tx: &mut Tx, batch: &[Activation<'_>]) -> AppResult<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "UPDATE cards SET status = 'replaced', version = version + 1 \
         WHERE id IN ({}) AND status = 'active'",
        placeholders(1, batch.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for a in batch {
        q = q.bind(a.old);
    }
    if q.execute(&mut **tx).await?.rows_affected() != batch.len() as u64 {
        return Err(AppError::Conflict(
            "a card changed while it was reissued".into(),
        ));
    }
    Ok(())
}
