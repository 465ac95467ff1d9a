//! The invariants of a card activation checked with one counting query per kind, so the check
//! costs the same however many items moved (instead of reading every row back):
//! - nothing appeared or disappeared: the customer's rows of the kind are as many as before;
//! - everything planned to move arrived: the new card has what it had plus what moved;
//! - nothing live is left on the old card;
//! - every row the moves touched was bumped once, and no other row changed: the sum of the
//!   versions is what the snapshot read plus the rows touched.

use std::sync::OnceLock;

use sqlx::{AssertSqlSafe, Row};

use super::{Action, CARD_KINDS, Plan, Snapshot};
use crate::db::Tx;
use crate::error::AppError;

/// What the counts must be after the activation, per kind: (kind, all, on new, versions).
///
/// Every moved row's version goes up by exactly one, so the sum of the versions is the sum the
/// snapshot read plus the rows the moves touch: a row that changed since the snapshot (and so
/// bumped its own version) shows even where the counts alone would not.
pub(super) fn expected(
    before: &Snapshot,
    plan: &Plan,
    new: &str,
    old: Option<&str>,
) -> Vec<(&'static str, i64, i64, i64)> {
    let waited_on_new: std::collections::HashSet<&str> =
        before.on_card(new).map(|d| d.id.as_str()).collect();
    CARD_KINDS
        .iter()
        .map(|k| {
            let of_kind = || before.dependents.iter().filter(|d| d.kind == k.name);
            let all = of_kind().count();
            let on_new = before.on_card(new).filter(|d| d.kind == k.name).count();
            let moved = plan
                .steps
                .iter()
                .filter(|s| s.action == Action::Move && s.dependent_kind == k.name)
                // Items that waited on the new card itself were on it already.
                .filter(|s| !waited_on_new.contains(s.dependent_id.as_str()))
                .count();
            // What the moves touch (see `apply::carry_over`): the live rows on the old card, and
            // on the new card those of the kinds that wait for a card (a move statement skips
            // what is cancelled or deleted, as the planner keeps it).
            let live_on = |card: &str| {
                before
                    .on_card(card)
                    .filter(|d| {
                        d.kind == k.name && !matches!(d.status.as_str(), "cancelled" | "deleted")
                    })
                    .count()
            };
            let touched = old.map_or(0, live_on)
                + if k.wait_sql.is_some() {
                    live_on(new)
                } else {
                    0
                };
            let versions: i64 = of_kind().map(|d| d.version).sum::<i64>() + touched as i64;
            (k.name, all as i64, (on_new + moved) as i64, versions)
        })
        .collect()
}

/// The counts after the writes differ from what the snapshot the plan was made from predicts.
/// Under the customer's lock with a snapshot read in the same transaction this is a bug; with a
/// snapshot kept from the preview ([`crate::changes::previews`]) it means the state moved on.
#[derive(Debug, thiserror::Error)]
#[error("invariant violated, rolled back: {0}")]
pub struct Drift(String);

pub async fn check_activation(
    tx: &mut Tx,
    before: &Snapshot,
    plan: &Plan,
    new: &str,
    old: Option<&str>,
) -> Result<(), AppError> {
    let rows = sqlx::query(AssertSqlSafe(counts_sql()))
        .bind(&before.customer_id)
        .bind(new)
        .bind(old.unwrap_or(""))
        .fetch_all(&mut **tx)
        .await?;
    let mut got = vec![None; CARD_KINDS.len()];
    for row in &rows {
        let ord: i64 = row.try_get(0)?;
        let counts: (i64, i64, i64, i64) = (
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
            row.try_get(4)?,
        );
        if let Some(slot) = usize::try_from(ord).ok().and_then(|i| got.get_mut(i)) {
            *slot = Some(counts);
        }
    }
    for (got, (name, all, on_new, versions)) in
        got.into_iter().zip(expected(before, plan, new, old))
    {
        if got != Some((all, on_new, 0, versions)) {
            return Err(AppError::Internal(anyhow::Error::new(Drift(format!(
                "{name}: (all, on the new card, live on the old, versions) is {got:?}, expected \
                 ({all}, {on_new}, 0, {versions})"
            )))));
        }
    }
    Ok(())
}

/// The counts of every kind in one statement (one row per kind, `ord` its place in
/// `CARD_KINDS`): each statement is a round trip to the driver's thread. The customer's cards are
/// found through the customer's row, not by comparing `customer_id` with the bound `$1`, which
/// would make SQLite (STAT4) prepare the statement again on every execution.
fn counts_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        CARD_KINDS
            .iter()
            .enumerate()
            .map(|(ord, kind)| {
                // Table and condition are the kind's own constants.
                format!(
                    "SELECT CAST({ord} AS BIGINT), COUNT(*), \
                            COUNT(CASE WHEN card_id = $2 THEN 1 END), \
                            COUNT(CASE WHEN card_id = $3 AND {live} THEN 1 END), \
                            CAST(COALESCE(SUM(version), 0) AS BIGINT) \
                     FROM {table} WHERE card_id IN (SELECT h.id FROM held_cards h \
                        WHERE h.customer_id = (SELECT c.id FROM customers c WHERE c.id = $1))",
                    live = kind.live,
                    table = kind.table,
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::{Dependent, Parent, Step};

    fn item(kind: &'static str, id: &str, on: &str) -> Dependent {
        Dependent {
            kind,
            id: id.into(),
            parent: Parent::Card(on.into()),
            label: id.into(),
            status: "active".into(),
            version: 1,
        }
    }

    fn moved(kind: &str, id: &str) -> Step {
        Step {
            dependent_kind: kind.into(),
            dependent_id: id.into(),
            label: id.into(),
            action: Action::Move,
            before: None,
            after: None,
            choices: Vec::new(),
        }
    }

    #[test]
    fn the_new_card_expects_what_it_had_plus_what_moves() {
        let before = Snapshot {
            customer_id: "c".into(),
            customer_version: 1,
            cards: Vec::new(),
            dependents: vec![
                item("recurring_payment", "a", "old"),
                item("recurring_payment", "b", "old"),
                item("recurring_payment", "w", "new"),
                item("alert", "x", "other"),
            ],
        };
        let plan = Plan {
            kind: "card_activation".into(),
            effective_on: None,
            // `w` waited on the new card: it resumes there, it does not arrive.
            steps: vec![
                moved("recurring_payment", "a"),
                moved("recurring_payment", "b"),
                moved("recurring_payment", "w"),
            ],
        };
        let got = expected(&before, &plan, "new", Some("old"));
        // Versions: three payments at 1, plus the two moved off the old card and the one that
        // waited on the new card (payments wait for a card), each bumped once.
        assert_eq!(got[0], ("recurring_payment", 3, 3, 6));
        assert_eq!(got[1], ("alert", 1, 0, 1));
    }
}
