//! Applying the card part of a holder change in its transaction: the items the customer chose
//! to cancel end, the rest move (set-based, one statement per kind and closing card) to the card
//! of who stays or to a card ordered for them, the leaving person's cards close, and then the
//! account is checked: no live card of someone who no longer holds it, nothing live on a closed
//! card.

use sqlx::{AssertSqlSafe, Row};

use super::holder::HolderState;
use super::holder_cards::{self, Leaving, NEW_CARD};
use super::{Action, CARD_KINDS};
use crate::AppState;
use crate::db::Tx;
use crate::error::{AppError, AppResult};

pub async fn close(
    state: &AppState,
    tx: &mut Tx,
    st: &HolderState,
    leaving: &Leaving<'_>,
    cancel: &[String],
    now: time::OffsetDateTime,
) -> AppResult<()> {
    // The same pure plan the customer reviewed, computed from the same state.
    let steps = holder_cards::plan(&st.cards, leaving, cancel);
    let closing: Vec<_> = st.cards.closing(leaving.who).collect();
    for s in steps.iter().filter(|s| s.action == Action::Cancel) {
        if let Some(sql) = CARD_KINDS
            .iter()
            .find(|k| k.name == s.dependent_kind)
            .and_then(|k| k.cancel_sql)
        {
            sqlx::query(sql)
                .bind(&s.dependent_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    let ordered = steps.iter().any(|s| s.dependent_id == NEW_CARD);
    let to = leaving
        .to
        .ok_or_else(|| anyhow::anyhow!("a holder change closes cards without knowing who stays"));
    let destination = match st.cards.target(leaving.to) {
        Some(card) => Some(card.id.clone()),
        None if ordered => {
            let (id, _, _) =
                crate::cards::order_replacement(state, tx, to?, closing[0], now).await?;
            Some(id)
        }
        None => None,
    };
    if let Some(dest) = &destination {
        for card in &closing {
            for kind in CARD_KINDS {
                sqlx::query(kind.move_sql)
                    .bind(dest)
                    .bind(&card.id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        if ordered {
            // Nothing pays with a card that is still in the post.
            for sql in CARD_KINDS.iter().filter_map(|k| k.wait_sql) {
                sqlx::query(sql).bind(dest).execute(&mut **tx).await?;
            }
        }
    }
    sqlx::query(
        "UPDATE cards SET status = 'closed', version = version + 1 \
         WHERE account_id = $1 AND customer_id = $2 AND status IN ('active', 'issued', 'blocked')",
    )
    .bind(&st.account_id)
    .bind(leaving.who)
    .execute(&mut **tx)
    .await?;
    check(tx, &st.account_id).await
}

/// The account's invariant after any holder change, as set-based counts.
pub async fn check(tx: &mut Tx, account_id: &str) -> AppResult<()> {
    let orphaned: i64 = sqlx::query(
        "SELECT COUNT(*) FROM cards k WHERE k.account_id = $1 \
         AND k.status IN ('active', 'issued', 'blocked') AND NOT EXISTS ( \
           SELECT 1 FROM account_holders h WHERE h.account_id = k.account_id \
           AND h.customer_id = k.customer_id AND h.status = 'active')",
    )
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    if orphaned > 0 {
        return Err(violated(format!(
            "{orphaned} live card(s) of someone who no longer holds the account"
        )));
    }
    for kind in CARD_KINDS {
        // Table and condition are the kind's own constants.
        let live: i64 = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {} WHERE {} AND card_id IN \
             (SELECT id FROM cards WHERE account_id = $1 AND status = 'closed')",
            kind.table, kind.live
        )))
        .bind(account_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        if live > 0 {
            return Err(violated(format!(
                "{live} {} still on a closed card",
                kind.name
            )));
        }
    }
    Ok(())
}

fn violated(what: String) -> AppError {
    AppError::Internal(anyhow::anyhow!("invariant violated, rolled back: {what}"))
}
