//! One customer of a run: claimed, reissued through the migration engine and marked done, all in
//! the worker's transaction (inside a savepoint of its own, so that a customer whose plan fails
//! rolls back alone and is marked failed).

use serde_json::json;
use sqlx::Row;

use crate::AppState;
use crate::cards::{CARD_COLUMNS, replacement};
use crate::clock::db_time;
use crate::db::rows::{self, Val};
use crate::db::{Backend, Tx};
use crate::error::{AppError, AppResult};
use crate::failpoint::Steps;
use crate::migration::record::{self, NewChange};
use crate::migration::{Action, CardSnap, Plan, Snapshot, apply, reissue, snapshot};
use crate::outbox::{self, Message};
use crate::timeline::Actor;

pub struct Item {
    pub customer_id: String,
    card_ids: String,
}

impl Item {
    /// The cards the run selected for this customer.
    pub fn card_ids(&self) -> impl Iterator<Item = &str> {
        self.card_ids.split(',')
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// New cards issued and everything carried over to them.
    CarriedOver { cards: i64, moved: i64 },
    /// New cards issued; the customer activates them.
    Issued { cards: i64 },
    /// Nothing to do any more: the selected cards were blocked, replaced or already have a
    /// replacement on its way by the time the run reached the customer.
    Skipped,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::CarriedOver { .. } => "carried_over",
            Outcome::Issued { .. } => "issued",
            Outcome::Skipped => "skipped",
        }
    }

    /// Cards issued and dependents carried over.
    pub fn counts(self) -> (i64, i64) {
        match self {
            Outcome::CarriedOver { cards, moved } => (cards, moved),
            Outcome::Issued { cards } => (cards, 0),
            Outcome::Skipped => (0, 0),
        }
    }
}

/// A worker's claims on a run: the next pending customers in customer order, each claim after
/// the last customer this worker claimed. On PostgreSQL they are locked and other workers (or
/// replicas) skip them; SQLite has one writer at a time, so the worker's transaction alone holds
/// them.
///
/// Why the cursor: on PostgreSQL an item turned done leaves its `pending` index entry behind
/// until a vacuum, so a claim from the start of the run would walk every customer done so far.
/// (Measured alone it changed little: the run's slowdown at 100,000 was JIT and the batch's
/// "done" statement, see [`mark_done`].) Items behind the cursor that are pending again
/// (another process's batch rolled back when it was killed) are found by one claim from the
/// start once the cursor reaches the end.
#[derive(Default)]
pub struct Claims {
    after: String,
}

impl Claims {
    pub async fn next(
        &mut self,
        tx: &mut Tx,
        backend: Backend,
        run_id: &str,
        n: usize,
    ) -> AppResult<Vec<Item>> {
        let mut items = claim(tx, backend, run_id, n, &self.after).await?;
        if items.is_empty() && !self.after.is_empty() {
            self.after.clear();
            items = claim(tx, backend, run_id, n, "").await?;
        }
        if let Some(last) = items.last() {
            self.after.clone_from(&last.customer_id);
        }
        Ok(items)
    }
}

async fn claim(
    tx: &mut Tx,
    backend: Backend,
    run_id: &str,
    n: usize,
    after: &str,
) -> AppResult<Vec<Item>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT customer_id, card_ids FROM reissue_items \
             WHERE run_id = $1 AND status = 'pending' AND customer_id > $3 \
             ORDER BY customer_id LIMIT $2"
        }
        Backend::Postgres => {
            "SELECT customer_id, card_ids FROM reissue_items \
             WHERE run_id = $1 AND status = 'pending' AND customer_id > $3 \
             ORDER BY customer_id LIMIT $2 FOR UPDATE SKIP LOCKED"
        }
    };
    let rows = sqlx::query(sql)
        .bind(run_id)
        .bind(i64::try_from(n).unwrap_or(i64::MAX))
        .bind(after)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Item {
                customer_id: r.try_get(0)?,
                card_ids: r.try_get(1)?,
            })
        })
        .collect()
}

/// Reissues the customer's selected cards, each one change through the engine: the replacement
/// issued, with carry-over the activation's plan applied set-based and its invariants counted,
/// the change recorded on the timeline ("by the bank", channel `bulk`) and the letter with the
/// new card queued in the outbox.
pub async fn reissue(
    state: &AppState,
    tx: &mut Tx,
    carry_over: bool,
    item: &Item,
) -> AppResult<Outcome> {
    let customer = item.customer_id.as_str();
    let now = state.clock.now();
    let locked = sqlx::query("UPDATE customers SET version = version + 1 WHERE id = $1")
        .bind(customer)
        .execute(&mut **tx)
        .await?;
    if locked.rows_affected() != 1 {
        return Err(AppError::NotFound);
    }
    let selected: Vec<&str> = item.card_ids().collect();
    let mut snap = snapshot::load(tx, customer).await?;
    let actor = Actor::bank();
    let (mut cards, mut moved) = (0, 0);
    for (i, card_id) in selected.iter().enumerate() {
        let Some(old) = still_to_reissue(&snap, card_id) else {
            continue;
        };
        let (new, row) = replacement(state, customer, &old, "issued", now);
        rows::insert(tx, "cards", &CARD_COLUMNS, vec![row]).await?;
        snap.cards.push(new.clone());
        let plan = reissue::plan(&snap, &new.id, carry_over)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("no plan for card {card_id}: {e}")))?;
        let mut steps = Steps::new(&state.failpoints);
        let carried = if carry_over {
            Some(apply::carry_over(tx, &mut steps, &snap, &plan).await?)
        } else {
            None
        };
        let (made, letter, items) = made(&actor, customer, &old, &new, &plan, carry_over, now)?;
        record::insert(tx, vec![made]).await?;
        outbox::enqueue_rows(tx, vec![letter]).await?;
        if let Some(carried) = carried {
            carried.check(tx, &snap, &plan).await?;
        }
        steps.done()?;
        cards += 1;
        moved += items;
        if i + 1 < selected.len() {
            // The next card's plan starts from what this one changed.
            snap = snapshot::load(tx, customer).await?;
        }
    }
    Ok(match (cards, carry_over) {
        (0, _) => Outcome::Skipped,
        (cards, true) => Outcome::CarriedOver { cards, moved },
        (cards, false) => Outcome::Issued { cards },
    })
}

/// The selected card, if it is still the customer's, active, and has no replacement on its way
/// (the customer may have blocked or replaced it since the run selected it).
pub(super) fn still_to_reissue(snap: &Snapshot, card_id: &str) -> Option<CardSnap> {
    snap.card(card_id)
        .filter(|c| c.status == "active")
        .filter(|c| {
            !snap
                .cards
                .iter()
                .any(|n| n.replaces_card_id.as_deref() == Some(c.id.as_str()))
        })
        .cloned()
}

/// What the bank's reissue of `old` as `new` records: the change with its timeline entry ("by
/// the bank", channel `bulk`), the letter with the new card, and how many items moved.
pub(super) fn made(
    actor: &Actor,
    customer: &str,
    old: &CardSnap,
    new: &CardSnap,
    plan: &Plan,
    carry_over: bool,
    now: time::OffsetDateTime,
) -> AppResult<(record::Made, Vec<Val>, i64)> {
    let items = plan
        .steps
        .iter()
        .filter(|s| s.action == Action::Move && s.dependent_kind != "card")
        .count();
    let (event, summary) = if carry_over {
        (
            "card_reissued_carried_over",
            format!(
                "The bank reissued card {} as {}; {items} items carried over",
                old.display(),
                new.display()
            ),
        )
    } else {
        (
            "card_reissued",
            format!(
                "The bank reissued card {} as {}; it takes over once activated",
                old.display(),
                new.display()
            ),
        )
    };
    let made = record::made(NewChange {
        customer_id: customer,
        actor,
        plan,
        status: "completed",
        request: None,
        summary,
        event,
        params: json!({"card": old.display(), "new_card": new.display(), "moved": items}),
        confirmation: None,
        at: now,
    })?;
    let letter = outbox::row(Message {
        customer_id: customer,
        topic: "letter",
        dedupe_key: format!("change:{}:reissued_card", made.change_id),
        payload: json!({
            "template": "reissued_card",
            "change_id": made.change_id,
            "last4": new.last4,
            "carried_over": carry_over,
            "moved": items,
        }),
        at: now,
    });
    Ok((made, letter, i64::try_from(items).unwrap_or(i64::MAX)))
}

/// The items done with their outcomes, in the transaction that did them: every one of them
/// pending, or an error (another worker finished one, and the attempt must roll back).
///
/// One statement for a whole batch, each item found by its primary key, in the form each
/// database plans well while the run's statistics still say the table is empty (a run starts
/// right after it selected its customers):
/// - PostgreSQL joins a list of values. With `customer_id IN (…)` its generic plan walked the
///   run's pending items and compared each with all 50 ids: 150 ms a batch at 40,000 customers.
/// - SQLite takes the `IN` list, and `CASE` picks each item's values. Joining the values, it
///   scanned the items the statistics call none of: 384 customers/s against 2,184 at 100,000.
pub async fn mark_done(
    tx: &mut Tx,
    run_id: &str,
    outcomes: &[(&str, Outcome)],
    now: time::OffsetDateTime,
) -> AppResult<()> {
    if outcomes.is_empty() {
        return Ok(());
    }
    let backend = Backend::of(tx);
    let n = outcomes.len();
    // $1 now, then per item customer, outcome, cards, moved, then the run.
    let sql = match backend {
        Backend::Postgres => format!(
            "UPDATE reissue_items SET status = 'done', outcome = v.column2, cards = v.column3, \
             moved = v.column4, attempts = attempts + 1, error = NULL, updated_at = $1 \
             FROM (VALUES {values}) AS v \
             WHERE reissue_items.run_id = ${run} AND reissue_items.customer_id = v.column1 \
             AND reissue_items.status = 'pending'",
            values = rows::values(backend, 2, n, 4),
            run = 2 + 4 * n,
        ),
        Backend::Sqlite => {
            let at = |i: usize, column: usize| format!("${}", 2 + 4 * i + column);
            let case = |column: usize| -> String {
                (0..n)
                    .map(|i| format!(" WHEN {} THEN {}", at(i, 0), at(i, column)))
                    .collect()
            };
            let ids = (0..n).map(|i| at(i, 0)).collect::<Vec<_>>().join(", ");
            format!(
                "UPDATE reissue_items SET status = 'done', outcome = CASE customer_id{} END, \
                 cards = CASE customer_id{} END, moved = CASE customer_id{} END, \
                 attempts = attempts + 1, error = NULL, updated_at = $1 \
                 WHERE run_id = ${} AND customer_id IN ({ids}) AND status = 'pending'",
                case(1),
                case(2),
                case(3),
                2 + 4 * n,
            )
        }
    };
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(db_time(now));
    for (customer, outcome) in outcomes {
        let (cards, moved) = outcome.counts();
        q = q
            .bind(*customer)
            .bind(outcome.code())
            .bind(cards)
            .bind(moved);
    }
    if q.bind(run_id).execute(&mut **tx).await?.rows_affected() != n as u64 {
        return Err(AppError::Conflict(
            "another worker finished a customer of this batch".into(),
        ));
    }
    Ok(())
}

/// The customer's attempt was rolled back: say why, to be listed at the end and retried on the
/// next pass. Returns false when the item was not pending (another worker had it).
pub async fn mark_failed(
    tx: &mut Tx,
    run_id: &str,
    item: &Item,
    error: &str,
    now: time::OffsetDateTime,
) -> AppResult<bool> {
    let failed = sqlx::query(
        "UPDATE reissue_items SET status = 'failed', attempts = attempts + 1, error = $3, \
         updated_at = $4 WHERE run_id = $1 AND customer_id = $2 AND status = 'pending'",
    )
    .bind(run_id)
    .bind(&item.customer_id)
    .bind(error.chars().take(2_000).collect::<String>())
    .bind(db_time(now))
    .execute(&mut **tx)
    .await?;
    Ok(failed.rows_affected() == 1)
}
