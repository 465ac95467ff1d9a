//! Operations endpoints and the OpenAPI document.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::HealthResponse;
use utoipa::OpenApi;

use super::openapi_responses::StandardResponses;
use crate::AppState;
use crate::error::{AppError, AppResult};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "carryover API",
        description = "Self-service account changes. Errors are always `{code, message, field?, details?}`. \
                       Writes from a browser need a same-origin `Origin` header, other clients send \
                       `X-CSRF-Token` with the token from the login or session answer. No text (body, query \
                       or path) may contain U+0000: 422."
    ),
    paths(
        crate::auth::routes::login,
        crate::auth::routes::logout,
        crate::auth::routes::current_session,
        crate::auth::routes::reauth,
        crate::customer::overview::me,
        crate::customer::timeline::timeline,
        crate::changes::routes::preview,
        crate::changes::routes::commit,
        crate::changes::routes::list,
        crate::changes::routes::read,
        crate::changes::routes::cancel,
        crate::changes::dispute::dispute,
        crate::changes::documents::upload,
        crate::changes::documents::read,
        crate::staff::decision::decide,
        crate::invitations::routes::show,
        crate::invitations::routes::accept,
        crate::cards::block,
        crate::staff::search::search,
        crate::staff::customer::view,
        crate::staff::customer::timeline,
        crate::staff::notes::add,
        crate::staff::promises::add,
        crate::staff::promises::kept,
        crate::staff::cases::list,
        crate::staff::cases::detail,
        crate::staff::metrics::metrics,
        crate::staff::members::list,
        crate::staff::members::add,
        crate::staff::members::deactivate,
        crate::staff::impersonation::start,
        crate::staff::impersonation::stop,
        healthz,
        crate::telemetry::guarded_metrics,
        readyz,
        openapi_json,
    ),
    tags(
        (name = "auth", description = "Sign-in and sessions"),
        (name = "customer", description = "The customer's own data"),
        (name = "changes", description = "Preview and commit changes; every dependent follows atomically"),
        (name = "cards", description = "Cards"),
        (name = "invitations", description = "Public: the person a transfer names accepts by signing in or registering"),
        (name = "staff", description = "The staff console; every read and action is on the customer's timeline"),
        (name = "ops", description = "Operations"),
    ),
    modifiers(&StandardResponses)
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/api/openapi.json", get(openapi_json))
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, body = HealthResponse)))]
pub async fn healthz() -> Json<HealthResponse> {
    Json(HealthResponse {
        status: "ok".into(),
    })
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "ops", responses(
    (status = 200, body = HealthResponse),
    (status = 503, description = "Database unreachable", body = shared::ApiError),
))]
pub async fn readyz(
    State(state): State<AppState>,
) -> AppResult<(StatusCode, Json<HealthResponse>)> {
    state.db.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        AppError::Database(sqlx::Error::PoolTimedOut)
    })?;
    Ok((
        StatusCode::OK,
        Json(HealthResponse {
            status: "ready".into(),
        }),
    ))
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "ops", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi_json(State(state): State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    Json(document(&state.config))
}

/// The document of this server: the test-data API's paths only where they exist.
pub fn document(config: &crate::config::Config) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    if config.test_data_api() {
        doc.merge(crate::testing::TestingDoc::openapi());
        utoipa::Modify::modify(&StandardResponses, &mut doc);
    }
    doc
}
