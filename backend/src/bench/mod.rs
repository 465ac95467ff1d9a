//! `carryover bench …`: figures measured on the configured database, printed as tables.

mod commit;
mod holder;
mod http;
mod reissue;
mod search;
pub mod statements;

pub use commit::commit;
pub use holder::holder;
pub use http::http;
pub use reissue::reissue;
pub use search::search;

use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

/// The value at quantile `p` of sorted samples (nearest rank).
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The three ways a change is committed in the commit benches, in the order they are measured.
const MODES: [&str; 3] = ["over HTTP", "in process", "bare SQL"];

/// The table of a commit bench: per size, median / p99 per mode and the ratios to bare SQL.
struct Table;

impl Table {
    fn header(what: &str, backend: crate::db::Backend) {
        println!("{what} on {backend:?}: median / p99 in ms, ratio of medians to bare SQL");
        println!(
            "{:>10} {:>6} {:>19} {:>19} {:>19} {:>8} {:>8}",
            "dependents", "rounds", MODES[0], MODES[1], MODES[2], "HTTP ×", "engine ×"
        );
    }

    fn row(size: usize, samples: &mut [Vec<Duration>; 3]) {
        for v in samples.iter_mut() {
            v.sort();
        }
        let median = |m: usize| percentile(&samples[m], 0.5);
        let cell = |m: usize| {
            format!(
                "{:.2} / {:.2}",
                ms(median(m)),
                ms(percentile(&samples[m], 0.99))
            )
        };
        let ratio = |m: usize| ms(median(m)) / ms(median(2)).max(1e-9);
        println!(
            "{size:>10} {:>6} {:>19} {:>19} {:>19} {:>7.1}× {:>7.1}×",
            samples[0].len(),
            cell(0),
            cell(1),
            cell(2),
            ratio(0),
            ratio(1)
        );
    }
}

/// A signed-in client of the whole router (session cookie, CSRF token, middleware), everything
/// but the socket.
struct Client {
    router: axum::Router,
    cookie: String,
    csrf: String,
}

impl Client {
    async fn signed_in(
        state: &crate::AppState,
        kind: shared::api::PrincipalKind,
        id: &str,
    ) -> anyhow::Result<Client> {
        let (token, s) = crate::auth::session::create(state, kind, id).await?;
        Ok(Client {
            router: crate::http::router(state.clone()),
            cookie: format!("{}={token}", crate::auth::session::COOKIE),
            csrf: s.csrf_token,
        })
    }

    /// The answer's status and body, read whole but not parsed: parsing it is the client's
    /// work, not the server's (see [`json`]).
    async fn call(&self, req: Request<Body>) -> anyhow::Result<(StatusCode, axum::body::Bytes)> {
        let mut req = req;
        req.extensions_mut()
            .insert(ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 9))));
        let res = self.router.clone().oneshot(req).await?;
        let status = res.status();
        Ok((
            status,
            axum::body::to_bytes(res.into_body(), usize::MAX).await?,
        ))
    }

    fn post(&self, path: &str) -> axum::http::request::Builder {
        Request::post(path)
            .header(header::COOKIE, &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header(header::CONTENT_TYPE, "application/json")
    }
}

/// Inserts rows the bench generated (`values`: one `(…)` per row) in one statement.
async fn insert_generated(
    tx: &mut crate::db::Tx,
    table: &str,
    cols: &str,
    values: &[String],
) -> Result<(), sqlx::Error> {
    // Generated values only, no input: safe to inline.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO {table} ({cols}) VALUES {}",
        values.join(", ")
    )))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap_or_default()
}

/// Between rounds, outside the timings. The bench moves the same rows again and again within
/// seconds, where a customer's dependents move once per card: PostgreSQL gets the vacuum
/// autovacuum would give it (without it every round paid for the dead row versions of all the
/// rounds before: 15 rounds at 1,000 dependents, a median of 123 ms against 31 ms over 3), and
/// SQLite's log is moved into the database file as the background checkpoints do between a real
/// portal's commits. No statistics here: new statistics make both databases plan every
/// statement again, inside the next round's timings.
async fn settle(state: &crate::AppState) -> anyhow::Result<()> {
    let sql = match state.db.backend {
        crate::db::Backend::Sqlite => "PRAGMA wal_checkpoint(TRUNCATE)",
        crate::db::Backend::Postgres => BENCH_TABLES_VACUUM,
    };
    sqlx::query(sql).execute(&state.db.pool).await?;
    Ok(())
}

const BENCH_TABLES_VACUUM: &str = "VACUUM cards, recurring_payments, card_alerts, card_limits, \
     wallet_tokens, standing_orders, mandates, contracts, accounts, account_holders, cases, \
     changes, timeline, outbox, idempotency_keys";

/// After the bench generated its data, outside the timings: the statistics PostgreSQL's
/// autovacuum and the server's hourly refresh on SQLite would take of tables that grew (left
/// as the seed found them, nearly empty, a table is planned as if one card held 900 alerts, and
/// a batch's moves scan it whole), then [`settle`].
async fn settle_statistics(state: &crate::AppState) -> anyhow::Result<()> {
    state.db.refresh_statistics().await?;
    if state.db.backend == crate::db::Backend::Postgres {
        let analyze = BENCH_TABLES_VACUUM.replacen("VACUUM", "ANALYZE", 1);
        sqlx::query(sqlx::AssertSqlSafe(analyze))
            .execute(&state.db.pool)
            .await?;
    }
    settle(state).await
}
