//! Failed sign-ins are limited per account and per client. The counts live in the database so
//! that every backend replica sees the same numbers.

use sqlx::{AssertSqlSafe, Row};

use crate::AppState;
use crate::clock::{db_time, parse_db_time};
use crate::crypto::keyed_hash;
use crate::db::new_id;
use crate::error::{AppError, AppResult};

pub const WINDOW: time::Duration = time::Duration::minutes(15);
pub const MAX_PER_LOGIN: i64 = 5;
pub const MAX_PER_CLIENT: i64 = 20;

pub struct Keys {
    login: String,
    client: String,
}

impl Keys {
    pub fn new(state: &AppState, login: &str, client: &str) -> Keys {
        let secret = &state.config.secret;
        Keys {
            login: keyed_hash(secret, "login", &login.trim().to_lowercase()),
            client: keyed_hash(secret, "client", client),
        }
    }
}

/// 429 when either the account or the client has failed too often within the window.
pub async fn check(state: &AppState, keys: &Keys) -> AppResult<()> {
    let since = db_time(state.clock.now() - WINDOW);
    for (column, key, max) in [
        ("login_key", &keys.login, MAX_PER_LOGIN),
        ("client_key", &keys.client, MAX_PER_CLIENT),
    ] {
        // `column` is one of the two literals above.
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*), MIN(at) FROM login_failures WHERE {column} = $1 AND at > $2"
        )))
        .bind(key)
        .bind(&since)
        .fetch_one(&state.db.pool)
        .await?;
        let count: i64 = row.try_get(0)?;
        if count >= max {
            let oldest = row
                .try_get::<Option<String>, _>(1)?
                .as_deref()
                .and_then(parse_db_time)
                .unwrap_or_else(|| state.clock.now());
            let retry = (oldest + WINDOW - state.clock.now()).whole_seconds().max(1);
            return Err(AppError::RateLimited {
                retry_after_secs: retry as u64,
            });
        }
    }
    Ok(())
}

pub async fn record_failure(state: &AppState, keys: &Keys) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO login_failures (id, login_key, client_key, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(new_id())
    .bind(&keys.login)
    .bind(&keys.client)
    .bind(db_time(now))
    .execute(&mut *tx)
    .await?;
    // Keep the table small: what is out of the window no longer counts.
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(db_time(now - WINDOW))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failures (not the client's).
pub async fn clear_login(state: &AppState, keys: &Keys) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE login_key = $1")
        .bind(&keys.login)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}
