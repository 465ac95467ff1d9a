//! Changes: preview a migration plan, commit it, read it back; card blocking.

use serde::{Deserialize, Serialize};

use super::Address;

/// `POST /api/changes/preview`: what the customer wants to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PreviewRequest {
    /// Activate a replacement card by typing its number and expiry (never the CVV).
    CardActivation { card_number: String, expiry: String },
    /// Move the home address, now or from `effective_on` (YYYY-MM-DD).
    Address {
        address: Address,
        #[serde(default)]
        effective_on: Option<String>,
        /// Ids of items that would follow the home address but should stay where they are.
        #[serde(default)]
        keep: Vec<String>,
    },
    /// Change who holds an account.
    Holder {
        account_id: String,
        /// `bereavement` | `transfer` | `name_change`
        reason: String,
        /// Transfer: the email of the person who takes the account over; they are invited there.
        #[serde(default)]
        new_holder_email: Option<String>,
        /// Transfer: the new holder's name, needed when they have no account yet.
        #[serde(default)]
        new_holder_name: Option<String>,
        /// Name change: the new legal name.
        #[serde(default)]
        new_name: Option<String>,
        /// Bereavement: the holder who died (may be left out when there is exactly one other).
        #[serde(default)]
        holder_customer_id: Option<String>,
        /// Items on the leaving holder's cards to cancel instead of carrying over: the
        /// `dependent_id`s of plan steps whose `choices` offer `cancel`.
        #[serde(default)]
        cancel: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepAction {
    Move,
    Keep,
    Notify,
    Cancel,
}

api_type! {
    /// One dependent in a plan, with its before and after.
    pub struct PlanStep {
        pub dependent_kind: String,
        pub dependent_id: String,
        pub label: String,
        pub action: StepAction,
        #[serde(default)]
        pub before: Option<String>,
        #[serde(default)]
        pub after: Option<String>,
        /// Where the customer may choose (an item on a card that closes: carry it over or
        /// cancel it): the actions offered; `action` is the one chosen or the default.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub choices: Vec<StepAction>,
    }
}

api_type! {
    pub struct PlanView {
        pub kind: String,
        #[serde(default)]
        pub effective_on: Option<String>,
        pub steps: Vec<PlanStep>,
    }
}

api_type! {
    pub struct PreviewResponse {
        pub plan: PlanView,
        /// Binds the plan to the state it was computed from; send it to `POST /api/changes`.
        pub preview_token: String,
    }
}

api_type! {
    pub struct CommitRequest {
        pub preview_token: String,
    }
}

api_type! {
    pub struct ChangeView {
        pub id: String,
        pub kind: String,
        /// `completed` | `scheduled` | `pending_review` | `rejected` | `cancelled`
        pub status: String,
        pub steps: Vec<PlanStep>,
        pub created_at: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub completed_at: Option<String>,
        /// `customer` or `staff`
        pub actor_kind: String,
        pub channel: String,
        /// The date a scheduled change takes effect (YYYY-MM-DD).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub effective_on: Option<String>,
        /// Grows with every state transition; `GET` sends it as the `ETag`, `DELETE` takes it
        /// back in `If-Match`.
        #[serde(default)]
        pub version: i64,
    }
}

impl ChangeView {
    /// The entity tag of this change's state, as the server sends it.
    pub fn etag(&self) -> String {
        change_etag(self.version)
    }
}

/// `"<version>"`, the same on both sides of the wire.
pub fn change_etag(version: i64) -> String {
    format!("\"{version}\"")
}

api_type! {
    pub struct ChangeResponse {
        pub change: ChangeView,
    }
}

api_type! {
    pub struct ChangeList {
        pub changes: Vec<ChangeView>,
    }
}

api_type! {
    /// `POST /api/cards/{id}/block`
    pub struct BlockCardRequest {
        /// `lost` | `stolen` | `damaged`
        #[cfg_attr(feature = "openapi", schema(pattern = "^(lost|stolen|damaged)$"))]
        pub reason: String,
    }
}

api_type! {
    pub struct BlockCardResponse {
        pub card: super::CardView,
        /// The replacement, ordered to the current address.
        pub replacement: super::CardView,
        /// Recurring payments now waiting for the replacement.
        pub waiting: usize,
    }
}

api_type! {
    /// `POST /api/changes/disputes`: the code from a letter or email about a change.
    pub struct DisputeRequest {
        /// The code from the letter or email (letters and digits; spaces and dashes are ignored).
        #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 64, pattern = "^[A-Za-z0-9 -]*[A-Za-z0-9][A-Za-z0-9 -]*$"))]
        pub code: String,
    }
}

api_type! {
    pub struct DisputeResponse {
        pub case_id: String,
        pub message: String,
    }
}

api_type! {
    pub struct DocumentView {
        pub id: String,
        pub filename: String,
        /// Detected from the content: `application/pdf`, `image/jpeg` or `image/png`.
        pub content_type: String,
        pub size_bytes: i64,
        pub sha256: String,
        pub created_at: String,
    }
}

api_type! {
    /// `POST /api/staff/cases/{id}/decision`
    pub struct DecisionRequest {
        pub approve: bool,
        /// Required (at least 3 characters besides leading and trailing spaces): the customer reads it.
        #[cfg_attr(feature = "openapi", schema(max_length = 2000, pattern = "\\S[\\s\\S]+\\S"))]
        pub reason: String,
    }
}
