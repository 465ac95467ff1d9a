//! "This wasn't me": the code printed in every letter and email about an address change opens a
//! case for staff. It needs no sign-in: the person who got the letter may not be the customer.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use shared::api::{DisputeRequest, DisputeResponse};
use sqlx::Row;

use crate::AppState;
use crate::clock::db_time;
use crate::crypto::keyed_hash;
use crate::db::new_id;
use crate::error::{AppError, AppResult, JsonBody};
use crate::timeline::{self, Actor, Entry};

/// How long staff have to look at a disputed change.
const DUE: time::Duration = time::Duration::hours(24);

/// Report a change you did not make, with the code from the letter or email.
#[utoipa::path(post, path = "/api/changes/disputes", tag = "changes", request_body = DisputeRequest,
    responses(
        (status = 202, description = "A case for staff is open", body = DisputeResponse),
        (status = 422, description = "Unknown or used code", body = shared::ApiError),
    ))]
pub async fn dispute(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<DisputeRequest>,
) -> AppResult<(StatusCode, Json<DisputeResponse>)> {
    let code: String = req
        .code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    let hash = keyed_hash(&state.config.secret, "dispute", &code);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = sqlx::query("SELECT change_id, customer_id FROM change_disputes WHERE code_hash = $1 AND used_at IS NULL")
        .bind(&hash)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::invalid("code", "This code is unknown or was already used. Please call us."))?;
    let change_id: String = row.try_get(0)?;
    let customer_id: String = row.try_get(1)?;
    // One report closes every code of the same change.
    sqlx::query("UPDATE change_disputes SET used_at = $1 WHERE change_id = $2")
        .bind(db_time(now))
        .bind(&change_id)
        .execute(&mut *tx)
        .await?;
    let case_id = new_id();
    sqlx::query(
        "INSERT INTO cases (id, change_id, customer_id, kind, status, owner_staff_id, due_at, escalated_at, \
         decided_by, decision_reason, created_at, version) VALUES ($1, $2, $3, 'change_disputed', 'open', NULL, $4, NULL, NULL, NULL, $5, 1)",
    )
    .bind(&case_id)
    .bind(&change_id)
    .bind(&customer_id)
    .bind(db_time(now + DUE))
    .bind(db_time(now))
    .execute(&mut *tx)
    .await?;
    let system = Actor {
        kind: "system",
        id: None,
        name: "carryover".into(),
        on_behalf_reason: None,
        staff: None,
    };
    timeline::record(
        &mut tx,
        Entry {
            customer_id: &customer_id,
            at: now,
            kind: "case",
            actor: &system,
            summary:
                "Someone reported that they did not make this address change; staff will check it"
                    .into(),
            data: timeline::event(
                json!({"case_id": case_id, "change_id": change_id, "case_kind": "change_disputed"}),
                "change_disputed",
                json!({}),
            ),
            internal: false,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(DisputeResponse {
            case_id,
            message: "Thank you. Our staff will look at this change within 24 hours and contact the customer.".into(),
        }),
    ))
}
