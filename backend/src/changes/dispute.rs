//! "This wasn't me": the code printed in every letter and email about an address change opens a
//! case for staff. It needs no sign-in: the person who got the letter may not be the customer.
//!
//! Public, so it is guarded like sign-in: wrong codes count per client (429 with `Retry-After`),
//! a code is looked up with a plain read before anything is written (a flood of wrong codes
//! takes no write lock from the customers' commits), and codes expire after 30 days.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use shared::api::{DisputeRequest, DisputeResponse};
use sqlx::Row;

use crate::AppState;
use crate::auth::rate_limit;
use crate::clock::db_time;
use crate::crypto::keyed_hash;
use crate::db::new_id;
use crate::error::{AppError, AppResult, JsonBody};
use crate::http::client_ip::ClientIp;
use crate::timeline::{self, Actor, Entry};

/// How long staff have to look at a disputed change.
const DUE: time::Duration = time::Duration::hours(24);
/// How long the code in a letter or email stays good.
pub const CODE_VALID: time::Duration = time::Duration::days(30);
const UNKNOWN_CODE: &str = "This code is unknown, expired or was already used. Please call us.";

/// Report a change you did not make, with the code from the letter or email.
#[utoipa::path(post, path = "/api/changes/disputes", tag = "changes", request_body = DisputeRequest,
    responses(
        (status = 202, description = "A case for staff is open", body = DisputeResponse),
        (status = 422, description = "Unknown, expired or used code", body = shared::ApiError),
        (status = 429, description = "Too many wrong codes from this client; see `Retry-After`", body = shared::ApiError),
    ))]
pub async fn dispute(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    JsonBody(req): JsonBody<DisputeRequest>,
) -> AppResult<(StatusCode, Json<DisputeResponse>)> {
    let code: String = req
        .code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    // Wrong codes are counted per client: the account bucket is the client's own for disputes
    // (so nobody can lock everyone else out), the client bucket is shared with sign-in.
    let client = client.to_string();
    let keys = rate_limit::Keys::new(&state, &format!("dispute:{client}"), &client);
    rate_limit::check(&state, &keys).await?;
    let hash = keyed_hash(&state.config.secret, "dispute", &code);
    let now = state.clock.now();
    let found = sqlx::query(
        "SELECT change_id, customer_id FROM change_disputes \
         WHERE code_hash = $1 AND used_at IS NULL AND created_at > $2",
    )
    .bind(&hash)
    .bind(db_time(now - CODE_VALID))
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = found else {
        rate_limit::record_failure(&state, &keys).await?;
        return Err(AppError::invalid("code", UNKNOWN_CODE));
    };
    let change_id: String = row.try_get(0)?;
    let customer_id: String = row.try_get(1)?;
    let mut tx = state.db.begin().await?;
    // One report closes every code of the same change; a second report racing this one finds
    // them closed and writes nothing.
    let closed = sqlx::query(
        "UPDATE change_disputes SET used_at = $1 WHERE change_id = $2 AND used_at IS NULL",
    )
    .bind(db_time(now))
    .bind(&change_id)
    .execute(&mut *tx)
    .await?;
    if closed.rows_affected() == 0 {
        return Err(AppError::invalid("code", UNKNOWN_CODE));
    }
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
