//! Promises made to a customer: recorded with a deadline, shown to the customer, marked kept,
//! and flagged (to supervisors, and honestly to the customer) when the deadline passes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;
use shared::api::{PromiseRequest, PromiseView};
use sqlx::Row;

use super::StaffAuth;
use crate::AppState;
use crate::clock::{db_time, parse_db_time};
use crate::db::new_id;
use crate::error::{AppError, AppResult, JsonBody};
use crate::timeline::{self, Actor, Entry};

fn parse_due(input: &str) -> Option<time::OffsetDateTime> {
    let s = input.trim();
    if let Some(t) = parse_db_time(s) {
        return Some(t);
    }
    let d = time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(d.with_hms_micro(23, 59, 59, 999_999).ok()?.assume_utc())
}

/// Record what was promised and by when.
#[utoipa::path(post, path = "/api/staff/customers/{id}/promises", tag = "staff", params(("id" = String, Path)),
    request_body = PromiseRequest,
    responses((status = 201, body = PromiseView), (status = 404, body = shared::ApiError), (status = 422, body = shared::ApiError)))]
pub async fn add(
    State(state): State<AppState>,
    staff: StaffAuth,
    Path(customer_id): Path<String>,
    JsonBody(req): JsonBody<PromiseRequest>,
) -> AppResult<(StatusCode, Json<PromiseView>)> {
    let text = shared::domain::text::trimmed(&req.text).to_string();
    if text.is_empty() || text.chars().count() > 1000 {
        return Err(AppError::invalid(
            "text",
            "Say what was promised (at most 1000 characters).",
        ));
    }
    let now = state.clock.now();
    let due = parse_due(&req.due_by).ok_or_else(|| {
        AppError::invalid(
            "due_by",
            "Give the deadline as YYYY-MM-DD or an RFC 3339 time.",
        )
    })?;
    if due <= now {
        return Err(AppError::invalid(
            "due_by",
            "A promise's deadline lies in the future.",
        ));
    }
    super::customer_name(&state, &customer_id).await?;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    sqlx::query("INSERT INTO promises (id, customer_id, staff_id, text, due_by, kept_at, flagged_at, created_at) VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6)")
        .bind(&id)
        .bind(&customer_id)
        .bind(&staff.id)
        .bind(&text)
        .bind(db_time(due))
        .bind(db_time(now))
        .execute(&mut *tx)
        .await?;
    timeline::record(
        &mut tx,
        Entry {
            customer_id: &customer_id,
            at: now,
            kind: "promise",
            actor: &staff.actor(),
            summary: format!("{} promised: {text} (by {})", staff.name, db_time(due)),
            data: timeline::event(
                json!({"promise_id": id, "due_by": db_time(due), "status": "open"}),
                "promise_made",
                json!({"staff": staff.name, "text": text, "due": db_time(due)}),
            ),
            internal: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(PromiseView {
            id,
            text,
            due_by: db_time(due),
            status: "open".into(),
            staff_name: staff.name,
            created_at: db_time(now),
            kept_at: None,
        }),
    ))
}

/// Mark a promise kept.
#[utoipa::path(post, path = "/api/staff/promises/{id}/kept", tag = "staff", params(("id" = String, Path)),
    responses((status = 200, body = PromiseView), (status = 404, body = shared::ApiError), (status = 409, body = shared::ApiError)))]
pub async fn kept(
    State(state): State<AppState>,
    staff: StaffAuth,
    Path(id): Path<String>,
) -> AppResult<Json<PromiseView>> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = sqlx::query("SELECT customer_id, text, kept_at FROM promises WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.try_get::<Option<String>, _>(2)?.is_some() {
        return Err(AppError::Conflict(
            "This promise is already marked kept.".into(),
        ));
    }
    let customer_id: String = row.try_get(0)?;
    let text: String = row.try_get(1)?;
    sqlx::query("UPDATE promises SET kept_at = $1 WHERE id = $2")
        .bind(db_time(now))
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    timeline::record(
        &mut tx,
        Entry {
            customer_id: &customer_id,
            at: now,
            kind: "promise",
            actor: &staff.actor(),
            summary: format!("Promise kept: {text}"),
            data: timeline::event(
                json!({"promise_id": id, "status": "kept"}),
                "promise_kept",
                json!({"text": text}),
            ),
            internal: false,
        },
    )
    .await?;
    tx.commit().await?;
    let view = for_customer(&state, &customer_id)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(view))
}

/// Flags promises whose deadline passed unkept, once each, on the customer's timeline. Runs
/// every few seconds: most runs find nothing with one indexed read and write nothing.
pub async fn flag_broken(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let rows = sqlx::query("SELECT id, customer_id, text FROM promises WHERE kept_at IS NULL AND flagged_at IS NULL AND due_by < $1")
        .bind(db_time(now))
        .fetch_all(&state.db.pool)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut tx = state.db.begin().await?;
    let mut flagged = 0;
    for r in &rows {
        let id: String = r.try_get(0)?;
        let customer_id: String = r.try_get(1)?;
        let text: String = r.try_get(2)?;
        // Another replica's worker (or the agent marking it kept) may have been first.
        let won = sqlx::query(
            "UPDATE promises SET flagged_at = $1 WHERE id = $2 AND kept_at IS NULL AND flagged_at IS NULL",
        )
        .bind(db_time(now))
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        if won.rows_affected() == 0 {
            continue;
        }
        flagged += 1;
        timeline::record(
            &mut tx,
            Entry {
                customer_id: &customer_id,
                at: now,
                kind: "promise",
                actor: &Actor::system(),
                summary: format!(
                    "We did not keep our promise in time: {text}. A supervisor has been told."
                ),
                data: timeline::event(
                    json!({"promise_id": id, "status": "broken"}),
                    "promise_broken",
                    json!({"text": text}),
                ),
                internal: false,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(flagged)
}

pub async fn for_customer(state: &AppState, customer_id: &str) -> AppResult<Vec<PromiseView>> {
    let now = db_time(state.clock.now());
    let rows = sqlx::query(
        "SELECT p.id, p.text, p.due_by, s.name, p.created_at, p.kept_at FROM promises p JOIN staff s ON s.id = p.staff_id \
         WHERE p.customer_id = $1 ORDER BY p.due_by, p.id",
    )
    .bind(customer_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let due_by: String = r.try_get(2)?;
            let kept_at: Option<String> = r.try_get(5)?;
            let status = match &kept_at {
                Some(_) => "kept",
                None if due_by < now => "broken",
                None => "open",
            };
            Ok(PromiseView {
                id: r.try_get(0)?,
                text: r.try_get(1)?,
                due_by,
                status: status.into(),
                staff_name: r.try_get(3)?,
                created_at: r.try_get(4)?,
                kept_at,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}
