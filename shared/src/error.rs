//! The one error shape every 4xx/5xx answer of the API carries.

use serde::{Deserialize, Serialize};

/// Stable machine codes. Clients match on these; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    Unauthenticated,
    Forbidden,
    NotFound,
    ReauthRequired,
    PlanOutdated,
    VersionMismatch,
    IdempotencyKeyReused,
    Conflict,
    RateLimited,
    TooLarge,
    Unavailable,
    Internal,
    /// 410: the invitation link is older than its expiry.
    InvitationExpired,
    /// 410: the invitation was already accepted (a link works once).
    InvitationUsed,
    /// 410: the change the invitation belongs to was withdrawn or decided.
    InvitationWithdrawn,
    /// 403: signed in as someone whose email is not the invitation's.
    InvitationEmailMismatch,
    /// 409: a customer with this email exists; sign in instead of registering.
    AccountExists,
    /// 409: staff cannot approve a transfer before the new holder accepted.
    InvitationNotAccepted,
    /// 409: another request moved the change (or case) on first; `details` has its state now.
    ChangeStateChanged,
    /// 409: the account already has an open holder change; `details.change_id` names it.
    ChangePending,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::ReauthRequired => "reauth_required",
            ErrorCode::PlanOutdated => "plan_outdated",
            ErrorCode::VersionMismatch => "version_mismatch",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::InvitationExpired => "invitation_expired",
            ErrorCode::InvitationUsed => "invitation_used",
            ErrorCode::InvitationWithdrawn => "invitation_withdrawn",
            ErrorCode::InvitationEmailMismatch => "invitation_email_mismatch",
            ErrorCode::AccountExists => "account_exists",
            ErrorCode::InvitationNotAccepted => "invitation_not_accepted",
            ErrorCode::ChangeStateChanged => "change_state_changed",
            ErrorCode::ChangePending => "change_pending",
        }
    }
}

/// `{"code", "message", "field"?, "details"?}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// A sentence a person can act on.
    pub message: String,
    /// The offending input, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            field: None,
            details: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_the_contract_shape() {
        let e =
            ApiError::new(ErrorCode::InvalidInput, "Enter your password.").with_field("password");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "invalid_input", "message": "Enter your password.", "field": "password"})
        );
    }

    #[test]
    fn code_strings_match_serde() {
        for code in [
            ErrorCode::ReauthRequired,
            ErrorCode::IdempotencyKeyReused,
            ErrorCode::RateLimited,
            ErrorCode::InvitationEmailMismatch,
            ErrorCode::InvitationNotAccepted,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }
}
