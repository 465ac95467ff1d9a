//! The staff console: search, the shared customer view and timeline, notes, promises, cases,
//! and acting on a customer's behalf. Every read of a customer is recorded on their timeline.

pub mod cases;
pub mod customer;
pub mod decision;
pub mod impersonation;
pub mod members;
pub mod metrics;
pub mod notes;
pub mod promises;
pub mod search;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use shared::api::PrincipalKind;
use sqlx::Row;

use crate::AppState;
use crate::auth::{CurrentSession, Session};
use crate::error::AppError;
use crate::timeline::Actor;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/staff/customers", get(search::search))
        .route("/api/staff/customers/{id}", get(customer::view))
        .route(
            "/api/staff/customers/{id}/timeline",
            get(customer::timeline),
        )
        .route("/api/staff/customers/{id}/notes", post(notes::add))
        .route("/api/staff/customers/{id}/promises", post(promises::add))
        .route("/api/staff/promises/{id}/kept", post(promises::kept))
        .route("/api/staff/cases", get(cases::list))
        .route("/api/staff/metrics", get(metrics::metrics))
        .route("/api/staff/members", get(members::list).post(members::add))
        .route(
            "/api/staff/members/{id}/deactivate",
            post(members::deactivate),
        )
        .route("/api/staff/cases/{id}", get(cases::detail))
        .route("/api/staff/cases/{id}/decision", post(decision::decide))
        .route(
            "/api/staff/documents/{id}",
            get(crate::changes::documents::read),
        )
        .route(
            "/api/staff/impersonation",
            post(impersonation::start).delete(impersonation::stop),
        )
}

/// A signed-in staff member.
pub struct StaffAuth {
    pub session: Session,
    pub id: String,
    pub name: String,
    pub role: String,
}

impl StaffAuth {
    pub fn actor(&self) -> Actor {
        staff_actor(&self.id, &self.name)
    }
}

/// A staff member as the author of a timeline entry.
pub fn staff_actor(id: &str, name: &str) -> Actor {
    Actor {
        kind: "staff",
        id: Some(id.to_string()),
        name: format!("{name} (staff)"),
        on_behalf_reason: None,
        staff: Some((name.to_string(), None)),
    }
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let CurrentSession(session) = CurrentSession::from_request_parts(parts, state).await?;
        if session.principal_kind != PrincipalKind::Staff {
            // Customers learn nothing about the staff routes.
            return Err(AppError::NotFound);
        }
        let row = sqlx::query("SELECT name, role FROM staff WHERE id = $1 AND active = 1")
            .bind(&session.principal_id)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or_else(|| AppError::Unauthenticated("Please sign in.".into()))?;
        Ok(StaffAuth {
            id: session.principal_id.clone(),
            name: row.try_get(0)?,
            role: row.try_get(1)?,
            session,
        })
    }
}

/// 404 unless the customer exists (staff may read any customer).
pub async fn customer_name(state: &AppState, customer_id: &str) -> Result<String, AppError> {
    let row = sqlx::query("SELECT name FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(row.try_get(0)?)
}
