//! Card-on-file payments at merchants: they move to the new card, and wait (never cancelled)
//! while a blocked card's replacement is on its way.

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "recurring_payment",
    select: "SELECT 'recurring_payment' AS dep_kind, r.id, r.card_id AS parent, r.status, r.version, \
             r.merchant || ' (' || r.amount || ' ' || r.currency || ')' AS label, r.merchant AS sort \
             FROM held_cards h JOIN recurring_payments r ON r.card_id = h.id WHERE h.customer_id = c.id",
    move_sql: "UPDATE recurring_payments SET card_id = $1, status = 'active', version = version + 1 \
               WHERE card_id = $2 AND status <> 'cancelled'",
    wait_sql: Some(
        "UPDATE recurring_payments SET status = 'waiting_for_card', version = version + 1 \
         WHERE card_id = $1 AND status = 'active'",
    ),
    cancel_sql: Some(
        "UPDATE recurring_payments SET status = 'cancelled', version = version + 1 WHERE id = $1",
    ),
    table: "recurring_payments",
    live: "status <> 'cancelled'",
};
