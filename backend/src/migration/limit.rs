//! Card limits (daily cash, online): they follow the card.

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "limit",
    select: "SELECT 'limit' AS dep_kind, id, card_id AS parent, 'active' AS status, version, \
             kind || ' ' || amount || ' ' || currency AS label, kind AS sort \
             FROM card_limits WHERE card_id IN (SELECT id FROM held_cards WHERE customer_id = c.id)",
    move_sql: "UPDATE card_limits SET card_id = $1, version = version + 1 WHERE card_id = $2",
    wait_sql: None,
    cancel_sql: None,
    table: "card_limits",
    live: "1 = 1",
};
