//! Failed sign-ins are limited per account and per client. The counts live in the database so
//! that every backend replica sees the same numbers.
//!
//! The account is the resolved customer or staff member, whatever spelling of the login named
//! it (`1000 0000 16`, `1-000000016` and the email are one bucket); an unknown login is its
//! normalised form. A password check first reserves its attempt ([`reserve`]): counting and
//! reserving are one write transaction, serialised per account and client, so a burst of
//! parallel attempts gets at most the allowed number of password checks; a success gives the
//! reservation back.

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
    /// `subject`: [`account_subject`] of whom the login names, or the normalised login.
    pub fn new(state: &AppState, subject: &str, client: &str) -> Keys {
        let secret = &state.config.secret;
        Keys {
            login: keyed_hash(secret, "login", subject),
            client: keyed_hash(secret, "client", client),
        }
    }
}

/// The bucket of a resolved principal: `customer:<id>` or `staff:<id>`.
pub fn account_subject(kind: &str, id: &str) -> String {
    format!("{kind}:{id}")
}

/// A reserved password check; a failed check keeps it as the failure.
pub struct Reservation(String);

/// Reserves one password check, or 429 when the account or the client has failed too often.
pub async fn reserve(state: &AppState, keys: &Keys) -> AppResult<Reservation> {
    let mut tx = state.db.begin().await?;
    // SQLite's BEGIN IMMEDIATE already serialises; PostgreSQL needs a lock per bucket (taken in
    // one order, account then client, so two attempts never wait on each other crosswise).
    if state.db.backend == crate::db::Backend::Postgres {
        for key in [&keys.login, &keys.client] {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
    }
    over_limit(state, &mut tx, keys).await?;
    let id = insert_failure(state, &mut tx, keys).await?;
    tx.commit().await?;
    Ok(Reservation(id))
}

/// The password was right: the reservation is no failure, and the account's earlier failures
/// are forgiven (the client's are not).
pub async fn succeeded(state: &AppState, keys: &Keys, r: Reservation) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE id = $1 OR login_key = $2")
        .bind(&r.0)
        .bind(&keys.login)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// 429 when either the account or the client has failed too often within the window.
pub async fn check(state: &AppState, keys: &Keys) -> AppResult<()> {
    let mut conn = state.db.pool.acquire().await?;
    over_limit(state, &mut conn, keys).await
}

async fn over_limit(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    keys: &Keys,
) -> AppResult<()> {
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
        .fetch_one(&mut *conn)
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

/// Records a failure that needed no password check (an unknown invitation token).
pub async fn record_failure(state: &AppState, keys: &Keys) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    insert_failure(state, &mut tx, keys).await?;
    tx.commit().await?;
    Ok(())
}

/// One failure row (its id), and the rows out of the window go: they no longer count.
async fn insert_failure(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    keys: &Keys,
) -> AppResult<String> {
    let now = state.clock.now();
    let id = new_id();
    sqlx::query(
        "INSERT INTO login_failures (id, login_key, client_key, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(&keys.login)
    .bind(&keys.client)
    .bind(db_time(now))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM login_failures WHERE at < $1")
        .bind(db_time(now - WINDOW))
        .execute(&mut *conn)
        .await?;
    Ok(id)
}
