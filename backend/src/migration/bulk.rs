//! Card activations of many customers at once (a bank's portfolio reissue with carry-over): the
//! same writes and the same counted invariants as [`super::apply::carry_over`] and
//! [`super::counts::check_activation`], one statement for the whole batch instead of one per
//! customer. Each customer's plan is still their own, made by the pure planner.

use std::collections::HashMap;

use sqlx::{AssertSqlSafe, Row};

use super::{CARD_KINDS, CardBound, Plan, Snapshot, counts};
use crate::db::Tx;
use crate::db::rows::placeholders;
use crate::error::{AppError, AppResult};

/// One customer's activation in a batch: their state before, their plan, and the two cards.
pub struct Activation<'a> {
    pub before: &'a Snapshot,
    pub plan: &'a Plan,
    pub new: &'a str,
    pub old: &'a str,
}

/// A kind's move statement (`move_sql`: card $2 → card $1) for many pairs of cards at once:
/// `SET card_id = CASE card_id WHEN $1 THEN $2 … END`, the rest of the statement as it is.
fn move_many_sql(kind: &CardBound, pairs: usize) -> AppResult<String> {
    let head = format!("UPDATE {} SET card_id = $1, ", kind.table);
    let (sets, filter) = kind
        .move_sql
        .strip_prefix(&head)
        .and_then(|rest| rest.split_once(" WHERE card_id = $2"))
        .ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!(
                "{}: move_sql is not of the form a batch can take",
                kind.name
            ))
        })?;
    let whens: String = (0..pairs)
        .map(|i| format!(" WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2))
        .collect();
    let olds = (0..pairs)
        .map(|i| format!("${}", 2 * i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!(
        "UPDATE {table} SET card_id = CASE card_id{whens} END, {sets} WHERE card_id IN ({olds}){filter}",
        table = kind.table
    ))
}

/// Moves what hangs on each old card to its new card (one statement per kind that has any), the
/// new cards being active already and the old ones replaced by the caller.
pub async fn carry_over(tx: &mut Tx, batch: &[Activation<'_>]) -> AppResult<()> {
    for kind in CARD_KINDS {
        let pairs: Vec<&Activation> = batch
            .iter()
            .filter(|a| a.before.on_card(a.old).any(|d| d.kind == kind.name))
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let sql = move_many_sql(kind, pairs.len())?;
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for a in &pairs {
            q = q.bind(a.old).bind(a.new);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The activation's invariants for every customer of the batch, counted per customer and kind in
/// one statement: nothing appeared or disappeared, everything planned arrived on the new card,
/// nothing live is left on the old one.
pub async fn check(tx: &mut Tx, batch: &[Activation<'_>]) -> AppResult<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let n = batch.len();
    let (customers, news, olds) = (
        placeholders(1, n),
        placeholders(n + 1, n),
        placeholders(2 * n + 1, n),
    );
    let sql = CARD_KINDS
        .iter()
        .enumerate()
        .map(|(ord, kind)| {
            // Table and condition are the kind's own constants.
            format!(
                "SELECT CAST({ord} AS BIGINT), h.customer_id, COUNT(*), \
                        COUNT(CASE WHEN x.card_id IN ({news}) THEN 1 END), \
                        COUNT(CASE WHEN x.card_id IN ({olds}) AND x.live = 1 THEN 1 END) \
                 FROM (SELECT card_id, CASE WHEN {live} THEN 1 ELSE 0 END AS live FROM {table}) x \
                 JOIN held_cards h ON h.id = x.card_id \
                 WHERE h.customer_id IN ({customers}) \
                 GROUP BY h.customer_id",
                live = kind.live,
                table = kind.table,
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for a in batch {
        q = q.bind(a.before.customer_id.as_str());
    }
    for a in batch {
        q = q.bind(a.new);
    }
    for a in batch {
        q = q.bind(a.old);
    }
    let mut got: HashMap<(i64, String), (i64, i64, i64)> = HashMap::new();
    for row in q.fetch_all(&mut **tx).await? {
        got.insert(
            (row.try_get(0)?, row.try_get(1)?),
            (row.try_get(2)?, row.try_get(3)?, row.try_get(4)?),
        );
    }
    for a in batch {
        // The batch counts rows, not versions: its snapshots were read in this transaction.
        let expected = counts::expected(a.before, a.plan, a.new, Some(a.old));
        for (ord, (name, all, on_new, _)) in expected.into_iter().enumerate() {
            let key = (
                i64::try_from(ord).unwrap_or(i64::MAX),
                a.before.customer_id.clone(),
            );
            // A kind the customer has no row of is no row of the count.
            let got = got.get(&key).copied().unwrap_or((0, 0, 0));
            if got != (all, on_new, 0) {
                return Err(AppError::Internal(anyhow::anyhow!(
                    "invariant violated, rolled back: customer {}: {name}: (all, on the new card, \
                     live on the old) is {got:?}, expected ({all}, {on_new}, 0)",
                    a.before.customer_id
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_card_kind_moves_in_batches() {
        for kind in CARD_KINDS {
            let one = move_many_sql(kind, 1).unwrap();
            let expected = kind
                .move_sql
                .replace(
                    "card_id = $1,",
                    "card_id = CASE card_id WHEN $1 THEN $2 END,",
                )
                .replace("WHERE card_id = $2", "WHERE card_id IN ($1)");
            assert_eq!(one, expected, "{}", kind.name);
            let three = move_many_sql(kind, 3).unwrap();
            assert!(three.contains("WHEN $5 THEN $6 END"), "{three}");
            assert!(three.contains("WHERE card_id IN ($1, $3, $5)"), "{three}");
        }
    }
}
