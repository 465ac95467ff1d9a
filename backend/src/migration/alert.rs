//! Card alerts (spending over a threshold, online purchases): they follow the card.

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "alert",
    select: "SELECT 'alert' AS dep_kind, id, card_id AS parent, 'active' AS status, version, \
             kind || ' (' || channel || ')' AS label, kind AS sort \
             FROM card_alerts WHERE card_id IN (SELECT id FROM held_cards WHERE customer_id = c.id)",
    move_sql: "UPDATE card_alerts SET card_id = $1, version = version + 1 WHERE card_id = $2",
    wait_sql: None,
    cancel_sql: None,
    table: "card_alerts",
    live: "1 = 1",
};
