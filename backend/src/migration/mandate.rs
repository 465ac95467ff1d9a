//! Direct-debit mandates belong to the account: a card change keeps them untouched.

use super::card_bound::AccountBound;

pub static KIND: AccountBound = AccountBound {
    name: "mandate",
    select: "SELECT 'mandate' AS dep_kind, m.id, m.account_id AS parent, m.status, m.version, \
             m.creditor AS label, m.creditor AS sort \
             FROM account_holders ah JOIN mandates m ON m.account_id = ah.account_id \
             WHERE ah.customer_id = c.id AND ah.status <> 'removed'",
};
