//! Jobs that run once a day across every instance: the arrears check and the purge of what ran
//! out. Each instance's worker
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
pub const PURGE: &str = "purge";

/// Runs today's arrears check unless an instance already has; `Some(notices created)` when this
/// call ran it.
pub async fn run_arrears_check(state: &AppState) -> AppResult<Option<usize>> {
    let Some(mut run) = Run::start(state, ARREARS_CHECK).await? else {
        return Ok(None);
    };
    let created = crate::arrears::check_in(state, &mut run.tx).await?;
    run.finish(state, format!("{created} notices")).await?;
    Ok(Some(created))
}

/// Deletes what ran out and only grows otherwise: sessions past their idle or absolute end,
/// idempotency keys past their 24 hours (or a dead claim's lease), sign-in failures out of the
/// limiter's window, throttle events older than any limit's window. `Some(rows deleted)` when this call ran it.
pub async fn run_purge(state: &AppState) -> AppResult<Option<u64>> {
    let Some(mut run) = Run::start(state, PURGE).await? else {
        return Ok(None);
    };
    let now = state.clock.now();
    let failures_before = db_time(now - crate::auth::rate_limit::WINDOW);
    let throttled_before = db_time(now - crate::throttle::LONGEST_WINDOW);
    let now = db_time(now);
    let mut deleted = 0;
    for (sql, before) in [
        ("DELETE FROM sessions WHERE idle_expires_at < $1", &now),
        ("DELETE FROM sessions WHERE absolute_expires_at < $1", &now),
        ("DELETE FROM idempotency_keys WHERE expires_at < $1", &now),
        ("DELETE FROM login_failures WHERE at < $1", &failures_before),
        (
            "DELETE FROM throttle_events WHERE at < $1",
            &throttled_before,
        ),
    ] {
        deleted += sqlx::query(sql)
            .bind(before)
            .execute(&mut *run.tx)
            .await?
            .rows_affected();
    }
    run.finish(state, format!("{deleted} rows deleted")).await?;
    Ok(Some(deleted))
}

/// Today's run of one job, claimed by this instance: the work joins its transaction.
struct Run {
    tx: Tx,
    job: &'static str,
    day: String,
}

impl Run {
    async fn start(state: &AppState, job: &'static str) -> AppResult<Option<Run>> {
        let day = db_date(state.clock.now().date());
        // Most ticks of a day find the run done: a plain read, no write lock.
        if ran(state, job, &day).await? {
            return Ok(None);
        }
        let mut tx = state.db.begin().await?;
        if !claim(&mut tx, job, &day, &db_time(state.clock.now())).await? {
            return Ok(None);
        }
        Ok(Some(Run { tx, job, day }))
    }

    async fn finish(mut self, state: &AppState, result: String) -> AppResult<()> {
        sqlx::query(
            "UPDATE job_runs SET finished_at = $1, result = $2 WHERE job = $3 AND run_on = $4",
        )
        .bind(db_time(state.clock.now()))
        .bind(&result)
        .bind(self.job)
        .bind(&self.day)
        .execute(&mut *self.tx)
        .await?;
        self.tx.commit().await?;
        tracing::info!(job = self.job, day = %self.day, %result, "daily job ran");
        Ok(())
    }
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
