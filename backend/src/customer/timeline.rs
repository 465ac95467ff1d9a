//! `GET /api/timeline`: the customer's own record, newest first, without internal notes.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{TimelineEntry, TimelinePage};
use sqlx::Row;

use crate::AppState;
use crate::auth::CustomerAuth;
use crate::error::{AppError, AppResult};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// An `at` (or `next_before`) from an earlier page: only older entries.
    pub before: Option<String>,
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// The customer's timeline, newest first, paged.
#[utoipa::path(get, path = "/api/timeline", tag = "customer", params(PageQuery),
    responses(
        (status = 200, body = TimelinePage),
        (status = 401, body = shared::ApiError),
        (status = 422, description = "`limit` outside 1 to 200", body = shared::ApiError),
    ))]
pub async fn timeline(
    State(state): State<AppState>,
    auth: CustomerAuth,
    crate::error::QueryParams(q): crate::error::QueryParams<PageQuery>,
) -> AppResult<Json<TimelinePage>> {
    page(&state, &auth.customer_id, &q, false).await.map(Json)
}

/// One page of a customer's timeline; staff see internal entries too.
pub async fn page(
    state: &AppState,
    customer_id: &str,
    q: &PageQuery,
    internal: bool,
) -> AppResult<TimelinePage> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::invalid("limit", "limit is between 1 and 200."));
    }
    // The cursor is `at|id` (entries of one transaction share their instant); "~" sorts after
    // every RFC 3339 instant, so no `before` means from the newest.
    let before = q.before.clone().unwrap_or_else(|| "~".into());
    let (before_at, before_id) = before.split_once('|').unwrap_or((&before, ""));
    let rows = sqlx::query(
        "SELECT id, at, kind, actor_name, actor_kind, on_behalf_reason, summary, data FROM timeline \
         WHERE customer_id = $1 AND (at < $2 OR (at = $2 AND id < $5)) AND internal <= $3 \
         ORDER BY at DESC, id DESC LIMIT $4",
    )
    .bind(customer_id)
    .bind(before_at)
    .bind(i64::from(internal))
    .bind(limit + 1)
    .bind(before_id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut entries = rows
        .iter()
        .map(|r| {
            let data: String = r.try_get("data")?;
            Ok(TimelineEntry {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                kind: r.try_get("kind")?,
                actor: r.try_get("actor_name")?,
                actor_kind: r.try_get("actor_kind")?,
                reason: r.try_get("on_behalf_reason")?,
                summary: r.try_get("summary")?,
                data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let next_before = if entries.len() as i64 > limit {
        entries.truncate(limit as usize);
        entries.last().map(|e| format!("{}|{}", e.at, e.id))
    } else {
        None
    };
    Ok(TimelinePage {
        entries,
        next_before,
    })
}
