//! Jobs that run once a day across every instance: the arrears check. Each instance's worker
//! loop asks on every tick; the first to insert today's `(job, run_on)` row into `job_runs` does
//! the work in that same transaction, so the row and the work commit together or not at all.
//! Others find the row: on PostgreSQL a competing insert waits for the first transaction and then
//! does nothing (or takes over if it rolled back); on SQLite `BEGIN IMMEDIATE` already lets one
//! writer at a time in. Days are UTC dates of the one clock.

use crate::AppState;
use crate::clock::{db_date, db_time};
use crate::db::Tx;
use crate::error::AppResult;

pub const ARREARS_CHECK: &str = "arrears_check";

/// Runs today's arrears check unless an instance already has; `Some(notices created)` when this
/// call ran it.
pub async fn run_arrears_check(state: &AppState) -> AppResult<Option<usize>> {
    let now = state.clock.now();
    let today = db_date(now.date());
    // Most ticks of a day find the run done: a plain read, no write lock.
    if ran(state, ARREARS_CHECK, &today).await? {
        return Ok(None);
    }
    let mut tx = state.db.begin().await?;
    if !claim(&mut tx, ARREARS_CHECK, &today, &db_time(now)).await? {
        return Ok(None);
    }
    let created = crate::arrears::check_in(state, &mut tx).await?;
    sqlx::query("UPDATE job_runs SET finished_at = $1, result = $2 WHERE job = $3 AND run_on = $4")
        .bind(db_time(state.clock.now()))
        .bind(format!("{created} notices"))
        .bind(ARREARS_CHECK)
        .bind(&today)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(job = ARREARS_CHECK, %today, created, "daily job ran");
    Ok(Some(created))
}

async fn ran(state: &AppState, job: &str, day: &str) -> AppResult<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM job_runs WHERE job = $1 AND run_on = $2")
            .bind(job)
            .bind(day)
            .fetch_optional(&state.db.pool)
            .await?
            .is_some(),
    )
}

/// Inserts the day's row; false when another instance has it.
async fn claim(tx: &mut Tx, job: &str, day: &str, now: &str) -> AppResult<bool> {
    let inserted = sqlx::query(
        "INSERT INTO job_runs (job, run_on, started_at) VALUES ($1, $2, $3) \
         ON CONFLICT (job, run_on) DO NOTHING",
    )
    .bind(job)
    .bind(day)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}
