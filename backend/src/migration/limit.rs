//! Card limits (daily cash, online): they follow the card.

use sqlx::Row;

use super::CardBound;

pub static KIND: CardBound = CardBound {
    name: "limit",
    load_sql: "SELECT id, card_id, 'active' AS status, version, kind, amount, currency FROM card_limits \
               WHERE card_id IN (SELECT id FROM held_cards WHERE customer_id = $1) ORDER BY kind, id",
    label: |r| {
        Ok(format!(
            "{} {} {}",
            r.try_get::<String, _>("kind")?,
            r.try_get::<String, _>("amount")?,
            r.try_get::<String, _>("currency")?
        ))
    },
    move_sql: "UPDATE card_limits SET card_id = $1, version = version + 1 WHERE card_id = $2",
    wait_sql: None,
    cancel_sql: None,
    table: "card_limits",
    live: "1 = 1",
};
