//! The staff console: search, the customer as staff see it, notes, promises, cases, acting.

use serde::{Deserialize, Serialize};

use super::{ActingAs, MeResponse};

api_type! {
    pub struct SearchHit {
        pub customer_id: String,
        pub number: String,
        pub name: String,
        pub email: String,
        /// What matched, e.g. `customer number`, `IBAN`, `card •••• 5556 and name`, `email`, `phone`, `name`.
        pub matched: Vec<String>,
    }
}

api_type! {
    pub struct SearchResponse {
        pub hits: Vec<SearchHit>,
    }
}

api_type! {
    pub struct NoteView {
        pub id: String,
        pub text: String,
        pub staff_name: String,
        pub created_at: String,
        /// The earlier version this one replaces (which stays visible).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub supersedes_id: Option<String>,
    }
}

api_type! {
    pub struct NoteRequest {
        pub text: String,
        #[serde(default)]
        pub supersedes_id: Option<String>,
    }
}

api_type! {
    pub struct PromiseView {
        pub id: String,
        pub text: String,
        /// RFC 3339 or YYYY-MM-DD as given.
        pub due_by: String,
        /// `open` | `kept` | `broken`
        pub status: String,
        pub staff_name: String,
        pub created_at: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub kept_at: Option<String>,
    }
}

api_type! {
    pub struct PromiseRequest {
        pub text: String,
        /// `YYYY-MM-DD` (end of that day) or an RFC 3339 instant.
        pub due_by: String,
    }
}

api_type! {
    pub struct CaseView {
        pub id: String,
        #[serde(default)]
        pub change_id: Option<String>,
        pub customer_id: String,
        pub customer_name: String,
        pub kind: String,
        /// `open` | `approved` | `rejected` | `withdrawn`
        pub status: String,
        pub due_at: String,
        pub overdue: bool,
        pub created_at: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub decision_reason: Option<String>,
    }
}

api_type! {
    pub struct CaseList {
        pub cases: Vec<CaseView>,
    }
}

api_type! {
    /// Everything the customer sees, plus what staff keep about them.
    pub struct StaffCustomerView {
        #[serde(flatten)]
        pub overview: MeResponse,
        pub cases: Vec<CaseView>,
        pub promises: Vec<PromiseView>,
        pub notes: Vec<NoteView>,
    }
}

api_type! {
    pub struct ImpersonationRequest {
        pub customer_id: String,
        pub reason: String,
    }
}

api_type! {
    pub struct ImpersonationResponse {
        pub acting_as: ActingAs,
    }
}
