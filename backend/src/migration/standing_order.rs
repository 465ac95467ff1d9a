//! Standing orders belong to the account: a card change keeps them untouched.

use super::card_bound::AccountBound;

pub static KIND: AccountBound = AccountBound {
    name: "standing_order",
    select: "SELECT 'standing_order' AS dep_kind, id, account_id AS parent, status, version, \
             payee || ' (' || amount || ' ' || currency || ')' AS label, payee AS sort FROM standing_orders \
             WHERE account_id IN (SELECT account_id FROM account_holders WHERE customer_id = c.id AND status <> 'removed')",
};
