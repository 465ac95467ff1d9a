//! Prometheus metrics: HTTP requests by route and status, changes by kind, migration apply time,
//! scheduler runs; queue, session and impersonation gauges are read from the database at scrape
//! time so every replica reports the same truth.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sqlx::Row;

use crate::AppState;
use crate::clock::{db_time, parse_db_time};
use crate::error::AppResult;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide recorder once (tests start many servers in one process).
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let seconds = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
        ];
        PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &seconds)
            .expect("valid buckets")
            .install_recorder()
            .expect("one recorder per process")
    })
}

/// What a log line may say about a request's path: the route template (`/api/invitations/{token}`),
/// never the path itself, which can carry a credential (an invitation token) or an id. Paths no
/// route matched keep their first segment (`/invitation/…`).
pub fn route_template<B>(req: &axum::http::Request<B>) -> String {
    if let Some(p) = req.extensions().get::<MatchedPath>() {
        return p.as_str().to_string();
    }
    let path = req.uri().path();
    let mut segments = path.trim_start_matches('/').splitn(2, '/');
    match (segments.next(), segments.next()) {
        (Some(first), Some(_)) if !first.is_empty() => format!("/{first}/…"),
        _ if path.len() <= 64 => path.to_string(),
        _ => "/…".into(),
    }
}

pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    // The route template, never the concrete path: ids would explode the label set.
    let route = match req.extensions().get::<MatchedPath>() {
        Some(p) => p.as_str().to_string(),
        None if req.uri().path().starts_with("/api") => "unmatched".into(),
        None => "static".into(),
    };
    let method = req.method().to_string();
    let res = next.run(req).await;
    let labels = [
        ("method", method),
        ("route", route),
        ("status", res.status().as_u16().to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels)
        .record(started.elapsed().as_secs_f64());
    res
}

pub fn change_committed(kind: &str, seconds: f64) {
    metrics::counter!("changes_committed_total", "kind" => kind.to_string()).increment(1);
    metrics::histogram!("migration_apply_seconds", "kind" => kind.to_string()).record(seconds);
}

pub fn change_rejected(code: &str) {
    metrics::counter!("changes_rejected_total", "code" => code.to_string()).increment(1);
}

/// `GET /metrics` in the Prometheus text format, on the main listener: only with
/// `Authorization: Bearer <CARRYOVER_METRICS_TOKEN>` (401 otherwise), and not at all without a
/// token configured (404; `CARRYOVER_METRICS_BIND` then serves it on a listener of its own).
#[utoipa::path(get, path = "/metrics", tag = "ops",
    params(("Authorization" = Option<String>, Header, description = "`Bearer <CARRYOVER_METRICS_TOKEN>`")),
    responses(
        (status = 200, description = "Prometheus text format", content_type = "text/plain"),
        (status = 401, description = "Missing or wrong bearer token", body = shared::ApiError),
        (status = 404, description = "No metrics token is configured", body = shared::ApiError),
    ))]
pub async fn guarded_metrics(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let Some(token) = &state.config.metrics_token else {
        return Err(crate::error::AppError::NotFound);
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compared as keyed hashes: no timing tells how much of a guess was right.
    let secret = &state.config.secret;
    let expected = String::from_utf8_lossy(token.expose());
    if crate::crypto::keyed_hash(secret, "metrics", presented)
        != crate::crypto::keyed_hash(secret, "metrics", &expected)
    {
        return Err(crate::error::AppError::Unauthenticated(
            "Send the metrics token as `Authorization: Bearer <token>`.".into(),
        ));
    }
    metrics(State(state)).await
}

/// The Prometheus text itself: what the metrics listener serves as `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> AppResult<Response> {
    let now = state.clock.now();
    let pool = &state.db.pool;
    let row =
        sqlx::query("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE delivered_at IS NULL")
            .fetch_one(pool)
            .await?;
    let queued: i64 = row.try_get(0)?;
    let oldest: Option<String> = row.try_get(1)?;
    let lag = oldest
        .as_deref()
        .and_then(parse_db_time)
        .map(|t| (now - t).as_seconds_f64().max(0.0))
        .unwrap_or(0.0);
    let sessions: i64 = sqlx::query("SELECT COUNT(*) FROM sessions WHERE idle_expires_at > $1")
        .bind(db_time(now))
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    let acting: i64 = sqlx::query(
        "SELECT COUNT(*) FROM impersonations WHERE ended_at IS NULL AND expires_at > $1",
    )
    .bind(db_time(now))
    .fetch_one(pool)
    .await?
    .try_get(0)?;
    metrics::gauge!("outbox_queue_length").set(queued as f64);
    metrics::gauge!("outbox_lag_seconds").set(lag);
    metrics::gauge!("active_sessions").set(sessions as f64);
    metrics::gauge!("active_impersonations").set(acting as f64);
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle().render(),
    )
        .into_response())
}
