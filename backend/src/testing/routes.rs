//! The handlers and their OpenAPI description.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{TestCustomer, TestCustomerRequest, TestStaff, TestStaffRequest};

use super::customers::{self, Profile};
use crate::AppState;
use crate::auth::password::hash_password;
use crate::error::{AppError, AppResult, JsonBody};
use crate::seed::demo::PASSWORD;
use crate::seed::seeder::{Identities, Seeder};
use crate::seed::story::MAX_DEPENDENTS;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(customer, staff, super::invitations::invitation),
    tags((name = "testing", description = "Test data on demand, for QA suites: only on a server \
        started with `CARRYOVER_TEST_DATA=1` (never in production mode), else these paths do not \
        exist. Every call makes people no other call made; every login's password is `carryover-demo`. \
        A customer made here reads the link of a transfer's invitation they sent \
        (`GET /api/testing/invitations`) instead of the invitee's mail."))
)]
pub struct TestingDoc;

/// Hashed off the async threads: argon2 takes a while on purpose.
async fn password_hash() -> AppResult<String> {
    Ok(tokio::task::spawn_blocking(|| hash_password(PASSWORD))
        .await
        .map_err(anyhow::Error::from)??)
}

/// A new customer living one of the demo's stories.
#[utoipa::path(post, path = "/api/testing/customers", tag = "testing", request_body = TestCustomerRequest,
    responses(
        (status = 201, description = "Created; card numbers in clear, this once", body = TestCustomer),
        (status = 422, description = "Unknown profile, or too many dependents", body = shared::ApiError),
    ))]
pub async fn customer(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<TestCustomerRequest>,
) -> AppResult<(StatusCode, Json<TestCustomer>)> {
    let profile = Profile::parse(&req.profile).ok_or_else(|| {
        AppError::invalid(
            "profile",
            format!(
                "Unknown profile. Use one of: {}.",
                Profile::NAMES.join(", ")
            ),
        )
    })?;
    let dependents = match req.dependents {
        None => MAX_DEPENDENTS,
        Some(n) if n <= 500 => n as usize,
        Some(_) => return Err(AppError::invalid("dependents", "At most 500 dependents.")),
    };
    let hash = password_hash().await?;
    let made = retry_collisions(|| customers::create(&state, profile, dependents, &hash)).await?;
    tracing::info!(customer_id = %made.customer.customer_id, profile = %req.profile, "test customer made");
    Ok((StatusCode::CREATED, Json(made)))
}

/// A new staff member with a role.
#[utoipa::path(post, path = "/api/testing/staff", tag = "testing", request_body = TestStaffRequest,
    responses(
        (status = 201, body = TestStaff),
        (status = 422, description = "Unknown role", body = shared::ApiError),
    ))]
pub async fn staff(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<TestStaffRequest>,
) -> AppResult<(StatusCode, Json<TestStaff>)> {
    let (name, email) = match req.role.as_str() {
        "agent" => ("Alex Agent", "agent@example.com"),
        "supervisor" => ("Sam Supervisor", "supervisor@example.com"),
        "admin" => ("Ada Admin", "admin@example.com"),
        _ => {
            return Err(AppError::invalid(
                "role",
                "The role is agent, supervisor or admin.",
            ));
        }
    };
    let hash = password_hash().await?;
    let (id, login) = retry_collisions(|| async {
        let tx = state.db.begin().await?;
        let mut s = Seeder::new(
            tx,
            &state.config.secret,
            state.clock.now(),
            hash.clone(),
            Identities::unique(),
        );
        let made = s.staff(email, name, &req.role).await?;
        s.tx.commit().await?;
        Ok(made)
    })
    .await?;
    tracing::info!(staff_id = %id, role = %req.role, "test staff member made");
    Ok((
        StatusCode::CREATED,
        Json(TestStaff {
            id,
            login,
            password: PASSWORD.into(),
            name: name.into(),
            role: req.role,
        }),
    ))
}

/// Numbers drawn at random may meet one already taken (a unique index says so): drawn again.
async fn retry_collisions<T, F, Fut>(attempt: F) -> AppResult<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt().await {
            Err(e) if tries < 3 && is_unique_violation(&e) => continue,
            r => return Ok(r?),
        }
    }
}

fn is_unique_violation(e: &anyhow::Error) -> bool {
    matches!(e.downcast_ref::<sqlx::Error>(), Some(sqlx::Error::Database(d)) if d.is_unique_violation())
}
