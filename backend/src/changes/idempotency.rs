//! Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): the first successful
//! answer is stored with the key, scoped to the caller, for at least 24 hours. A replay gets it
//! back; the same key with another body is 422; the same key while the first request still runs
//! is 409. A failed first attempt releases its key so the client can retry; so does a request
//! that is dropped half way ([`ClaimGuard`]); and a claim whose process died runs out after a
//! short lease ([`crate::config::Config::idempotency_lease`]), after which a retry takes it over.

use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;

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
    /// Which attempt owns the key while it is in flight (set by [`claim`]).
    pub claim_id: String,
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
        .filter(|k| !k.is_empty() && k.bytes().all(|b| (0x20..=0x7e).contains(&b)))
        .ok_or_else(|| {
            AppError::invalid(
                "Idempotency-Key",
                "Send an Idempotency-Key header (a new random value per change, visible ASCII).",
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
        claim_id: String::new(),
    })
}

pub async fn claim(state: &AppState, key: Key) -> AppResult<Claim> {
    let now = state.clock.now();
    let lease = state.config.idempotency_lease();
    let lease_end = db_time(now + time::Duration::try_from(lease).map_err(anyhow::Error::from)?);
    let claim_id = uuid::Uuid::new_v4().simple().to_string();
    let in_flight = || {
        AppError::Conflict("A request with this Idempotency-Key is still being processed.".into())
    };
    let mut tx = state.db.begin().await?;
    let existing = sqlx::query(
        "SELECT request_hash, status_code, response_body, expires_at FROM idempotency_keys \
         WHERE scope = $1 AND idem_key = $2",
    )
    .bind(&key.scope)
    .bind(&key.key)
    .fetch_optional(&mut *tx)
    .await?;
    let written = if let Some(row) = existing {
        let expires_at: String = row.try_get(3)?;
        let hash: String = row.try_get(0)?;
        let status: Option<i64> = row.try_get(1)?;
        if expires_at > db_time(now) {
            if hash != key.request_hash {
                return Err(AppError::IdempotencyKeyReused);
            }
            return match status {
                Some(status) => Ok(Claim::Replay(
                    StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK),
                    row.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
                )),
                None => Err(in_flight()),
            };
        }
        // An answer kept past its 24 hours, or a claim whose lease ran out (its request died with
        // its process): this request takes the key over. Conditional on the row we read, so of
        // two retries racing for it one wins and the other is told the key is in flight.
        sqlx::query(
            "UPDATE idempotency_keys SET request_hash = $1, status_code = NULL, response_body = NULL, \
             created_at = $2, expires_at = $3, claim_id = $4 \
             WHERE scope = $5 AND idem_key = $6 AND expires_at = $7",
        )
        .bind(&key.request_hash)
        .bind(db_time(now))
        .bind(&lease_end)
        .bind(&claim_id)
        .bind(&key.scope)
        .bind(&key.key)
        .bind(&expires_at)
        .execute(&mut *tx)
        .await
        .map(|r| r.rows_affected() == 1)
    } else {
        sqlx::query(
            "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response_body, created_at, expires_at, claim_id) \
             VALUES ($1, $2, $3, NULL, NULL, $4, $5, $6)",
        )
        .bind(&key.scope)
        .bind(&key.key)
        .bind(&key.request_hash)
        .bind(db_time(now))
        .bind(&lease_end)
        .bind(&claim_id)
        .execute(&mut *tx)
        .await
        .map(|_| true)
    };
    match written {
        Ok(true) => {
            tx.commit().await?;
            Ok(Claim::New(Key { claim_id, ..key }))
        }
        Ok(false) => Err(in_flight()),
        // Another request claimed the same key between our read and our insert.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(in_flight()),
        Err(e) => Err(e.into()),
    }
}

/// Stores the answer in the change's own transaction, so the key and the change commit together.
/// Only while this request still owns the claim: when a retry took the key over (this request
/// outlived its lease), storing fails and the whole change rolls back, so one change is made.
pub async fn store(
    tx: &mut Tx,
    key: &Key,
    now: OffsetDateTime,
    status: StatusCode,
    body: &str,
) -> AppResult<()> {
    let stored = sqlx::query(
        "UPDATE idempotency_keys SET status_code = $1, response_body = $2, expires_at = $3 \
         WHERE scope = $4 AND idem_key = $5 AND claim_id = $6 AND status_code IS NULL",
    )
    .bind(i64::from(status.as_u16()))
    .bind(body)
    .bind(db_time(now + KEEP))
    .bind(&key.scope)
    .bind(&key.key)
    .bind(&key.claim_id)
    .execute(&mut **tx)
    .await?;
    if stored.rows_affected() != 1 {
        return Err(AppError::Conflict(
            "A newer request with this Idempotency-Key took over; this one changed nothing.".into(),
        ));
    }
    Ok(())
}

/// Gives the key back after a failed attempt, so the client may retry at once. Only this
/// request's own claim, never an answer or another request's claim.
pub async fn release(state: &AppState, key: &Key) {
    let res = sqlx::query(
        "DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND claim_id = $3 \
         AND status_code IS NULL",
    )
    .bind(&key.scope)
    .bind(&key.key)
    .bind(&key.claim_id)
    .execute(&state.db.pool)
    .await;
    if let Err(e) = res {
        tracing::warn!(error = %e, "could not release an idempotency key; its lease runs out");
    }
}

/// Releases the claim when the request is dropped before it finished: the timeout layer gave up
/// on it, or the client went away. Dropping cannot wait, so the release runs as its own task.
pub struct ClaimGuard {
    state: AppState,
    key: Option<Key>,
}

impl ClaimGuard {
    pub fn new(state: &AppState, key: Key) -> Self {
        ClaimGuard {
            state: state.clone(),
            key: Some(key),
        }
    }

    pub fn key(&self) -> &Key {
        self.key
            .as_ref()
            .expect("a guard holds its key until it is finished")
    }

    /// The request finished: its answer is stored with its change, or (failed) its key released.
    pub async fn finish(mut self, succeeded: bool) {
        if let Some(key) = self.key.take()
            && !succeeded
        {
            release(&self.state, &key).await;
        }
    }
}

impl Drop for ClaimGuard {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            let state = self.state.clone();
            tokio::spawn(async move { release(&state, &key).await });
        }
    }
}
