//! `/api/auth/*`: sign in, sign out, the current session, the password re-check.

use axum::extract::State;

use crate::http::client_ip::ClientIp;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::cookie::CookieJar;
use shared::api::{LoginRequest, LoginResponse, ReauthRequest, SessionResponse};
use shared::domain::LoginId;

use super::password::verify_password;
use super::principal::{find_by_id, find_by_login};
use super::rate_limit;
use super::session::{self, COOKIE, CurrentSession, kind_str};
use crate::AppState;
use crate::clock::db_time;
use crate::error::{AppError, AppResult, JsonBody};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
        .route("/api/auth/session", get(current_session))
        .route("/api/auth/reauth", post(reauth))
}

const WRONG_LOGIN: &str = "The email address or customer number, or the password, is not right.";

/// Sign in with an email or customer number and a password.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; sets the `carryover_session` cookie", body = LoginResponse),
        (status = 401, description = "Wrong login or password", body = shared::ApiError),
        (status = 422, description = "Missing or malformed input", body = shared::ApiError),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = shared::ApiError),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    jar: CookieJar,
    JsonBody(req): JsonBody<LoginRequest>,
) -> AppResult<impl IntoResponse> {
    let login = LoginId::parse(&req.login).map_err(|e| AppError::invalid("login", e.message))?;
    if req.password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    let found = find_by_login(&state, &login).await?;
    // Every spelling of one account is one bucket; an unknown login its normalised form.
    let subject = match &found {
        Some(c) => rate_limit::account_subject(kind_str(c.principal.kind), &c.principal.id),
        None => login.normalised(),
    };
    let keys = rate_limit::Keys::new(&state, &subject, &client.to_string());
    let attempt = rate_limit::reserve(&state, &keys).await?;
    let ok = verify_password(
        req.password,
        found.as_ref().map(|c| c.password_hash.clone()),
    )
    .await;
    let creds = match found {
        Some(c) if ok && c.login_enabled => c,
        Some(_) if ok => {
            rate_limit::succeeded(&state, &keys, attempt).await?;
            return Err(AppError::Forbidden(
                "This sign-in has been closed. Please contact us if you think this is wrong."
                    .into(),
            ));
        }
        _ => {
            tracing::info!("sign-in failed");
            return Err(AppError::Unauthenticated(WRONG_LOGIN.into()));
        }
    };
    rate_limit::succeeded(&state, &keys, attempt).await?;

    // Rotate: whatever session this browser had before ends here.
    if let Some(old) = jar.get(COOKIE) {
        session::destroy(&state, old.value()).await?;
    }
    let (token, s) = session::create(&state, creds.principal.kind, &creds.principal.id).await?;
    tracing::info!(principal_id = %creds.principal.id, "signed in");
    let jar = session::signed_in(jar, &state, token);
    Ok((
        jar,
        Json(LoginResponse {
            principal: creds.principal,
            csrf_token: s.csrf_token,
        }),
    ))
}

/// Sign out: ends the server-side session and clears the cookie.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    responses((status = 204, description = "Signed out (also when there was no session)")))]
pub async fn logout(State(state): State<AppState>, jar: CookieJar) -> AppResult<impl IntoResponse> {
    if let Some(c) = jar.get(COOKIE) {
        session::destroy(&state, c.value()).await?;
    }
    Ok((session::signed_out(jar, &state), StatusCode::NO_CONTENT))
}

/// The signed-in principal.
#[utoipa::path(get, path = "/api/auth/session", tag = "auth",
    responses(
        (status = 200, body = SessionResponse),
        (status = 401, description = "Not signed in", body = shared::ApiError),
    ))]
pub async fn current_session(
    State(state): State<AppState>,
    CurrentSession(s): CurrentSession,
) -> AppResult<Json<SessionResponse>> {
    let creds = find_by_id(&state, s.principal_kind, &s.principal_id)
        .await?
        .ok_or_else(|| AppError::Unauthenticated("Please sign in.".into()))?;
    let acting_as = super::session::acting(&state, &s)
        .await?
        .map(|(customer_id, a)| shared::api::ActingAs {
            customer_id,
            customer_name: a.customer_name,
            reason: a.reason,
            expires_at: db_time(a.expires_at),
        });
    Ok(Json(SessionResponse {
        principal: creds.principal,
        acting_as,
        idle_expires_at: db_time(s.idle_expires_at),
        csrf_token: s.csrf_token,
    }))
}

/// Confirm the password again; sensitive changes need this within the last 5 minutes.
#[utoipa::path(post, path = "/api/auth/reauth", tag = "auth", request_body = ReauthRequest,
    responses(
        (status = 204, description = "Confirmed"),
        (status = 401, description = "Not signed in", body = shared::ApiError),
        (status = 422, description = "The password is not right", body = shared::ApiError),
        (status = 429, description = "Too many failed attempts", body = shared::ApiError),
    ))]
pub async fn reauth(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    CurrentSession(s): CurrentSession,
    JsonBody(req): JsonBody<ReauthRequest>,
) -> AppResult<StatusCode> {
    let subject = rate_limit::account_subject(kind_str(s.principal_kind), &s.principal_id);
    let keys = rate_limit::Keys::new(&state, &subject, &client.to_string());
    let attempt = rate_limit::reserve(&state, &keys).await?;
    let creds = find_by_id(&state, s.principal_kind, &s.principal_id).await?;
    if !verify_password(req.password, creds.map(|c| c.password_hash)).await {
        return Err(AppError::invalid("password", "That password is not right."));
    }
    rate_limit::succeeded(&state, &keys, attempt).await?;
    session::mark_reauth(&state, &s).await?;
    Ok(StatusCode::NO_CONTENT)
}
