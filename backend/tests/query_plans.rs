//! The queries that run on every overview, on every worker tick, on every metrics scrape and in
//! the daily purge use an index, on both databases: EXPLAIN says so. PostgreSQL's planner prefers a scan over the tiny
//! demo tables, so sequential scans are switched off for the check: a plan that still scans
//! has no index it could use.

mod common;

use common::TestApp;
use sqlx::Row;

/// (query, the index its plan must use). The queries are the ones in the code, with their
/// parameters.
const QUERIES: [(&str, &str); 15] = [
    (
        "SELECT id FROM cases WHERE customer_id = $1",
        "cases_customer",
    ),
    ("SELECT id FROM cases WHERE change_id = $1", "cases_change"),
    (
        "SELECT id, text FROM notes WHERE customer_id = $1 ORDER BY created_at",
        "notes_customer",
    ),
    (
        "SELECT id FROM change_documents WHERE change_id = $1",
        "change_documents_change",
    ),
    (
        "SELECT id FROM contracts WHERE account_id = $1",
        "contracts_account",
    ),
    (
        "SELECT id, customer_id, text FROM promises WHERE kept_at IS NULL AND flagged_at IS NULL AND due_by < $1",
        "promises_open_due",
    ),
    (
        "DELETE FROM sessions WHERE idle_expires_at < $1",
        "sessions_idle_expiry",
    ),
    (
        "DELETE FROM sessions WHERE absolute_expires_at < $1",
        "sessions_absolute_expiry",
    ),
    (
        "DELETE FROM idempotency_keys WHERE expires_at < $1",
        "idempotency_keys_expiry",
    ),
    (
        "DELETE FROM login_failures WHERE at < $1",
        "login_failures_at",
    ),
    (
        "UPDATE change_disputes SET used_at = $1 WHERE change_id = $1 AND used_at IS NULL",
        "change_disputes_change",
    ),
    // `/metrics` on every scrape, the worker on every tick.
    (
        "SELECT COUNT(*) FROM sessions WHERE idle_expires_at > $1",
        "sessions_idle_expiry",
    ),
    (
        "SELECT id FROM impersonations WHERE ended_at IS NULL AND expires_at <= $1",
        "impersonations_running",
    ),
    (
        "SELECT staff_id, query FROM staff_searches WHERE staff_id = $1 ORDER BY at",
        "staff_searches_staff",
    ),
    (
        "SELECT customer_id, card_ids FROM reissue_items WHERE run_id = $1 \
         AND status = 'pending' AND customer_id > $1 ORDER BY customer_id LIMIT 50",
        "reissue_items_pending",
    ),
];

dual_test!(
    postgres_connections_start_without_jit,
    |app: TestApp| async move {
        if app.backend == common::Backend::Postgres {
            // A fresh connection and one from the pool's start alike.
            for _ in 0..2 {
                let mut conn = app.state.db.pool.acquire().await.unwrap();
                let jit: String = sqlx::query("SHOW jit")
                    .fetch_one(&mut *conn)
                    .await
                    .unwrap()
                    .get(0);
                assert_eq!(jit, "off");
            }
        }
    }
);

dual_test!(
    the_hot_queries_use_their_indexes,
    |app: TestApp| async move {
        let mut conn = app.state.db.pool.acquire().await.unwrap();
        let postgres = app.backend == common::Backend::Postgres;
        if postgres {
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        for (sql, index) in QUERIES {
            let explain = if postgres {
                format!("EXPLAIN {sql}")
            } else {
                format!("EXPLAIN QUERY PLAN {sql}")
            };
            let rows = sqlx::query(sqlx::AssertSqlSafe(explain))
                .bind("2026-11-20T09:00:00.000000Z")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            // PostgreSQL: one text column; SQLite: (id, parent, notused, detail).
            let plan: Vec<String> = rows
                .iter()
                .map(|r| {
                    r.try_get::<String, _>(if postgres { 0 } else { 3 })
                        .unwrap()
                })
                .collect();
            let plan = plan.join("\n");
            assert!(
                plan.contains(index),
                "{sql} should use {index}, plan:\n{plan}"
            );
        }
        if postgres {
            sqlx::query("RESET enable_seqscan")
                .execute(&mut *conn)
                .await
                .unwrap();
        }
    }
);
