//! Standing orders belong to the account: a card change keeps them untouched.

use super::card_bound::AccountBound;

pub static KIND: AccountBound = AccountBound {
    name: "standing_order",
    select: "SELECT 'standing_order' AS dep_kind, s.id, s.account_id AS parent, s.status, s.version, \
             s.payee || ' (' || s.amount || ' ' || s.currency || ')' AS label, s.payee AS sort \
             FROM account_holders ah JOIN standing_orders s ON s.account_id = ah.account_id \
             WHERE ah.customer_id = c.id AND ah.status <> 'removed'",
};
