//! `/api/invitations/{token}`: public, the token is the credential. Unknown tokens count as
//! failures for the client's rate limit (like wrong passwords), so links cannot be guessed.

use std::net::IpAddr;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};

use crate::http::client_ip::ClientIp;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use serde_json::json;
use shared::ErrorCode;
use shared::api::{
    AcceptInvitationRequest, AcceptInvitationResponse, InvitationView, PrincipalKind,
};
use sqlx::Row;

use super::{Invitation, by_token, mask, mask_iban, register};
use crate::AppState;
use crate::auth::password::hash_password;
use crate::auth::principal::find_by_id;
use crate::auth::rate_limit;
use crate::auth::session::{self, COOKIE};
use crate::changes::holder::clean_name;
use crate::clock::db_time;
use crate::error::{AppError, AppResult, JsonBody};
use crate::timeline::{self, Actor, Entry};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/invitations/{token}", get(show))
        .route("/api/invitations/{token}/accept", post(accept))
}

/// The invitation behind a link, or 404; the rate limit counts unknown tokens.
async fn find(state: &AppState, token: &str, client: &IpAddr) -> AppResult<Invitation> {
    super::check_token_shape(token)?;
    let keys = rate_limit::Keys::new(state, &format!("invitation:{token}"), &client.to_string());
    rate_limit::check(state, &keys).await?;
    let mut conn = state.db.pool.acquire().await?;
    match by_token(&mut conn, &state.config.secret, token).await? {
        Some(inv) => Ok(inv),
        None => {
            rate_limit::record_failure(state, &keys).await?;
            Err(AppError::NotFound)
        }
    }
}

async fn view(state: &AppState, inv: &Invitation, status: &str) -> AppResult<InvitationView> {
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query(
        "SELECT c.name, a.iban FROM customers c, accounts a WHERE c.id = $1 AND a.id = $2",
    )
    .bind(&inv.inviter_customer_id)
    .bind(&inv.account_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(InvitationView {
        inviter_name: row.try_get(0)?,
        invitee_name: inv.name.clone(),
        email_masked: mask(&inv.email),
        account_masked: mask_iban(&row.try_get::<String, _>(1)?),
        expires_at: inv.expires_at.clone(),
        status: status.to_string(),
        account_exists: register::email_taken(&mut conn, &inv.email).await?,
    })
}

/// What an invitation link offers: who invites, to which (masked) account, until when.
#[utoipa::path(get, path = "/api/invitations/{token}", tag = "invitations",
    params(("token" = String, Path, pattern = "^[0-9a-fA-F]{64}$", description = "The token from the link in the invitation email")),
    responses(
        (status = 200, body = InvitationView),
        (status = 404, description = "Unknown link", body = shared::ApiError),
        (status = 410, description = "`invitation_expired`, `invitation_used` or `invitation_withdrawn`", body = shared::ApiError),
        (status = 422, description = "The token is not 64 hex digits (a link cut short)", body = shared::ApiError),
        (status = 429, description = "Too many unknown links from this client", body = shared::ApiError),
    ))]
pub async fn show(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    Path(token): Path<String>,
) -> AppResult<Json<InvitationView>> {
    let inv = find(&state, &token, &client).await?;
    inv.check_open(&db_time(state.clock.now()))?;
    Ok(Json(view(&state, &inv, "pending").await?))
}

/// Accept an invitation: signed in as the customer with the invited email (empty body), or,
/// without an account, register with `name` and `password` (a session starts).
#[utoipa::path(post, path = "/api/invitations/{token}/accept", tag = "invitations",
    params(("token" = String, Path, pattern = "^[0-9a-fA-F]{64}$", description = "The token from the link in the invitation email")),
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Accepted; after registering the `carryover_session` cookie is set", body = AcceptInvitationResponse),
        (status = 403, description = "`invitation_email_mismatch`: signed in with another email; `forbidden` for staff", body = shared::ApiError),
        (status = 404, description = "Unknown link", body = shared::ApiError),
        (status = 409, description = "`account_exists`: sign in first, then accept", body = shared::ApiError),
        (status = 410, description = "`invitation_expired`, `invitation_used` or `invitation_withdrawn`", body = shared::ApiError),
        (status = 422, description = "Name or password missing or too short, or the token cut short (`field` says which)", body = shared::ApiError),
        (status = 429, description = "Too many unknown links from this client", body = shared::ApiError),
    ))]
pub async fn accept(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    jar: CookieJar,
    Path(token): Path<String>,
    JsonBody(req): JsonBody<AcceptInvitationRequest>,
) -> AppResult<impl IntoResponse> {
    let inv = find(&state, &token, &client).await?;
    inv.check_open(&db_time(state.clock.now()))?;
    let signed_in = match jar.get(COOKIE) {
        Some(c) => session::load(&state, c.value()).await?,
        None => None,
    };
    let (customer_id, registered, csrf_token, jar) = match signed_in {
        Some(s) if s.principal_kind == PrincipalKind::Staff => {
            return Err(AppError::Forbidden(
                "Staff cannot accept an invitation; the invited person does, themselves.".into(),
            ));
        }
        Some(s) => {
            let email: String = sqlx::query("SELECT email FROM customers WHERE id = $1")
                .bind(&s.principal_id)
                .fetch_one(&state.db.pool)
                .await?
                .try_get(0)?;
            if email != inv.email {
                return Err(AppError::coded(
                    StatusCode::FORBIDDEN,
                    ErrorCode::InvitationEmailMismatch,
                    format!(
                        "This invitation is for {}, and you are signed in with another email. Sign out, then open the link again.",
                        mask(&inv.email)
                    ),
                ));
            }
            accept_as(&state, &inv, &s.principal_id, false).await?;
            (s.principal_id, false, s.csrf_token, jar)
        }
        None => {
            let mut conn = state.db.pool.acquire().await?;
            if register::email_taken(&mut conn, &inv.email).await? {
                return Err(AppError::coded(
                    StatusCode::CONFLICT,
                    ErrorCode::AccountExists,
                    format!(
                        "You already have an account with {}: sign in, then accept.",
                        mask(&inv.email)
                    ),
                ));
            }
            drop(conn);
            let id = register_and_accept(&state, &inv, req).await?;
            // Like signing in: whatever (ended) session this browser had is replaced.
            if let Some(old) = jar.get(COOKIE) {
                session::destroy(&state, old.value()).await?;
            }
            let (token, s) = session::create(&state, PrincipalKind::Customer, &id).await?;
            let jar = session::signed_in(jar, &state, token);
            (id, true, s.csrf_token, jar)
        }
    };
    let principal = find_by_id(&state, PrincipalKind::Customer, &customer_id)
        .await?
        .ok_or(AppError::NotFound)?
        .principal;
    let invitation = view(&state, &inv, "accepted").await?;
    tracing::info!(invitation_id = %inv.id, registered, "invitation accepted");
    Ok((
        jar,
        Json(AcceptInvitationResponse {
            invitation,
            principal,
            csrf_token,
            registered,
        }),
    ))
}

async fn register_and_accept(
    state: &AppState,
    inv: &Invitation,
    req: AcceptInvitationRequest,
) -> AppResult<String> {
    let name = clean_name(req.name.as_deref())
        .ok_or_else(|| AppError::invalid("name", "Enter your full name."))?;
    let password = req.password.unwrap_or_default();
    register::check_password(&password)?;
    let language = match req.language.as_deref() {
        Some("en") => "en",
        _ => "de",
    };
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(anyhow::Error::from)??;
    let mut tx = state.db.begin().await?;
    // The acceptance is part of what staff decide on (the case's ETag). The change row is locked
    // before the invitation's, the order a cancel or a decision takes too.
    sqlx::query(
        "UPDATE changes SET version = version + 1 WHERE id = $1 AND status = 'pending_review'",
    )
    .bind(&inv.change_id)
    .execute(&mut *tx)
    .await?;
    claim(state, &mut tx, inv).await?;
    let id = register::customer(
        &mut tx,
        register::NewCustomer {
            name: &name,
            email: &inv.email,
            password_hash: hash,
            language,
            at: state.clock.now(),
        },
    )
    .await?;
    finish(state, &mut tx, inv, &id, true).await?;
    tx.commit().await?;
    Ok(id)
}

async fn accept_as(
    state: &AppState,
    inv: &Invitation,
    customer_id: &str,
    registered: bool,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    // The acceptance is part of what staff decide on (the case's ETag). The change row is locked
    // before the invitation's, the order a cancel or a decision takes too.
    sqlx::query(
        "UPDATE changes SET version = version + 1 WHERE id = $1 AND status = 'pending_review'",
    )
    .bind(&inv.change_id)
    .execute(&mut *tx)
    .await?;
    claim(state, &mut tx, inv).await?;
    finish(state, &mut tx, inv, customer_id, registered).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks the invitation used, once: of two acceptances at the same moment one gets 410.
async fn claim(state: &AppState, tx: &mut crate::db::Tx, inv: &Invitation) -> AppResult<()> {
    let now = db_time(state.clock.now());
    let done = sqlx::query(
        "UPDATE invitations SET status = 'accepted', accepted_at = $1, version = version + 1 \
         WHERE id = $2 AND status = 'pending' AND expires_at > $1",
    )
    .bind(&now)
    .bind(&inv.id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let fresh = super::for_change(tx, &inv.change_id)
        .await?
        .ok_or(AppError::NotFound)?;
    fresh.check_open(&now)?;
    Err(anyhow::anyhow!("invitation {} could not be claimed", inv.id).into())
}

/// Who accepted, and both timelines told.
async fn finish(
    state: &AppState,
    tx: &mut crate::db::Tx,
    inv: &Invitation,
    customer_id: &str,
    registered: bool,
) -> AppResult<()> {
    let now = state.clock.now();
    sqlx::query("UPDATE invitations SET accepted_customer_id = $1 WHERE id = $2")
        .bind(customer_id)
        .bind(&inv.id)
        .execute(&mut **tx)
        .await?;
    let actor = Actor::customer(tx, customer_id).await?;
    let inviter = Actor::customer(tx, &inv.inviter_customer_id).await?;
    let data =
        json!({"change_id": inv.change_id, "invitation": "accepted", "registered": registered});
    timeline::record(
        tx,
        Entry {
            customer_id: &inv.inviter_customer_id,
            at: now,
            kind: "case",
            actor: &actor,
            summary: format!(
                "{} accepted the invitation to take over the account; staff now decide",
                actor.name
            ),
            data: timeline::event(
                data.clone(),
                "invitation_accepted",
                json!({"name": actor.name}),
            ),
            internal: false,
        },
    )
    .await?;
    timeline::record(
        tx,
        Entry {
            customer_id,
            at: now,
            kind: "case",
            actor: &actor,
            summary: format!(
                "{}You accepted {}'s invitation to take over an account; it becomes yours once staff approve",
                if registered { "Registered. " } else { "" },
                inviter.name
            ),
            data: timeline::event(
                data,
                if registered {
                    "invitation_accepted_registered_by_you"
                } else {
                    "invitation_accepted_by_you"
                },
                json!({"inviter": inviter.name}),
            ),
            internal: false,
        },
    )
    .await?;
    Ok(())
}
