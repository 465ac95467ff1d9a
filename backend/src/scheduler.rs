//! Applies scheduled changes when their date comes: exactly once, in one transaction each, also
//! after a restart (the schedule lives in the database) and with several replicas on one
//! PostgreSQL (`FOR UPDATE SKIP LOCKED` lets each replica claim different rows; SQLite has one
//! writer at a time anyway).

use serde_json::json;
use sqlx::Row;

use crate::AppState;
use crate::clock::{db_date, db_time};
use crate::db::Backend;
use crate::error::AppResult;
use crate::migration::address::{AddressRequest, plan_address};
use crate::migration::{Action, address_store, count};
use crate::timeline::{self, Actor, Entry};

/// Applies every change due today or earlier; returns how many this call applied.
pub async fn run_due(state: &AppState) -> AppResult<usize> {
    let mut applied = 0;
    while apply_next(state).await? {
        applied += 1;
    }
    Ok(applied)
}

async fn apply_next(state: &AppState) -> AppResult<bool> {
    let now = state.clock.now();
    let today = db_date(now.date());
    let mut tx = state.db.begin().await?;
    let claim = match state.db.backend {
        Backend::Postgres => {
            "SELECT id, customer_id, request FROM changes WHERE status = 'scheduled' AND effective_on <= $1 \
             ORDER BY effective_on, id LIMIT 1 FOR UPDATE SKIP LOCKED"
        }
        Backend::Sqlite => {
            "SELECT id, customer_id, request FROM changes WHERE status = 'scheduled' AND effective_on <= $1 \
             ORDER BY effective_on, id LIMIT 1"
        }
    };
    let Some(row) = sqlx::query(claim)
        .bind(&today)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(false);
    };
    let change_id: String = row.try_get(0)?;
    let customer_id: String = row.try_get(1)?;
    let request: Option<String> = row.try_get(2)?;
    let req: AddressRequest = request
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .ok_or_else(|| anyhow::anyhow!("scheduled change {change_id} has no readable request"))?;

    // The plan is made again against today's state: what was added since the preview follows too.
    let mut st = address_store::load(&mut tx, &customer_id, &today).await?;
    st.scheduled_change = None;
    let plan = match plan_address(&st, &req) {
        Ok(plan) => plan,
        Err(e) => {
            // Never block the queue: a change that no longer makes sense is closed, visibly.
            let closed = sqlx::query("UPDATE changes SET status = 'cancelled', version = version + 1 WHERE id = $1 AND status = 'scheduled'")
                .bind(&change_id)
                .execute(&mut *tx)
                .await?;
            if closed.rows_affected() != 1 {
                // Cancelled by the customer meanwhile: nothing left to close.
                return Ok(true);
            }
            timeline::record(
                &mut tx,
                Entry {
                    customer_id: &customer_id,
                    at: now,
                    kind: "change",
                    actor: &Actor::system(),
                    summary: format!("Scheduled address change not applied: {e}"),
                    data: timeline::event(
                        json!({"change_id": change_id, "status": "cancelled"}),
                        "scheduled_change_failed",
                        json!({"error": e.to_string()}),
                    ),
                    internal: false,
                },
            )
            .await?;
            tx.commit().await?;
            return Ok(true);
        }
    };
    let marked = sqlx::query(
        "UPDATE changes SET status = 'completed', completed_at = $1, plan = $2, version = version + 1 \
         WHERE id = $3 AND status = 'scheduled'",
    )
    .bind(db_time(now))
    .bind(serde_json::to_string(&plan).map_err(anyhow::Error::from)?)
    .bind(&change_id)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() != 1 {
        // Another instance got there first; nothing to do.
        return Ok(true);
    }
    address_store::apply(state, &mut tx, &st, &req).await?;
    timeline::record(&mut tx, Entry {
        customer_id: &customer_id,
        at: now,
        kind: "change",
        actor: &Actor::system(),
        summary: format!(
            "Scheduled address change applied; {} items now use the new address",
            count(&plan, Action::Move)
        ),
        data: timeline::event(
            json!({"change_id": change_id, "change_kind": "address", "status": "completed", "steps": plan.steps}),
            "scheduled_address_applied",
            json!({"moved": count(&plan, Action::Move)}),
        ),
        internal: false,
    })
    .await?;
    tx.commit().await?;
    tracing::info!(%change_id, "scheduled change applied");
    Ok(true)
}

const STATISTICS_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs the scheduler, the daily jobs and the outbox worker until the process stops.
pub fn spawn_workers(state: AppState, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut statistics_refreshed: Option<std::time::Instant> = None;
        loop {
            tick.tick().await;
            // On start and then hourly, as SQLite advises for long-lived connections.
            if statistics_refreshed.is_none_or(|at| at.elapsed() >= STATISTICS_EVERY) {
                match state.db.refresh_statistics().await {
                    Ok(()) => statistics_refreshed = Some(std::time::Instant::now()),
                    Err(e) => tracing::error!(error = %e, "refreshing planner statistics failed"),
                }
            }
            metrics::counter!("scheduler_runs_total").increment(1);
            if let Err(e) = run_due(&state).await {
                tracing::error!(error = %e, "scheduler run failed");
            }
            if let Err(e) = crate::staff::cases::escalate_overdue(&state).await {
                tracing::error!(error = %e, "case escalation failed");
            }
            if let Err(e) = crate::staff::promises::flag_broken(&state).await {
                tracing::error!(error = %e, "promise check failed");
            }
            if let Err(e) = crate::staff::impersonation::end_expired(&state).await {
                tracing::error!(error = %e, "ending expired impersonations failed");
            }
            // Once a day across all instances; a failed run is retried on the next tick.
            if let Err(e) = crate::daily::run_arrears_check(&state).await {
                tracing::error!(error = %e, "daily arrears check failed");
            }
            if let Err(e) = crate::daily::run_purge(&state).await {
                tracing::error!(error = %e, "daily purge failed");
            }
            if let Err(e) = crate::outbox::deliver_due(&state).await {
                tracing::error!(error = %e, "outbox delivery failed");
            }
        }
    });
}
