//! The one error type of the backend, mapped to the API's JSON error shape in one place.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// Several invalid fields at once: the first in `field`, all of them in `details.errors`.
    #[error("{}", .0.message)]
    InvalidDetailed(ApiError),
    #[error("not signed in")]
    Unauthenticated(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("a fresh password check is required")]
    ReauthRequired,
    #[error("rate limited for {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// A limit that is not about failed attempts: 429 with its own message and `Retry-After`.
    #[error("throttled for {retry_after_secs}s: {message}")]
    Throttled {
        retry_after_secs: u64,
        message: String,
    },
    #[error("conflict: {0}")]
    Conflict(String),
    /// The state changed since the preview; `details` carries the fresh plan and token.
    #[error("the plan is outdated")]
    PlanOutdated(serde_json::Value),
    #[error("idempotency key reused with another request")]
    IdempotencyKeyReused,
    /// Lost a race: another request moved the change or case on first.
    #[error("the state changed to {status}")]
    StateChanged { status: String, version: i64 },
    /// `If-Match` named a version that is no longer current.
    #[error("stale If-Match; current is {etag}")]
    VersionMismatch { etag: String },
    /// The account already has an open holder change.
    #[error("holder change {change_id} is still open")]
    ChangePending { change_id: String },
    /// Any other answer with its own status and code (the invitation codes, 410 Gone …).
    #[error("{}", .1.message)]
    Coded(StatusCode, ApiError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// 422 on `field` because the value is already someone else's (an email that signs in):
    /// `details.errors[0].reason` is `taken`, a code the client words in its language.
    pub fn taken(field: &str, message: &str) -> Self {
        let mut e = ApiError::new(ErrorCode::InvalidInput, message).with_field(field);
        e.details = Some(serde_json::json!({
            "errors": [{"field": field, "message": message, "reason": "taken"}]
        }));
        AppError::InvalidDetailed(e)
    }

    pub fn coded(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::Coded(status, ApiError::new(code, message))
    }

    /// The stable machine code this error answers with.
    pub fn code(&self) -> &'static str {
        self.status_and_body().1.code.as_str()
    }

    fn status_and_body(&self) -> (StatusCode, ApiError) {
        use AppError::*;
        match self {
            Invalid { field, message } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiError::new(ErrorCode::InvalidInput, message.clone()).with_field(field.clone()),
            ),
            InvalidDetailed(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.clone()),
            Unauthenticated(msg) => (
                StatusCode::UNAUTHORIZED,
                ApiError::new(ErrorCode::Unauthenticated, msg.clone()),
            ),
            Forbidden(msg) => (
                StatusCode::FORBIDDEN,
                ApiError::new(ErrorCode::Forbidden, msg.clone()),
            ),
            NotFound => (
                StatusCode::NOT_FOUND,
                ApiError::new(ErrorCode::NotFound, "There is nothing at this address."),
            ),
            TooLarge(msg) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ApiError::new(ErrorCode::TooLarge, msg.clone()).with_field("file"),
            ),
            ReauthRequired => (
                StatusCode::FORBIDDEN,
                ApiError::new(
                    ErrorCode::ReauthRequired,
                    "Please confirm your password again to make this change.",
                ),
            ),
            RateLimited { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError::new(
                    ErrorCode::RateLimited,
                    format!(
                        "Too many failed attempts. Please wait {} minute(s) and try again.",
                        retry_after_secs.div_ceil(60)
                    ),
                ),
            ),
            Throttled { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                ApiError::new(ErrorCode::RateLimited, message.clone()),
            ),
            Conflict(msg) => (
                StatusCode::CONFLICT,
                ApiError::new(ErrorCode::Conflict, msg.clone()),
            ),
            PlanOutdated(details) => (StatusCode::CONFLICT, {
                let mut e = ApiError::new(
                    ErrorCode::PlanOutdated,
                    "Something changed since you reviewed this. Please review the updated plan.",
                );
                e.details = Some(details.clone());
                e
            }),
            IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiError::new(
                    ErrorCode::IdempotencyKeyReused,
                    "This Idempotency-Key was already used for a different request.",
                )
                .with_field("Idempotency-Key"),
            ),
            StateChanged { status, version } => (StatusCode::CONFLICT, {
                let mut e = ApiError::new(
                    ErrorCode::ChangeStateChanged,
                    format!(
                        "Someone else was quicker: this is now {status}. Nothing was changed; please reload."
                    ),
                );
                e.details = Some(serde_json::json!({"status": status, "version": version}));
                e
            }),
            VersionMismatch { etag } => (StatusCode::PRECONDITION_FAILED, {
                let mut e = ApiError::new(
                    ErrorCode::VersionMismatch,
                    "This changed since you opened it. Nothing was changed; please reload and check again.",
                )
                .with_field("If-Match");
                e.details = (!etag.is_empty()).then(|| serde_json::json!({"etag": etag}));
                e
            }),
            ChangePending { change_id } => (StatusCode::CONFLICT, {
                let mut e = ApiError::new(
                    ErrorCode::ChangePending,
                    "A change of account holders is already waiting for this account. Withdraw it or wait for its decision first.",
                );
                e.details = Some(serde_json::json!({"change_id": change_id}));
                e
            }),
            Coded(status, e) => (*status, e.clone()),
            Database(e) if is_unavailable(e) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError::new(
                    ErrorCode::Unavailable,
                    "The service is busy right now. Please try again in a moment.",
                ),
            ),
            Database(_) | Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiError::new(
                    ErrorCode::Internal,
                    "Something went wrong on our side. Nothing was changed; please try again.",
                ),
            ),
        }
    }
}

/// The database could not take the request now: a retry later may succeed (503).
fn is_unavailable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
    ) || crate::db::is_sqlite_busy(e)
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        if status.is_server_error() {
            // The detail goes to the log (with the request id), never to the client.
            tracing::error!(error = ?self, "request failed");
        }
        let mut res = (status, Json(body)).into_response();
        if let AppError::RateLimited { retry_after_secs }
        | AppError::Throttled {
            retry_after_secs, ..
        } = self
        {
            res.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs.max(1)),
            );
        }
        res
    }
}

/// Turns a JSON body rejection into our error shape instead of axum's plain text.
pub struct JsonBody<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for JsonBody<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::Bytes::from_request(
            axum::extract::Request::from_parts(parts.clone(), body),
            state,
        )
        .await
        .map_err(|_| AppError::invalid("body", "The body could not be read."))?;
        if has_json_nul(&bytes) {
            return Err(AppError::invalid("body", NO_NUL));
        }
        let req = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(JsonBody(v)),
            Err(rejection) => Err(AppError::invalid(
                "body",
                json_rejection_message(&rejection),
            )),
        }
    }
}

/// Whether a JSON text holds the escape `\u0000` (PostgreSQL text cannot store U+0000; the
/// document says no text may hold it). An escaped backslash before `u0000` is text, not NUL.
fn has_json_nul(json: &[u8]) -> bool {
    // Backslashes are counted only before a match: the runs are disjoint, so this stays linear.
    json.windows(6).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(b"\\u0000")
            && json[..i].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0
    })
}

/// Said when a request carries U+0000, which no text field may hold.
pub const NO_NUL: &str = "Text may not contain the character U+0000.";

/// `Query<T>` that answers a bad query string in the error shape (422 `invalid`, naming the
/// parameter serde names: "missing field `q`" is `field: "q"`), not axum's plain-text 400.
pub struct QueryParams<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for QueryParams<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        if query.to_ascii_lowercase().contains("%00") {
            return Err(AppError::invalid("query", NO_NUL));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(QueryParams(v)),
            Err(rejection) => {
                let text = rejection.body_text();
                let field = text
                    .split_once("field `")
                    .and_then(|(_, rest)| rest.split_once('`'))
                    .map_or("query", |(name, _)| name)
                    .to_string();
                Err(AppError::invalid(
                    field,
                    format!("The query string is not as expected: {text}"),
                ))
            }
        }
    }
}

fn json_rejection_message(r: &axum::extract::rejection::JsonRejection) -> String {
    use axum::extract::rejection::JsonRejection::*;
    match r {
        MissingJsonContentType(_) => {
            "Send the body as JSON (Content-Type: application/json).".into()
        }
        JsonSyntaxError(_) => "The body is not valid JSON.".into(),
        JsonDataError(e) => format!(
            "The body does not have the expected fields: {}",
            e.body_text()
        ),
        _ => "The body could not be read.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_escape_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(has_json_nul(br#"{"a": "x\u0000y"}"#));
        assert!(has_json_nul(br#"{"a": "\\\u0000"}"#));
        assert!(!has_json_nul(br#"{"a": "C:\\u0000"}"#));
        assert!(!has_json_nul(br#"{"a": "\u0041"}"#));
    }

    #[tokio::test]
    async fn internal_errors_hide_their_detail() {
        let res = AppError::Internal(anyhow::anyhow!("secret detail")).into_response();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 10_000).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(!text.contains("secret detail"));
        assert!(text.contains("\"code\":\"internal\""));
    }

    #[tokio::test]
    async fn rate_limit_sets_retry_after() {
        let res = AppError::RateLimited {
            retry_after_secs: 90,
        }
        .into_response();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers()[header::RETRY_AFTER], "90");
    }
}
