//! Acting on a customer's behalf: with a reason, for 30 minutes at most, recorded on the
//! customer's timeline from start to stop; passwords, the login email and full card numbers stay
//! out of reach (see `CustomerAuth::refuse_when_acting`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::json;
use shared::api::{ActingAs, ImpersonationRequest, ImpersonationResponse};
use sqlx::Row;

use super::StaffAuth;
use crate::AppState;
use crate::auth::session::{self, acting};
use crate::clock::db_time;
use crate::db::{Tx, new_id};
use crate::error::{AppError, AppResult, JsonBody};
use crate::timeline::{self, Actor, Entry};

pub const MAX_DURATION: time::Duration = time::Duration::minutes(30);

/// Start acting for a customer (agents and supervisors).
#[utoipa::path(post, path = "/api/staff/impersonation", tag = "staff", request_body = ImpersonationRequest,
    responses(
        (status = 201, body = ImpersonationResponse),
        (status = 403, description = "Not allowed for this role or this account", body = shared::ApiError),
        (status = 404, body = shared::ApiError),
        (status = 422, body = shared::ApiError),
    ))]
pub async fn start(
    State(state): State<AppState>,
    staff: StaffAuth,
    JsonBody(req): JsonBody<ImpersonationRequest>,
) -> AppResult<(StatusCode, Json<ImpersonationResponse>)> {
    if staff.role != "agent" && staff.role != "supervisor" {
        return Err(AppError::Forbidden(
            "Only agents and supervisors can act for a customer.".into(),
        ));
    }
    let reason = shared::domain::text::trimmed(&req.reason).to_string();
    if !(5..=500).contains(&reason.chars().count()) {
        return Err(AppError::invalid(
            "reason",
            "Say why you act for the customer (5 to 500 characters).",
        ));
    }
    let row = sqlx::query(
        "SELECT c.name, c.status, (SELECT COUNT(*) FROM staff s WHERE s.email = c.email) FROM customers c WHERE c.id = $1",
    )
    .bind(&req.customer_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let customer_name: String = row.try_get(0)?;
    if row.try_get::<String, _>(1)? != "active" {
        return Err(AppError::Forbidden(
            "Nobody can act for a deceased or closed customer; work on the case instead.".into(),
        ));
    }
    if row.try_get::<i64, _>(2)? > 0 {
        return Err(AppError::Forbidden(
            "Nobody can act for a staff member's own customer account.".into(),
        ));
    }
    let now = state.clock.now();
    let expires_at = now + MAX_DURATION;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    // One at a time: a new start ends whatever this session was doing, and that customer's
    // timeline says so.
    if let Some(old) = &staff.session.impersonation_id {
        end(&mut tx, old, now, &staff.actor(), Ending::Replaced).await?;
    }
    sqlx::query("INSERT INTO impersonations (id, staff_id, customer_id, reason, started_at, expires_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)")
        .bind(&id)
        .bind(&staff.id)
        .bind(&req.customer_id)
        .bind(&reason)
        .bind(db_time(now))
        .bind(db_time(expires_at))
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE sessions SET impersonation_id = $1 WHERE id_hash = $2")
        .bind(&id)
        .bind(&staff.session.id_hash)
        .execute(&mut *tx)
        .await?;
    let mut actor = staff.actor();
    actor.on_behalf_reason = Some(reason.clone());
    timeline::record(&mut tx, Entry {
        customer_id: &req.customer_id,
        at: now,
        kind: "staff_action",
        actor: &actor,
        summary: format!("{} started acting on your behalf: {reason}", staff.name),
        data: timeline::event(
            json!({"impersonation_id": id, "staff_id": staff.id, "expires_at": db_time(expires_at)}),
            "acting_started",
            json!({"staff": staff.name, "reason": reason}),
        ),
        internal: false,
    })
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(ImpersonationResponse {
            acting_as: ActingAs {
                customer_id: req.customer_id,
                customer_name,
                reason,
                expires_at: db_time(expires_at),
            },
        }),
    ))
}

/// Stop acting; the staff member stays signed in to the console.
#[utoipa::path(delete, path = "/api/staff/impersonation", tag = "staff",
    responses((status = 204, description = "Stopped (also when nothing was running)")))]
pub async fn stop(State(state): State<AppState>, staff: StaffAuth) -> AppResult<StatusCode> {
    let now = state.clock.now();
    if let Some((_, a)) = acting(&state, &staff.session).await? {
        let mut tx = state.db.begin().await?;
        end(
            &mut tx,
            &a.impersonation_id,
            now,
            &staff.actor(),
            Ending::Stopped,
        )
        .await?;
        tx.commit().await?;
    }
    session::set_impersonation(&state, &staff.session, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Why an impersonation ended, as its timeline entry says.
#[derive(Clone, Copy)]
enum Ending {
    Stopped,
    Replaced,
    Expired,
}

/// Ends a running impersonation (one conditional write: a stop racing the expiry, or two stops,
/// end it once) and records that on the customer's timeline, in `tx`. False when it had ended.
async fn end(
    tx: &mut Tx,
    impersonation_id: &str,
    at: time::OffsetDateTime,
    staff: &Actor,
    why: Ending,
) -> AppResult<bool> {
    let row = sqlx::query(
        "UPDATE impersonations SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL \
         RETURNING customer_id, reason",
    )
    .bind(db_time(at))
    .bind(impersonation_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let customer_id: String = row.try_get(0)?;
    let mut actor = staff.clone();
    actor.on_behalf_reason = Some(row.try_get(1)?);
    let name = staff.staff.as_ref().map_or(&staff.name, |(name, _)| name);
    let (summary, event) = match why {
        Ending::Stopped | Ending::Replaced => (
            format!("{name} stopped acting on your behalf"),
            "acting_stopped",
        ),
        Ending::Expired => (
            format!("{name} stopped acting on your behalf: the 30 minutes ran out"),
            "acting_expired",
        ),
    };
    timeline::record(
        tx,
        Entry {
            customer_id: &customer_id,
            at,
            kind: "staff_action",
            actor: &actor,
            summary,
            data: timeline::event(
                json!({"impersonation_id": impersonation_id}),
                event,
                json!({"staff": name}),
            ),
            internal: false,
        },
    )
    .await?;
    Ok(true)
}

/// Ends the impersonations whose 30 minutes ran out, as of when they ran out (the worker calls
/// this every few seconds: one indexed read when there is nothing to do).
pub async fn end_expired(state: &AppState) -> AppResult<usize> {
    let rows = sqlx::query(
        "SELECT i.id, i.expires_at, s.id, s.name FROM impersonations i JOIN staff s ON s.id = i.staff_id \
         WHERE i.ended_at IS NULL AND i.expires_at <= $1",
    )
    .bind(db_time(state.clock.now()))
    .fetch_all(&state.db.pool)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut tx = state.db.begin().await?;
    let mut ended = 0;
    for r in &rows {
        let id: String = r.try_get(0)?;
        let at = crate::clock::parse_db_time(&r.try_get::<String, _>(1)?)
            .unwrap_or_else(|| state.clock.now());
        let staff = super::staff_actor(&r.try_get::<String, _>(2)?, &r.try_get::<String, _>(3)?);
        if end(&mut tx, &id, at, &staff, Ending::Expired).await? {
            ended += 1;
        }
    }
    tx.commit().await?;
    Ok(ended)
}
