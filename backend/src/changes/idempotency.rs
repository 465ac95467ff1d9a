//! Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): the first successful
//! answer is stored with the key, scoped to the caller, for at least 24 hours. A replay gets it
//! back; the same key with another body is 422; the same key while the first request still runs
//! is 409. A failed first attempt releases its key so the client can retry.

use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::AppState;
use crate::clock::db_time;
use crate::db::Tx;
use crate::error::{AppError, AppResult};

pub const HEADER: &str = "idempotency-key";
pub const KEEP: time::Duration = time::Duration::hours(24);

pub struct Key {
    pub scope: String,
    pub key: String,
    pub request_hash: String,
}

pub enum Claim {
    /// This request owns the key; finish with [`store`] in the change's transaction or [`release`].
    New(Key),
    /// A replay: the stored status and body.
    Replay(StatusCode, String),
}

pub fn from_headers(headers: &HeaderMap, scope: String, body: &[u8]) -> AppResult<Key> {
    let key = headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            AppError::invalid(
                "Idempotency-Key",
                "Send an Idempotency-Key header (a new random value per change).",
            )
        })?;
    if key.len() > 255 {
        return Err(AppError::invalid(
            "Idempotency-Key",
            "An Idempotency-Key has at most 255 characters.",
        ));
    }
    Ok(Key {
        scope,
        key: key.to_string(),
        request_hash: hex::encode(Sha256::digest(body)),
    })
}

pub async fn claim(state: &AppState, key: Key) -> AppResult<Claim> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let existing = sqlx::query(
        "SELECT request_hash, status_code, response_body, expires_at FROM idempotency_keys \
         WHERE scope = $1 AND idem_key = $2",
    )
    .bind(&key.scope)
    .bind(&key.key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = existing {
        let expires_at: String = row.try_get(3)?;
        if expires_at > db_time(now) {
            let hash: String = row.try_get(0)?;
            if hash != key.request_hash {
                return Err(AppError::IdempotencyKeyReused);
            }
            return match row.try_get::<Option<i64>, _>(1)? {
                Some(status) => Ok(Claim::Replay(
                    StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK),
                    row.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
                )),
                None => Err(AppError::Conflict(
                    "A request with this Idempotency-Key is still being processed.".into(),
                )),
            };
        }
        sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2")
            .bind(&key.scope)
            .bind(&key.key)
            .execute(&mut *tx)
            .await?;
    }
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response_body, created_at, expires_at) \
         VALUES ($1, $2, $3, NULL, NULL, $4, $5)",
    )
    .bind(&key.scope)
    .bind(&key.key)
    .bind(&key.request_hash)
    .bind(db_time(now))
    .bind(db_time(now + KEEP))
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {
            tx.commit().await?;
            Ok(Claim::New(key))
        }
        // Another request claimed the same key between our read and our insert.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::Conflict(
            "A request with this Idempotency-Key is still being processed.".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Stores the answer in the change's own transaction, so the key and the change commit together.
pub async fn store(tx: &mut Tx, key: &Key, status: StatusCode, body: &str) -> AppResult<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET status_code = $1, response_body = $2 WHERE scope = $3 AND idem_key = $4",
    )
    .bind(i64::from(status.as_u16()))
    .bind(body)
    .bind(&key.scope)
    .bind(&key.key)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn release(state: &AppState, key: &Key) {
    let res = sqlx::query(
        "DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND status_code IS NULL",
    )
    .bind(&key.scope)
    .bind(&key.key)
    .execute(&state.db.pool)
    .await;
    if let Err(e) = res {
        tracing::warn!(error = %e, "could not release an idempotency key; it expires by itself");
    }
}
