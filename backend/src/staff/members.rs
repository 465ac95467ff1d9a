//! Admins manage staff accounts: list, add, deactivate (never delete: the timeline names them).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::api::{NewStaffMember, StaffList, StaffMember};
use shared::domain::Email;
use sqlx::Row;

use super::StaffAuth;
use crate::AppState;
use crate::auth::password::hash_password;
use crate::clock::db_time;
use crate::db::new_id;
use crate::error::{AppError, AppResult, JsonBody};

fn require_admin(staff: &StaffAuth) -> AppResult<()> {
    if staff.role == "admin" {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only admins manage staff accounts.".into(),
        ))
    }
}

/// All staff accounts (admins only).
#[utoipa::path(get, path = "/api/staff/members", tag = "staff",
    responses((status = 200, body = StaffList), (status = 403, body = shared::ApiError)))]
pub async fn list(State(state): State<AppState>, staff: StaffAuth) -> AppResult<Json<StaffList>> {
    require_admin(&staff)?;
    let rows = sqlx::query("SELECT id, email, name, role, active FROM staff ORDER BY name, id")
        .fetch_all(&state.db.pool)
        .await?;
    let staff = rows
        .iter()
        .map(|r| {
            Ok(StaffMember {
                id: r.try_get(0)?,
                email: r.try_get(1)?,
                name: r.try_get(2)?,
                role: r.try_get(3)?,
                active: r.try_get::<i64, _>(4)? == 1,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Json(StaffList { staff }))
}

/// Add a staff account (admins only).
#[utoipa::path(post, path = "/api/staff/members", tag = "staff", request_body = NewStaffMember,
    responses((status = 201, body = StaffMember), (status = 403, body = shared::ApiError), (status = 422, body = shared::ApiError)))]
pub async fn add(
    State(state): State<AppState>,
    staff: StaffAuth,
    JsonBody(req): JsonBody<NewStaffMember>,
) -> AppResult<(StatusCode, Json<StaffMember>)> {
    require_admin(&staff)?;
    let email = Email::parse(&req.email).map_err(|e| AppError::invalid("email", e.message))?;
    let name = req.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() < 2 {
        return Err(AppError::invalid("name", "Enter the staff member's name."));
    }
    if !matches!(req.role.as_str(), "agent" | "supervisor" | "admin") {
        return Err(AppError::invalid(
            "role",
            "The role is agent, supervisor or admin.",
        ));
    }
    if req.password.chars().count() < 12 {
        return Err(AppError::invalid(
            "password",
            "A staff password has at least 12 characters.",
        ));
    }
    let taken = sqlx::query(
        "SELECT 1 FROM staff WHERE email = $1 UNION ALL SELECT 1 FROM customers WHERE email = $1",
    )
    .bind(email.as_str())
    .fetch_optional(&state.db.pool)
    .await?;
    if taken.is_some() {
        return Err(AppError::taken(
            "email",
            "This email already signs in to carryover.",
        ));
    }
    let password = req.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(anyhow::Error::from)??;
    let id = new_id();
    sqlx::query("INSERT INTO staff (id, email, name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6)")
        .bind(&id)
        .bind(email.as_str())
        .bind(&name)
        .bind(&req.role)
        .bind(hash)
        .bind(db_time(state.clock.now()))
        .execute(&state.db.pool)
        .await?;
    tracing::info!(staff_id = %id, by = %staff.id, "staff account added");
    Ok((
        StatusCode::CREATED,
        Json(StaffMember {
            id,
            email: email.as_str().into(),
            name,
            role: req.role,
            active: true,
        }),
    ))
}

/// Deactivate a staff account; its sessions end at once (admins only, never themselves).
#[utoipa::path(post, path = "/api/staff/members/{id}/deactivate", tag = "staff", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = shared::ApiError), (status = 404, body = shared::ApiError)))]
pub async fn deactivate(
    State(state): State<AppState>,
    staff: StaffAuth,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    require_admin(&staff)?;
    if id == staff.id {
        return Err(AppError::Forbidden(
            "You cannot deactivate your own account.".into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    let done = sqlx::query("UPDATE staff SET active = 0 WHERE id = $1")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    sqlx::query("DELETE FROM sessions WHERE principal_kind = 'staff' AND principal_id = $1")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(staff_id = %id, by = %staff.id, "staff account deactivated");
    Ok(StatusCode::NO_CONTENT)
}
