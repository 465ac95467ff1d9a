//! `carryover reissue`: a bank replaces the cards of a whole portfolio (a new card generation, a
//! breach, a BIN migration), and every customer's dependents follow, through the same engine as
//! a customer's own card change.
//!
//! A run selects its customers once ([`selection`]) and keeps them as items. Workers claim
//! pending customers in batches, each batch one transaction with a savepoint per customer: a
//! customer is reissued and its item marked done together, or neither (a failed plan rolls back
//! to its savepoint and marks the item failed). So a run killed at any point resumes with the
//! same id and finishes with no customer done twice and none skipped; failed customers are
//! retried on the next pass.

mod batch;
pub mod customer;
pub mod progress;
pub mod selection;

use serde::Serialize;
use sqlx::Row;

use crate::AppState;
use crate::clock::db_time;
use crate::db::{Backend, new_id};
use customer::{Item, Outcome};
use progress::{Progress, Reporter};
pub use selection::{Criteria, YearMonth};

pub struct Options {
    /// Resume this run, or start a new one under this id (default: a new id).
    pub run_id: Option<String>,
    pub criteria: Criteria,
    /// The ids behind `criteria.accounts_file`.
    pub accounts: Option<Vec<String>>,
    pub carry_over: bool,
    /// Concurrent workers (default: 1 on SQLite, which has one writer; 4 on PostgreSQL).
    pub workers: Option<usize>,
    /// Customers per transaction.
    pub batch: usize,
    /// Progress on stderr.
    pub report: bool,
}

/// Where a run stands after a pass.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub run_id: String,
    pub total: i64,
    pub carried_over: i64,
    pub issued: i64,
    pub skipped: i64,
    pub failed: i64,
    pub pending: i64,
    /// Replacement cards issued and dependents carried over, over the whole run.
    pub cards: i64,
    pub moved: i64,
    /// Customers done in this pass, and how long it took.
    pub done_now: u64,
    pub seconds: f64,
    /// The failed customers: customer number and why.
    pub failures: Vec<(String, String)>,
}

/// Starts or resumes a run and works through it.
pub async fn run(state: &AppState, opts: Options) -> anyhow::Result<Summary> {
    let run_id = opts.run_id.clone().unwrap_or_else(new_id);
    let carry_over = start(state, &run_id, &opts).await?;
    let (total, pending) = counts(state, &run_id).await?;
    let progress = Progress::new(u64::try_from(total)?, u64::try_from(total - pending)?);
    let reporter = opts.report.then(|| Reporter::start(progress.clone()));
    let workers = opts.workers.unwrap_or(match state.db.backend {
        Backend::Sqlite => 1,
        Backend::Postgres => 4,
    });
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..workers.max(1) {
        let (state, run_id, progress) = (state.clone(), run_id.clone(), progress.clone());
        let batch = opts.batch.max(1);
        set.spawn(async move { work(&state, &run_id, carry_over, batch, &progress).await });
    }
    let mut first_error = None;
    while let Some(joined) = set.join_next().await {
        if let Err(e) = joined.map_err(anyhow::Error::from).and_then(|r| r) {
            first_error.get_or_insert(e);
        }
    }
    drop(reporter);
    if let Some(e) = first_error {
        return Err(e.context(format!(
            "the run stopped; start it again with --run-id {run_id} to finish it"
        )));
    }
    let mut summary = summarize(state, &run_id).await?;
    summary.done_now = progress.done();
    summary.seconds = progress.elapsed().as_secs_f64();
    Ok(summary)
}

/// Creates the run, or checks that a resumed run is the one asked for and puts its failed
/// customers back in line. Returns whether the run carries dependents over.
async fn start(state: &AppState, run_id: &str, opts: &Options) -> anyhow::Result<bool> {
    let mut tx = state.db.begin_waiting().await?;
    if let Some(stored) = selection::load(&mut tx, run_id).await? {
        anyhow::ensure!(
            opts.criteria.is_empty() || opts.criteria == stored.criteria,
            "run {run_id} selected {} — resume it with the same selection or none",
            serde_json::to_string(&stored.criteria)?
        );
        anyhow::ensure!(
            !opts.carry_over || stored.carry_over,
            "run {run_id} was started without --carry-over"
        );
        sqlx::query(
            "UPDATE reissue_items SET status = 'pending' WHERE run_id = $1 AND status = 'failed'",
        )
        .bind(run_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE reissue_runs SET finished_at = NULL WHERE id = $1")
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(run_id, total = stored.total, "resuming reissue run");
        return Ok(stored.carry_over);
    }
    anyhow::ensure!(
        !opts.criteria.is_empty(),
        "say which cards to reissue: --expiring-before, --brand and/or --account-ids-from"
    );
    let total = selection::create(
        &mut tx,
        state.db.backend,
        run_id,
        &opts.criteria,
        opts.accounts.as_deref(),
        opts.carry_over,
        state.clock.now(),
    )
    .await;
    match total {
        Ok(total) => {
            tx.commit().await?;
            tracing::info!(run_id, total, "reissue run created");
            Ok(opts.carry_over)
        }
        // Two replicas started the same new run at once: the other one created it.
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            Box::pin(start(state, run_id, opts)).await
        }
        Err(e) => Err(e),
    }
}

fn is_unique_violation(e: &anyhow::Error) -> bool {
    e.downcast_ref::<sqlx::Error>()
        .and_then(|e| e.as_database_error())
        .is_some_and(|d| d.is_unique_violation())
}

/// One worker: batches of customers until none is pending.
async fn work(
    state: &AppState,
    run_id: &str,
    carry_over: bool,
    batch: usize,
    progress: &Progress,
) -> anyhow::Result<()> {
    let mut claims = customer::Claims::default();
    loop {
        let mut tx = state.db.begin_waiting().await?;
        let items = claims
            .next(&mut tx, state.db.backend, run_id, batch)
            .await?;
        if items.is_empty() {
            tx.commit().await?;
            return Ok(());
        }
        // Customers with one selected card go together; if that fails, one by one.
        let (single, several): (Vec<&Item>, Vec<&Item>) =
            items.iter().partition(|i| i.card_ids().count() == 1);
        let (mut done, mut failed) = (0, 0);
        let one_by_one = match together(state, &mut tx, run_id, carry_over, &single).await? {
            Some(n) => {
                done += n as u64;
                several
            }
            None => items.iter().collect(),
        };
        for item in one_by_one {
            if one(state, &mut tx, run_id, carry_over, item).await? {
                done += 1;
            } else {
                failed += 1;
            }
        }
        tx.commit().await?;
        progress.add(done, failed);
    }
}

/// The customers of `items` reissued together ([`batch`]) inside a savepoint; None when that
/// failed and was rolled back, for them to go one by one.
async fn together(
    state: &AppState,
    tx: &mut crate::db::Tx,
    run_id: &str,
    carry_over: bool,
    items: &[&Item],
) -> anyhow::Result<Option<usize>> {
    if items.is_empty() {
        return Ok(Some(0));
    }
    savepoint(tx, "reissue_batch").await?;
    let result = batch::reissue(state, tx, run_id, carry_over, items).await;
    end_savepoint(tx, "reissue_batch", result.is_ok()).await?;
    match result {
        Ok(n) => Ok(Some(n)),
        Err(e) => {
            tracing::info!(customers = items.len(), error = %e, "batch rolled back, one customer at a time");
            Ok(None)
        }
    }
}

/// One customer inside the batch's transaction; false when it failed (and was rolled back to
/// its savepoint and marked failed).
async fn one(
    state: &AppState,
    tx: &mut crate::db::Tx,
    run_id: &str,
    carry_over: bool,
    item: &Item,
) -> anyhow::Result<bool> {
    savepoint(tx, "reissue_customer").await?;
    let attempt = async {
        let outcome = customer::reissue(state, tx, carry_over, item).await?;
        customer::mark_done(
            tx,
            run_id,
            &[(item.customer_id.as_str(), outcome)],
            state.clock.now(),
        )
        .await?;
        Ok::<Outcome, crate::error::AppError>(outcome)
    }
    .await;
    end_savepoint(tx, "reissue_customer", attempt.is_ok()).await?;
    match attempt {
        Ok(_) => Ok(true),
        Err(e) => {
            let why = match &e {
                crate::error::AppError::Internal(inner) => format!("{inner:#}"),
                other => other.to_string(),
            };
            tracing::warn!(customer = %item.customer_id, error = %why, "reissue failed, rolled back");
            customer::mark_failed(tx, run_id, item, &why, state.clock.now()).await?;
            Ok(false)
        }
    }
}

async fn savepoint(tx: &mut crate::db::Tx, name: &'static str) -> sqlx::Result<()> {
    let sql = format!("SAVEPOINT {name}");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// Keeps what was written since the savepoint `name`, or undoes it; either way the savepoint
/// is gone after.
async fn end_savepoint(tx: &mut crate::db::Tx, name: &'static str, keep: bool) -> sqlx::Result<()> {
    if !keep {
        let sql = format!("ROLLBACK TO SAVEPOINT {name}");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut **tx)
            .await?;
    }
    let sql = format!("RELEASE SAVEPOINT {name}");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut **tx)
        .await
        .map(drop)
}

async fn counts(state: &AppState, run_id: &str) -> anyhow::Result<(i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*), COUNT(CASE WHEN status = 'pending' THEN 1 END) \
         FROM reissue_items WHERE run_id = $1",
    )
    .bind(run_id)
    .fetch_one(&state.db.pool)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// Counts per outcome over the whole run, the failed customers, and the run marked finished
/// when nothing is left pending or failed.
///
/// Every process of a run summarizes when its workers find nothing left to claim, which on
/// PostgreSQL can be while another process still holds its last batch (`SKIP LOCKED`). So the
/// run's row is locked first and the counts read after it: summaries happen one after the other,
/// and the last one, after every batch committed, sees them all (an unlocked summary read
/// before another process's last commit could overwrite that process's "finished").
async fn summarize(state: &AppState, run_id: &str) -> anyhow::Result<Summary> {
    let mut tx = state.db.begin_waiting().await?;
    let locked = sqlx::query("UPDATE reissue_runs SET summary = summary WHERE id = $1")
        .bind(run_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    anyhow::ensure!(locked == 1, "reissue run {run_id} does not exist");
    let mut s = Summary {
        run_id: run_id.to_owned(),
        ..Summary::default()
    };
    let rows = sqlx::query(
        "SELECT status, COALESCE(outcome, ''), COUNT(*), CAST(COALESCE(SUM(cards), 0) AS BIGINT), \
         CAST(COALESCE(SUM(moved), 0) AS BIGINT) FROM reissue_items WHERE run_id = $1 \
         GROUP BY status, outcome",
    )
    .bind(run_id)
    .fetch_all(&mut *tx)
    .await?;
    for r in &rows {
        let (status, outcome): (String, String) = (r.try_get(0)?, r.try_get(1)?);
        let n: i64 = r.try_get(2)?;
        s.total += n;
        s.cards += r.try_get::<i64, _>(3)?;
        s.moved += r.try_get::<i64, _>(4)?;
        match (status.as_str(), outcome.as_str()) {
            ("done", "carried_over") => s.carried_over += n,
            ("done", "issued") => s.issued += n,
            ("done", _) => s.skipped += n,
            ("failed", _) => s.failed += n,
            _ => s.pending += n,
        }
    }
    let failed = sqlx::query(
        "SELECT c.number, COALESCE(i.error, '') FROM reissue_items i \
         JOIN customers c ON c.id = i.customer_id \
         WHERE i.run_id = $1 AND i.status = 'failed' ORDER BY c.number",
    )
    .bind(run_id)
    .fetch_all(&mut *tx)
    .await?;
    for r in &failed {
        s.failures.push((r.try_get(0)?, r.try_get(1)?));
    }
    // The first summary that finds the run complete stamps it; later ones keep that time.
    let finished = (s.pending == 0 && s.failed == 0).then(|| db_time(state.clock.now()));
    sqlx::query(
        "UPDATE reissue_runs SET summary = $2, \
         finished_at = CASE WHEN $3 IS NULL THEN NULL ELSE COALESCE(finished_at, $3) END \
         WHERE id = $1",
    )
    .bind(run_id)
    .bind(serde_json::to_string(&s)?)
    .bind(finished)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(s)
}

impl Summary {
    /// The operator's report.
    pub fn print(&self) {
        println!("reissue run {}", self.run_id);
        println!("  customers selected     {:>9}", self.total);
        println!("  carried over           {:>9}", self.carried_over);
        println!("  issued (to activate)   {:>9}", self.issued);
        println!("  skipped (nothing left) {:>9}", self.skipped);
        println!("  failed (rolled back)   {:>9}", self.failed);
        println!("  pending                {:>9}", self.pending);
        println!(
            "  cards issued {}, dependents carried over {}",
            self.cards, self.moved
        );
        if self.seconds > 0.0 {
            println!(
                "  this pass: {} customers in {:.1} s ({:.0}/s)",
                self.done_now,
                self.seconds,
                self.done_now as f64 / self.seconds
            );
        }
        for (number, why) in &self.failures {
            println!("  failed: customer {number}: {why}");
        }
    }
}
