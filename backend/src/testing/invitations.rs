//! `GET /api/testing/invitations`: the link of a transfer's invitation, for a test that cannot
//! read the server's mail (a staging server's SMTP, or a mailbox folder on another machine).
//!
//! The link is the invitee's credential (whoever holds it registers with the invited email), so
//! it is given out as narrowly as a test allows: only to the customer who sent the invitation,
//! signed in themselves (not staff, not staff acting for them), and only if that customer is one
//! the test-data API made (`Identities::made_unique`). Everyone else learns nothing: 404, as
//! for an invitation that does not exist. And only where the test-data API is mounted at all.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{PrincipalKind, TestInvitation};
use shared::domain::Email;
use sqlx::Row;

use crate::AppState;
use crate::auth::CurrentSession;
use crate::clock::db_time;
use crate::error::{AppError, AppResult, QueryParams};
use crate::invitations;
use crate::seed::seeder::Identities;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvitationQuery {
    /// The new holder's email, as the transfer named it.
    #[param(max_length = 254)]
    pub email: String,
}

/// The newest invitation the signed-in customer sent to `email`, with its link.
#[utoipa::path(get, path = "/api/testing/invitations", tag = "testing", params(InvitationQuery),
    responses(
        (status = 200, description = "The invitation and its link, in any status", body = TestInvitation),
        (status = 404, description = "No invitation from the signed-in customer to that email; or \
            the session is staff's, or the customer was not made by `POST /api/testing/customers`", body = shared::ApiError),
        (status = 422, description = "`email` missing or not an email address", body = shared::ApiError),
    ))]
pub async fn invitation(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    QueryParams(q): QueryParams<InvitationQuery>,
) -> AppResult<Json<TestInvitation>> {
    let email = Email::parse(&q.email).map_err(|e| AppError::invalid("email", e.message))?;
    if session.principal_kind != PrincipalKind::Customer || session.impersonation_id.is_some() {
        return Err(AppError::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    let inviter: String = sqlx::query("SELECT email FROM customers WHERE id = $1")
        .bind(&session.principal_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    if !Identities::made_unique(&inviter) {
        return Err(AppError::NotFound);
    }
    let inv = invitations::newest_sent(&mut conn, &session.principal_id, email.as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    let token = invitations::link_token(&state.config.secret, &inv.id);
    let now = db_time(state.clock.now());
    tracing::info!(invitation_id = %inv.id, "test invitation link read");
    Ok(Json(TestInvitation {
        status: inv.status_at(&now).to_string(),
        path: format!("/invitation/{token}"),
        link: invitations::link(&state.config, &inv.id),
        token,
        id: inv.id,
        change_id: inv.change_id,
        email: inv.email,
        expires_at: inv.expires_at,
    }))
}
