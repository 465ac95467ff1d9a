//! The one typed client of the carryover HTTP API (shared/API.md).
//!
//! Same origin, so the session cookie travels with every call. Every answer that is not 2xx
//! becomes a [`shared::ApiError`]: the body when it has the contract shape, otherwise one built
//! from the status. A request that never reaches the server is `unavailable`.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::api::{LoginRequest, LoginResponse, MeResponse, SessionResponse};
use shared::{ApiError, ErrorCode};
use web_sys::RequestCredentials;

pub type ApiResult<T> = Result<T, ApiError>;

fn unavailable() -> ApiError {
    ApiError::new(
        ErrorCode::Unavailable,
        "The service cannot be reached. Check your connection and try again.",
    )
}

/// The error for a status whose body was not the contract shape (a proxy page, an empty body).
pub fn error_for_status(status: u16) -> ApiError {
    let (code, message) = match status {
        400 | 422 => (ErrorCode::InvalidInput, "The request was not valid."),
        401 => (ErrorCode::Unauthenticated, "Please sign in."),
        403 => (ErrorCode::Forbidden, "You are not allowed to do this."),
        404 => (ErrorCode::NotFound, "Not found."),
        409 => (ErrorCode::Conflict, "Something changed in the meantime."),
        429 => (
            ErrorCode::RateLimited,
            "Too many attempts. Please wait a moment.",
        ),
        502..=504 => (
            ErrorCode::Unavailable,
            "The service is unavailable. Please try again.",
        ),
        _ => (
            ErrorCode::Internal,
            "Something went wrong. Please try again.",
        ),
    };
    ApiError::new(code, message)
}

/// The error body as the client reads it. `details` is left out on purpose: reading it would need
/// `serde_json::Value`, whose parser (floats, maps) costs more wasm than every other type here.
#[derive(Deserialize)]
struct WireError {
    code: ErrorCode,
    message: String,
    #[serde(default)]
    field: Option<String>,
}

impl From<WireError> for ApiError {
    fn from(e: WireError) -> ApiError {
        ApiError {
            code: e.code,
            message: e.message,
            field: e.field,
            details: None,
        }
    }
}

fn builder(builder: RequestBuilder) -> RequestBuilder {
    builder
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json")
}

async fn send(request: Request) -> ApiResult<Response> {
    let response = request.send().await.map_err(|_| unavailable())?;
    if response.ok() {
        Ok(response)
    } else {
        let status = response.status();
        Err(response
            .json::<WireError>()
            .await
            .map(ApiError::from)
            .unwrap_or_else(|_| error_for_status(status)))
    }
}

async fn get_json<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    let request = builder(Request::get(path))
        .build()
        .map_err(|_| unavailable())?;
    decode(send(request).await?).await
}

async fn post_json<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    let request = builder(Request::post(path))
        .json(body)
        .map_err(|_| unavailable())?;
    decode(send(request).await?).await
}

async fn post_empty(path: &str) -> ApiResult<()> {
    let request = builder(Request::post(path))
        .build()
        .map_err(|_| unavailable())?;
    send(request).await.map(|_| ())
}

async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    response.json::<T>().await.map_err(|_| {
        ApiError::new(
            ErrorCode::Internal,
            "The server sent an answer this app does not understand.",
        )
    })
}

/// `POST /api/auth/login`
pub async fn login(request: LoginRequest) -> ApiResult<LoginResponse> {
    post_json("/api/auth/login", &request).await
}

/// `POST /api/auth/logout`
pub async fn logout() -> ApiResult<()> {
    post_empty("/api/auth/logout").await
}

/// `GET /api/auth/session`
pub async fn session() -> ApiResult<SessionResponse> {
    get_json("/api/auth/session").await
}

/// `GET /api/me`
pub async fn me() -> ApiResult<MeResponse> {
    get_json("/api/me").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_without_a_body_map_to_stable_codes() {
        assert_eq!(error_for_status(401).code, ErrorCode::Unauthenticated);
        assert_eq!(error_for_status(429).code, ErrorCode::RateLimited);
        assert_eq!(error_for_status(503).code, ErrorCode::Unavailable);
        assert_eq!(error_for_status(500).code, ErrorCode::Internal);
    }
}
