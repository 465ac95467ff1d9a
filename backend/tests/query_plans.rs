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

/// SQLite's plan of a statement, one line per step.
async fn sqlite_plan(app: &TestApp, sql: &str, customer: &str) -> String {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
        .bind(customer)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String, _>(3).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The snapshot reads each kind of item through a join from the customer's cards and accounts.
/// As `card_id IN (SELECT … WHERE customer_id = c.id)`, a list correlated with the customer,
/// SQLite built the list again for every item: a customer with 240 cards and 1,000 items took
/// 37 ms to commit a card activation instead of 8.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_snapshot_builds_no_list_per_item_on_sqlite() {
    let app = common::spawn_app(common::Backend::Sqlite).await;
    let sql = carryover::migration::snapshot::snapshot_sql(carryover::db::Backend::Sqlite);
    let customer: String = sqlx::query("SELECT id FROM customers ORDER BY id LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
        .get(0);
    let plan = sqlite_plan(&app, sql, &customer).await;
    assert!(
        !plan.contains("CORRELATED LIST SUBQUERY"),
        "the snapshot evaluates a list per item:\n{plan}"
    );
    assert!(plan.contains("recurring_payments_card"), "{plan}");
}

/// Statistics taken while the tables were nearly empty (a fresh install, `seed`'s `ANALYZE`)
/// are brought up to date by the refresh the server's worker runs hourly; with the stale ones
/// SQLite scanned every card for every item.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statistics_follow_tables_that_grew_on_sqlite() {
    let app = common::spawn_app(common::Backend::Sqlite).await;
    let pool = &app.state.db.pool;
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    let counted = |app: &TestApp| {
        let pool = app.state.db.pool.clone();
        async move {
            let stat: String = sqlx::query(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = 'cards' AND idx = 'cards_customer'",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
            .get(0);
            stat.split(' ').next().unwrap().parse::<i64>().unwrap()
        }
    };
    let before = counted(&app).await;
    // Fifty times as many cards, as copies of the demo's (new ids and numbers).
    sqlx::query(
        "INSERT INTO cards (id, account_id, customer_id, pan_hash, last4, brand, expiry, status, \
         replaces_card_id, block_reason, delivery_status, version, created_at) \
         SELECT k.id || '-copy-' || n.i, k.account_id, k.customer_id, k.pan_hash || n.i, k.last4, \
                k.brand, k.expiry, 'replaced', NULL, NULL, k.delivery_status, 1, k.created_at \
         FROM cards k, (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 50) \
                        SELECT i FROM s) n",
    )
    .execute(pool)
    .await
    .unwrap();
    let total = app.scalar("SELECT COUNT(*) FROM cards").await;
    assert_eq!(counted(&app).await, before, "nothing analyzed yet");

    app.state.db.refresh_statistics().await.unwrap();
    assert_eq!(counted(&app).await, total);
}
