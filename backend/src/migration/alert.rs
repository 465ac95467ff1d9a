//! Card alerts (spending over a threshold, online purchases): they follow the card.

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "alert",
    select: "SELECT 'alert' AS dep_kind, a.id, a.card_id AS parent, 'active' AS status, a.version, \
             a.kind || ' (' || a.channel || ')' AS label, a.kind AS sort \
             FROM held_cards h JOIN card_alerts a ON a.card_id = h.id WHERE h.customer_id = c.id",
    move_sql: "UPDATE card_alerts SET card_id = $1, version = version + 1 WHERE card_id = $2",
    wait_sql: None,
    cancel_sql: None,
    table: "card_alerts",
    live: "1 = 1",
};
