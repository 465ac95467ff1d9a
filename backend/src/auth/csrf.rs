//! Cross-site request forgery guard for writes under `/api`.
//!
//! Browsers send `Origin` with every POST/PUT/PATCH/DELETE; it must name this server. A client
//! that sends no `Origin` (a script, an integration) and carries a session cookie must echo the
//! session's CSRF token in `X-CSRF-Token` instead. The SameSite=Strict cookie is the second wall.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use super::session::{self, COOKIE};
use crate::AppState;
use crate::error::AppError;

pub const CSRF_HEADER: &str = "x-csrf-token";

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    match check(&state, req.headers()).await {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn check(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let refused = || AppError::Forbidden("Requests from other websites are refused.".into());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let origin = origin.to_str().map_err(|_| refused())?;
        return match (origin_authority(origin), host) {
            (Some(a), Some(h)) if a.eq_ignore_ascii_case(h) => Ok(()),
            _ => Err(refused()),
        };
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site != "same-origin"
        && site != "none"
    {
        return Err(refused());
    }
    let jar = CookieJar::from_headers(headers);
    let Some(token) = jar.get(COOKIE) else {
        // No session, nothing to forge (sign-in itself is rate limited).
        return Ok(());
    };
    let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    match session::load(state, token.value()).await? {
        Some(s) if sent == Some(s.csrf_token.as_str()) => Ok(()),
        Some(_) => Err(AppError::Forbidden(
            "Send the request from the carryover site, or include the X-CSRF-Token header.".into(),
        )),
        // An ended session is reported by the handler as 401.
        None => Ok(()),
    }
}

/// `https://host:port` → `host:port`
fn origin_authority(origin: &str) -> Option<&str> {
    let (_, rest) = origin.split_once("://")?;
    Some(rest.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn authority_of_origin() {
        assert_eq!(
            super::origin_authority("http://127.0.0.1:8080"),
            Some("127.0.0.1:8080")
        );
        assert_eq!(super::origin_authority("null"), None);
    }
}
