//! Direct-debit mandates belong to the account: a card change keeps them untouched.

use super::card_bound::AccountBound;

pub static KIND: AccountBound = AccountBound {
    name: "mandate",
    select: "SELECT 'mandate' AS dep_kind, id, account_id AS parent, status, version, \
             creditor AS label, creditor AS sort FROM mandates \
             WHERE account_id IN (SELECT account_id FROM account_holders WHERE customer_id = c.id AND status <> 'removed')",
};
