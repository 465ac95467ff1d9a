//! Conditional requests (RFC 9110 §13): `ETag` on reads, `If-Match` on the writes that change a
//! state someone may have looked at first. A request without `If-Match` is unconditional; a
//! stale one is 412 `version_mismatch` and writes nothing.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};

use crate::error::AppError;

/// The `If-Match` header: `None` when absent.
#[derive(Debug, Clone, Default)]
pub struct IfMatch(Option<String>);

impl IfMatch {
    /// Whether the client asked for a condition at all.
    pub fn is_conditional(&self) -> bool {
        self.0.is_some()
    }

    /// Passes when absent, `*`, or one of the listed tags equals `current` (strong comparison:
    /// a weak `W/` tag never matches).
    pub fn check(&self, current: &str) -> Result<(), AppError> {
        let Some(list) = &self.0 else { return Ok(()) };
        let matches = list
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag == current);
        if matches {
            Ok(())
        } else {
            Err(AppError::VersionMismatch {
                etag: current.to_string(),
            })
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get(header::IF_MATCH) {
            None => Ok(IfMatch(None)),
            Some(v) => v
                .to_str()
                .ok()
                // Visible ASCII and spaces only, as the OpenAPI document says (no tabs).
                .filter(|s| {
                    !s.trim().is_empty()
                        && s.len() <= 512
                        && s.bytes().all(|b| (0x20..=0x7e).contains(&b))
                })
                .map(|s| IfMatch(Some(s.to_string())))
                .ok_or_else(|| {
                    AppError::invalid(
                        "If-Match",
                        "If-Match holds the ETag of the last read, for example \"3\".",
                    )
                }),
        }
    }
}

/// The `ETag` header for a response.
pub fn etag(tag: &str) -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::ETAG,
        HeaderValue::from_str(tag).unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_star_and_listed_tags_pass_stale_and_weak_do_not() {
        assert!(IfMatch(None).check("\"3\"").is_ok());
        assert!(IfMatch(Some("*".into())).check("\"3\"").is_ok());
        assert!(IfMatch(Some("\"2\", \"3\"".into())).check("\"3\"").is_ok());
        assert!(matches!(
            IfMatch(Some("\"2\"".into())).check("\"3\""),
            Err(AppError::VersionMismatch { .. })
        ));
        assert!(IfMatch(Some("W/\"3\"".into())).check("\"3\"").is_err());
    }
}
