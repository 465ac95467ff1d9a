//! Standing orders belong to the account: a card change keeps them untouched.

use sqlx::Row;

use super::card_bound::AccountBound;

pub static KIND: AccountBound = AccountBound {
    name: "standing_order",
    load_sql: "SELECT id, account_id, status, version, payee, amount, currency FROM standing_orders \
               WHERE account_id IN (SELECT account_id FROM account_holders WHERE customer_id = $1 AND status <> 'removed') \
               ORDER BY payee, id",
    label: |r| {
        Ok(format!(
            "{} ({} {})",
            r.try_get::<String, _>("payee")?,
            r.try_get::<String, _>("amount")?,
            r.try_get::<String, _>("currency")?
        ))
    },
};
