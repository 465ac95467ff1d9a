//! Messages to send (email, letter), written in the same transaction as the change that causes
//! them and delivered afterwards by a worker. `dedupe_key` makes a retried write a no-op.

use crate::clock::db_time;
use crate::db::rows::{self, Val};
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
    enqueue_rows(tx, vec![row(m)]).await
}

/// A message as [`enqueue`] writes it, for [`enqueue_rows`]: a bulk job queues many at once.
pub fn row(m: Message<'_>) -> Vec<Val> {
    let at = db_time(m.at);
    vec![
        new_id().into(),
        m.customer_id.into(),
        m.topic.into(),
        m.dedupe_key.into(),
        m.payload.to_string().into(),
        at.clone().into(),
        at.into(),
        0.into(),
    ]
}

/// Queues the messages in one statement.
pub async fn enqueue_rows(tx: &mut Tx, messages: Vec<Vec<Val>>) -> Result<(), sqlx::Error> {
    rows::insert(tx, "outbox", &COLUMNS, messages).await?;
    Ok(())
}

/// A queued message's row, in the order [`row`] gives its values.
pub const COLUMNS: [&str; 8] = [
    "id",
    "customer_id",
    "topic",
    "dedupe_key",
    "payload",
    "created_at",
    "available_at",
    "attempts",
];

/// How long a claimed message is reserved for the worker that claimed it.
const LEASE: time::Duration = time::Duration::minutes(2);

/// Delivers what is due, at least once: a message is leased, sent, then marked delivered. A crash
/// in between lets the lease run out and the message goes again with the same Message-ID.
pub async fn deliver_due(state: &crate::AppState) -> crate::error::AppResult<usize> {
    use sqlx::Row;
    let mut delivered = 0;
    for _ in 0..100 {
        let now = state.clock.now();
        let mut tx = state.db.begin().await?;
        let lock = match state.db.backend {
            crate::db::Backend::Postgres => " FOR UPDATE OF o SKIP LOCKED",
            crate::db::Backend::Sqlite => "",
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT o.id, o.topic, o.dedupe_key, o.payload, o.attempts, c.email, c.name FROM outbox o \
             LEFT JOIN customers c ON c.id = o.customer_id \
             WHERE o.delivered_at IS NULL AND o.available_at <= $1 ORDER BY o.created_at, o.id LIMIT 1{lock}"
        )))
        .bind(db_time(now))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { break };
        let id: String = row.try_get("id")?;
        let attempts: i64 = row.try_get("attempts")?;
        sqlx::query("UPDATE outbox SET available_at = $1, attempts = attempts + 1 WHERE id = $2")
            .bind(db_time(now + LEASE))
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;

        let topic: String = row.try_get("topic")?;
        let payload: serde_json::Value =
            serde_json::from_str(&row.try_get::<String, _>("payload")?).unwrap_or_default();
        let rendered = render(
            &state.config,
            &payload,
            row.try_get::<Option<String>, _>("email")?
                .unwrap_or_default(),
            row.try_get::<Option<String>, _>("name")?
                .unwrap_or_default(),
            row.try_get("dedupe_key")?,
        );
        let sent = match (&state.config.smtp_url, topic.as_str()) {
            (Some(url), "email") => crate::mail::by_smtp(&state.config, url, &rendered).await,
            _ => crate::mail::to_mailbox(&state.config, &topic, &rendered).await,
        };
        match sent {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET delivered_at = $1, last_error = NULL WHERE id = $2")
                    .bind(db_time(state.clock.now()))
                    .bind(&id)
                    .execute(&state.db.pool)
                    .await?;
                delivered += 1;
            }
            Err(e) => {
                // Back off 1, 2, 4 … minutes, at most an hour.
                let wait = time::Duration::minutes(1 << attempts.clamp(0, 6));
                tracing::warn!(outbox_id = %id, error = %e, "delivery failed; will retry");
                sqlx::query("UPDATE outbox SET last_error = $1, available_at = $2 WHERE id = $3")
                    .bind(e.to_string())
                    .bind(db_time(state.clock.now() + wait))
                    .bind(&id)
                    .execute(&state.db.pool)
                    .await?;
            }
        }
    }
    Ok(delivered)
}

/// The text of a message. Letters go to the postal address in `to`; emails to the customer.
fn render(
    config: &crate::config::Config,
    p: &serde_json::Value,
    email: String,
    name: String,
    dedupe_key: String,
) -> crate::mail::Rendered {
    let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let template = s("template");
    let to = if p["to"].is_string() { s("to") } else { email };
    let (subject, body) = match template.as_str() {
        "address_changed" => (
            "Your address change".to_string(),
            format!(
                "Dear {name},\n\nyour address {} from {} to {}{}.\n\nIf you did not ask for this, report it with the code {} at /api/changes/disputes or call us.\n",
                if p["scheduled"].as_bool() == Some(true) {
                    "will change on"
                } else {
                    "changed on"
                },
                s("effective_on"),
                s("new_address"),
                format_args!(" (previously {})", s("old_address")),
                s("dispute_code"),
            ),
        ),
        "card_activated" => (
            "Your new card is active".to_string(),
            format!(
                "Dear {name},\n\nyour new card {} is active; {} items moved to it.\n",
                s("card"),
                p["moved"]
            ),
        ),
        "replacement_card" => (
            "Your replacement card is on its way".to_string(),
            format!(
                "Dear {name},\n\nyour card was blocked and a replacement ending in {} is on its way to you.\n",
                s("last4")
            ),
        ),
        "reissued_card" => (
            "Your new card".to_string(),
            if p["carried_over"].as_bool() == Some(true) {
                format!(
                    "Dear {name},\n\nwe have issued you a new card ending in {}. It is active, and your {} card payments, alerts, limits and wallet tokens have moved to it; your old card no longer works.\n",
                    s("last4"),
                    p["moved"]
                )
            } else {
                format!(
                    "Dear {name},\n\nwe have issued you a new card ending in {}. Activate it online when it arrives; your payments move to it then, and your old card works until you do.\n",
                    s("last4")
                )
            },
        ),
        "holder_invitation" => (
            format!("{} invites you to take over an account", s("inviter_name")),
            format!(
                "Hello {},\n\n{} would like to pass the account {} on to you. To accept, open this link by {} and sign in, or register if you have no account with us:\n\n{}\n\nThe account becomes yours once you have accepted and our staff have approved the transfer. If you do not know {}, ignore this email.\n",
                s("invitee_name"),
                s("inviter_name"),
                s("account"),
                s("expires_at").get(..10).unwrap_or_default(),
                // Derived here, when sending: the token itself is never stored.
                crate::invitations::link(config, &s("invitation_id")),
                s("inviter_name"),
            ),
        ),
        other => (
            format!("Message from carryover ({other})"),
            format!("Dear {name},\n\n{p}\n"),
        ),
    };
    crate::mail::Rendered {
        to,
        subject,
        body,
        message_id: format!("{}@carryover", dedupe_key.replace(':', ".")),
    }
}
