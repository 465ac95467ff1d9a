//! Direct-debit mandates belong to the account: a card change keeps them untouched.

use sqlx::Row;

use super::card_bound::AccountBound;

pub static KIND: AccountBound = AccountBound {
    name: "mandate",
    load_sql: "SELECT id, account_id, status, version, creditor FROM mandates \
               WHERE account_id IN (SELECT account_id FROM account_holders WHERE customer_id = $1 AND status <> 'removed') \
               ORDER BY creditor, id",
    label: |r| r.try_get::<String, _>("creditor"),
};
