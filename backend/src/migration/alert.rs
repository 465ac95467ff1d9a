//! Card alerts (spending over a threshold, online purchases): they follow the card.

use sqlx::Row;

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "alert",
    load_sql: "SELECT id, card_id, 'active' AS status, version, kind, channel FROM card_alerts \
               WHERE card_id IN (SELECT id FROM held_cards WHERE customer_id = $1) ORDER BY kind, id",
    label: |r| {
        Ok(format!(
            "{} ({})",
            r.try_get::<String, _>("kind")?,
            r.try_get::<String, _>("channel")?
        ))
    },
    move_sql: "UPDATE card_alerts SET card_id = $1, version = version + 1 WHERE card_id = $2",
    wait_sql: None,
    cancel_sql: None,
    table: "card_alerts",
    live: "1 = 1",
};
