//! Arrears are a property of the account: what fell due minus what was paid, whatever the
//! holders are called. A notice goes out only for a real unpaid amount (story 004).

use serde_json::json;
use sqlx::Row;

use crate::AppState;
use crate::clock::{db_date, db_time};
use crate::db::{Tx, new_id};
use crate::error::AppResult;

/// "6.90" → 690 cents; malformed amounts count as zero and are logged.
pub fn cents(amount: &str) -> i64 {
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, "0"));
    let frac = format!("{frac:0<2}");
    match (whole.parse::<i64>(), frac[..2].parse::<i64>()) {
        (Ok(w), Ok(f)) => w * 100 + if w < 0 { -f } else { f },
        _ => {
            tracing::warn!(%amount, "unreadable amount");
            0
        }
    }
}

pub fn format_cents(c: i64) -> String {
    format!("{}.{:02}", c / 100, (c % 100).abs())
}

/// Checks every account; creates one notice per account that owes money and has had no notice
/// in the last 30 days. Returns the notices created.
pub async fn check_all(state: &AppState) -> AppResult<usize> {
    let mut tx = state.db.begin().await?;
    let created = check_in(state, &mut tx).await?;
    tx.commit().await?;
    Ok(created)
}

/// [`check_all`] inside the caller's transaction (the daily job claims its run in the same one).
pub async fn check_in(state: &AppState, tx: &mut Tx) -> AppResult<usize> {
    let now = state.clock.now();
    let today = db_date(now.date());
    let dues =
        sqlx::query("SELECT account_id, amount, currency FROM account_dues WHERE due_on < $1")
            .bind(&today)
            .fetch_all(&mut **tx)
            .await?;
    let payments = sqlx::query("SELECT account_id, amount FROM account_payments")
        .fetch_all(&mut **tx)
        .await?;
    let mut owed: std::collections::BTreeMap<String, (i64, String)> = Default::default();
    for d in &dues {
        let e = owed.entry(d.try_get(0)?).or_insert((0, d.try_get(2)?));
        e.0 += cents(&d.try_get::<String, _>(1)?);
    }
    for p in &payments {
        if let Some(e) = owed.get_mut(&p.try_get::<String, _>(0)?) {
            e.0 -= cents(&p.try_get::<String, _>(1)?);
        }
    }
    let mut created = 0;
    let since = db_time(now - time::Duration::days(30));
    for (account_id, (amount, currency)) in owed.into_iter().filter(|(_, (a, _))| *a > 0) {
        let recent =
            sqlx::query("SELECT 1 FROM arrears_notices WHERE account_id = $1 AND created_at > $2")
                .bind(&account_id)
                .bind(&since)
                .fetch_optional(&mut **tx)
                .await?;
        if recent.is_some() {
            continue;
        }
        sqlx::query("INSERT INTO arrears_notices (id, account_id, amount, currency, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(new_id())
            .bind(&account_id)
            .bind(format_cents(amount))
            .bind(&currency)
            .bind(db_time(now))
            .execute(&mut **tx)
            .await?;
        // Every active holder is told, by the account's statement name, never a stale holder name.
        let holders = sqlx::query(
            "SELECT customer_id FROM account_holders WHERE account_id = $1 AND status = 'active'",
        )
        .bind(&account_id)
        .fetch_all(&mut **tx)
        .await?;
        for h in holders {
            let customer_id: String = h.try_get(0)?;
            crate::outbox::enqueue(tx, crate::outbox::Message {
                customer_id: &customer_id,
                topic: "letter",
                dedupe_key: format!("arrears:{account_id}:{customer_id}:{}", db_date(now.date())),
                payload: json!({"template": "arrears", "amount": format_cents(amount), "currency": currency}),
                at: now,
            })
            .await?;
        }
        created += 1;
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_cents() {
        assert_eq!(cents("6.90"), 690);
        assert_eq!(cents("950"), 95000);
        assert_eq!(cents("0.5"), 50);
        assert_eq!(format_cents(690), "6.90");
        assert_eq!(format_cents(5), "0.05");
    }
}
