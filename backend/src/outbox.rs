//! Messages to send (email, letter), written in the same transaction as the change that causes
//! them and delivered afterwards by a worker. `dedupe_key` makes a retried write a no-op.

use crate::clock::db_time;
use crate::db::{Tx, new_id};

pub struct Message<'a> {
    pub customer_id: &'a str,
    /// `email` | `letter`
    pub topic: &'a str,
    pub dedupe_key: String,
    pub payload: serde_json::Value,
    pub at: time::OffsetDateTime,
}

pub async fn enqueue(tx: &mut Tx, m: Message<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, customer_id, topic, dedupe_key, payload, created_at, available_at, attempts) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, 0)",
    )
    .bind(new_id())
    .bind(m.customer_id)
    .bind(m.topic)
    .bind(m.dedupe_key)
    .bind(m.payload.to_string())
    .bind(db_time(m.at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
