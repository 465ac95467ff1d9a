//! Limits on how often one customer may do something that is not a failure: naming new people
//! in transfer previews, for one. The events live in the database, so every replica counts the
//! same. Only distinct items count: repeating one already seen in the window (a customer
//! re-planning with the same email) is a plain read and always allowed.

use sqlx::Row;

use crate::AppState;
use crate::clock::{db_time, parse_db_time};
use crate::crypto::keyed_hash;
use crate::error::{AppError, AppResult};

pub struct Limit {
    /// Names the bucket (with the customer) and keys the items' hashes.
    pub name: &'static str,
    pub max: i64,
    pub window: time::Duration,
    /// Said with the 429.
    pub message: &'static str,
}

/// The longest window of any limit: older events no longer count (the daily purge drops them).
pub const LONGEST_WINDOW: time::Duration = time::Duration::days(1);

/// Allows `item` for `who` unless `limit.max` other items were allowed within the window
/// (429 `rate_limited` with `Retry-After` until the oldest leaves it). Counting and recording
/// are one write transaction, serialised per bucket, so a parallel burst gets no more.
pub async fn distinct_items(
    state: &AppState,
    limit: &Limit,
    who: &str,
    item: &str,
) -> AppResult<()> {
    let bucket = format!("{}:{who}", limit.name);
    let item_hash = keyed_hash(&state.config.secret, limit.name, item);
    let now = state.clock.now();
    let since = db_time(now - limit.window);
    let seen = sqlx::query(
        "SELECT 1 FROM throttle_events WHERE bucket = $1 AND item_hash = $2 AND at > $3",
    )
    .bind(&bucket)
    .bind(&item_hash)
    .bind(&since)
    .fetch_optional(&state.db.pool)
    .await?;
    if seen.is_some() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    if state.db.backend == crate::db::Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(&bucket)
            .execute(&mut *tx)
            .await?;
    }
    let row = sqlx::query(
        "SELECT COUNT(*), MIN(at) FROM throttle_events WHERE bucket = $1 AND at > $2 AND item_hash <> $3",
    )
    .bind(&bucket)
    .bind(&since)
    .bind(&item_hash)
    .fetch_one(&mut *tx)
    .await?;
    let count: i64 = row.try_get(0)?;
    if count >= limit.max {
        let oldest = row
            .try_get::<Option<String>, _>(1)?
            .as_deref()
            .and_then(parse_db_time)
            .unwrap_or(now);
        return Err(AppError::Throttled {
            retry_after_secs: (oldest + limit.window - now).whole_seconds().max(1) as u64,
            message: limit.message.into(),
        });
    }
    sqlx::query(
        "INSERT INTO throttle_events (bucket, item_hash, at) VALUES ($1, $2, $3) \
         ON CONFLICT (bucket, item_hash) DO UPDATE SET at = excluded.at",
    )
    .bind(&bucket)
    .bind(&item_hash)
    .bind(db_time(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
