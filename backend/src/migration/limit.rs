//! Card limits (daily cash, online): they follow the card.

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "limit",
    select: "SELECT 'limit' AS dep_kind, l.id, l.card_id AS parent, 'active' AS status, l.version, \
             l.kind || ' ' || l.amount || ' ' || l.currency AS label, l.kind AS sort \
             FROM held_cards h JOIN card_limits l ON l.card_id = h.id WHERE h.customer_id = c.id",
    move_sql: "UPDATE card_limits SET card_id = $1, version = version + 1 WHERE card_id = $2",
    wait_sql: None,
    cancel_sql: None,
    table: "card_limits",
    live: "1 = 1",
};
